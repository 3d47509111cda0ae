/** Model downloads on xLLM and Ollama endpoints: start, list, cancel, resume after a restart, stop cleanly. */
import { randomUUID } from 'node:crypto';
import { Agent, type Dispatcher } from 'undici';
import type { DownloadOps } from '../admin/service.js';
import type { DownloadTaskDTO, EndpointType } from '../admin/types.js';
import type { Db } from '../db/open.js';
import type { EndpointRecord, EndpointRepository } from '../registry/endpoints.js';
import { isUuid, parseInput } from '../registry/validation.js';
import { AppError, assertNever } from '../util/errors.js';
import { type Clock, iso } from '../util/time.js';
import { errorFields, type Logger } from '../logging/logger.js';
import { type DownloadDriver, type DriverOutcome, RESTART_LOST } from './driver.js';
import { ollamaDriver } from './ollama.js';
import { startDownloadSchema } from './schema.js';
import { DownloadStore, type TaskRow, isTerminal, toDTO } from './store.js';
import { TaskRun } from './task.js';
import { settleWithin } from './wait.js';
import { xllmDriver } from './xllm.js';

/** Endpoint types that can download models. */
export type DownloadType = 'xllm' | 'ollama';

/** What the download service is built from. */
export interface DownloadServiceDeps {
  readonly db: Db;
  readonly repo: Pick<EndpointRepository, 'get' | 'apiKey' | 'onChange'>;
  readonly publish: (task: DownloadTaskDTO) => void;
  /** Re-syncs an endpoint's models (so a finished download shows up with its max tokens). */
  readonly sync: (endpointId: string) => Promise<unknown>;
  readonly clock: Clock;
  /** The `downloads` component logger. */
  readonly logger: Logger;
  readonly drivers?: Partial<Record<DownloadType, DownloadDriver>>;
  /** Bound on the post-download sync before the task is reported completed (default 15 s). */
  readonly syncTimeoutMs?: number;
}

const CANCEL_WAIT_MS = 10_000;
const STOP_WAIT_MS = 5_000;

/** The downloads part of the admin API. */
export class DownloadService implements DownloadOps {
  readonly #store: DownloadStore;
  readonly #runs = new Map<string, TaskRun>();
  readonly #drivers: Partial<Record<EndpointType, DownloadDriver>>;
  readonly #agent = new Agent({ keepAliveTimeout: 4_000, connect: { timeout: 5_000 } });
  readonly #unsubscribe: () => void;
  #closed = false;

