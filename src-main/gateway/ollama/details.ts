/**
 * Ollama's model `details` (format, family, parameter size, quantization) for any endpoint type:
 * the real ones Ollama reported at sync, what LM Studio and llama.cpp told us, else guesses from the
 * model's name. Pure.
 */
import { createHash } from 'node:crypto';
import type { EndpointType } from '../../admin/types.js';
import type { ModelRecord } from '../../registry/endpoints.js';
import { type Json, asObject, num } from './common.js';

/** Ollama's `details` object. */
export interface OllamaDetails {
  readonly parent_model: string;
  readonly format: string;
  readonly family: string;
  readonly families: readonly string[] | null;
  readonly parameter_size: string;
  readonly quantization_level: string;
}

/** Architecture names by the first name pattern that matches (most specific first). */
const FAMILIES: readonly [RegExp, string][] = [
  [/nomic-?bert|nomic-embed/i, 'nomic-bert'],
  [/qwen-?3/i, 'qwen3'],
  [/qwen/i, 'qwen2'],
  [/gemma-?3/i, 'gemma3'],
  [/gemma/i, 'gemma2'],
  [/phi-?3|phi-?4/i, 'phi3'],
  [/phi/i, 'phi2'],
  [/deepseek/i, 'deepseek2'],
  [/mi[sx]tral|ministral/i, 'llama'],
  [/llama/i, 'llama'],
  [/gpt-oss/i, 'gptoss'],
  [/bge|minilm|e5|bert/i, 'bert'],
];

/** A family guessed from a model name, or '' when nothing matches. */
export function guessFamily(name: string): string {
  for (const [re, family] of FAMILIES) if (re.test(name)) return family;
  return '';
}

/** `1.5B`, `70B`, `137M` found in a name, or ''. */
export function guessParameterSize(name: string): string {
  const m = /(?:^|[^a-z0-9.])(\d+(?:\.\d+)?)\s*([bm])(?![a-z])/i.exec(name);
  return m ? `${m[1]}${m[2]!.toUpperCase()}` : '';
}

/** A parameter count as Ollama prints it (`1235814400` → `1.2B`). */
export function formatParameterCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1).replace(/\.0$/, '')}B`;
  if (n >= 1e6) return `${Math.round(n / 1e6)}M`;
  return String(n);
}

/** A quantization found in a name (`Q4_K_M`, `Q8_0`, `F16`, `BF16`, `AWQ`, `GPTQ`, `FP8`), or ''. */
export function guessQuantization(name: string): string {
  const m = /(?:^|[^a-z0-9])(i?q\d(?:_[a-z0-9]+)*|bf16|fp16|f16|f32|fp8|awq|gptq|mxfp4)(?![a-z0-9])/i.exec(name);
  return m ? m[1]!.toUpperCase() : '';
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** `details` for a model record of an endpoint of `type`. */
export function detailsOf(name: string, type: EndpointType, rec: ModelRecord | undefined): OllamaDetails {
  const d: Json = rec?.details ?? {};
  if (type === 'ollama') {
    const family = str(d.family) || guessFamily(name);
    const families = Array.isArray(d.families) ? d.families.filter((x): x is string => typeof x === 'string') : family ? [family] : null;
    return {
      parent_model: '',
      format: str(d.format) || 'gguf',
      family,
      families,
      parameter_size: str(d.parameter_size) || guessParameterSize(name),
      quantization_level: str(d.quantization_level) || guessQuantization(name),
    };
  }
  const meta = asObject(d.meta);
  const params = num(meta?.n_params);
  const family = str(d.arch) || guessFamily(name);
  const format = type === 'llama_cpp' ? 'gguf' : type === 'lm_studio' ? str(d.compatibility_type) || 'gguf' : type === 'vllm' ? 'safetensors' : '';
  return {
    parent_model: str(d.parent),
    format,
    family,
    families: family ? [family] : null,
    parameter_size: params !== null ? formatParameterCount(params) : guessParameterSize(name),
    quantization_level: str(d.quantization) || guessQuantization(name),
  };
}

/** Model size in bytes when known (Ollama `size`, llama.cpp `meta.size`), else 0. */
export function sizeOf(rec: ModelRecord | undefined): number {
  const d: Json = rec?.details ?? {};
  return num(d.size) ?? num(asObject(d.meta)?.size) ?? 0;
}

/** Ollama's digest when known, else a stable sha256 of the name (clients show its first 12 characters). */
export function digestOf(name: string, rec: ModelRecord | undefined): string {
  const d = rec?.details.digest;
  if (typeof d === 'string' && d) return d.replace(/^sha256:/, '');
  return createHash('sha256').update(name).digest('hex');
}

/** Ollama capability words for llmlb's (chat/completion → completion, embeddings → embedding). */
export function ollamaCapabilities(caps: readonly string[]): string[] {
  const out = new Set<string>();
  for (const c of caps) {
    if (c === 'chat' || c === 'completion') out.add('completion');
    else if (c === 'embeddings') out.add('embedding');
    else if (c === 'vision' || c === 'tools') out.add(c);
  }
  return [...out];
}
