/**
 * Reading an upstream body without the stream's async iterator. `for await` costs an async
 * generator, an end-of-stream watcher and a promise per chunk. `next()` pulls the first chunk(s)
 * (synchronously when buffered, one promise when it has to wait); `forEach()` then lets the rest
 * flow as 'data' events, pausing for backpressure. Errors are the stream's own (so they classify by
 * undici's `code` as before); a close before the end is ERR_STREAM_PREMATURE_CLOSE, as `for await`
 * reports it.
 */
import type { Readable } from 'node:stream';

const WAIT = Symbol('wait');

interface Sink {
  readonly onChunk: (chunk: Buffer) => boolean;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/** Reads a Readable: pulled chunk by chunk, then flowing into a callback. */
export class ChunkReader {
  readonly #s: Readable;
  #wake: (() => void) | null = null;
  #sink: Sink | null = null;
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

  /**
   * Hands every remaining chunk to `onChunk` as it arrives: the stream switches to flowing mode, so a
   * chunk costs one 'data' event, no promise and no read() round. `onChunk` returns false to pause the
   * stream until `resume()` (the client's socket is full). Resolves at the end; rejects with what
   * `next()` would throw, what `onChunk` throws, or the error given to `fail()`.
   */
  forEach(onChunk: (chunk: Buffer) => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#error !== undefined) return reject(this.#error);
      if (this.#ended) return resolve();
      if (this.#closed) return reject(prematureClose());
      this.#sink = { onChunk, resolve, reject };
      this.#s.off('readable', this.#notify);
      this.#s.on('data', this.#onData);
      this.#s.resume();
    });
  }

  /** Flows again after `onChunk` returned false. */
  resume(): void {
    if (this.#sink !== null) this.#s.resume();
  }

  /** Ends a `forEach` with `error` (e.g. the client went away while the stream was paused). */
  fail(error: unknown): void {
    this.#settle()?.reject(error);
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

  /** Takes the pending forEach (at most once). */
  #settle(): Sink | null {
    const sink = this.#sink;
    this.#sink = null;
    return sink;
  }

  readonly #onData = (chunk: Buffer): void => {
    const sink = this.#sink;
    if (sink === null) return;
    let more: boolean;
    try {
      more = sink.onChunk(chunk);
    } catch (e) {
      this.#settle();
      this.#s.pause();
      sink.reject(e);
      return;
    }
    if (!more) this.#s.pause();
  };

  readonly #notify = (): void => {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  };

  readonly #onEnd = (): void => {
    this.#ended = true;
    this.#settle()?.resolve();
    this.#notify();
  };

  readonly #onError = (e: unknown): void => {
    if (this.#error === undefined) this.#error = e;
    this.#settle()?.reject(e);
    this.#notify();
  };

  readonly #onClose = (): void => {
    this.#closed = true;
    if (!this.#ended) this.#settle()?.reject(this.#error ?? prematureClose());
    this.#notify();
  };
}
