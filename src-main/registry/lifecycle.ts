/**
 * The endpoint lifecycle: detection, health checks, manual tests, model sync and passive reports.
 * Every state change of one endpoint runs through one per-endpoint serialiser, so a check, a test,
 * a sync and a passive report never interleave and status writes never go out of order.
 */
import type { ModelInfoDTO, SyncResultDTO, TestResultDTO } from '../admin/types.js';
import type { DetectionResult } from '../detect/types.js';
import { classify, nextState, type CheckResult } from '../health/classify.js';
import { passiveResult, reportMatters, type PassiveReport } from '../health/passive.js';
import { versionOf, type ProbeTarget } from '../health/probe.js';
import { AppError } from '../util/errors.js';
import { KeyedMutex } from '../util/keyed-mutex.js';
import { ProbeError } from '../util/probe.js';
import { iso } from '../util/time.js';
import type { EndpointRecord } from './endpoints.js';
import { RESYNC_MS, TYPES_WITH_METADATA, type LifecycleDeps, type ModelDiff, type StoredModel } from './lifecycle-deps.js';
import { errorFields, type Logger } from '../logging/logger.js';

/** Outcome of one probe written to the registry. */
interface Applied {
  readonly result: CheckResult;
  readonly latencyMs: number | null;
  readonly version: string | null;
}

/** Detection, checks, tests, syncs and passive reports of every endpoint. */
export class EndpointLifecycle {
  readonly #d: LifecycleDeps;
  readonly #healthLog: Logger;
  readonly #detectLog: Logger;
  readonly #syncLog: Logger;
  readonly #mutex = new KeyedMutex();
  readonly #abort = new AbortController();
  readonly #tasks = new Set<Promise<unknown>>();
  #closed = false;

  constructor(deps: LifecycleDeps) {
    this.#d = deps;
    this.#healthLog = deps.logger.child({ component: 'health' });
    this.#detectLog = deps.logger.child({ component: 'detect' });
    this.#syncLog = deps.logger.child({ component: 'sync' });
  }

