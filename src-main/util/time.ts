/** Time seams: an injectable clock so schedulers and tests do not depend on the wall clock. */

/** A clock with timers; the real one wraps Date and setTimeout. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The process clock; timers are unref'd so they never keep the process alive on their own. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

// The request log stamps every request: the `YYYY-MM-DDTHH:MM:SS.` part is reused within a second.
let cachedSecond = NaN;
let cachedPrefix = '';

/** RFC 3339 UTC timestamp of an epoch-ms value (always with milliseconds, like `toISOString`). */
export function iso(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond || !Number.isInteger(ms)) {
    const s = new Date(ms).toISOString();
    if (!Number.isInteger(ms) || s.length !== 24) return s; // fractions, and years past 9999
    cachedSecond = second;
    cachedPrefix = s.slice(0, 20);
    return s;
  }
  const milli = ms - second * 1000;
  return `${cachedPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}
