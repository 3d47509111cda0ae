/** Pure mapping of an xLLM node's download task body to llmlb's states and progress samples. */
import type { ProgressSample } from './driver.js';

/** The coarse state of a node task. */
export type NodeState = 'running' | 'completed' | 'failed' | 'cancelled';

/** Maps the node's `status` string; anything unknown counts as still running. */
export function mapXllmStatus(status: unknown): NodeState {
  switch (typeof status === 'string' ? status.toLowerCase() : '') {
    case 'completed':
    case 'complete':
    case 'done':
    case 'success':
      return 'completed';
    case 'failed':
    case 'error':
      return 'failed';
    case 'cancelled':
    case 'canceled':
      return 'cancelled';
    default:
      return 'running';
  }
}

/** Progress from bytes when the node reports a total, else from its `progress` (0–100); null when neither is usable. */
export function xllmSample(body: Record<string, unknown>): ProgressSample | null {
  const done = finite(body.downloaded_bytes);
  const total = finite(body.total_bytes);
  if (done !== null && total !== null && total > 0) {
    return { percent: clamp((done / total) * 100), doneBytes: done, totalBytes: total };
  }
  const p = finite(body.progress);
  if (p === null) return null;
  return { percent: clamp(p), doneBytes: null, totalBytes: null };
}

function finite(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : null;
}

function clamp(p: number): number {
  return Math.min(100, Math.max(0, p));
}
