/** Bounded waits on the injected clock (no timer outlives the wait). */
import type { Clock } from '../util/time.js';

/** Resolves when `p` settles, `ms` pass or `signal` aborts, whichever comes first; never rejects. */
export function settleWithin(clock: Clock, p: Promise<unknown>, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clock.clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = clock.setTimeout(done, ms);
    if (signal?.aborted) return done();
    signal?.addEventListener('abort', done, { once: true });
    p.then(done, done);
  });
}
