/** One running download: its live row, smoothed speed/ETA, publishing at most ~4/s and persisting at most ~1/s. */
import type { DownloadStatus, DownloadTaskDTO } from '../admin/types.js';
import { type Clock, iso } from '../util/time.js';
import type { ProgressSample } from './driver.js';
import { RateEstimator } from './rate.js';
import { type DownloadStore, type TaskRow, toDTO } from './store.js';
import { Throttle } from './throttle.js';
import { noopLogger, type Logger } from '../logging/logger.js';

/** What a task run writes to. */
export interface TaskSinks {
  readonly store: DownloadStore;
  readonly publish: (task: DownloadTaskDTO) => void;
  readonly clock: Clock;
}

const PUBLISH_MS = 250;
const PERSIST_MS = 1_000;
/** Progress stays below 100 until the node confirms completion. */
const RUNNING_CAP = 99;

/** The live state of one download; state changes go out at once, progress is throttled. */
export class TaskRun {
  readonly controller = new AbortController();
  /** Settles when the driver is done and the final state is written. */
  done: Promise<void> = Promise.resolve();
  /** The task's log lines (task id, endpoint and model bound). */
  logger: Logger = noopLogger;
  #row: TaskRow;
  #gone = false;
  readonly #rate = new RateEstimator();
  readonly #publish: Throttle;
  readonly #persist: Throttle;

  constructor(
    row: TaskRow,
    private readonly sinks: TaskSinks,
  ) {
    this.#row = row;
    this.#publish = new Throttle(sinks.clock, PUBLISH_MS, () => sinks.publish(toDTO(this.#row)));
    this.#persist = new Throttle(sinks.clock, PERSIST_MS, () => this.#write());
  }

  /** The current row. */
  get row(): TaskRow {
    return this.#row;
  }

  /** The node took the download. */
  accepted(nodeTaskId: string | null): void {
    this.#change({ status: 'downloading', node_task_id: nodeTaskId ?? this.#row.node_task_id });
  }

  /** A progress sample: never lowers progress; speed (MB/s, 10^6 bytes) needs byte counts. */
  progress(s: ProgressSample): void {
    if (this.#gone) return;
    const now = this.sinks.clock.now();
    const percent = Math.max(this.#row.progress, Math.min(RUNNING_CAP, Math.round(s.percent * 10) / 10));
    const bytes = s.doneBytes !== null;
    const est = this.#rate.sample(now, bytes ? s.doneBytes! : s.percent, bytes ? s.totalBytes : 100);
    this.#row = {
      ...this.#row,
      progress: percent,
      speed_mbps: bytes && est.perSecond !== null ? Math.round(est.perSecond / 10_000) / 100 : null,
      eta_seconds: est.etaSeconds === null ? null : Math.ceil(est.etaSeconds),
      updated_at: iso(now),
    };
    this.#publish.poke();
    this.#persist.poke();
  }

  /** Moves to a final state. */
  finish(status: DownloadStatus, error: string | null = null): void {
    const completed = status === 'completed';
    this.#change({ status, error, progress: completed ? 100 : this.#row.progress, speed_mbps: null, eta_seconds: completed ? 0 : null });
  }

  /** Llmlb stops watching (shutdown): writes the latest progress, keeps the status so a restart resumes it. */
  detach(): void {
    this.dispose();
    this.#write();
  }

  /** The endpoint is gone (its rows too): no more writes or events. */
  markGone(): void {
    this.#gone = true;
    this.dispose();
  }

  /** Drops pending throttled work. */
  dispose(): void {
    this.#publish.cancel();
    this.#persist.cancel();
  }

  #change(patch: Partial<TaskRow>): void {
    if (this.#gone) return;
    this.#row = { ...this.#row, ...patch, updated_at: iso(this.sinks.clock.now()) };
    this.#persist.flush();
    this.#publish.flush();
  }

  #write(): void {
    if (!this.#gone) this.sinks.store.update(this.#row);
  }
}
