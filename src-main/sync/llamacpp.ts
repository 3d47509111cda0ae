/** llama.cpp models: the dual-shape `/v1/models` (`meta.n_ctx_train`) plus `/props` (`n_ctx` per slot). */
import { AppError } from '../util/errors.js';
import { capabilitiesFromLlamaCpp } from './capabilities.js';
import {
  type ModelInfo,
  type RemoteModel,
  type SyncOptions,
  type SyncTarget,
  asObject,
  call,
  callOk,
  objects,
  okObject,
  posInt,
  rethrowIfAborted,
  uniqueById,
} from './types.js';

/** One served model: its id and the `meta` block (n_ctx_train, n_params, size…). */
export interface LlamaCppModel {
  readonly id: string;
  readonly meta: Record<string, unknown> | null;
}

/**
 * Parses `/v1/models`: `data:[{id, owned_by:"llamacpp", meta}]`, falling back to the Ollama-like
 * `models:[{name, model}]` array that llama.cpp also returns. Null when neither is there.
 */
export function parseLlamaCppModels(json: Record<string, unknown>): LlamaCppModel[] | null {
  const data = objects(json.data);
  if (data) return data.flatMap((m) => (typeof m.id === 'string' && m.id ? [{ id: m.id, meta: asObject(m.meta) }] : []));
  const models = objects(json.models);
  if (!models) return null;
  return models.flatMap((m) => {
    const id = typeof m.model === 'string' && m.model ? m.model : typeof m.name === 'string' ? m.name : '';
    return id ? [{ id, meta: null }] : [];
  });
}

/** The per-slot context window of `/props` (older builds put `n_ctx` at the top level). */
export function parseLlamaCppNCtx(props: Record<string, unknown> | null): number | null {
  if (!props) return null;
  return posInt(asObject(props.default_generation_settings)?.n_ctx) ?? posInt(props.n_ctx);
}

/** Builds the RemoteModels from a parsed listing and `/props` (null when it did not answer). */
export function toLlamaCppModels(models: readonly LlamaCppModel[], props: Record<string, unknown> | null): RemoteModel[] {
  const nCtx = parseLlamaCppNCtx(props);
  return uniqueById(
    models.map((m) => ({
      model_id: m.id,
      capabilities: capabilitiesFromLlamaCpp(m.id, props),
      max_tokens: nCtx,
      context_length: posInt(m.meta?.n_ctx_train),
      metadata_source: nCtx !== null ? 'llama_cpp:/props' : 'llama_cpp:/v1/models',
      details: { meta: m.meta, total_slots: posInt(props?.total_slots), build_info: props?.build_info ?? null },
    })),
  );
}

/** `/props`, or null when it is not available (e.g. an older build or a proxy in front). */
async function fetchProps(target: SyncTarget, opts: SyncOptions): Promise<Record<string, unknown> | null> {
  try {
    return okObject(await call(target, '/props', opts));
  } catch (e) {
    rethrowIfAborted(opts, e);
    return null;
  }
}

/** Lists a llama.cpp server's models. */
export async function fetchLlamaCppModels(target: SyncTarget, opts: SyncOptions): Promise<RemoteModel[]> {
  const [list, props] = await Promise.all([callOk(target, '/v1/models', opts), fetchProps(target, opts)]);
  const models = parseLlamaCppModels(list);
  if (!models) throw new AppError('endpoint_unreachable', 'GET /v1/models: no model list');
  return toLlamaCppModels(models, props);
}

/** Metadata of one llama.cpp model. llama.cpp answers any model name, so only listed ones count. */
export async function fetchLlamaCppInfo(target: SyncTarget, model: string, opts: SyncOptions): Promise<ModelInfo> {
  const found = (await fetchLlamaCppModels(target, opts)).find((m) => m.model_id === model);
  if (!found) throw new AppError('not_found', `model '${model}' not found on the endpoint`);
  return { max_tokens: found.max_tokens, context_length: found.context_length, source: found.metadata_source };
}
