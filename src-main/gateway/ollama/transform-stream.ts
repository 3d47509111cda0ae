/**
 * OpenAI SSE → Ollama NDJSON, for streamed `/api/chat` and `/api/generate` on non-Ollama endpoints.
 * Content deltas become `done:false` lines as they arrive; tool-call deltas are assembled and sent as
 * one line (Ollama sends whole tool calls); the stream ends with the `done:true` line carrying
 * `done_reason`, token counts from `usage` and nanosecond durations. Any failure — an upstream error
 * event, a lost connection, a stream that stops before `finish_reason` — ends it with one
 * `{"error":"…"}` line instead, which makes ollama-js throw rather than wait.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { ResponseTransform, StreamTransform } from '../proxy/transform.js';
import { type Json, asObject, doneReason, errorLine, line, num, statsFields } from './common.js';
import { type OpenAiToolCall, toOllamaToolCalls } from './messages.js';
import { type ReplyContext, completionToOllama, createdAt, upstreamErrorMessage } from './response.js';

/** The NDJSON content type Ollama streams with. */
export const NDJSON = 'application/x-ndjson';

interface PartialCall {
  id?: string;
  name: string;
  args: string;
}

/** The stream transform of one translated chat/generate request. */
export function sseToNdjson(rc: ReplyContext): ResponseTransform {
  return {
    kind: 'stream',
    open(status, ct) {
      if (status >= 300) return errorBody(status);
      if (!(ct ?? '').toLowerCase().startsWith('text/event-stream')) return wholeAnswer(rc);
      return new SseToNdjson(rc);
    },
  };
}

/** An upstream error answer, collected and re-said as `{"error":"…"}` with the upstream's status. */
function errorBody(status: number): StreamTransform {
  const chunks: Buffer[] = [];
  return {
    contentType: 'application/json; charset=utf-8',
    push(c) {
      chunks.push(c);
      return null;
    },
    end: () => JSON.stringify({ error: upstreamErrorMessage(status, Buffer.concat(chunks)) }),
    error: (f) => JSON.stringify({ error: f.message }),
  };
}

