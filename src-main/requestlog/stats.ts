/** In-memory rolling statistics per endpoint and per model over 5 min, 1 h and 24 h. */
import type { RequestRecord } from '../app-services.js';
import { endpointKey, isFailure, percentileSorted } from './classify.js';
import { RollingWindow, type WindowSpec } from './window.js';

/** The statistics windows. */
export type WindowName = '5m' | '1h' | '24h';

/** Every window, shortest first. */
export const WINDOWS: readonly WindowName[] = ['5m', '1h', '24h'];

const SPECS: Readonly<Record<WindowName, WindowSpec>> = {
  '5m': { spanMs: 5 * 60_000, buckets: 30, samples: 128 },
  '1h': { spanMs: 60 * 60_000, buckets: 60, samples: 64 },
  '24h': { spanMs: 24 * 60 * 60_000, buckets: 96, samples: 64 },
};

/** Numbers of one key over one window. */
export interface WindowStats {
  readonly requests: number;
  readonly errors: number;
  readonly p50_ms: number | null;
  readonly p95_ms: number | null;
  readonly ttft_p50_ms: number | null;
  readonly ttft_p95_ms: number | null;
}

type Windows = Record<WindowName, RollingWindow>;

/** Most distinct models tracked at once; traffic for further models is left out of per-model stats. */
export const MAX_MODEL_KEYS = 200;

/** Rolling statistics keyed by endpoint (id or `cloud:<provider>`) and by model. */
export class RollingStats {
  readonly #endpoints = new Map<string, Windows>();
  readonly #models = new Map<string, Windows>();

  constructor(private readonly random: () => number = Math.random) {}

  #windows(): Windows {
    return {
      '5m': new RollingWindow(SPECS['5m'], this.random),
      '1h': new RollingWindow(SPECS['1h'], this.random),
      '24h': new RollingWindow(SPECS['24h'], this.random),
    };
  }

  /** Adds one request. */
  add(r: RequestRecord): void {
    const key = endpointKey(r);
    if (key === null) return; // unrouted (e.g. unknown model): nothing to attribute it to
    const failed = isFailure(r);
    let ep = this.#endpoints.get(key);
    if (!ep) this.#endpoints.set(key, (ep = this.#windows()));
    for (const w of WINDOWS) ep[w].add(r.at, r.latencyMs, r.ttftMs, failed);
    if (!r.model) return;
    let m = this.#models.get(r.model);
    if (!m) {
      if (this.#models.size >= MAX_MODEL_KEYS) return;
      this.#models.set(r.model, (m = this.#windows()));
    }
    for (const w of WINDOWS) m[w].add(r.at, r.latencyMs, r.ttftMs, failed);
  }

  /** Endpoint keys with traffic inside the last 24 h. */
  endpointKeys(): string[] {
    return [...this.#endpoints.keys()];
  }

  /** Model names with traffic inside the last 24 h. */
  modelKeys(): string[] {
    return [...this.#models.keys()];
  }

  /** Stats of an endpoint key over a window (zeros when unseen). */
  endpoint(key: string, w: WindowName, now: number): WindowStats {
    return summarize(this.#endpoints.get(key)?.[w], now);
  }

  /** Stats of a model over a window (zeros when unseen). */
  model(name: string, w: WindowName, now: number): WindowStats {
    return summarize(this.#models.get(name)?.[w], now);
  }

  /** Drops keys whose 24 h window is empty, so deleted endpoints and old models do not pile up. */
  sweep(now: number): void {
    for (const map of [this.#endpoints, this.#models]) {
      for (const [k, ws] of map) if (ws['24h'].idle(now)) map.delete(k);
    }
  }
}

function summarize(w: RollingWindow | undefined, now: number): WindowStats {
  if (!w) return { requests: 0, errors: 0, p50_ms: null, p95_ms: null, ttft_p50_ms: null, ttft_p95_ms: null };
  const s = w.snapshot(now);
  const lat = s.latency.sort((a, b) => a - b);
  const ttft = s.ttft.sort((a, b) => a - b);
  return {
    requests: s.requests,
    errors: s.errors,
    p50_ms: round(percentileSorted(lat, 50)),
    p95_ms: round(percentileSorted(lat, 95)),
    ttft_p50_ms: round(percentileSorted(ttft, 50)),
    ttft_p95_ms: round(percentileSorted(ttft, 95)),
  };
}

function round(v: number | null): number | null {
  return v === null ? null : Math.round(v * 10) / 10;
}
