/**
 * Pull-style reading of an upstream body without the stream's async iterator. `for await` costs an
 * async generator, an end-of-stream watcher and a promise per chunk; this returns buffered chunks
 * synchronously and allocates a promise only when it has to wait. Errors are the stream's own (so
 * they classify by undici's `code` as before); a close before the end is ERR_STREAM_PREMATURE_CLOSE,
 * as `for await` reports it.
 */
import type { Readable } from 'node:stream';

const WAIT = Symbol('wait');

function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/** Reads a Readable chunk by chunk (paused mode, so backpressure reaches the upstream socket). */
export class ChunkReader {
  readonly #s: Readable;
  #wake: (() => void) | null = null;
  #ended = false;
  #closed = false;
  #error: unknown = undefined;

  constructor(stream: Readable) {
    this.#s = stream;
    stream.on('readable', this.#notify);
    stream.on('end', this.#onEnd);
    stream.on('error', this.#onError);
    stream.on('close', this.#onClose);
  }

  /** The next chunk, or null at the end; a promise only when nothing is buffered yet. Throws the stream's error. */
  next(): Buffer | null | Promise<Buffer | null> {
    const r = this.#poll();
    return r === WAIT ? this.#wait() : r;
  }

  /** Stops reading early: destroying the body releases (or closes) the upstream socket. */
  cancel(): void {
    if (!this.#s.destroyed) this.#s.destroy();
  }

  #poll(): Buffer | null | typeof WAIT {
    if (this.#error !== undefined) throw this.#error;
    const chunk = this.#s.read() as Buffer | null;
    if (chunk !== null) return chunk;
    if (this.#ended) return null;
    if (this.#closed) throw prematureClose();
    return WAIT;
  }

  async #wait(): Promise<Buffer | null> {
    for (;;) {
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      const r = this.#poll();
      if (r !== WAIT) return r;
    }
  }

  readonly #notify = (): void => {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  };

  readonly #onEnd = (): void => {
    this.#ended = true;
    this.#notify();
  };

  readonly #onError = (e: unknown): void => {
    if (this.#error === undefined) this.#error = e;
    this.#notify();
  };

  readonly #onClose = (): void => {
    this.#closed = true;
    this.#notify();
  };
}
