/** Helpers of the capacity tests: measure concurrency at a fake, fire chat requests. */
import type { RecordedRequest } from '../fakes/index.js';
import type { FakeHandle } from '../fakes/server.js';
import { call, type TestApp } from '../helpers/app.js';

/** Inference requests the fake saw (health checks, syncs and probes left out). */
export function inference(fake: FakeHandle): RecordedRequest[] {
  return fake.requests.filter((r) => r.method === 'POST');
}

/** The most requests a fake had open at once, from arrival to finish (or client abort). */
export function peakConcurrency(fake: FakeHandle): number {
  const events: [number, number][] = [];
  for (const r of inference(fake)) {
    events.push([r.at, 1]);
    events.push([r.finishedAt ?? r.abortedAt ?? Number.POSITIVE_INFINITY, -1]);
  }
  // At the same millisecond an end comes before a start: a slot handed on is not an overlap.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let peak = 0;
  for (const [, d] of events) peak = Math.max(peak, (open += d));
  return peak;
}

/** Sizes of the bursts in which requests reached the fakes: arrivals closer than `gapMs` share a burst. */
export function waves(fakes: readonly FakeHandle[], gapMs: number): number[] {
  const at = fakes.flatMap((f) => inference(f).map((r) => r.at)).sort((x, y) => x - y);
  const sizes: number[] = [];
  at.forEach((t, i) => {
    if (i === 0 || t - at[i - 1]! >= gapMs) sizes.push(1);
    else sizes[sizes.length - 1]!++;
  });
  return sizes;
}

/** A chat completion request's outcome. */
export interface ChatResult {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
  readonly ms: number;
}

/** POSTs a small chat completion to `/v1` (or `path`) and reads the answer. */
export async function chat(
  t: TestApp,
  model: string,
  content = 'hi',
  opts: { headers?: Record<string, string>; signal?: AbortSignal; path?: string } = {},
): Promise<ChatResult> {
  const t0 = Date.now();
  const res = await fetch(`${t.url}${opts.path ?? '/v1/chat/completions'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...opts.headers },
    body: JSON.stringify({ model, messages: [{ role: 'user', content }], stream: false }),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: res.status, headers: res.headers, body, ms: Date.now() - t0 };
}

/** Rows of `/v0/stats` for the 5-minute window, by endpoint id. */
export async function liveStats(t: TestApp): Promise<Map<string, { in_flight: number; queue_depth: number }>> {
  const r = await call(t.url, 'GET', '/v0/stats');
  const rows = (r.body.endpoints as { endpoint_id: string; window: string; in_flight: number; queue_depth: number }[]).filter((e) => e.window === '5m');
  return new Map(rows.map((e) => [e.endpoint_id, e]));
}
