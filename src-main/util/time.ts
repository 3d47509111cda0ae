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

/** RFC 3339 UTC timestamp of an epoch-ms value. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
