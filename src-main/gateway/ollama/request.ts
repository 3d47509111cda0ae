/**
 * Ollama request bodies: parsing, and their OpenAI equivalents for non-Ollama endpoints. Pure.
 *
 * `/api/generate` goes to `/v1/chat/completions` (the prompt as a user message, `system` as a system
 * message), because Ollama applies the model's chat template to a generate prompt and so does a chat
 * endpoint. With `raw:true` (no template wanted) or a `suffix` (fill-in-the-middle) it goes to
 * `/v1/completions` with the prompt verbatim.
 */
import type { EndpointType } from '../../admin/types.js';
import { AppError } from '../../util/errors.js';
import { parseJson } from '../http.js';
import { type Json, type OllamaKind, asObject, num } from './common.js';
import { toOpenAiMessages, toOpenAiTools } from './messages.js';

/** A parsed Ollama request. */
export interface OllamaRequest {
  readonly kind: OllamaKind;
  /** The client's bytes, forwarded unchanged to Ollama endpoints. */
  readonly raw: Buffer;
  readonly json: Readonly<Json>;
  /** The model name as the client sent it (`model`, or the legacy `name`). */
  readonly model: string;
  /** Ollama streams unless told `stream:false`; the embedding routes never stream. */
  readonly stream: boolean;
}

/** Parses a body: JSON object (400 otherwise) with a model name (400 "model is required"). */
export function parseOllamaRequest(kind: OllamaKind, raw: Buffer): OllamaRequest {
  const json = asObject(parseJson(raw));
  if (!json) throw new AppError('invalid_request', 'request body must be a JSON object');
  const model = typeof json.model === 'string' && json.model ? json.model : typeof json.name === 'string' ? json.name : '';
  if (!model.trim()) throw new AppError('invalid_request', 'model is required');
  const stream = (kind === 'chat' || kind === 'generate') && json.stream !== false;
  return { kind, raw, json, model, stream };
}

/** True when the request only loads or unloads a model (Ollama answers `done_reason:"load"`). */
export function isLoadOnly(r: OllamaRequest): boolean {
  const j = r.json;
  switch (r.kind) {
    case 'chat':
      return j.messages === undefined || j.messages === null || (Array.isArray(j.messages) && j.messages.length === 0);
    case 'generate':
      return (j.prompt === undefined || j.prompt === '') && !j.images;
    case 'embed':
      return j.input === undefined || (Array.isArray(j.input) && j.input.length === 0);
    case 'embeddings':
      return j.prompt === undefined || j.prompt === '';
  }
}

/** Endpoint types whose OpenAI servers take sampling knobs beyond OpenAI's (OpenAI itself rejects unknown fields). */
const EXTRA_SAMPLING: ReadonlySet<EndpointType> = new Set(['vllm', 'llama_cpp', 'lm_studio']);

/** Ollama `options` → OpenAI request fields. `num_ctx`, `num_gpu` and the like are server settings: ignored. */
export function openAiOptions(options: unknown, type: EndpointType): Json {
  const o = asObject(options) ?? {};
  const out: Json = {};
  for (const k of ['temperature', 'top_p', 'seed', 'frequency_penalty', 'presence_penalty'] as const) {
    const v = num(o[k]);
    if (v !== null) out[k] = v;
  }
  const n = num(o.num_predict);
  // -1 (unbounded) and -2 (fill the context) have no OpenAI equivalent: leave the server's default.
  if (n !== null && n > 0) out.max_tokens = Math.floor(n);
  if (typeof o.stop === 'string' && o.stop) out.stop = [o.stop];
  else if (Array.isArray(o.stop)) {
    const stops = o.stop.filter((s): s is string => typeof s === 'string' && s !== '');
    if (stops.length > 0) out.stop = stops;
  }
  if (EXTRA_SAMPLING.has(type)) {
    const topK = num(o.top_k);
    const minP = num(o.min_p);
    const repeat = num(o.repeat_penalty);
    if (topK !== null) out.top_k = topK;
    if (minP !== null) out.min_p = minP;
    if (repeat !== null) out[type === 'vllm' ? 'repetition_penalty' : 'repeat_penalty'] = repeat;
  }
  return out;
}

/** Ollama `format` → OpenAI `response_format`: `"json"` → json_object, a JSON schema → json_schema. */
export function responseFormat(format: unknown): Json | undefined {
  if (format === 'json') return { type: 'json_object' };
  const schema = asObject(format);
  if (schema) return { type: 'json_schema', json_schema: { name: 'response', schema } };
  return undefined;
}

function common(r: OllamaRequest, type: EndpointType): Json {
  const fmt = responseFormat(r.json.format);
  return {
    model: r.model,
    stream: r.stream,
    // Token counts for the final line come from `usage`; servers send it in streams only when asked.
    ...(r.stream ? { stream_options: { include_usage: true } } : {}),
    ...openAiOptions(r.json.options, type),
    ...(fmt ? { response_format: fmt } : {}),
  };
}

/** `/api/chat` → a `/v1/chat/completions` body. */
export function chatBody(r: OllamaRequest, type: EndpointType): Json {
  const tools = toOpenAiTools(r.json.tools);
  return { ...common(r, type), messages: toOpenAiMessages(r.json.messages), ...(tools ? { tools } : {}) };
}

/** Whether `/api/generate` goes to `/v1/completions` (raw prompt or fill-in-the-middle). */
export function generateUsesCompletions(r: OllamaRequest): boolean {
  return r.json.raw === true || (typeof r.json.suffix === 'string' && r.json.suffix !== '');
}

/** `/api/generate` → the upstream path and body (see the module comment). */
export function generateBody(r: OllamaRequest, type: EndpointType): { path: string; body: Json } {
  const j = r.json;
  const prompt = typeof j.prompt === 'string' ? j.prompt : '';
  if (generateUsesCompletions(r)) {
    const suffix = typeof j.suffix === 'string' && j.suffix ? { suffix: j.suffix } : {};
    return { path: '/v1/completions', body: { ...common(r, type), prompt, ...suffix } };
  }
  const messages: Json[] = [];
  if (typeof j.system === 'string' && j.system) messages.push({ role: 'system', content: j.system });
  messages.push({ role: 'user', content: prompt, ...(Array.isArray(j.images) ? { images: j.images } : {}) });
  return { path: '/v1/chat/completions', body: { ...common(r, type), messages: toOpenAiMessages(messages) } };
}

/** `/api/embed` (`input`: string or strings) and legacy `/api/embeddings` (`prompt`) → a `/v1/embeddings` body. */
export function embedBody(r: OllamaRequest): Json {
  const j = r.json;
  const input = r.kind === 'embeddings' ? j.prompt : j.input;
  const ok = typeof input === 'string' || (Array.isArray(input) && input.every((x) => typeof x === 'string'));
  if (!ok) throw new AppError('invalid_request', 'invalid input type');
  const dims = num(j.dimensions);
  return { model: r.model, input, ...(dims !== null && dims > 0 ? { dimensions: Math.floor(dims) } : {}) };
}

/** The upstream path and body of a translated request. */
export function translateRequest(r: OllamaRequest, type: EndpointType): { path: string; body: Json } {
  switch (r.kind) {
    case 'chat':
      return { path: '/v1/chat/completions', body: chatBody(r, type) };
    case 'generate':
      return generateBody(r, type);
    case 'embed':
    case 'embeddings':
      return { path: '/v1/embeddings', body: embedBody(r) };
  }
}
