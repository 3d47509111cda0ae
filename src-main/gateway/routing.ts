/**
 * The routing snapshot: an immutable `model → candidates` map, rebuilt (debounced to a microtask) when
 * the registry changes, so a request costs one Map lookup and never walks the registry.
 */
import type { EndpointRecord, ModelRecord, RegistryChange } from '../registry/endpoints.js';
import type { RouteTarget } from '../balancer/types.js';
import { AppError } from '../util/errors.js';

/** What the routing table reads from the registry. */
export interface RoutingSource {
  all(): readonly EndpointRecord[];
  models(endpointId: string): readonly ModelRecord[];
  onChange(listener: (c: RegistryChange) => void): () => void;
}

/**
 * A name that resolves to (endpoint, upstream model) pairs chosen by configuration (the aliases feature).
 * A target routes only to endpoints that list its model; `endpointId: null` means every such endpoint.
 * `shadow` lets the alias replace a real model of the same name (otherwise the real model wins).
 */
export interface AliasDefinition {
  readonly name: string;
  readonly targets: readonly { readonly endpointId: string | null; readonly model: string }[];
  readonly shadow?: boolean;
}

/** Everything known about one requestable model name. */
export interface ModelEntry {
  readonly name: string;
  /** Online candidates, in registration order. Empty when the model is known but nothing serving it is up. */
  readonly targets: readonly RouteTarget[];
  /** Every endpoint that serves it, whatever its status. */
  readonly endpoints: readonly EndpointRecord[];
  /** Epoch seconds: registration of the oldest endpoint serving it (OpenAI's `created`). */
  readonly created: number;
  readonly isAlias: boolean;
}

/**
 * Seconds clients are told to wait when a known model has no online endpoint: the next health check
 * can bring one back, so the shortest check interval, capped at 10 s because the openai SDK sleeps
 * that long before each of its two retries.
 */
function retryAfterOf(endpoints: readonly EndpointRecord[]): number {
  const interval = Math.min(...endpoints.map((e) => e.health_check_interval_secs));
  return Math.max(1, Math.min(10, Number.isFinite(interval) ? interval : 10));
}

/** An immutable routing snapshot. */
export class RoutingSnapshot {
  readonly #entries: ReadonlyMap<string, ModelEntry>;
  /** Models with at least one online candidate, sorted by name (the `/v1/models` list). */
  readonly online: readonly ModelEntry[];

  constructor(readonly version: number, entries: ReadonlyMap<string, ModelEntry>) {
    this.#entries = entries;
    this.online = [...entries.values()].filter((e) => e.targets.length > 0).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The entry of a model name, if any endpoint (any status) serves it. */
  lookup(model: string): ModelEntry | undefined {
    return this.#entries.get(model);
  }

  /** Every known model (any status), unsorted. */
  all(): IterableIterator<ModelEntry> {
    return this.#entries.values();
  }

  /** Online candidates of a model; 404 `model_not_found` when unknown, 503 `no_endpoint_available` when none is up. */
  resolve(model: string): readonly RouteTarget[] {
    const entry = this.#entries.get(model);
    if (!entry) throw new AppError('model_not_found', `The model '${model}' does not exist`, { param: 'model' });
    if (entry.targets.length === 0) {
      throw new AppError('no_endpoint_available', `No endpoint serving '${model}' is online`, {
        retryAfter: retryAfterOf(entry.endpoints),
      });
    }
    return entry.targets;
  }
}

/** Builds a snapshot from registry contents (pure). Aliases never shadow a real model name. */
export function buildSnapshot(
  endpoints: readonly EndpointRecord[],
  modelsOf: (id: string) => readonly ModelRecord[],
  version = 0,
  aliases: readonly AliasDefinition[] = [],
): RoutingSnapshot {
  const acc = new Map<string, { targets: RouteTarget[]; endpoints: EndpointRecord[]; created: number; isAlias: boolean }>();
  const add = (name: string, ep: EndpointRecord, m: ModelRecord, isAlias: boolean): void => {
    let e = acc.get(name);
    if (!e) {
      e = { targets: [], endpoints: [], created: Number.POSITIVE_INFINITY, isAlias };
      acc.set(name, e);
    }
    if (e.isAlias !== isAlias) return;
    if (!e.endpoints.includes(ep)) e.endpoints.push(ep);
    const window = m.max_tokens ?? m.context_length;
    if (ep.status === 'online') e.targets.push({ endpoint: ep, upstreamModel: m.model_id, ...(window ? { contextWindow: window } : {}) });
    e.created = Math.min(e.created, Math.floor(Date.parse(ep.registered_at) / 1000) || 0);
  };
  const listing = new Map<string, { ep: EndpointRecord; m: ModelRecord }[]>();
  for (const ep of endpoints) {
    for (const m of modelsOf(ep.id)) {
      add(m.model_id, ep, m, false);
      const listed = listing.get(m.model_id);
      if (listed) listed.push({ ep, m });
      else listing.set(m.model_id, [{ ep, m }]);
    }
  }
  for (const alias of aliases) {
    if (acc.has(alias.name) && !acc.get(alias.name)!.isAlias) {
      if (!alias.shadow) continue;
      acc.delete(alias.name);
    }
    // One target per endpoint (the first listed), so an endpoint is not weighted twice.
    const used = new Set<string>();
    for (const t of alias.targets) {
      for (const { ep, m } of listing.get(t.model) ?? []) {
        if ((t.endpointId !== null && ep.id !== t.endpointId) || used.has(ep.id)) continue;
        used.add(ep.id);
        add(alias.name, ep, m, true);
      }
    }
  }
  const entries = new Map<string, ModelEntry>();
  for (const [name, e] of acc) {
    entries.set(name, { name, targets: e.targets, endpoints: e.endpoints, created: Number.isFinite(e.created) ? e.created : 0, isAlias: e.isAlias });
  }
  return new RoutingSnapshot(version, entries);
}

/** Keeps the current snapshot up to date with the registry. */
export class RoutingTable {
  readonly #source: RoutingSource;
  readonly #unsubscribe: () => void;
  #aliases: readonly AliasDefinition[] = [];
  #snapshot: RoutingSnapshot;
  #dirty = false;
  #version = 0;

  constructor(source: RoutingSource) {
    this.#source = source;
    this.#snapshot = this.#build();
    this.#unsubscribe = source.onChange(() => this.invalidate());
  }

  /** The current snapshot (rebuilt first if a change is pending, so callers always read their writes). */
  current(): RoutingSnapshot {
    if (this.#dirty) this.#rebuild();
    return this.#snapshot;
  }

  /** Marks the snapshot stale; a burst of changes in one tick costs one rebuild. */
  invalidate(): void {
    if (this.#dirty) return;
    this.#dirty = true;
    queueMicrotask(() => {
      if (this.#dirty) this.#rebuild();
    });
  }

  /** Replaces the alias definitions (seam for the aliases feature). */
  setAliases(aliases: readonly AliasDefinition[]): void {
    this.#aliases = aliases;
    this.invalidate();
  }

  /** Stops following the registry. */
  close(): void {
    this.#unsubscribe();
  }

  #rebuild(): void {
    this.#dirty = false;
    this.#snapshot = this.#build();
  }

  #build(): RoutingSnapshot {
    return buildSnapshot(this.#source.all(), (id) => this.#source.models(id), ++this.#version, this.#aliases);
  }
}
