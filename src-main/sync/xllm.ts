/** xLLM models: `/v1/models`, then `/v0/models/:model/info` per model for the context window. */
import type { Capability } from '../admin/types.js';
import { AppError } from '../util/errors.js';
import { capabilitiesFromName, normalizeCapabilities } from './capabilities.js';
import { parseModelList } from './openai.js';
import {
  type ModelInfo,
  type RemoteModel,
  type SyncOptions,
  type SyncTarget,
  call,
  callOk,
  describe,
  mapLimit,
  okObject,
  posInt,
  rethrowIfAborted,
  uniqueById,
} from './types.js';

const INFO_CONCURRENCY = 4;

/** The info route of a model; ids like `org/model:q4` are one encoded path segment. */
export function xllmInfoPath(model: string): string {
  return `/v0/models/${encodeURIComponent(model)}/info`;
}

/** Reads `{context_length, max_tokens?, capabilities?}`; `max_tokens` defaults to the context length. */
export function parseXllmInfo(modelId: string, info: Record<string, unknown>): Pick<RemoteModel, 'capabilities' | 'max_tokens' | 'context_length'> {
  const ctx = posInt(info.context_length);
  const words: Record<string, Capability> = { chat: 'chat', completion: 'completion', embeddings: 'embeddings', embedding: 'embeddings', vision: 'vision', tools: 'tools' };
  const caps = Array.isArray(info.capabilities) ? info.capabilities.flatMap((c) => (typeof c === 'string' && words[c] ? [words[c]] : [])) : [];
  return {
    capabilities: caps.length > 0 ? normalizeCapabilities(caps) : capabilitiesFromName(modelId),
    max_tokens: posInt(info.max_tokens) ?? ctx,
    context_length: ctx,
  };
}

/** Lists an xLLM node's models with their context windows; a failing info call leaves them null. */
export async function fetchXllmModels(target: SyncTarget, opts: SyncOptions): Promise<RemoteModel[]> {
  const items = parseModelList(await callOk(target, '/v1/models', opts));
  if (!items) throw new AppError('endpoint_unreachable', 'GET /v1/models: no data array');
  const models = await mapLimit(items, INFO_CONCURRENCY, async (m): Promise<RemoteModel> => {
    const id = m.id as string;
    try {
      const info = okObject(await call(target, xllmInfoPath(id), opts));
      if (info) return { model_id: id, ...parseXllmInfo(id, info), metadata_source: 'xllm:/v0/models/:model/info', details: { owned_by: m.owned_by ?? null } };
    } catch (e) {
      rethrowIfAborted(opts, e);
    }
    return { model_id: id, capabilities: capabilitiesFromName(id), max_tokens: null, context_length: null, metadata_source: 'xllm:/v1/models', details: { owned_by: m.owned_by ?? null } };
  });
  return uniqueById(models);
}

/** Metadata of one xLLM model; 404 → `not_found`. */
export async function fetchXllmInfo(target: SyncTarget, model: string, opts: SyncOptions): Promise<ModelInfo> {
  const r = await call(target, xllmInfoPath(model), opts);
  if (r.status === 404) throw new AppError('not_found', `model '${model}' not found on the endpoint`);
  const info = okObject(r);
  if (!info) throw new AppError('endpoint_unreachable', `GET ${xllmInfoPath(model)}: ${describe(r)}`);
  const { max_tokens, context_length } = parseXllmInfo(model, info);
  return { max_tokens, context_length, source: 'xllm:/v0/models/:model/info' };
}
