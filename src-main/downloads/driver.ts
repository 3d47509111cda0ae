/** The contract between the download service and its per-type drivers (xLLM, Ollama). */
import type { Dispatcher } from 'undici';
import type { Clock } from '../util/time.js';
import type { Logger } from '../logging/logger.js';

/** Why a running download was stopped by llmlb: the user cancelled, the app is stopping, or the endpoint was deleted. */
export type StopKind = 'cancel' | 'shutdown' | 'deleted';

/** Reads the stop kind from an aborted signal (null while it is not aborted). */
export function stopKind(signal: AbortSignal): StopKind | null {
  if (!signal.aborted) return null;
  const r: unknown = signal.reason;
  return r === 'cancel' || r === 'deleted' ? r : 'shutdown';
}

/** Reason given when a download cannot be picked up again after a restart. */
export const RESTART_LOST = 'llmlb restarted and the node no longer reports this download';

/** One progress observation from a node. */
export interface ProgressSample {
  /** 0–100. */
  readonly percent: number;
  /** Bytes done and total, when the node reports them (speed in MB/s needs them). */
  readonly doneBytes: number | null;
  readonly totalBytes: number | null;
}

/** What a driver needs to run one download. */
export interface DriverJob {
  readonly baseUrl: string;
  readonly apiKey: string | null;
  readonly model: string;
  readonly filename: string | null;
  /** The node's id of this download when known (xLLM), for resuming and cancelling. */
  readonly nodeTaskId: string | null;
  /** True when picking up a download that was running when llmlb stopped. */
  readonly resume: boolean;
  /** Aborted with a `StopKind` as its reason. */
  readonly signal: AbortSignal;
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
  /** The `downloads` logger, bound to the task. */
  readonly logger: Logger;
  /** The node took the download (pending → downloading); remembers its id for resume/cancel. */
  accepted(nodeTaskId: string | null): void;
  progress(sample: ProgressSample): void;
}

/** How a driver's run ended. `stopped`: llmlb stopped watching (shutdown/deleted); the node may go on. */
export type DriverOutcome =
  | { readonly kind: 'completed' }
  | { readonly kind: 'failed'; readonly error: string }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'stopped' };

/** Runs downloads of one endpoint type; `run` never throws, it resolves with an outcome. */
export interface DownloadDriver {
  run(job: DriverJob): Promise<DriverOutcome>;
}

/** The outcome for a job whose signal was aborted. */
export function outcomeOfStop(signal: AbortSignal): DriverOutcome {
  return stopKind(signal) === 'cancel' ? { kind: 'cancelled' } : { kind: 'stopped' };
}
