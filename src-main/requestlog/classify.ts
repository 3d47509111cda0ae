/** Pure rules shared by the request log, statistics and metrics. */
import type { RequestRecord } from '../app-services.js';

/**
 * True for a failed request as statistics count it: a 5xx, a network error (status 0), or a reply
 * that was committed and then broke (status < 400 with an error). Client errors (4xx) are not failures.
 */
export function isFailure(r: Pick<RequestRecord, 'status' | 'error'>): boolean {
  return r.status >= 500 || r.status === 0 || (r.status < 400 && r.error !== null);
}

/** The statistics key of a record's endpoint: its id, `cloud:<provider>` for cloud, else null. */
export function endpointKey(r: Pick<RequestRecord, 'endpointId' | 'endpointName' | 'api'>): string | null {
  if (r.endpointId) return r.endpointId;
  if (r.api === 'cloud' && r.endpointName) return `cloud:${r.endpointName}`;
  return null;
}

/** Nearest-rank percentile (p in 0–100) of unsorted values; null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return percentileSorted(sorted, p);
}

/** Nearest-rank percentile of already sorted values. */
export function percentileSorted(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? null;
}
