/** Serialises async work per key: one writer per endpoint, so status writes never interleave. */

/** A per-key FIFO lock. */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<unknown>>();

  /** Runs `fn` after every earlier task of the same key has settled. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.#tails.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return next;
  }

  /** True when work is queued or running for `key`. */
  busy(key: string): boolean {
    return this.#tails.has(key);
  }
}
