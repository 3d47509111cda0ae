/** Ollama models: `/api/tags`, then `/api/show` per model for capabilities, `num_ctx` and the architecture maximum. */
import { AppError } from '../util/errors.js';
import { capabilitiesFromName, capabilitiesFromOllama } from './capabilities.js';
import {
  type ModelInfo,
  type RemoteModel,
  type SyncOptions,
  type SyncTarget,
  asObject,
  call,
  callOk,
  describe,
  mapLimit,
  objects,
  okObject,
  posInt,
  rethrowIfAborted,
  uniqueById,
} from './types.js';

/** `/api/show` calls in flight at once. */
const SHOW_CONCURRENCY = 4;

/** One `/api/tags` entry reduced to what sync keeps. */
export interface OllamaTag {
  readonly name: string;
  readonly details: Record<string, unknown>;
}

/** Parses `/api/tags` (`{models:[{name, model, size, digest, details}]}`); null when the shape is wrong. */
export function parseOllamaTags(json: Record<string, unknown>): OllamaTag[] | null {
  const models = objects(json.models);
  if (!models) return null;
  return models.flatMap((m) => {
    const name = typeof m.name === 'string' && m.name ? m.name : typeof m.model === 'string' ? m.model : '';
    if (!name) return [];
    const d = asObject(m.details) ?? {};
    return [
      {
        name,
        details: {
          family: d.family ?? null,
          families: d.families ?? null,
          format: d.format ?? null,
          parameter_size: d.parameter_size ?? null,
          quantization_level: d.quantization_level ?? null,
          size: typeof m.size === 'number' ? m.size : null,
          digest: typeof m.digest === 'string' ? m.digest : null,
        },
      },
    ];
  });
}

/** `num_ctx` out of the `parameters` text (`num_ctx                        8192\nstop …`), or null when unset. */
export function parseNumCtx(parameters: unknown): number | null {
  if (typeof parameters !== 'string') return null;
  const m = /^\s*num_ctx\s+(\d+)\s*$/m.exec(parameters);
  return m ? posInt(Number(m[1])) : null;
}

/** `model_info["<arch>.context_length"]` with `<arch>` = `general.architecture` (any `*.context_length` as a fallback). */
export function parseContextLength(modelInfo: unknown): number | null {
  const info = asObject(modelInfo);
  if (!info) return null;
  const arch = info['general.architecture'];
  if (typeof arch === 'string') {
    const v = posInt(info[`${arch}.context_length`]);
    if (v !== null) return v;
  }
  for (const [k, v] of Object.entries(info)) if (k.endsWith('.context_length') && posInt(v) !== null) return posInt(v);
  return null;
}

/** What `/api/show` says about a model. */
export function parseOllamaShow(modelId: string, show: Record<string, unknown>): Pick<RemoteModel, 'capabilities' | 'max_tokens' | 'context_length'> {
  return {
    capabilities: capabilitiesFromOllama(show.capabilities) ?? capabilitiesFromName(modelId),
    max_tokens: parseNumCtx(show.parameters),
    context_length: parseContextLength(show.model_info),
  };
}

/** Lists an Ollama server's models with their metadata. A failing `/api/show` falls back to the name. */
export async function fetchOllamaModels(target: SyncTarget, opts: SyncOptions): Promise<RemoteModel[]> {
  const tags = parseOllamaTags(await callOk(target, '/api/tags', opts));
  if (!tags) throw new AppError('endpoint_unreachable', 'GET /api/tags: no models array');
  const models = await mapLimit(tags, SHOW_CONCURRENCY, async (t): Promise<RemoteModel> => {
    try {
      const show = okObject(await call(target, '/api/show', opts, { method: 'POST', body: { model: t.name } }));
      if (show) return { model_id: t.name, ...parseOllamaShow(t.name, show), metadata_source: 'ollama:/api/show', details: t.details };
    } catch (e) {
      rethrowIfAborted(opts, e);
    }
    return { model_id: t.name, capabilities: capabilitiesFromName(t.name), max_tokens: null, context_length: null, metadata_source: 'ollama:/api/tags', details: t.details };
  });
  return uniqueById(models);
}

/** Metadata of one Ollama model from `/api/show`; 404 → `not_found`. */
export async function fetchOllamaInfo(target: SyncTarget, model: string, opts: SyncOptions): Promise<ModelInfo> {
  const r = await call(target, '/api/show', opts, { method: 'POST', body: { model } });
  if (r.status === 404) throw new AppError('not_found', `model '${model}' not found on the endpoint`);
  const show = okObject(r);
  if (!show) throw new AppError('endpoint_unreachable', `POST /api/show: ${describe(r)}`);
  const { max_tokens, context_length } = parseOllamaShow(model, show);
  return { max_tokens, context_length, source: 'ollama:/api/show' };
}
