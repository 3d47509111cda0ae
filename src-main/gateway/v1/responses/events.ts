/**
 * The Responses event stream of one response, built from what a chat stream says: text deltas, tool-call
 * deltas, a finish reason, usage. Every event has its `sequence_number`, every item event its
 * `output_index` (the fields llama-server's own stream lacks and the Vercel AI SDK requires). Text goes
 * into a message item opened at the first delta; each tool call is a `function_call` item. A truncated
 * answer still ends with `response.completed`, carrying `status:"incomplete"` and `incomplete_details`
 * (clients that wait for `response.completed` then still finish; the AI SDK reads the reason).
 */
import { streamErrorObject } from '../../proxy/sse.js';
import type { StreamFailure } from '../../proxy/transform.js';
import { type Json, type ReplyContext, type Status, functionCallItem, messageItem, outcome, outputText, responseObject } from './common.js';

interface OpenMessage {
  readonly index: number;
  readonly id: string;
  text: string;
}

interface OpenCall {
  readonly index: number;
  readonly id: string;
  readonly callId: string;
  name: string;
  args: string;
}

/** A piece of one streamed tool call (chat `delta.tool_calls[i]`). */
export interface ToolDelta {
  readonly id?: string;
  readonly name?: string;
  readonly args?: string;
}

/** Builds the events of one response; each method returns the SSE text to send (possibly empty). */
export class ResponseEvents {
  readonly #rc: ReplyContext;
  readonly #id: string;
  #seq = 0;
  /** Finished items by output index. */
  readonly #output: Json[] = [];
  #next = 0;
  #message: OpenMessage | null = null;
  /** Open function calls by the chat stream's tool-call index. */
  readonly #calls = new Map<number, OpenCall>();
  #end = outcome(null);

  constructor(rc: ReplyContext) {
    this.#rc = rc;
    this.#id = rc.newId('resp_');
  }

  /** `response.created` and `response.in_progress`. */
  start(): string {
    const response = responseObject(this.#rc, { id: this.#id, status: 'in_progress', output: [], usage: null });
    return this.#ev('response.created', { response }) + this.#ev('response.in_progress', { response });
  }

  /** A text delta (opens the message item first when none is open). */
  text(delta: string): string {
    if (delta === '') return '';
    let head = '';
    if (!this.#message) {
      const m: OpenMessage = { index: this.#next++, id: this.#rc.newId('msg_'), text: '' };
      this.#message = m;
      head =
        this.#ev('response.output_item.added', { output_index: m.index, item: messageItem(m.id, 'in_progress', []) }) +
        this.#ev('response.content_part.added', { item_id: m.id, output_index: m.index, content_index: 0, part: outputText('') });
    }
    const m = this.#message;
    m.text += delta;
    return head + this.#ev('response.output_text.delta', { item_id: m.id, output_index: m.index, content_index: 0, delta, logprobs: [] });
  }

  /** A tool-call delta: the first one for an index closes the message and opens a `function_call` item. */
  toolCall(index: number, d: ToolDelta): string {
    let out = '';
    let call = this.#calls.get(index);
    if (!call) {
      out += this.#closeMessage('completed');
      call = { index: this.#next++, id: this.#rc.newId('fc_'), callId: d.id || this.#rc.newId('call_'), name: d.name ?? '', args: '' };
      this.#calls.set(index, call);
      out += this.#ev('response.output_item.added', { output_index: call.index, item: functionCallItem(call.id, 'in_progress', call.callId, call.name, '') });
    } else if (d.name && !call.name) {
      call.name = d.name;
    }
    if (d.args) {
      call.args += d.args;
      out += this.#ev('response.function_call_arguments.delta', { item_id: call.id, output_index: call.index, delta: d.args });
    }
    return out;
  }

  /** The chat finish reason (null when the stream ended without one): closes every open item. */
  finish(reason: unknown): string {
    this.#end = outcome(reason);
    let out = this.#closeMessage(this.#end.status);
    for (const call of [...this.#calls.values()].sort((a, b) => a.index - b.index)) {
      const item = functionCallItem(call.id, this.#end.status, call.callId, call.name, call.args);
      this.#output[call.index] = item;
      out +=
        this.#ev('response.function_call_arguments.done', { item_id: call.id, output_index: call.index, name: call.name, arguments: call.args }) +
        this.#ev('response.output_item.done', { output_index: call.index, item });
    }
    this.#calls.clear();
    return out;
  }

  /** `response.completed` with the whole output and usage (an answer without items gets its empty message). */
  complete(usage: Json | null): string {
    let out = '';
    if (this.#next === 0) {
      const m: OpenMessage = { index: this.#next++, id: this.#rc.newId('msg_'), text: '' };
      out +=
        this.#ev('response.output_item.added', { output_index: m.index, item: messageItem(m.id, 'in_progress', []) }) +
        this.#ev('response.content_part.added', { item_id: m.id, output_index: m.index, content_index: 0, part: outputText('') });
      this.#message = m;
      out += this.#closeMessage(this.#end.status);
    }
    const response = responseObject(this.#rc, {
      id: this.#id,
      status: this.#end.status,
      incompleteDetails: this.#end.incomplete_details,
      output: this.#output.filter((x) => x !== undefined),
      usage,
    });
    return out + this.#ev('response.completed', { response });
  }

  /** The `error` event that ends a failed stream (the shape the AI SDK validates; `error` also for the openai SDK). */
  error(f: StreamFailure): string {
    const error = streamErrorObject(f);
    return this.#ev('error', { error, code: error.code, message: error.message, param: null });
  }

  #closeMessage(status: Status): string {
    const m = this.#message;
    if (!m) return '';
    this.#message = null;
    const part = outputText(m.text);
    const item = messageItem(m.id, status, [part]);
    this.#output[m.index] = item;
    return (
      this.#ev('response.output_text.done', { item_id: m.id, output_index: m.index, content_index: 0, text: m.text, logprobs: [] }) +
      this.#ev('response.content_part.done', { item_id: m.id, output_index: m.index, content_index: 0, part }) +
      this.#ev('response.output_item.done', { output_index: m.index, item })
    );
  }

  #ev(type: string, data: Json): string {
    return `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: this.#seq++, ...data })}\n\n`;
  }
}
