/** Discovery state: one probing round, the list of found servers, auto-add, and the add/dismiss operations. */
import type { DiscoveredServerDTO, EndpointDTO, EndpointType, LlmlbEvent } from '../admin/types.js';
import type { DiscoveryOps } from '../admin/service.js';
import type { Config } from '../config/config.js';
import { nameKey } from '../registry/endpoints.js';
import { InvalidUrlError } from '../registry/url.js';
import { AppError } from '../util/errors.js';
import { discoveryKey, type IgnoredStore } from './ignored.js';
import { suggestName } from './names.js';
import type { PortProber, ProbeHit } from './types.js';
import { errorFields, type Logger } from '../logging/logger.js';

/** What discovery needs from the rest of the core. */
export interface DiscoveryDeps {
  readonly config: () => Config['discovery'];
  /** The gateway's own port (never probed), null before it listens. */
  readonly gatewayPort: () => number | null;
  /** Registered endpoints (URLs and names), read at call time. */
  readonly registered: () => readonly { readonly base_url: string; readonly name: string }[];
  /** Registers a found server with `source: "discovered"` and its detected type. */
  readonly register: (input: { name: string; base_url: string }, type: EndpointType) => EndpointDTO;
  readonly ignored: IgnoredStore;
  readonly probe: PortProber;
  readonly publish: (event: LlmlbEvent) => void;
  readonly now: () => number;
  /** The `discovery` component logger. */
  readonly logger: Logger;
}

/** Finds local model servers and offers or registers them. */
export class Discovery implements DiscoveryOps {
  /** Found and not registered, keyed by `discoveryKey`. */
  #found = new Map<string, Found>();

  constructor(private readonly deps: DiscoveryDeps) {}

  /** One round: probe every configured port concurrently, then list or register what answered. */
  async round(signal: AbortSignal): Promise<void> {
    const cfg = this.deps.config();
    if (!cfg.enabled) return;
    const own = this.deps.gatewayPort();
    const ports = [...new Set(cfg.ports)].filter((p) => p !== own && !this.#known(`http://127.0.0.1:${p}`));
    const hits = await Promise.all(ports.map((p) => this.deps.probe(p, signal).catch(() => null)));
    if (signal.aborted || !this.deps.config().enabled) return;
    this.#apply(hits.filter((h): h is ProbeHit => h !== null));
  }

  /** Servers found in the last round and not registered, dismissed or deleted. */
  async list(): Promise<{ servers: DiscoveredServerDTO[] }> {
    return { servers: [...this.#found.values()].filter((f) => !this.#known(f.hit.baseUrl)).map((f) => f.server) };
  }

  /** Registers a found server; 404 when it is not in the found list. */
  async add(baseUrl: string): Promise<EndpointDTO> {
    const key = keyOf(baseUrl);
    const found = this.#found.get(key);
    if (!found || this.#known(found.hit.baseUrl)) throw new AppError('not_found', `no discovered server at ${baseUrl}`);
    const dto = this.#register(found.hit);
    this.#found.delete(key);
    return dto;
  }

  /** Remembers a server as dismissed: it is no longer listed nor added automatically. */
  async dismiss(baseUrl: string): Promise<void> {
    const key = keyOf(baseUrl);
    this.deps.ignored.add(key, 'dismissed', new Date(this.deps.now()));
    this.#found.delete(key);
  }

  /** Remembers an endpoint the user deleted so it is never re-added. */
  rememberDeleted(baseUrl: string): void {
    this.deps.ignored.add(baseUrl, 'deleted', new Date(this.deps.now()));
    this.#found.delete(discoveryKey(baseUrl));
  }

  /** Empties the found list (discovery was turned off). */
  clear(): void {
    this.#found.clear();
  }

  #apply(hits: readonly ProbeHit[]): void {
    const autoAdd = this.deps.config().autoAdd;
    const previous = this.#found;
    this.#found = new Map();
    for (const hit of hits) {
      // Re-checked here: the user may have registered or deleted it while the round ran.
      if (this.#known(hit.baseUrl)) continue;
      const key = discoveryKey(hit.baseUrl);
      const before = previous.get(key);
      const server = this.#describe(hit, before?.server.found_at);
      if (!before) {
        this.deps.publish({ type: 'discovery.found', server });
        this.deps.logger.info({ baseUrl: server.base_url, endpointType: server.endpoint_type }, `found a local server at ${server.base_url}`);
      }
      if (autoAdd && this.#tryRegister(hit)) continue;
      this.#found.set(key, { server, hit });
    }
  }

  #tryRegister(hit: ProbeHit): boolean {
    try {
      const dto = this.#register(hit);
      this.deps.logger.info({ endpointId: dto.id, endpointName: dto.name, baseUrl: dto.base_url }, `registered ${dto.name} at ${dto.base_url}`);
      return true;
    } catch (e) {
      this.deps.logger.warn({ baseUrl: hit.baseUrl, ...errorFields(e) }, `could not register ${hit.baseUrl}`);
      return false;
    }
  }

  #register(hit: ProbeHit): EndpointDTO {
    return this.deps.register({ name: this.#name(hit), base_url: hit.baseUrl }, hit.type);
  }

  #describe(hit: ProbeHit, foundAt?: string): DiscoveredServerDTO {
    return {
      base_url: hit.baseUrl,
      endpoint_type: hit.type,
      suggested_name: this.#name(hit),
      version: hit.version,
      models_found: hit.modelsFound,
      found_at: foundAt ?? new Date(this.deps.now()).toISOString(),
    };
  }

  #name(hit: ProbeHit): string {
    const names = new Set(this.deps.registered().map((e) => nameKey(e.name)));
    return suggestName(hit.type, hit.port, (n) => names.has(nameKey(n)));
  }

  /** Registered under any loopback spelling, or remembered as deleted/dismissed. */
  #known(baseUrl: string): boolean {
    const key = discoveryKey(baseUrl);
    return this.deps.ignored.has(key) || this.deps.registered().some((e) => safeKey(e.base_url) === key);
  }
}

interface Found {
  readonly server: DiscoveredServerDTO;
  readonly hit: ProbeHit;
}

function keyOf(baseUrl: string): string {
  try {
    return discoveryKey(baseUrl);
  } catch (e) {
    if (e instanceof InvalidUrlError) throw new AppError('invalid_request', e.message, { param: 'base_url' });
    throw e;
  }
}

function safeKey(baseUrl: string): string | null {
  try {
    return discoveryKey(baseUrl);
  } catch {
    return null;
  }
}
