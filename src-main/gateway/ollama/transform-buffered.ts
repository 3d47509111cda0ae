/** Buffered transforms of non-stream Ollama requests: translated answers and upstream errors in Ollama's shapes. */
import type { BufferedResult, ResponseTransform } from '../proxy/transform.js';
import { asObject } from './common.js';
import { type ReplyContext, completionToOllama, embeddingsToOllama, upstreamErrorMessage } from './response.js';

const JSON_CT = 'application/json; charset=utf-8';

/** An error body in Ollama's shape, keeping the upstream's status. */
export function ollamaErrorResult(status: number, body: Buffer): BufferedResult {
  return { status, body: JSON.stringify({ error: upstreamErrorMessage(status, body) }), contentType: JSON_CT };
}

/** The buffered transform of a translated non-stream chat/generate/embed/embeddings request. */
export function openAiToOllama(rc: ReplyContext): ResponseTransform {
  return {
    kind: 'buffered',
    apply(status, body) {
      if (status >= 300) return ollamaErrorResult(status, body);
      let obj: Record<string, unknown> | null = null;
      try {
        obj = asObject(JSON.parse(body.toString('utf8')));
      } catch {
        obj = null;
      }
      if (!obj) return { status: 502, body: JSON.stringify({ error: 'endpoint sent an invalid response' }), contentType: JSON_CT };
      const out = rc.kind === 'embed' || rc.kind === 'embeddings' ? embeddingsToOllama(obj, rc) : completionToOllama(obj, rc);
      return { status, body: JSON.stringify(out), contentType: JSON_CT };
    },
  };
}