  /** A scheduled check: probe, then (when healthy) re-detect an unknown type and re-sync when due. */
  check(id: string): Promise<void> {
    return this.#track(
      this.#mutex.run(id, async () => {
        if (this.#d.repo.get(id)) await this.#check(id, { detect: false, forceSync: false });
      }),
    );
  }

  /** `POST /v0/endpoints/:id/test`: re-detect (unless the type is manual), check, sync; applies the status. */
  test(id: string): Promise<TestResultDTO> {
    return this.#track(
      this.#mutex.run(id, async () => {
        const { applied, detection } = await this.#check(id, { detect: true, forceSync: true });
        const rec = this.#require(id);
        const ok = applied.result.kind === 'ok';
        return {
          success: ok,
          latency_ms: applied.latencyMs,
          error: ok ? null : reasonOf(applied.result),
          endpoint_type: rec.endpoint_type,
          models_found: this.#d.repo.models(id).length,
          version: detection?.version ?? applied.version ?? rec.version,
        };
      }),
    );
  }

  /** `POST /v0/endpoints/:id/sync`: replaces the model list; 503 `endpoint_unreachable` keeps the old one. */
  sync(id: string): Promise<SyncResultDTO> {
    return this.#track(
      this.#mutex.run(id, async () => {
        try {
          return await this.#sync(this.#require(id), true);
        } catch (e) {
          if (e instanceof AppError) throw e;
          throw new AppError('endpoint_unreachable', `cannot list models: ${failureText(e)}`, { cause: e });
        }
      }),
    );
  }

  /** `GET /v0/endpoints/:id/models/:model/info`: fresh metadata, falling back to what the last sync stored. */
  modelInfo(id: string, model: string): Promise<ModelInfoDTO> {
    return this.#track(this.#mutex.run(id, () => this.#modelInfo(id, model)));
  }

  /** Runs the first detection + check + sync of a new endpoint, or the re-check after a URL/key change. */
  background(id: string): void {
    this.#track(this.#mutex.run(id, () => this.#check(id, { detect: true, forceSync: true }))).catch((e: unknown) =>
      this.#healthLog.warn({ endpointId: id, ...errorFields(e) }, 'background check failed'),
    );
  }

  /** Applies the newest passive report of an endpoint (see PassiveHealth); writes only on a change. */
  applyPassive(id: string, take: () => PassiveReport | undefined): Promise<void> {
    return this.#mutex.run(id, async () => {
      const report = take();
      const cur = this.#d.repo.get(id);
      if (!report || !cur || this.#closed || !reportMatters(cur.status, report)) return;
      const now = iso(this.#d.clock.now());
      if (report.kind === 'success') {
        this.#d.repo.update(id, { status: 'online', error_count: 0, last_error: null, last_seen: now });
        return;
      }
      const patch = nextState(cur, passiveResult(report.failure), now);
      if (patch.status !== cur.status || patch.last_error !== cur.last_error) this.#d.repo.update(id, patch);
    });
  }

  /** Cancels probes in flight, waits (bounded) for running work, then refuses further writes. */
  async stop(timeoutMs: number): Promise<void> {
    this.#abort.abort();
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.allSettled([...this.#tasks]), bound]);
    clearTimeout(timer);
    this.#closed = true;
  }

  async #check(id: string, opts: { detect: boolean; forceSync: boolean }): Promise<{ applied: Applied; detection: DetectionResult | null }> {
    let rec = this.#require(id);
    const signal = this.#abort.signal;
    let detection: DetectionResult | null = null;
    if (opts.detect && rec.endpoint_type_source !== 'manual') {
      detection = await this.#d.detect(target(this.#d, rec), signal);
      rec = this.#applyDetection(rec, detection);
    }
    const wasOnline = rec.status === 'online';
    const probe = await this.#d.probe(target(this.#d, rec), rec.endpoint_type, signal);
    let result = classify(probe.outcome);
    const latencyMs = probe.outcome.kind === 'http' ? probe.outcome.latencyMs : null;
    if (result.kind === 'ok' && !signal.aborted) {
      // An endpoint registered while down is typed when it first answers.
      if (rec.endpoint_type === 'unknown' && rec.endpoint_type_source !== 'manual' && !detection) {
        rec = this.#applyDetection(rec, await this.#d.detect(target(this.#d, rec), signal));
      }
      if (opts.forceSync || !wasOnline || syncDue(rec, this.#d.clock.now())) result = await this.#syncAfterCheck(rec, result);
    }
    const version = rec.endpoint_type === 'ollama' ? versionOf(probe.response) : null;
    this.#applyResult(rec, result, version);
    return { applied: { result, latencyMs, version }, detection };
  }

  /**
   * Syncs after a good probe. llama.cpp and vLLM keep /health public under --api-key, so when the
   * list fails we ask /v1/models once more: a 401/403 there turns the result into a key error.
   */
  async #syncAfterCheck(rec: EndpointRecord, ok: CheckResult): Promise<CheckResult> {
    try {
      await this.#sync(rec, false);
      return ok;
    } catch (e) {
      const models = await this.#d.probe(target(this.#d, rec), 'openai_compatible', this.#abort.signal);
      const verdict = classify(models.outcome);
      if (verdict.kind === 'auth') return verdict;
      this.#syncLog.warn({ endpointId: rec.id, endpointName: rec.name, reason: failureText(e) }, `model sync of ${rec.name} failed`);
      return ok;
    }
  }

  /** Writes a check's status transition and stores the check (skipped after shutdown or deletion). */
  #applyResult(probed: EndpointRecord, result: CheckResult, version: string | null): void {
    const id = probed.id;
    const cur = this.#d.repo.get(id);
    if (!cur || this.#closed || this.#abort.signal.aborted) return;
    // A PUT changed the URL or key while we probed: this outcome is about the old connection
    // (the re-check that PUT queued runs next).
    if (cur.base_url !== probed.base_url || cur.api_key_enc !== probed.api_key_enc) return;
    const now = iso(this.#d.clock.now());
    const patch = nextState(cur, result, now);
    this.#d.repo.update(id, version && version !== cur.version ? { ...patch, version } : patch);
    this.#d.history.record(id, {
      checked_at: now,
      success: result.kind === 'ok',
      latency_ms: patch.latency_ms ?? null,
      status_after: patch.status,
      error: patch.last_error,
    });
  }

  /** Stores a detected type and version; an inconclusive detection keeps what was known. */
  #applyDetection(rec: EndpointRecord, d: DetectionResult): EndpointRecord {
    if (this.#closed || d.type === 'unknown' || rec.endpoint_type_source === 'manual') return rec;
    const version = d.version ?? (d.type === rec.endpoint_type ? rec.version : null);
    if (d.type === rec.endpoint_type && version === rec.version) return rec;
    if (d.type !== rec.endpoint_type) {
      this.#detectLog.info({ endpointId: rec.id, endpointName: rec.name, endpointType: d.type, previous: rec.endpoint_type, version }, `${rec.name} detected as ${d.type}`);
    }
    return this.#d.repo.update(rec.id, { endpoint_type: d.type, version }) ?? rec;
  }

  /** Fetches and stores the model list (and llama.cpp's slots); publishes `endpoint.models` on a change or when asked. */
  async #sync(rec: EndpointRecord, announce: boolean): Promise<SyncResultDTO> {
    const signal = this.#abort.signal;
    const fresh = await this.#d.models.list(target(this.#d, rec), rec.endpoint_type, signal);
    if (this.#closed || !this.#d.repo.get(rec.id)) throw new AppError('not_found', `endpoint ${rec.id} not found`);
    const old = this.#d.repo.models(rec.id);
    const diff: ModelDiff = this.#d.models.diff(old, fresh);
    const changed = diff.added.length + diff.removed.length + diff.updated.length > 0;
    if (changed || old.length !== fresh.length) this.#d.repo.replaceModels(rec.id, fresh);
    const patch: { last_synced_at: string; learned_concurrency?: number } = { last_synced_at: iso(this.#d.clock.now()) };
    if (rec.endpoint_type === 'llama_cpp') {
      const slots = await this.#d.slots(target(this.#d, rec), signal);
      if (slots !== null && slots !== rec.learned_concurrency) patch.learned_concurrency = slots;
    }
    if (this.#closed) throw new AppError('not_found', `endpoint ${rec.id} not found`);
    this.#d.repo.update(rec.id, patch);
    const result: SyncResultDTO = { synced_models: fresh.length, added: diff.added, removed: diff.removed, updated: diff.updated };
    if (announce || changed) this.#d.events.publish({ type: 'endpoint.models', endpoint_id: rec.id, result });
    const fields = { endpointId: rec.id, endpointName: rec.name, models: fresh.length, added: diff.added.length, removed: diff.removed.length, updated: diff.updated.length };
    if (changed) this.#syncLog.info(fields, `models of ${rec.name} synced`);
    else this.#syncLog.debug(fields, `models of ${rec.name} unchanged`);
    return result;
  }

  async #modelInfo(id: string, model: string): Promise<ModelInfoDTO> {
    const rec = this.#require(id);
    if (!TYPES_WITH_METADATA.includes(rec.endpoint_type)) {
      throw new AppError('not_supported', `endpoints of type ${rec.endpoint_type} report no model metadata`);
    }
    const stored = this.#d.repo.models(id).find((m) => m.model_id === model);
    if (!stored) throw new AppError('not_found', `model ${model} is not served by endpoint ${rec.name}`);
    const stamp = (m: StoredModel, source: string): ModelInfoDTO => ({
      model_id: m.model_id,
      endpoint_id: id,
      max_tokens: m.max_tokens,
      context_length: m.context_length,
      source,
      last_checked: m.last_checked,
    });
    try {
      const meta = await this.#d.models.info(target(this.#d, rec), rec.endpoint_type, model, this.#abort.signal);
      if (!meta) return stamp(stored, stored.metadata_source ?? rec.endpoint_type);
      const fresh: StoredModel = { ...stored, max_tokens: meta.max_tokens, context_length: meta.context_length, metadata_source: meta.source, last_checked: iso(this.#d.clock.now()) };
      if (!this.#closed && this.#d.repo.get(id)) {
        this.#d.repo.replaceModels(id, this.#d.repo.models(id).map((m) => (m.model_id === model ? { ...fresh } : m)));
      }
      return stamp(fresh, meta.source);
    } catch (e) {
      if (e instanceof AppError && (e.code === 'not_found' || e.code === 'not_supported')) throw e;
      // Unreachable now: what the last sync stored is still the best answer, when it has anything.
      if (stored.metadata_source !== null && (stored.max_tokens !== null || stored.context_length !== null)) {
        return stamp(stored, stored.metadata_source);
      }
      throw new AppError('endpoint_unreachable', `cannot read model metadata: ${failureText(e)}`, { cause: e });
    }
  }

  #require(id: string): EndpointRecord {
    const rec = this.#d.repo.get(id);
    if (!rec) throw new AppError('not_found', `endpoint ${id} not found`);
    return rec;
  }

  #track<T>(p: Promise<T>): Promise<T> {
    this.#tasks.add(p);
    const done = (): void => void this.#tasks.delete(p);
    p.then(done, done);
    return p;
  }
}

function target(d: LifecycleDeps, rec: EndpointRecord): ProbeTarget {
  return { baseUrl: rec.base_url, apiKey: d.repo.apiKey(rec.id) };
}

function syncDue(rec: EndpointRecord, now: number): boolean {
  return rec.last_synced_at === null || now - Date.parse(rec.last_synced_at) >= RESYNC_MS;
}

function reasonOf(r: CheckResult): string | null {
  return r.kind === 'ok' ? null : r.reason;
}

/** A safe, short description of a sync failure. */
function failureText(e: unknown): string {
  if (e instanceof ProbeError) return e.message;
  const status = (e as { status?: unknown }).status;
  const msg = e instanceof Error ? e.message : String(e);
  return typeof status === 'number' && !msg.includes(String(status)) ? `HTTP ${status}: ${msg}` : msg;
}
