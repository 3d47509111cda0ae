/** Pure parts of Ollama's `/api/pull` stream: NDJSON line splitting and layer-summed progress. */
import type { ProgressSample } from './driver.js';

/** Splits a byte stream into lines; keeps the unfinished tail between chunks. */
export class LineSplitter {
  #tail = '';

  /** Feeds a chunk; returns the complete, non-empty lines in it. */
  push(chunk: string): string[] {
    const parts = (this.#tail + chunk).split('\n');
    this.#tail = parts.pop() ?? '';
    return parts.map((l) => l.trim()).filter((l) => l !== '');
  }

  /** The unterminated last line, if any (the stream ended). */
  end(): string[] {
    const rest = this.#tail.trim();
    this.#tail = '';
    return rest ? [rest] : [];
  }
}

/** One parsed pull line, reduced to what llmlb acts on. */
export type PullEvent =
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'success' }
  | { readonly kind: 'layer'; readonly digest: string; readonly total: number; readonly completed: number }
  | { readonly kind: 'other' };

/** Parses one NDJSON line of `/api/pull`. */
export function parsePullLine(line: string): PullEvent {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return { kind: 'other' };
  }
  if (v === null || typeof v !== 'object') return { kind: 'other' };
  const o = v as Record<string, unknown>;
  if (o.error !== undefined && o.error !== null) {
    return { kind: 'error', message: typeof o.error === 'string' && o.error ? o.error : 'the node reported an error' };
  }
  if (o.status === 'success') return { kind: 'success' };
  if (typeof o.digest === 'string' && typeof o.total === 'number' && o.total > 0) {
    const completed = typeof o.completed === 'number' && o.completed > 0 ? Math.min(o.completed, o.total) : 0;
    return { kind: 'layer', digest: o.digest, total: o.total, completed };
  }
  return { kind: 'other' };
}

/** sum(completed) / sum(total) over the layers seen so far; a layer's `completed` never goes back. */
export class PullProgress {
  readonly #layers = new Map<string, { total: number; completed: number }>();

  /** Records a layer line and returns the overall sample. */
  update(digest: string, total: number, completed: number): ProgressSample {
    const prev = this.#layers.get(digest);
    this.#layers.set(digest, { total, completed: Math.max(prev?.completed ?? 0, completed) });
    let done = 0;
    let sum = 0;
    for (const l of this.#layers.values()) {
      done += l.completed;
      sum += l.total;
    }
    return { percent: sum > 0 ? (done / sum) * 100 : 0, doneBytes: done, totalBytes: sum };
  }
}