/** A server that ignored `stream:true` and sent one JSON body: it becomes a single `done:true` line. */
function wholeAnswer(rc: ReplyContext): StreamTransform {
  const chunks: Buffer[] = [];
  return {
    contentType: NDJSON,
    push(c) {
      chunks.push(c);
      return null;
    },
    end() {
      try {
        const obj = asObject(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        if (obj) return line(completionToOllama(obj, rc));
      } catch {
        // fall through
      }
      return errorLine('endpoint sent an invalid response');
    },
    error: (f) => errorLine(f.message),
  };
}

class SseToNdjson implements StreamTransform {
  readonly contentType = NDJSON;
  readonly #rc: ReplyContext;
  readonly #decoder = new TextDecoder();
  readonly #parser = createParser({ onEvent: (ev) => this.#event(ev) });
  readonly #calls = new Map<number, PartialCall>();
  #out: string[] = [];
  #finish: unknown = null;
  #sawDone = false;
  #failed = false;
  #promptTokens: number | null = null;
  #evalTokens: number | null = null;
  #pieces = 0;
  #firstAt: number | null = null;
  #timings: Json | null = null;

  constructor(rc: ReplyContext) {
    this.#rc = rc;
  }

  push(chunk: Buffer): string | null {
    if (this.#failed) return null;
    this.#parser.feed(this.#decoder.decode(chunk, { stream: true }));
    return this.#take();
  }

  end(): string | null {
    if (this.#failed) return null;
    this.#parser.feed(this.#decoder.decode());
    if (this.#failed) return this.#take();
    if (this.#finish === null && !this.#sawDone) {
      this.#failed = true;
      this.#out.push(errorLine('the endpoint ended the stream before the response was complete'));
      return this.#take();
    }
    this.#flushCalls();
    this.#out.push(line(this.#finalLine()));
    return this.#take();
  }

  error(f: { message: string }): string | null {
    if (this.#failed) return null;
    this.#failed = true;
    return errorLine(f.message);
  }

  #take(): string | null {
    if (this.#out.length === 0) return null;
    const s = this.#out.join('');
    this.#out = [];
    return s;
  }

  #event(ev: EventSourceMessage): void {
    if (this.#failed) return;
    if (ev.data === '[DONE]') {
      this.#sawDone = true;
      return;
    }
    let obj: Json | null;
    try {
      obj = asObject(JSON.parse(ev.data));
    } catch {
      return;
    }
    if (!obj) return;
    if (obj.error !== undefined || ev.event === 'error') {
      this.#failed = true;
      this.#out.push(errorLine(upstreamErrorMessage(500, ev.data)));
      return;
    }
    const usage = asObject(obj.usage);
    if (usage) {
      this.#promptTokens = num(usage.prompt_tokens) ?? this.#promptTokens;
      this.#evalTokens = num(usage.completion_tokens) ?? this.#evalTokens;
    }
    if (asObject(obj.timings)) this.#timings = asObject(obj.timings);
    const choice = asObject(Array.isArray(obj.choices) ? obj.choices[0] : undefined);
    if (!choice) return;
    const delta = asObject(choice.delta) ?? {};
    const text = typeof delta.content === 'string' ? delta.content : typeof choice.text === 'string' ? choice.text : '';
    const thinking = typeof delta.reasoning_content === 'string' ? delta.reasoning_content : '';
    if (text || thinking) this.#piece(text, thinking);
    if (Array.isArray(delta.tool_calls)) this.#toolDeltas(delta.tool_calls);
    if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
      this.#finish = choice.finish_reason;
      this.#flushCalls();
    }
  }

  #piece(text: string, thinking: string): void {
    this.#firstAt ??= this.#rc.elapsed();
    this.#pieces++;
    const base = { model: this.#rc.model, created_at: createdAt(this.#rc.now()) };
    if (this.#rc.kind === 'generate') {
      this.#out.push(line({ ...base, response: text, ...(thinking ? { thinking } : {}), done: false }));
    } else {
      this.#out.push(line({ ...base, message: { role: 'assistant', content: text, ...(thinking ? { thinking } : {}) }, done: false }));
    }
  }

  #toolDeltas(deltas: unknown[]): void {
    for (const d of deltas) {
      const o = asObject(d);
      if (!o) continue;
      const index = num(o.index) ?? this.#calls.size;
      const fn = asObject(o.function) ?? {};
      const cur = this.#calls.get(index) ?? { name: '', args: '' };
      if (typeof o.id === 'string' && o.id) cur.id = o.id;
      if (typeof fn.name === 'string') cur.name += fn.name;
      if (typeof fn.arguments === 'string') cur.args += fn.arguments;
      else if (asObject(fn.arguments)) cur.args = JSON.stringify(fn.arguments);
      this.#calls.set(index, cur);
    }
  }

  #flushCalls(): void {
    if (this.#calls.size === 0 || this.#rc.kind !== 'chat') return;
    const calls: OpenAiToolCall[] = [...this.#calls.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, c]) => ({ ...(c.id ? { id: c.id } : {}), name: c.name, arguments: c.args }));
    this.#calls.clear();
    this.#firstAt ??= this.#rc.elapsed();
    const message = { role: 'assistant', content: '', tool_calls: toOllamaToolCalls(calls) };
    this.#out.push(line({ model: this.#rc.model, created_at: createdAt(this.#rc.now()), message, done: false }));
  }

  #finalLine(): Json {
    const end = this.#rc.elapsed();
    const first = this.#firstAt ?? end;
    const t = this.#timings;
    const stats = statsFields({
      promptTokens: this.#promptTokens,
      evalTokens: this.#evalTokens ?? this.#pieces,
      totalMs: end,
      promptMs: num(t?.prompt_ms) ?? first,
      evalMs: num(t?.predicted_ms) ?? end - first,
    });
    const base = { model: this.#rc.model, created_at: createdAt(this.#rc.now()) };
    const reason = doneReason(this.#finish);
    if (this.#rc.kind === 'generate') return { ...base, response: '', done: true, done_reason: reason, context: [], ...stats };
    return { ...base, message: { role: 'assistant', content: '' }, done: true, done_reason: reason, ...stats };
  }
}
