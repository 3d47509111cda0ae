/** Anthropic Messages SSE events → OpenAI `chat.completion.chunk` SSE, one event at a time (no I/O). */
import { finishReason, toChatUsage, type ChatUsage } from './anthropic-response.js';
import { toOpenAiError } from './errors.js';

type Json = Record<string, unknown>;

/** Options of a stream translation. */
export interface StreamTranslatorOptions {
  /** Model name to report (what the client asked for). */
  readonly model: string;
  readonly created: number;
  /** `stream_options.include_usage`: send a usage chunk before `[DONE]`. */
  readonly includeUsage: boolean;
}

function sse(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

/** Translates one Anthropic stream; feed it events in order, write what it returns. */
export class AnthropicStreamTranslator {
  readonly #opts: StreamTranslatorOptions;
  #id = '';
  #usage: Json = {};
  #stop: unknown = null;
  #done = false;
  #failed = false;
  #contentSeen = false;
  readonly #toolIndex = new Map<number, number>();

  constructor(opts: StreamTranslatorOptions) {
    this.#opts = opts;
    this.#id = `chatcmpl-${opts.created}`;
  }

  /** True once the stream ended (message_stop or an error event). */
  get done(): boolean {
    return this.#done;
  }

  /** True when the stream ended with an error. */
  get failed(): boolean {
    return this.#failed;
  }

  /** True once a content or tool-call delta went out (time to first token). */
  get contentSeen(): boolean {
    return this.#contentSeen;
  }

  /** Usage so far, in OpenAI terms. */
  usage(): ChatUsage {
    return toChatUsage(this.#usage);
  }

  #chunk(delta: Json, finish: string | null = null): string {
    return sse({
      id: this.#id,
      object: 'chat.completion.chunk',
      created: this.#opts.created,
      model: this.#opts.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    });
  }

  /** Feeds one event's `data`; returns the OpenAI SSE text to send ('' for nothing). */
  push(data: string): string {
    if (this.#done) return '';
    let ev: Json;
    try {
      ev = JSON.parse(data) as Json;
    } catch {
      return '';
    }
    switch (ev.type) {
      case 'message_start': {
        const m = (ev.message ?? {}) as Json;
        if (typeof m.id === 'string') this.#id = m.id;
        this.#usage = { ...((m.usage as Json | undefined) ?? {}) };
        return this.#chunk({ role: 'assistant', content: '' });
      }
      case 'content_block_start': {
        const block = (ev.content_block ?? {}) as Json;
        const index = Number(ev.index);
        if (block.type === 'tool_use') {
          const toolIndex = this.#toolIndex.size;
          this.#toolIndex.set(index, toolIndex);
          this.#contentSeen = true;
          return this.#chunk({
            tool_calls: [{ index: toolIndex, id: String(block.id ?? ''), type: 'function', function: { name: String(block.name ?? ''), arguments: '' } }],
          });
        }
        if (block.type === 'text' && typeof block.text === 'string' && block.text !== '') {
          this.#contentSeen = true;
          return this.#chunk({ content: block.text });
        }
        return '';
      }
      case 'content_block_delta': {
        const d = (ev.delta ?? {}) as Json;
        if (d.type === 'text_delta' && typeof d.text === 'string') {
          this.#contentSeen = true;
          return this.#chunk({ content: d.text });
        }
        const toolIndex = this.#toolIndex.get(Number(ev.index));
        if (d.type === 'input_json_delta' && toolIndex !== undefined && typeof d.partial_json === 'string') {
          return this.#chunk({ tool_calls: [{ index: toolIndex, function: { arguments: d.partial_json } }] });
        }
        return ''; // thinking and signature deltas have no chat-completions equivalent
      }
      case 'message_delta': {
        const d = (ev.delta ?? {}) as Json;
        if (d.stop_reason !== undefined && d.stop_reason !== null) this.#stop = d.stop_reason;
        if (ev.usage && typeof ev.usage === 'object') Object.assign(this.#usage, ev.usage);
        return '';
      }
      case 'message_stop':
        return this.#finish();
      case 'error':
        this.#done = true;
        this.#failed = true;
        return sse(toOpenAiError('anthropic', 500, data));
      default:
        return ''; // ping, content_block_stop
    }
  }

  #finish(): string {
    this.#done = true;
    let out = this.#chunk({}, finishReason(this.#stop));
    if (this.#opts.includeUsage) {
      out += sse({ id: this.#id, object: 'chat.completion.chunk', created: this.#opts.created, model: this.#opts.model, choices: [], usage: this.usage() });
    }
    return out + sse('[DONE]');
  }

  /** The upstream ended or failed: returns an error event unless the stream already finished. */
  end(reason = 'anthropic: upstream stream ended before message_stop'): string {
    if (this.#done) return '';
    this.#done = true;
    this.#failed = true;
    return sse({ error: { message: reason, type: 'server_error', param: null, code: 'upstream_error' } });
  }
}
