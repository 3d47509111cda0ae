/** Reads `/v0/events` with fetch + a stream reader (EventSource cannot send the auth header), reconnecting with backoff. */
import { createParser } from 'eventsource-parser';
import type { LlmlbEvent } from '../../src-main/admin/types';
import { ClientError } from './client';

/** Options of {@link openEventStream}. */
export interface EventStreamOptions {
  readonly url: string;
  readonly headers: () => Record<string, string>;
  readonly fetchImpl: typeof fetch;
  readonly listener: (event: LlmlbEvent) => void;
  readonly onOpen?: () => void;
  readonly onError?: (error: ClientError) => void;
  /** First reconnect delay; doubles up to `maxDelayMs`. */
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
}

/** Parses one SSE data payload; malformed payloads are dropped rather than crashing the stream. */
function parseEvent(data: string): LlmlbEvent | null {
  try {
    const value = JSON.parse(data) as unknown;
    if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') {
      return value as LlmlbEvent;
    }
  } catch {
    // ignore: keep-alives and junk are not events
  }
  return null;
}

/** Opens the event stream; returns a function that closes it for good. */
export function openEventStream(opts: EventStreamOptions): () => void {
  const minDelay = opts.minDelayMs ?? 1000;
  const maxDelay = opts.maxDelayMs ?? 30_000;
  let closed = false;
  let delay = minDelay;
  let abort: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const parser = createParser({
    onEvent(message) {
      const event = parseEvent(message.data);
      if (event) opts.listener(event);
    },
  });

  function schedule(): void {
    if (closed) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, delay);
    delay = Math.min(delay * 2, maxDelay);
  }

  async function connect(): Promise<void> {
    if (closed) return;
    abort = new AbortController();
    parser.reset();
    try {
      const res = await opts.fetchImpl(opts.url, {
        headers: { ...opts.headers(), accept: 'text/event-stream' },
        signal: abort.signal,
        cache: 'no-store',
      });
      if (!res.ok || !res.body) {
        const code = res.status === 401 ? 'unauthorized' : res.status === 403 ? 'forbidden' : 'bad_response';
        opts.onError?.(new ClientError(code, `Live events unavailable (HTTP ${res.status})`, res.status));
        // A rejected key will not get better by retrying; the session asks for a new one and resubscribes.
        if (res.status === 401 || res.status === 403) return;
        schedule();
        return;
      }
      delay = minDelay;
      opts.onOpen?.();
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(value);
      }
      if (!closed) opts.onError?.(new ClientError('network_error', 'Live events disconnected', 0));
    } catch (e) {
      if (closed) return;
      const message = e instanceof Error ? e.message : String(e);
      opts.onError?.(new ClientError('network_error', `Live events disconnected: ${message}`, 0));
    }
    schedule();
  }

  void connect();
  return () => {
    closed = true;
    if (timer) clearTimeout(timer);
    abort?.abort();
  };
}
