/**
 * `/api/show` for endpoints that are not Ollama, built from what sync learned: `details`,
 * `model_info` with `general.architecture` and `<arch>.context_length`, `capabilities`, and
 * `parameters` text with `num_ctx` when the runtime window is known. Pure.
 */
import { capabilitiesFromName } from '../../sync/capabilities.js';
import type { Json } from './common.js';
import { detailsOf, ollamaCapabilities } from './details.js';
import type { Described } from './models.js';

/** Ollama prints parameters as `name` padded to a column, then the value. */
export function parameterLine(name: string, value: string | number): string {
  return `${name.padEnd(30)} ${value}`;
}

/** The `/api/show` answer for a model served by a non-Ollama endpoint. */
export function buildShow(name: string, d: Described): Json {
  const ep = d.target.endpoint;
  const rec = d.record;
  const details = detailsOf(name, ep.endpoint_type, rec);
  const arch = details.family || 'unknown';
  const contextLength = rec?.context_length ?? rec?.max_tokens ?? null;
  const caps = rec && rec.capabilities.length > 0 ? rec.capabilities : capabilitiesFromName(name);
  const modelInfo: Json = { 'general.architecture': arch, 'general.basename': name };
  if (contextLength !== null) modelInfo[`${arch}.context_length`] = contextLength;
  const modified = Date.parse(rec?.last_checked ?? ep.registered_at);
  return {
    license: '',
    modelfile: `# served by llmlb from a ${ep.endpoint_type} endpoint\nFROM ${name}\n`,
    ...(rec?.max_tokens ? { parameters: parameterLine('num_ctx', rec.max_tokens) } : {}),
    template: '{{ .Prompt }}',
    details,
    model_info: modelInfo,
    capabilities: ollamaCapabilities(caps),
    modified_at: new Date(Number.isFinite(modified) ? modified : 0).toISOString(),
  };
}
