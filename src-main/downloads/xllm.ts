/** xLLM driver: `POST /v0/models/download`, poll `GET /v0/models/download/:id` every ~500 ms, `DELETE` to cancel. */
import { type DownloadDriver, type DriverJob, type DriverOutcome, RESTART_LOST, outcomeOfStop, stopKind } from './driver.js';
import { callJson, describeError, nodeErrorMessage, sleep } from './http.js';
import { mapXllmStatus, xllmSample } from './xllm-status.js';

/** Timing of the xLLM driver (tests shorten them). */
export interface XllmTiming {
  readonly pollMs: number;
  readonly requestTimeoutMs: number;
  /** Consecutive failed polls before the download is given up. */
  readonly maxPollFailures: number;
}

const DEFAULT_TIMING: XllmTiming = { pollMs: 500, requestTimeoutMs: 5_000, maxPollFailures: 20 };

/** Builds the xLLM driver. */
export function xllmDriver(timing: Partial<XllmTiming> = {}): DownloadDriver {
  const t = { ...DEFAULT_TIMING, ...timing };
  return { run: (job) => run(job, t).catch((e: unknown) => ({ kind: 'failed', error: `download failed: ${describeError(e)}` })) };
}

function taskUrl(job: DriverJob, id: string): string {
  return `${job.baseUrl}/v0/models/download/${encodeURIComponent(id)}`;
}

async function run(job: DriverJob, t: XllmTiming): Promise<DriverOutcome> {
  const call = (url: string, method: 'GET' | 'POST' | 'DELETE', body?: unknown, signal?: AbortSignal) =>
    callJson(url, { method, body, apiKey: job.apiKey, dispatcher: job.dispatcher, clock: job.clock, timeoutMs: t.requestTimeoutMs, ...(signal ? { signal } : {}) });

  let nodeId = job.nodeTaskId;
  if (nodeId === null) {
    if (job.resume) return { kind: 'failed', error: RESTART_LOST };
    // Not tied to the signal: once the node has a task we must learn its id, to cancel or resume it.
    const res = await call(`${job.baseUrl}/v0/models/download`, 'POST', { model: job.model, ...(job.filename ? { filename: job.filename } : {}) });
    const id = (res.json as { task_id?: unknown } | null)?.task_id;
    if (res.status < 200 || res.status >= 300) return { kind: 'failed', error: nodeErrorMessage(res) };
    if (typeof id !== 'string' || id === '') return { kind: 'failed', error: 'the node did not return a download task id' };
    nodeId = id;
  }
  job.accepted(nodeId);

  let failures = 0;
  let firstPoll = true;
  for (;;) {
    if (job.signal.aborted) return stop(job, nodeId, call);
    let res;
    try {
      res = await call(taskUrl(job, nodeId), 'GET', undefined, job.signal);
    } catch (e) {
      if (job.signal.aborted) return stop(job, nodeId, call);
      if (job.resume && firstPoll) return { kind: 'failed', error: `${RESTART_LOST} (${describeError(e)})` };
      if (++failures >= t.maxPollFailures) return { kind: 'failed', error: `lost contact with the node: ${describeError(e)}` };
      await sleep(job.clock, t.pollMs, job.signal);
      continue;
    }
    if (res.status === 404) {
      return { kind: 'failed', error: job.resume && firstPoll ? RESTART_LOST : 'the node no longer reports this download' };
    }
    if (res.status < 200 || res.status >= 300) {
      if (++failures >= t.maxPollFailures) return { kind: 'failed', error: nodeErrorMessage(res) };
    } else {
      failures = 0;
      firstPoll = false;
      const body = (res.json ?? {}) as Record<string, unknown>;
      const state = mapXllmStatus(body.status);
      if (state === 'completed') return { kind: 'completed' };
      if (state === 'failed') return { kind: 'failed', error: typeof body.error === 'string' && body.error ? body.error : 'the node reported the download as failed' };
      if (state === 'cancelled') return { kind: 'cancelled' };
      const sample = xllmSample(body);
      if (sample) job.progress(sample);
    }
    await sleep(job.clock, t.pollMs, job.signal);
  }
}

type Call = (url: string, method: 'GET' | 'POST' | 'DELETE') => Promise<{ status: number }>;

/** Cancels on the node when the user cancelled; on shutdown the node keeps going and a restart resumes it. */
async function stop(job: DriverJob, nodeId: string, call: Call): Promise<DriverOutcome> {
  if (stopKind(job.signal) === 'cancel') {
    try {
      const res = await call(taskUrl(job, nodeId), 'DELETE');
      if (res.status >= 400 && res.status !== 404) job.logger.warn({ status: res.status }, `download cancel: the node answered HTTP ${res.status}`);
    } catch (e) {
      job.logger.warn({ reason: describeError(e) }, 'download cancel failed');
    }
  }
  return outcomeOfStop(job.signal);
}
