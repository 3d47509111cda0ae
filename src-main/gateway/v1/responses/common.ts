/** Shared pieces of the Responses ⇄ chat translation: the reply context, output items, usage, finish reasons. Pure. */
import { randomBytes } from 'node:crypto';

/** A JSON object, loosely typed. */
export type Json = Record<string, unknown>;

/** The value as a plain object, or null. */
export function asObject(v: unknown): Json | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null;
}

/** A finite number, or null. */
export function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** What every translated answer needs to know about its request. */
export interface ReplyContext {
  /** The model the client asked for: reported back whatever the endpoint calls it. */
  readonly model: string;
  /** Epoch seconds of the request (`created_at`). */
  readonly createdAt: number;
  /** Request fields every response object repeats (instructions, tools, sampling, format). */
  readonly echo: Readonly<Json>;
  /** A new id with a prefix (`resp_`, `msg_`, `fc_`, `call_`); injected so tests are deterministic. */
  readonly newId: (prefix: string) => string;
}

/** A random id in OpenAI's style. */
export function randomId(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

/** The request fields a response object repeats, with OpenAI's defaults for the ones not given. */
export function echoFields(req: Readonly<Json>): Json {
  const format = asObject(asObject(req.text)?.format);
  return {
    instructions: typeof req.instructions === 'string' ? req.instructions : null,
    max_output_tokens: num(req.max_output_tokens),
    parallel_tool_calls: typeof req.parallel_tool_calls === 'boolean' ? req.parallel_tool_calls : true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    // Nothing is stored: the endpoint behind this translation is stateless.
    store: false,
    temperature: num(req.temperature),
    text: { format: format ?? { type: 'text' } },
    tool_choice: req.tool_choice ?? 'auto',
    tools: Array.isArray(req.tools) ? req.tools : [],
    top_p: num(req.top_p),
    truncation: 'disabled',
    user: typeof req.user === 'string' ? req.user : null,
    metadata: asObject(req.metadata) ?? {},
  };
}

/** Status of a response or item. */
export type Status = 'in_progress' | 'completed' | 'incomplete';

/** How a chat finish reason ends the response: cut by the token limit or a filter, it is incomplete. */
export function outcome(finish: unknown): { status: Status; incomplete_details: { reason: string } | null } {
  if (finish === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (finish === 'content_filter') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

/** Chat `usage` → Responses `usage` (null when the endpoint reported none). */
export function responsesUsage(u: unknown): Json | null {
  const o = asObject(u);
  if (!o) return null;
  const input = num(o.prompt_tokens) ?? 0;
  const output = num(o.completion_tokens) ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: num(asObject(o.prompt_tokens_details)?.cached_tokens) ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: num(asObject(o.completion_tokens_details)?.reasoning_tokens) ?? 0 },
    total_tokens: num(o.total_tokens) ?? input + output,
  };
}

/** One `output_text` content part. */
export function outputText(text: string): Json {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

/** An assistant `message` output item. */
export function messageItem(id: string, status: Status, content: Json[]): Json {
  return { id, type: 'message', status, role: 'assistant', content };
}

/** A `function_call` output item. */
export function functionCallItem(id: string, status: Status, callId: string, name: string, args: string): Json {
  return { id, type: 'function_call', status, call_id: callId, name, arguments: args };
}

/** What changes between the response objects of one request. */
export interface ResponseState {
  readonly id: string;
  readonly status: Status;
  readonly output: readonly Json[];
  readonly usage: Json | null;
  readonly incompleteDetails?: { reason: string } | null;
}

/** A whole response object. */
export function responseObject(rc: ReplyContext, s: ResponseState): Json {
  return {
    id: s.id,
    object: 'response',
    created_at: rc.createdAt,
    status: s.status,
    error: null,
    incomplete_details: s.incompleteDetails ?? null,
    ...rc.echo,
    model: rc.model,
    output: s.output,
    usage: s.usage,
  };
}

/** Tool-call arguments as the JSON text Responses wants (some servers send an object). */
export function argumentsText(v: unknown): string {
  if (typeof v === 'string') return v;
  return v === undefined || v === null ? '' : JSON.stringify(v);
}
