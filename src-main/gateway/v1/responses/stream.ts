/**
 * A streamed chat completion (SSE) → the Responses event stream, chunk by chunk. The response is
 * announced at the first upstream byte; `response.completed` goes out at `data: [DONE]` (or at the end
 * of the body once a finish reason was seen), so it carries the usage chunk that follows the finish.
 * Any failure — an upstream error event, a lost connection, a stream that stops before it finished —
 * ends the stream with one `error` event.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { ResponseTransform, StreamFailure, StreamTransform } from '../../proxy/transform.js';
import { readChatAnswer } from './buffered.js';
import { type Json, type ReplyContext, argumentsText, asObject, num, responsesUsage } from './common.js';
import { ResponseEvents } from './events.js';

const SSE_CT = 'text/event-stream; charset=utf-8';

/** The stream transform of a translated streaming request; upstream errors (≥ 300) pass through as they are. */
export function responsesFromChatStream(rc: ReplyContext): ResponseTransform {
  return {
    kind: 'stream',
    open(status, ct) {
      if (status >= 300) return null;
      return (ct ?? '').toLowerCase().startsWith('text/event-stream') ? new ChatSseToResponses(rc) : new WholeAnswer(rc);
    },
  };
}

/** The message of an upstream error event (`{"error":{"message"}}` or `{"error":"…"}`). */
function upstreamMessage(obj: Json): string {
  const e = obj.error;
  const m = typeof e === 'string' ? e : asObject(e)?.message;
  return typeof m === 'string' && m ? `endpoint error: ${m}` : 'the endpoint reported an error mid-stream';
}

class ChatSseToResponses implements StreamTransform {
  readonly contentType = SSE_CT;
  readonly #events: ResponseEvents;
  readonly #decoder = new TextDecoder();
  readonly #parser = createParser({ onEvent: (ev) => this.#event(ev) });
  #out = '';
  #started = false;
  #finished = false;
  /** Completed or failed: nothing more is sent. */
  #over = false;
  #usage: Json | null = null;

  constructor(rc: ReplyContext) {
    this.#events = new ResponseEvents(rc);
  }

  push(chunk: Buffer): string | null {
    if (this.#over) return null;
    if (!this.#started) {
      this.#started = true;
      this.#out += this.#events.start();
    }
    this.#parser.feed(this.#decoder.decode(chunk, { stream: true }));
    return this.#take();
  }

  end(): string | null {
    if (this.#over) return null;
    this.#parser.feed(this.#decoder.decode());
    if (!this.#over) {
      // A server that closes after its finish chunk without `[DONE]` still finished.
      if (this.#finished) this.#complete();
      else this.#fail({ code: 'upstream_error', message: 'the endpoint ended the stream before the response was complete' });
    }
    return this.#take();
  }

  error(f: StreamFailure): string | null {
    // After completion (or an error event already sent) the client has everything: close cleanly.
    if (this.#over) return '';
    this.#over = true;
    return (this.#take() ?? '') + this.#events.error(f);
  }

  #take(): string | null {
    const s = this.#out;
    this.#out = '';
    return s === '' ? null : s;
  }

  #fail(f: StreamFailure): void {
    this.#over = true;
    this.#out += this.#events.error(f);
  }

  #complete(): void {
    this.#over = true;
    this.#out += this.#events.complete(this.#usage);
  }

  #event(ev: EventSourceMessage): void {
    if (this.#over) return;
    if (ev.data === '[DONE]') {
      if (!this.#finished) this.#out += this.#events.finish(null);
      this.#finished = true;
      this.#complete();
      return;
    }
    let obj: Json | null;
    try {
      obj = asObject(JSON.parse(ev.data));
    } catch {
      obj = null;
    }
    if (ev.event === 'error' || (obj?.error !== undefined && obj.error !== null)) return this.#fail({ code: 'upstream_error', message: upstreamMessage(obj ?? {}) });
    if (!obj) return;
    if (asObject(obj.usage)) this.#usage = responsesUsage(obj.usage);
    const choice = asObject(Array.isArray(obj.choices) ? obj.choices[0] : undefined);
    if (!choice) return;
    const delta = asObject(choice.delta) ?? {};
    if (typeof delta.content === 'string') this.#out += this.#events.text(delta.content);
    if (Array.isArray(delta.tool_calls)) {
      delta.tool_calls.forEach((raw, i) => {
        const d = asObject(raw) ?? {};
        const fn = asObject(d.function) ?? {};
        const index = num(d.index) ?? i;
        const args = argumentsText(fn.arguments);
        this.#out += this.#events.toolCall(index, {
          ...(typeof d.id === 'string' ? { id: d.id } : {}),
          ...(typeof fn.name === 'string' ? { name: fn.name } : {}),
          ...(args ? { args } : {}),
        });
      });
    }
    if (choice.finish_reason !== null && choice.finish_reason !== undefined && !this.#finished) {
      this.#finished = true;
      this.#out += this.#events.finish(choice.finish_reason);
    }
  }
}

/** A server that ignored `stream:true` and sent one JSON answer: replayed as the whole event sequence. */
class WholeAnswer implements StreamTransform {
  readonly contentType = SSE_CT;
  readonly #rc: ReplyContext;
  readonly #chunks: Buffer[] = [];

  constructor(rc: ReplyContext) {
    this.#rc = rc;
  }

  push(chunk: Buffer): null {
    this.#chunks.push(chunk);
    return null;
  }

  end(): string {
    const events = new ResponseEvents(this.#rc);
    let chat: Json | null = null;
    try {
      chat = asObject(JSON.parse(Buffer.concat(this.#chunks).toString('utf8')));
    } catch {
      chat = null;
    }
    if (!chat) return events.error({ code: 'upstream_error', message: 'the endpoint sent an invalid response' });
    const a = readChatAnswer(chat);
    let out = events.start() + events.text(a.text);
    a.calls.forEach((c, i) => (out += events.toolCall(i, { ...(c.id ? { id: c.id } : {}), name: c.name, args: c.args })));
    return out + events.finish(a.finish) + events.complete(a.usage);
  }

  error(f: StreamFailure): string {
    return new ResponseEvents(this.#rc).error(f);
  }
}
