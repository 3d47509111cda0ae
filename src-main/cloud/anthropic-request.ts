/** Pure translation of an OpenAI chat completion request into an Anthropic Messages request. */
import { AppError } from '../util/errors.js';

type Json = Record<string, unknown>;

/** An Anthropic content block as sent. */
export type AnthropicBlock = Json & { readonly type: string };

/** An Anthropic message as sent. */
export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: AnthropicBlock[];
}

/** `max_tokens` when the request sets none (the Messages API requires it). */
export const DEFAULT_MAX_TOKENS = 4096;

function bad(message: string, param: string): AppError {
  return new AppError('invalid_request', message, { param });
}

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Text of a content value that must be plain text (system, tool results). */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (isObj(p) && typeof p.text === 'string' ? p.text : ''))
      .filter(Boolean)
      .join('\n');
  }
  return '';
}

/** An `image_url` part as an Anthropic image block (data URLs inline, others by URL). */
export function imageBlock(url: string): AnthropicBlock {
  const m = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (m) return { type: 'image', source: { type: 'base64', media_type: m[1], data: m[2] } };
  return { type: 'image', source: { type: 'url', url } };
}

function userBlocks(content: unknown, i: number): AnthropicBlock[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (!Array.isArray(content)) throw bad(`messages[${i}].content must be a string or an array`, `messages[${i}].content`);
  return content.map((p, j): AnthropicBlock => {
    if (!isObj(p)) throw bad(`messages[${i}].content[${j}] must be an object`, `messages[${i}].content`);
    if (p.type === 'text') return { type: 'text', text: String(p.text ?? '') };
    if (p.type === 'image_url') {
      const u = isObj(p.image_url) ? p.image_url.url : p.image_url;
      if (typeof u !== 'string') throw bad(`messages[${i}].content[${j}].image_url.url is required`, `messages[${i}].content`);
      return imageBlock(u);
    }
    throw bad(`content part type ${JSON.stringify(p.type)} is not supported for anthropic models`, `messages[${i}].content`);
  });
}

function parseArgs(args: unknown): unknown {
  if (typeof args !== 'string' || args.trim() === '') return {};
  try {
    return JSON.parse(args);
  } catch {
    return {};
  }
}

function assistantBlocks(m: Json): AnthropicBlock[] {
  const blocks: AnthropicBlock[] = [];
  const text = textOf(m.content);
  if (text) blocks.push({ type: 'text', text });
  for (const tc of Array.isArray(m.tool_calls) ? m.tool_calls : []) {
    if (!isObj(tc) || !isObj(tc.function)) continue;
    blocks.push({ type: 'tool_use', id: String(tc.id ?? ''), name: String(tc.function.name ?? ''), input: parseArgs(tc.function.arguments) });
  }
  return blocks;
}

/** Splits OpenAI messages into Anthropic's `system` text and alternating user/assistant messages. */
export function translateMessages(messages: unknown): { system: string | null; messages: AnthropicMessage[] } {
  if (!Array.isArray(messages) || messages.length === 0) throw bad("'messages' must be a non-empty array", 'messages');
  const system: string[] = [];
  const out: AnthropicMessage[] = [];
  const push = (role: 'user' | 'assistant', content: AnthropicBlock[]) => {
    if (content.length === 0) return;
    const last = out.at(-1);
    // Consecutive same-role turns (e.g. several tool results) become one message.
    if (last && last.role === role) last.content.push(...content);
    else out.push({ role, content });
  };
  messages.forEach((m, i) => {
    if (!isObj(m)) throw bad(`messages[${i}] must be an object`, `messages[${i}]`);
    switch (m.role) {
      case 'system':
      case 'developer': {
        const t = textOf(m.content);
        if (t) system.push(t);
        return;
      }
      case 'user':
        return push('user', userBlocks(m.content, i));
      case 'assistant':
        return push('assistant', assistantBlocks(m));
      case 'tool':
      case 'function':
        return push('user', [{ type: 'tool_result', tool_use_id: String(m.tool_call_id ?? m.name ?? ''), content: textOf(m.content) }]);
      default:
        throw bad(`messages[${i}].role ${JSON.stringify(m.role)} is not supported`, `messages[${i}].role`);
    }
  });
  if (out.length === 0) throw bad('at least one user or assistant message is required', 'messages');
  return { system: system.length ? system.join('\n\n') : null, messages: out };
}

function translateTools(tools: unknown): Json[] | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  return tools.filter(isObj).map((t) => {
    const f = isObj(t.function) ? t.function : t;
    return {
      name: String(f.name ?? ''),
      ...(typeof f.description === 'string' ? { description: f.description } : {}),
      input_schema: isObj(f.parameters) ? f.parameters : { type: 'object', properties: {} },
    };
  });
}

function translateToolChoice(choice: unknown, parallel: unknown): Json | undefined {
  const noParallel = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined || choice === null) return parallel === false ? { type: 'auto', ...noParallel } : undefined;
  if (choice === 'auto') return { type: 'auto', ...noParallel };
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any', ...noParallel };
  if (isObj(choice) && isObj(choice.function)) return { type: 'tool', name: String(choice.function.name ?? ''), ...noParallel };
  throw bad('unsupported tool_choice', 'tool_choice');
}

/** The Messages API body for an OpenAI chat completion body; `model` is the provider's own id. */
export function toAnthropicRequest(body: Readonly<Json>, model: string): Json {
  if (typeof body.n === 'number' && body.n > 1) throw bad('n > 1 is not supported for anthropic models', 'n');
  const { system, messages } = translateMessages(body.messages);
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  const out: Json = {
    model,
    max_tokens: typeof maxTokens === 'number' && maxTokens > 0 ? Math.floor(maxTokens) : DEFAULT_MAX_TOKENS,
    messages,
  };
  if (system !== null) out.system = system;
  // OpenAI allows temperature up to 2, Anthropic up to 1.
  if (typeof body.temperature === 'number') out.temperature = Math.min(Math.max(body.temperature, 0), 1);
  if (typeof body.top_p === 'number') out.top_p = body.top_p;
  if (typeof body.stop === 'string') out.stop_sequences = [body.stop];
  else if (Array.isArray(body.stop) && body.stop.length) out.stop_sequences = body.stop.filter((s) => typeof s === 'string');
  const tools = translateTools(body.tools);
  if (tools) out.tools = tools;
  const choice = translateToolChoice(body.tool_choice, body.parallel_tool_calls);
  if (choice && tools) out.tool_choice = choice;
  if (typeof body.user === 'string') out.metadata = { user_id: body.user };
  if (body.stream === true) out.stream = true;
  return out;
}
