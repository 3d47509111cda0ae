/** Model sync entry points: list an endpoint's models, or read one model's metadata, by endpoint type. */
import type { EndpointType } from '../admin/types.js';
import { AppError, assertNever } from '../util/errors.js';
import { fetchLlamaCppInfo, fetchLlamaCppModels } from './llamacpp.js';
import { fetchLmStudioInfo, fetchLmStudioModels } from './lmstudio.js';
import { fetchOllamaInfo, fetchOllamaModels } from './ollama.js';
import { fetchOpenAiModels, fetchVllmInfo, fetchVllmModels } from './openai.js';
import type { ModelInfo, RemoteModel, SyncOptions, SyncTarget } from './types.js';
import { fetchXllmInfo, fetchXllmModels } from './xllm.js';

/**
 * Lists the models an endpoint serves, with capabilities and token limits from its type's APIs.
 * An `unknown` endpoint is tried as OpenAI-compatible. Failure → `AppError('endpoint_unreachable')`.
 */
export function fetchModels(target: SyncTarget, type: EndpointType, opts: SyncOptions = {}): Promise<RemoteModel[]> {
  switch (type) {
    case 'ollama':
      return fetchOllamaModels(target, opts);
    case 'llama_cpp':
      return fetchLlamaCppModels(target, opts);
    case 'vllm':
      return fetchVllmModels(target, opts);
    case 'lm_studio':
      return fetchLmStudioModels(target, opts);
    case 'xllm':
      return fetchXllmModels(target, opts);
    case 'openai_compatible':
    case 'unknown':
      return fetchOpenAiModels(target, opts, `${type}:/v1/models`);
    default:
      return assertNever(type);
  }
}

/**
 * One model's `max_tokens`/`context_length` (SPEC §3 table). Types without metadata →
 * `not_supported`; a model the endpoint does not have → `not_found`; no answer → `endpoint_unreachable`.
 */
export async function fetchModelInfo(target: SyncTarget, type: EndpointType, model: string, opts: SyncOptions = {}): Promise<ModelInfo> {
  switch (type) {
    case 'ollama':
      return fetchOllamaInfo(target, model, opts);
    case 'llama_cpp':
      return fetchLlamaCppInfo(target, model, opts);
    case 'vllm':
      return fetchVllmInfo(target, model, opts);
    case 'lm_studio':
      return fetchLmStudioInfo(target, model, opts);
    case 'xllm':
      return fetchXllmInfo(target, model, opts);
    case 'openai_compatible':
    case 'unknown':
      throw new AppError('not_supported', `endpoint type ${type} has no model metadata`);
    default:
      return assertNever(type);
  }
}
