/**
 * Chat messages and tool calls between Ollama and OpenAI. Ollama puts images next to the text as
 * base64 strings and tool-call arguments as objects; OpenAI wants content parts with data URLs,
 * arguments as JSON strings, and a `tool_call_id` on every tool result. Pure functions.
 */
import { AppError } from '../../util/errors.js';
import { type Json, asObject } from './common.js';

/** The MIME type of base64 image bytes, sniffed from the magic number (PNG when unknown). */
export function imageMime(b64: string): string {
  if (b64.startsWith('/9j/')) return 'image/jpeg';
  if (b64.startsWith('iVBORw0KGgo')) return 'image/png';
  if (b64.startsWith('R0lGOD')) return 'image/gif';
  if (b64.startsWith('UklGR')) return 'image/webp';
  if (b64.startsWith('Qk')) return 'image/bmp';
  return 'image/png';
}

/** An Ollama image (base64, or already a data URL) as an OpenAI data URL. */
export function imageDataUrl(image: string): string {
  return image.startsWith('data:') ? image : `data:${imageMime(image)};base64,${image}`;
}

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  return JSON.stringify(v);
}

/** Message content: a string, or text + image parts when the message carries images. */
export function openAiContent(content: unknown, images: unknown): string | Json[] {
  const body = text(content);
  const imgs = Array.isArray(images) ? images.filter((x): x is string => typeof x === 'string' && x !== '') : [];
  if (imgs.length === 0) return body;
  const parts: Json[] = body ? [{ type: 'text', text: body }] : [];
  for (const img of imgs) parts.push({ type: 'image_url', image_url: { url: imageDataUrl(img) } });
  return parts;
}

/** Tool-call arguments as OpenAI's JSON string (Ollama sends an object; a string is kept). */
export function argumentsString(args: unknown): string {
  if (typeof args === 'string') return args;
  return JSON.stringify(args ?? {});
}

/** OpenAI's JSON-string arguments as Ollama's object (`{}` when empty or not a JSON object). */
export function argumentsObject(args: unknown): Json {
  const direct = asObject(args);
  if (direct) return direct;
  if (typeof args !== 'string' || args.trim() === '') return {};
  try {
    return asObject(JSON.parse(args)) ?? {};
  } catch {
    return {};
  }
}

interface PendingCall {
  readonly id: string;
  readonly name: string;
}

/**
 * Ollama messages → OpenAI messages. Assistant tool calls get ids (their own when Ollama sent one);
 * each tool result is paired with the earliest unanswered call of the same `tool_name` (else the
 * earliest unanswered one), because Ollama clients do not send `tool_call_id`.
 */
export function toOpenAiMessages(messages: unknown): Json[] {
  if (messages === undefined || messages === null) return [];
  if (!Array.isArray(messages)) throw new AppError('invalid_request', 'messages must be an array');
  let pending: PendingCall[] = [];
  let seq = 0;
  return messages.map((raw, i): Json => {
    const m = asObject(raw);
    if (!m || typeof m.role !== 'string') throw new AppError('invalid_request', `messages[${i}] must be an object with a role`);
    if (m.role === 'assistant' && Array.isArray(m.tool_calls) && m.tool_calls.length > 0) {
      pending = [];
      const calls = m.tool_calls.map((c, j): Json => {
        const fn = asObject(asObject(c)?.function) ?? {};
        const ownId = asObject(c)?.id;
        const id = typeof ownId === 'string' && ownId ? ownId : `call_${i}_${j}`;
        const name = typeof fn.name === 'string' ? fn.name : '';
        pending.push({ id, name });
        return { id, type: 'function', function: { name, arguments: argumentsString(fn.arguments) } };
      });
      return { role: 'assistant', content: text(m.content), tool_calls: calls };
    }
    if (m.role === 'tool') {
      return { role: 'tool', content: text(m.content), tool_call_id: toolCallId(m, pending, () => `call_tool_${seq++}`) };
    }
    return { role: m.role, content: openAiContent(m.content, m.images) };
  });
}

function toolCallId(m: Json, pending: PendingCall[], fresh: () => string): string {
  if (typeof m.tool_call_id === 'string' && m.tool_call_id) {
    const at = pending.findIndex((p) => p.id === m.tool_call_id);
    if (at !== -1) pending.splice(at, 1);
    return m.tool_call_id;
  }
  const name = typeof m.tool_name === 'string' ? m.tool_name : typeof m.name === 'string' ? m.name : null;
  let at = name === null ? -1 : pending.findIndex((p) => p.name === name);
  if (at === -1) at = pending.length > 0 ? 0 : -1;
  if (at === -1) return fresh();
  return pending.splice(at, 1)[0]!.id;
}

/** Ollama `tools` → OpenAI `tools` (the shapes match; anything that is not a function tool is dropped). */
export function toOpenAiTools(tools: unknown): Json[] | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  const out = tools.flatMap((t): Json[] => {
    const fn = asObject(asObject(t)?.function);
    return fn && typeof fn.name === 'string' ? [{ type: 'function', function: fn }] : [];
  });
  return out.length > 0 ? out : undefined;
}

/** One tool call as OpenAI reports it (whole, or assembled from stream deltas). */
export interface OpenAiToolCall {
  readonly id?: string;
  readonly name: string;
  readonly arguments: unknown;
}

/** OpenAI tool calls → Ollama's `tool_calls` (arguments as objects; `id` and `index` as Ollama ≥ 0.12 sends them). */
export function toOllamaToolCalls(calls: readonly OpenAiToolCall[]): Json[] {
  return calls.map((c, index) => ({
    ...(c.id ? { id: c.id } : {}),
    function: { index, name: c.name, arguments: argumentsObject(c.arguments) },
  }));
}

/** The tool calls of an OpenAI non-stream `message.tool_calls`. */
export function readToolCalls(v: unknown): OpenAiToolCall[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((c): OpenAiToolCall[] => {
    const o = asObject(c);
    const fn = asObject(o?.function);
    if (!fn || typeof fn.name !== 'string') return [];
    return [{ ...(typeof o?.id === 'string' ? { id: o.id } : {}), name: fn.name, arguments: fn.arguments }];
  });
}
