/**
 * The normalised identity of one model on one endpoint: the name's facts completed from what sync
 * stored (Ollama `details`, LM Studio `arch`/`quantization`, vLLM `root`/`parent`, llama.cpp `meta`).
 * Pure.
 */
import type { EndpointType } from '../admin/types.js';
import type { ModelRecord } from '../registry/endpoints.js';
import { nominalSize, normaliseQuant, parseName, sizeFromParameterText, type Variant } from './names.js';

/** Who a model is, as far as llmlb can tell. Two models with equal hard fields and compatible soft ones are the same. */
export interface ModelIdentity {
  readonly family: string;
  readonly size: string;
  readonly variant: Variant;
  /** Soft: compared only when both sides know it. */
  readonly quantization: string | null;
  /** Soft: `v0.3`, `2407`. */
  readonly revision: string | null;
  /** Soft: the GGUF architecture (Ollama `details.family`, LM Studio `arch`). */
  readonly arch: string | null;
}

/** The soft fields, in a fixed order. */
export const SOFT_FIELDS = ['quantization', 'revision', 'arch'] as const;

/** What identification reads of a model. */
export type IdentityInput = Pick<ModelRecord, 'model_id' | 'details' | 'capabilities'> & { readonly endpoint_type: EndpointType };

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** Parameters in billions from llama.cpp's `meta.n_params`. */
function llamaCppSize(details: Readonly<Record<string, unknown>>): string | null {
  const meta = details.meta as Record<string, unknown> | null | undefined;
  const n = typeof meta?.n_params === 'number' ? meta.n_params : null;
  return n && n > 0 ? nominalSize(n / 1e9) || null : null;
}

/**
 * The identity of a model, or null when the family or size cannot be told (such models are never
 * suggested) or when it is a LoRA adapter (vLLM `parent`), which is not its base model.
 */
export function identify(m: IdentityInput): ModelIdentity | null {
  const d = m.details;
  if (m.endpoint_type === 'vllm' && str(d.parent)) return null;
  // vLLM's `root` is the model path even when it is served under another name.
  const name = (m.endpoint_type === 'vllm' && str(d.root)) || m.model_id;
  const facts = parseName(name);
  const size = facts.size ?? sizeFromParameterText(d.parameter_size) ?? llamaCppSize(d);
  if (!facts.family || !size) return null;
  // Ollama's library tags (no namespace) are the instruct models unless tagged `text`/`base`.
  const ollamaLibrary = m.endpoint_type === 'ollama' && !m.model_id.includes('/');
  const variant: Variant = m.capabilities.includes('embeddings')
    ? 'embedding'
    : (facts.variant ?? (ollamaLibrary ? 'instruct' : 'base'));
  return {
    family: facts.family,
    size,
    variant,
    quantization: facts.quantization ?? normaliseQuant(d.quantization_level) ?? normaliseQuant(d.quantization),
    revision: facts.revision,
    arch: (str(d.family) ?? str(d.arch))?.toLowerCase() ?? null,
  };
}

/** The hard part of an identity as a map key. */
export function hardKey(id: ModelIdentity): string {
  return `${id.family}|${id.size}|${id.variant}`;
}

/** Whether every soft field of `a` is unknown or equal to `b`'s (a is "no more specific" than b). */
export function coveredBy(a: ModelIdentity, b: ModelIdentity): boolean {
  return SOFT_FIELDS.every((f) => a[f] === null || a[f] === b[f]);
}

/** Whether two identities may be the same model (hard fields equal, soft ones equal where both known). */
export function sameModel(a: ModelIdentity, b: ModelIdentity): boolean {
  return hardKey(a) === hardKey(b) && SOFT_FIELDS.every((f) => a[f] === null || b[f] === null || a[f] === b[f]);
}
