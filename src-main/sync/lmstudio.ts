/** LM Studio models: REST `/api/v0/models`, else `/api/v1/models`, else the bare `/v1/models`. */
import { AppError } from '../util/errors.js';
import { capabilitiesFromLmStudio, capabilitiesFromName } from './capabilities.js';
import { fetchOpenAiModels } from './openai.js';
import { type ModelInfo, type RemoteModel, type SyncOptions, type SyncTarget, asObject, call, objects, okObject, posInt, uniqueById } from './types.js';

/** Parses `/api/v0/models` (`data:[{id, type: llm|vlm|embeddings, publisher, arch, quantization, state, max_context_length}]`). */
export function parseLmStudioV0(json: Record<string, unknown>): RemoteModel[] | null {
  const data = objects(json.data);
  if (!data) return null;
  return uniqueById(
    data.flatMap((m) => {
      if (typeof m.id !== 'string' || !m.id) return [];
      const len = posInt(m.max_context_length);
      return [
        {
          model_id: m.id,
          capabilities: capabilitiesFromLmStudio(m.type) ?? capabilitiesFromName(m.id),
          max_tokens: len,
          context_length: len,
          metadata_source: 'lm_studio:/api/v0/models',
          details: {
            type: m.type ?? null,
            publisher: m.publisher ?? null,
            arch: m.arch ?? null,
            quantization: m.quantization ?? null,
            compatibility_type: m.compatibility_type ?? null,
            state: m.state ?? null,
          },
        },
      ];
    }),
  );
}

/**
 * Parses `/api/v1/models` (`models:[{key, type: llm|embedding, architecture, quantization:{name},
 * capabilities:{vision, trained_for_tool_use}, max_context_length, loaded_instances, format}]`).
 * `details` use the v0 words (arch, quantization string, type llm|vlm|embeddings) so consumers see one vocabulary.
 */
export function parseLmStudioV1(json: Record<string, unknown>): RemoteModel[] | null {
  const models = objects(json.models);
  if (!models) return null;
  return uniqueById(
    models.flatMap((m) => {
      if (typeof m.key !== 'string' || !m.key) return [];
      const len = posInt(m.max_context_length);
      const caps = asObject(m.capabilities);
      const type = m.type === 'embedding' ? 'embeddings' : caps?.vision === true ? 'vlm' : m.type ?? null;
      const loaded = Array.isArray(m.loaded_instances) && m.loaded_instances.length > 0;
      return [
        {
          model_id: m.key,
          capabilities: capabilitiesFromLmStudio(m.type, caps) ?? capabilitiesFromName(m.key),
          max_tokens: len,
          context_length: len,
          metadata_source: 'lm_studio:/api/v1/models',
          details: {
            type,
            publisher: m.publisher ?? null,
            arch: m.architecture ?? null,
            quantization: asObject(m.quantization)?.name ?? m.quantization ?? null,
            compatibility_type: m.format ?? null,
            state: loaded ? 'loaded' : 'not-loaded',
          },
        },
      ];
    }),
  );
}

/** Lists an LM Studio server's models, from the richest API it offers. */
export async function fetchLmStudioModels(target: SyncTarget, opts: SyncOptions): Promise<RemoteModel[]> {
  // Unknown routes answer 200 + error, which okObject treats as "not there".
  const v0 = okObject(await call(target, '/api/v0/models', opts));
  const fromV0 = v0 && parseLmStudioV0(v0);
  if (fromV0) return fromV0;
  const v1 = okObject(await call(target, '/api/v1/models', opts));
  const fromV1 = v1 && parseLmStudioV1(v1);
  if (fromV1) return fromV1;
  return fetchOpenAiModels(target, opts, 'lm_studio:/v1/models');
}

/** Metadata of one LM Studio model (`max_context_length`). */
export async function fetchLmStudioInfo(target: SyncTarget, model: string, opts: SyncOptions): Promise<ModelInfo> {
  const found = (await fetchLmStudioModels(target, opts)).find((m) => m.model_id === model);
  if (!found) throw new AppError('not_found', `model '${model}' not found on the endpoint`);
  return { max_tokens: found.max_tokens, context_length: found.context_length, source: found.metadata_source };
}
