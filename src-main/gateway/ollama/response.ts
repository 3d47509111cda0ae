/** OpenAI answers → Ollama's exact non-stream shapes, and upstream error bodies → Ollama's `{"error":"…"}`. Pure. */
import { base64ToFloats } from '../v1/embeddings.js';
import { type Json, type OllamaKind, asObject, doneReason, ns, num, splitDurations, statsFields } from './common.js';
import { readToolCalls, toOllamaToolCalls } from './messages.js';

/** What a reply needs besides the upstream body: the client's model name and two clocks. */
export interface ReplyContext {
  readonly kind: OllamaKind;
  /** The model name as the client sent it (Ollama echoes it). */
  readonly model: string;
  /** Wall clock, epoch ms (for `created_at`). */
  readonly now: () => number;
  /** Milliseconds since the request arrived, from a monotonic high-resolution clock (for durations). */
  readonly elapsed: () => number;
}

/** Ollama's timestamp (RFC 3339). */
export function createdAt(ms: number): string {
  return new Date(ms).toISOString();
}

/** A human message out of any upstream error body: OpenAI `error.message`, Ollama `error`, FastAPI `detail`, text. */
export function upstreamErrorMessage(status: number, body: Buffer | string): string {
  const text = (typeof body === 'string' ? body : body.toString('utf8')).trim();
  try {
    const o = asObject(JSON.parse(text));
    const e = o?.error;
    if (typeof e === 'string' && e) return e;
    const em = asObject(e)?.message;
    if (typeof em === 'string' && em) return em;
    if (typeof o?.detail === 'string' && o.detail) return o.detail;
    if (typeof o?.message === 'string' && o.message) return o.message;
  } catch {
    // not JSON
  }
  if (text && text.length <= 300 && !text.startsWith('<')) return text;
  return `upstream answered HTTP ${status}`;
}

/** The usage counts of an OpenAI body. */
export function usageCounts(obj: Json): { prompt: number | null; completion: number | null } {
  const u = asObject(obj.usage);
  return { prompt: num(u?.prompt_tokens), completion: num(u?.completion_tokens) };
}

/**
 * A non-stream chat completion (or text completion) → Ollama's `/api/chat` or `/api/generate` answer.
 * `reasoning_content` (vLLM, llama.cpp) becomes Ollama's `thinking`.
 */
export function completionToOllama(obj: Json, rc: ReplyContext): Json {
  const choice = asObject(Array.isArray(obj.choices) ? obj.choices[0] : undefined) ?? {};
  const msg = asObject(choice.message) ?? {};
  const content = typeof msg.content === 'string' ? msg.content : typeof choice.text === 'string' ? choice.text : '';
  const thinking = typeof msg.reasoning_content === 'string' && msg.reasoning_content ? msg.reasoning_content : null;
  const calls = readToolCalls(msg.tool_calls);
  const { prompt, completion } = usageCounts(obj);
  const totalMs = rc.elapsed();
  const split = splitDurations(totalMs, prompt, completion, obj.timings);
  const stats = statsFields({ promptTokens: prompt, evalTokens: completion, totalMs, ...split });
  const base = { model: rc.model, created_at: createdAt(rc.now()) };
  if (rc.kind === 'generate') {
    return { ...base, response: content, ...(thinking ? { thinking } : {}), done: true, done_reason: doneReason(choice.finish_reason), context: [], ...stats };
  }
  const message: Json = { role: 'assistant', content };
  if (thinking) message.thinking = thinking;
  if (calls.length > 0) message.tool_calls = toOllamaToolCalls(calls);
  return { ...base, message, done: true, done_reason: doneReason(choice.finish_reason), ...stats };
}

/** The vectors of an OpenAI embeddings answer, in input order (a base64 string is decoded). */
export function embeddingVectors(obj: Json): number[][] {
  const data = Array.isArray(obj.data) ? obj.data.map(asObject).filter((x): x is Json => x !== null) : [];
  return [...data]
    .sort((a, b) => (num(a.index) ?? 0) - (num(b.index) ?? 0))
    .map((d) => (typeof d.embedding === 'string' ? base64ToFloats(d.embedding) : Array.isArray(d.embedding) ? (d.embedding as number[]) : []));
}

/** An OpenAI embeddings answer → `/api/embed` (`embeddings`) or legacy `/api/embeddings` (`embedding`). */
export function embeddingsToOllama(obj: Json, rc: ReplyContext): Json {
  const vectors = embeddingVectors(obj);
  if (rc.kind === 'embeddings') return { embedding: vectors[0] ?? [] };
  return {
    model: rc.model,
    embeddings: vectors,
    total_duration: ns(rc.elapsed()),
    load_duration: 0,
    prompt_eval_count: usageCounts(obj).prompt ?? 0,
  };
}

/** Ollama's answer to a load-only request (no messages / prompt / input), given without asking any endpoint. */
export function loadOnlyReply(rc: ReplyContext, unload: boolean): Json {
  const base = { model: rc.model, created_at: createdAt(rc.now()) };
  const reason = unload ? 'unload' : 'load';
  switch (rc.kind) {
    case 'chat':
      return { ...base, message: { role: 'assistant', content: '' }, done_reason: reason, done: true };
    case 'generate':
      return { ...base, response: '', done_reason: reason, done: true };
    case 'embed':
      return { model: rc.model, embeddings: [], total_duration: 0, load_duration: 0, prompt_eval_count: 0 };
    case 'embeddings':
      return { embedding: [] };
  }
}
