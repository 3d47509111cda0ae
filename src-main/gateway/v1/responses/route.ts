/**
 * `/v1/responses` per chosen endpoint: passed through where the server's own Responses API is complete,
 * translated to `/v1/chat/completions` and back where it is missing or too sparse for clients.
 *
 * llama.cpp serves `/v1/responses`, but its stream lacks `output_index`, `sequence_number` and
 * `response.created`'s `created_at`/`model`, so the Vercel AI SDK (whose default provider speaks the
 * Responses API) ends every stream in an error. Ollama has `/v1/responses` from 0.13.3; older releases
 * answer 404. vLLM, LM Studio, xLLM and OpenAI-compatible servers keep their own.
 */
import type { RouteTarget } from '../../../balancer/types.js';
import type { EndpointRecord } from '../../../registry/endpoints.js';
import type { ParsedRequest, ProxyToModelOptions } from '../../proxy/types.js';
import type { ResponseTransform } from '../../proxy/transform.js';
import { responsesFromChat } from './buffered.js';
import { type Json, type ReplyContext, echoFields, randomId } from './common.js';
import { toChatRequest } from './request.js';
import { responsesFromChatStream } from './stream.js';

/** The first Ollama release with `/v1/responses`. */
const OLLAMA_RESPONSES: readonly number[] = [0, 13, 3];

/** True when `version` (`x.y.z…`) is at least `min`; false when it cannot be read. */
export function versionAtLeast(version: string | null, min: readonly number[]): boolean {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version ?? '');
  if (!m) return false;
  for (let i = 0; i < min.length; i++) {
    const v = Number(m[i + 1]);
    if (v !== min[i]) return v > min[i]!;
  }
  return true;
}

/** Whether `/v1/responses` is translated to chat completions for this endpoint (an unknown Ollama version is). */
export function translatesResponses(e: Pick<EndpointRecord, 'endpoint_type' | 'version'>): boolean {
  switch (e.endpoint_type) {
    case 'llama_cpp':
      return true;
    case 'ollama':
      return !versionAtLeast(e.version, OLLAMA_RESPONSES);
    default:
      return false;
  }
}

const CHAT_PATH = '/v1/chat/completions';

function resolve<T>(v: T | ((t: RouteTarget) => T), t: RouteTarget): T {
  return typeof v === 'function' ? (v as (t: RouteTarget) => T)(t) : v;
}

/**
 * The proxy call of a `/v1/responses` request: `base` (the passthrough call) for endpoints with a
 * complete Responses API, the chat translation for the rest. The chat body is built once, at the first
 * endpoint that needs it, so a malformed request fails with a 400 only where it has to be translated.
 */
export function responsesProxyOptions(base: ProxyToModelOptions, p: ParsedRequest, newId: (prefix: string) => string = randomId): ProxyToModelOptions {
  let chat: Json | null = null;
  let rc: ReplyContext | null = null;
  const reply = (): ReplyContext => (rc ??= { model: p.model, createdAt: Math.floor(p.receivedAt / 1000), echo: echoFields(p.json), newId });
  const translated = (t: RouteTarget): boolean => translatesResponses(t.endpoint);
  return {
    ...base,
    path: (t) => (translated(t) ? CHAT_PATH : resolve(base.path, t)),
    body: (t) => (translated(t) ? (chat ??= toChatRequest(p.json, p.stream)) : resolve(base.body, t)),
    transform: (t): ResponseTransform | undefined => {
      if (!translated(t)) return base.transform === undefined ? undefined : resolve(base.transform, t);
      return p.stream ? responsesFromChatStream(reply()) : responsesFromChat(reply());
    },
  };
}
