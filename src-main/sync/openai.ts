/** OpenAI-style `/v1/models` listings: vLLM (`max_model_len`, `root`, `parent`) and plain OpenAI-compatible servers. */
import { AppError } from '../util/errors.js';
import { capabilitiesFromName } from './capabilities.js';
import { type ModelInfo, type RemoteModel, type SyncOptions, type SyncTarget, callOk, objects, posInt, uniqueById } from './types.js';

/** Items of `{data:[…]}` that have an id; null when the shape is not there. */
export function parseModelList(json: Record<string, unknown>): Record<string, unknown>[] | null {
  const data = objects(json.data);
  return data ? data.filter((m) => typeof m.id === 'string' && m.id !== '') : null;
}

async function list(target: SyncTarget, opts: SyncOptions): Promise<Record<string, unknown>[]> {
  const items = parseModelList(await callOk(target, '/v1/models', opts));
  if (!items) throw new AppError('endpoint_unreachable', 'GET /v1/models: no data array');
  return items;
}

/** vLLM items: `max_model_len` is both the window and the maximum; LoRA adapters carry `parent`. */
export function toVllmModels(items: readonly Record<string, unknown>[]): RemoteModel[] {
  return uniqueById(
    items.map((m) => {
      const len = posInt(m.max_model_len);
      const id = m.id as string;
      return {
        model_id: id,
        capabilities: capabilitiesFromName(id),
        max_tokens: len,
        context_length: len,
        metadata_source: 'vllm:/v1/models',
        details: { root: m.root ?? null, parent: m.parent ?? null, max_model_len: len, owned_by: m.owned_by ?? null },
      };
    }),
  );
}

/** Plain OpenAI-compatible items: ids only; capabilities from the name. */
export function toOpenAiModels(items: readonly Record<string, unknown>[], source = 'openai_compatible:/v1/models'): RemoteModel[] {
  return uniqueById(
    items.map((m) => ({
      model_id: m.id as string,
      capabilities: capabilitiesFromName(m.id as string),
      max_tokens: null,
      context_length: null,
      metadata_source: source,
      details: { owned_by: m.owned_by ?? null },
    })),
  );
}

/** Lists a vLLM server's models. */
export async function fetchVllmModels(target: SyncTarget, opts: SyncOptions): Promise<RemoteModel[]> {
  return toVllmModels(await list(target, opts));
}

/** Lists an OpenAI-compatible server's models. */
export async function fetchOpenAiModels(target: SyncTarget, opts: SyncOptions, source?: string): Promise<RemoteModel[]> {
  return toOpenAiModels(await list(target, opts), source);
}

/** Metadata of one vLLM model from its `/v1/models` entry. */
export async function fetchVllmInfo(target: SyncTarget, model: string, opts: SyncOptions): Promise<ModelInfo> {
  const found = (await fetchVllmModels(target, opts)).find((m) => m.model_id === model);
  if (!found) throw new AppError('not_found', `model '${model}' not found on the endpoint`);
  return { max_tokens: found.max_tokens, context_length: found.context_length, source: found.metadata_source };
}
