/** Pure translation of an Anthropic Messages response into an OpenAI chat completion. */

type Json = Record<string, unknown>;

/** OpenAI `usage` of a chat completion. */
export interface ChatUsage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
  readonly prompt_tokens_details?: { readonly cached_tokens: number };
}

/** An OpenAI tool call. */
export interface ToolCall {
  readonly id: string;
  readonly type: 'function';
  readonly function: { readonly name: string; readonly arguments: string };
}

/** OpenAI `finish_reason` for an Anthropic `stop_reason`. */
export function finishReason(stop: unknown): string {
  switch (stop) {
    case 'max_tokens':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'stop'; // end_turn, stop_sequence, pause_turn
  }
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** OpenAI usage from Anthropic usage (cache reads and writes count as prompt tokens). */
export function toChatUsage(usage: unknown): ChatUsage {
  const u = (typeof usage === 'object' && usage !== null ? usage : {}) as Json;
  const cached = num(u.cache_read_input_tokens);
  const prompt = num(u.input_tokens) + num(u.cache_creation_input_tokens) + cached;
  const completion = num(u.output_tokens);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, prompt_tokens_details: { cached_tokens: cached } };
}

/** The OpenAI chat completion for a Messages response; `model` is what the client asked for. */
export function toChatCompletion(msg: Json, model: string, created: number): Json {
  const blocks = Array.isArray(msg.content) ? (msg.content as Json[]) : [];
  const text = blocks
    .filter((b) => b.type === 'text' && typeof b.text === 'string')
    .map((b) => b.text as string)
    .join('');
  const toolCalls: ToolCall[] = blocks
    .filter((b) => b.type === 'tool_use')
    .map((b) => ({ id: String(b.id ?? ''), type: 'function', function: { name: String(b.name ?? ''), arguments: JSON.stringify(b.input ?? {}) } }));
  const message: Json = { role: 'assistant', content: text === '' && toolCalls.length ? null : text, refusal: null };
  if (toolCalls.length) message.tool_calls = toolCalls;
  return {
    id: typeof msg.id === 'string' ? msg.id : `chatcmpl-${created}`,
    object: 'chat.completion',
    created,
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(msg.stop_reason) }],
    usage: toChatUsage(msg.usage),
  };
}
