/** Ollama driver: `POST /api/pull {model, stream:true}` and read its NDJSON; cancelling aborts the stream. */
import { request } from 'undici';
import { type DownloadDriver, type DriverJob, type DriverOutcome, RESTART_LOST, outcomeOfStop } from './driver.js';
import { describeError, nodeErrorMessage, nodeHeaders, readCapped } from './http.js';
import { LineSplitter, PullProgress, parsePullLine } from './pull-progress.js';

/** Timing of the Ollama driver. */
export interface OllamaTiming {
  readonly headersTimeoutMs: number;
  /** Longest silence inside the stream (Ollama is quiet while it verifies large blobs). */
  readonly idleTimeoutMs: number;
}

const DEFAULT_TIMING: OllamaTiming = { headersTimeoutMs: 30_000, idleTimeoutMs: 300_000 };

/** Builds the Ollama driver. Ollama stops pulling when the client disconnects and resumes partial pulls. */
export function ollamaDriver(timing: Partial<OllamaTiming> = {}): DownloadDriver {
  const t = { ...DEFAULT_TIMING, ...timing };
  return {
    run: (job) =>
      run(job, t).catch((e: unknown) =>
        job.signal.aborted ? outcomeOfStop(job.signal) : { kind: 'failed' as const, error: `pull failed: ${describeError(e)}` },
      ),
  };
}

async function run(job: DriverJob, t: OllamaTiming): Promise<DriverOutcome> {
  const beforeStart = (detail: string): DriverOutcome => ({ kind: 'failed', error: job.resume ? `${RESTART_LOST} (${detail})` : detail });
  let res;
  try {
    res = await request(`${job.baseUrl}/api/pull`, {
      method: 'POST',
      headers: { ...nodeHeaders(job.apiKey, true), accept: 'application/x-ndjson' },
      body: JSON.stringify({ model: job.model, stream: true }),
      signal: job.signal,
      dispatcher: job.dispatcher,
      headersTimeout: t.headersTimeoutMs,
      bodyTimeout: t.idleTimeoutMs,
    });
  } catch (e) {
    if (job.signal.aborted) return outcomeOfStop(job.signal);
    return beforeStart(describeError(e));
  }
  if (res.statusCode < 200 || res.statusCode >= 300) {
    const text = await readCapped(res.body);
    return beforeStart(nodeErrorMessage({ status: res.statusCode, json: safeJson(text), text }));
  }
  job.accepted(null);

  const lines = new LineSplitter();
  const layers = new PullProgress();
  const decoder = new TextDecoder();
  const handle = (line: string): DriverOutcome | null => {
    const ev = parsePullLine(line);
    if (ev.kind === 'error') return { kind: 'failed', error: ev.message };
    if (ev.kind === 'success') return { kind: 'completed' };
    if (ev.kind === 'layer') job.progress(layers.update(ev.digest, ev.total, ev.completed));
    return null;
  };
  try {
    for await (const chunk of res.body) {
      for (const line of lines.push(decoder.decode(chunk as Buffer, { stream: true }))) {
        const out = handle(line);
        if (out) return out; // leaving the loop destroys the body
      }
    }
    for (const line of lines.push(decoder.decode()).concat(lines.end())) {
      const out = handle(line);
      if (out) return out;
    }
  } catch (e) {
    if (job.signal.aborted) return outcomeOfStop(job.signal);
    return { kind: 'failed', error: `the pull stream broke: ${describeError(e)}` };
  }
  if (job.signal.aborted) return outcomeOfStop(job.signal);
  return { kind: 'failed', error: 'the node ended the pull without reporting success' };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