  constructor(private readonly deps: DownloadServiceDeps) {
    this.#store = new DownloadStore(deps.db);
    this.#drivers = { xllm: xllmDriver(), ollama: ollamaDriver(), ...deps.drivers };
    this.#unsubscribe = deps.repo.onChange((c) => {
      if (c.kind === 'deleted') this.#endpointGone(c.endpoint.id);
    });
  }

  /** Starts a download: 202 with the pending task; the node's progress follows on the event bus. */
  async start(id: string, input: unknown): Promise<DownloadTaskDTO> {
    const ep = this.#endpoint(id);
    const driver = this.#driverFor(ep);
    const body = parseInput(startDownloadSchema, input);
    if (body.filename && ep.endpoint_type !== 'xllm') {
      throw new AppError('invalid_request', 'filename applies to xllm endpoints only', { param: 'filename' });
    }
    if (this.#closed) throw new AppError('conflict', 'llmlb is shutting down');
    for (const r of this.#runs.values()) {
      if (r.row.endpoint_id === id && r.row.model === body.model) {
        throw new AppError('conflict', `a download of ${body.model} is already running on this endpoint (task ${r.row.task_id})`);
      }
    }
    const now = iso(this.deps.clock.now());
    const row: TaskRow = {
      task_id: randomUUID(), endpoint_id: id, model: body.model, filename: body.filename ?? null, status: 'pending',
      progress: 0, speed_mbps: null, eta_seconds: null, error: null, node_task_id: null, created_at: now, updated_at: now,
    };
    this.#store.insert(row);
    this.deps.publish(toDTO(row));
    this.#launch(row, ep, driver, false);
    return toDTO(row);
  }

  /** Tasks of an endpoint, newest first, with live values for running ones. */
  async progress(id: string): Promise<{ endpoint_id: string; tasks: DownloadTaskDTO[] }> {
    this.#endpoint(id);
    const tasks = this.#store.listByEndpoint(id).map((r) => toDTO(this.#runs.get(r.task_id)?.row ?? r));
    return { endpoint_id: id, tasks };
  }

  /** Cancels a pending or running task, on the node too; 404 unknown, 409 already finished. */
  async cancel(id: string, taskId: string): Promise<void> {
    this.#endpoint(id);
    const run = this.#runs.get(taskId);
    const row = run?.row ?? (isUuid(taskId) ? this.#store.get(taskId) : undefined);
    if (!row || row.endpoint_id !== id) throw new AppError('not_found', `download task ${taskId} not found`);
    if (isTerminal(row.status)) throw new AppError('conflict', `download task ${taskId} is already ${row.status}`);
    if (!run) {
      this.#finishStored(row, 'cancelled', null);
      return;
    }
    run.controller.abort('cancel');
    await settleWithin(this.deps.clock, run.done, CANCEL_WAIT_MS);
    if (run.row.status === 'completed') throw new AppError('conflict', `download task ${taskId} completed before it could be cancelled`);
  }

  /** Picks up tasks that were pending/downloading when llmlb stopped (Lifecycle start). */
  resumeActive(): void {
    for (const row of this.#store.listActive()) {
      if (this.#runs.has(row.task_id)) continue;
      const ep = this.deps.repo.get(row.endpoint_id);
      const driver = ep ? this.#drivers[ep.endpoint_type] : undefined;
      if (!ep || !driver) this.#finishStored(row, 'failed', `${RESTART_LOST} (the endpoint no longer supports downloads)`);
      else this.#launch(row, ep, driver, true);
    }
  }

  /** Stops watching every download (state kept for the next start), then closes the connections (Lifecycle stop). */
  async shutdown(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe();
    const runs = [...this.#runs.values()];
    for (const r of runs) r.controller.abort('shutdown');
    await settleWithin(this.deps.clock, Promise.allSettled(runs.map((r) => r.done)), STOP_WAIT_MS);
    for (const r of this.#runs.values()) {
      r.detach();
      r.markGone(); // the database closes after us: a late driver must not write
    }
    await this.#agent.destroy().catch(() => undefined);
  }

  #launch(row: TaskRow, ep: EndpointRecord, driver: DownloadDriver, resume: boolean): void {
    const run = new TaskRun(row, { store: this.#store, publish: this.deps.publish, clock: this.deps.clock });
    this.#runs.set(row.task_id, run);
    const dispatcher: Dispatcher = this.#agent;
    const logger = this.deps.logger.child({ taskId: row.task_id, endpointId: ep.id, endpointName: ep.name, model: row.model });
    run.logger = logger;
    logger.info(resume ? 'download resumed' : 'download started');
    run.done = driver
      .run({
        baseUrl: ep.base_url, apiKey: this.deps.repo.apiKey(ep.id), model: row.model, filename: row.filename,
        nodeTaskId: row.node_task_id, resume, signal: run.controller.signal, dispatcher, clock: this.deps.clock, logger,
        accepted: (nodeId) => run.accepted(nodeId),
        progress: (s) => run.progress(s),
      })
      .then((outcome) => this.#settle(run, outcome))
      .catch((e: unknown) => logger.error(errorFields(e), 'download failed unexpectedly'))
      .finally(() => {
        run.dispose();
        this.#runs.delete(row.task_id);
      });
  }

  async #settle(run: TaskRun, o: DriverOutcome): Promise<void> {
    switch (o.kind) {
      case 'completed': {
        // Sync first, so "completed" means the model is listed (with its max tokens).
        const sync = this.deps.sync(run.row.endpoint_id).catch((e: unknown) => run.logger.warn(errorFields(e), 'model sync after download failed'));
        await settleWithin(this.deps.clock, sync, this.deps.syncTimeoutMs ?? 15_000, run.controller.signal);
        run.logger.info('download completed');
        return run.finish('completed');
      }
      case 'failed':
        run.logger.warn({ reason: o.error }, 'download failed');
        return run.finish('failed', o.error);
      case 'cancelled':
        run.logger.info('download cancelled');
        return run.finish('cancelled');
      case 'stopped':
        return run.detach();
      default:
        assertNever(o);
    }
  }

  #finishStored(row: TaskRow, status: 'failed' | 'cancelled', error: string | null): void {
    const next: TaskRow = { ...row, status, error, speed_mbps: null, eta_seconds: null, updated_at: iso(this.deps.clock.now()) };
    this.#store.update(next);
    this.deps.publish(toDTO(next));
  }

  #endpointGone(id: string): void {
    for (const r of this.#runs.values()) {
      if (r.row.endpoint_id !== id) continue;
      r.markGone();
      r.controller.abort('deleted');
    }
  }

  #endpoint(id: string): EndpointRecord {
    const ep = isUuid(id) ? this.deps.repo.get(id) : undefined;
    if (!ep) throw new AppError('not_found', `endpoint ${id} not found`);
    return ep;
  }

  #driverFor(ep: EndpointRecord): DownloadDriver {
    const d = this.#drivers[ep.endpoint_type];
    if (!d) throw new AppError('not_supported', `model download is not supported for ${ep.endpoint_type} endpoints (only xllm and ollama)`);
    return d;
  }
}
