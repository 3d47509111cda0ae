/**
 * What a model name says about the model: family, size, instruct or base, quantisation, revision.
 * Pure; one vocabulary for Ollama tags (`llama3.2:3b-instruct-q4_K_M`), Hugging Face paths
 * (`meta-llama/Llama-3.2-3B-Instruct`), LM Studio keys and GGUF file names.
 */

/** Instruction-tuned, base (pre-trained only), or an embedding model. */
export type Variant = 'instruct' | 'base' | 'embedding';

/** The facts a name states; null where it says nothing. */
export interface NameFacts {
  /** Lower-case words and version numbers, `-`-joined: `llama-3.2`, `qwen-2.5-coder`, `mistral`. */
  readonly family: string | null;
  /** Nominal size: `3b`, `0.5b`, `8x7b`, or a size word (`mini`). */
  readonly size: string | null;
  readonly variant: Exclude<Variant, 'embedding'> | null;
  /** `q4_k_m`, `f16`, `awq`, `gptq-int4`… */
  readonly quantization: string | null;
  /** `v0.3`, or a release date such as `2407`. */
  readonly revision: string | null;
}

const QUANT = /^(?:i?q\d(?:_[a-z0-9]+)*|fp?16|bf16|fp?32|fp8|int[48]|awq|gptq|nf4|\d+-?bit|w\d+a\d+)$/;
const SIZE = /^\d+(?:\.\d+)?[bm]$/;
const MOE_SIZE = /^\d+x\d+(?:\.\d+)?b$/;
const SIZE_WORDS = new Set(['tiny', 'mini', 'small', 'medium']);
const CONTEXT = /^\d+k$/;
const REVISION = /^(?:v\d+(?:\.\d+)*|\d{4})$/;
const INSTRUCT = new Set(['instruct', 'it', 'chat', 'inst']);
const BASE = new Set(['base', 'text', 'pt']);
const NOISE = new Set(['latest', 'gguf', 'ggml', 'mlx', 'exl2', 'safetensors', 'hf']);

/** Canonical quantisation spelling (`Q4_K_M` → `q4_k_m`, `FP16` → `f16`); null for empty or "unknown". */
export function normaliseQuant(q: unknown): string | null {
  if (typeof q !== 'string') return null;
  const s = q.trim().toLowerCase().replace(/^fp(16|32)$/, 'f$1');
  return s && s !== 'unknown' ? s : null;
}

/** `494m` → `0.5b`-style label via {@link nominalSize}; `3B` → `3b`. */
function sizeLabel(token: string): string {
  const n = Number(token.slice(0, -1));
  return token.endsWith('m') ? nominalSize(n / 1000) : `${n}b`;
}

/** Splits a name into the last path segment and its Ollama tag (`hf.co/org/repo:Q4_K_M` → repo, Q4_K_M). */
function segments(raw: string): [string, string] {
  const s = raw.trim().replace(/\.gguf$/i, '');
  const slash = s.lastIndexOf('/');
  const colon = s.lastIndexOf(':');
  const base = colon > slash ? s.slice(0, colon) : s;
  return [base.slice(slash + 1), colon > slash ? s.slice(colon + 1) : ''];
}

/** Reads a model name. */
export function parseName(raw: string): NameFacts {
  const [base, tag] = segments(raw);
  const tokens = `${base}-${tag}`.toLowerCase().split(/[-\s]+/).filter(Boolean);
  const family: string[] = [];
  const quant: string[] = [];
  let size: string | null = null;
  let sizeWord: string | null = null;
  let variant: NameFacts['variant'] = null;
  let revision: string | null = null;
  for (const token of tokens) {
    if (NOISE.has(token) || CONTEXT.test(token)) continue;
    if (QUANT.test(token)) quant.push(normaliseQuant(token)!);
    else if (SIZE.test(token)) size ??= sizeLabel(token);
    else if (MOE_SIZE.test(token)) size ??= token;
    else if (INSTRUCT.has(token)) variant = 'instruct';
    else if (BASE.has(token)) variant ??= 'base';
    else if (REVISION.test(token)) revision ??= token;
    else if (SIZE_WORDS.has(token) && !sizeWord) sizeWord = token;
    else family.push(...splitWord(token));
  }
  // "meta-llama-3.1" (LM Studio keys, Meta's own repo names) is the llama family.
  if (family[0] === 'meta' && family[1] === 'llama') family.shift();
  if (size === null && sizeWord) size = sizeWord;
  else if (sizeWord) family.push(sizeWord);
  const hasWord = family.some((t) => /[a-z]/.test(t));
  return { family: hasWord ? family.join('-') : null, size, variant, quantization: quant.length ? quant.join('-') : null, revision };
}

/** `llama3.2` → llama, 3.2; `qwen2` → qwen, 2; `llama_3` → llama, 3. */
function splitWord(token: string): string[] {
  return token
    .split('_')
    .filter(Boolean)
    .flatMap((t) => {
      const m = /^([a-z]+)(\d+(?:\.\d+)*)$/.exec(t);
      return m ? [m[1]!, m[2]!] : [t];
    });
}

/** Sizes models are published under, in billions of parameters. */
const NOMINAL = [0.5, 0.6, 1, 1.5, 1.7, 2, 3, 4, 7, 8, 9, 11, 12, 13, 14, 20, 22, 24, 27, 30, 32, 34, 70, 72, 90, 110, 123, 235, 405];

/**
 * The published size label of a measured parameter count (billions): labels round down
 * (Qwen2.5-7B has 7.6 B, Llama-3.2-3B 3.2 B) except within 1.5 % under one (0.494 B is "0.5B").
 * Counts far from any label keep one decimal, so they match no published name.
 */
export function nominalSize(billions: number): string {
  if (!Number.isFinite(billions) || billions <= 0) return '';
  let best: number | null = null;
  for (const n of NOMINAL) if (n <= billions * 1.015) best = n;
  if (best !== null && billions / best <= 1.35) return `${best}b`;
  return `${Math.round(billions * 10) / 10}b`;
}

/** Ollama's `parameter_size` (`3.2B`, `494.03M`) as a nominal label, or null. */
export function sizeFromParameterText(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([BMK])\s*$/i.exec(text);
  if (!m) return null;
  const scale = { b: 1, m: 1e-3, k: 1e-6 }[m[2]!.toLowerCase() as 'b' | 'm' | 'k'];
  return nominalSize(Number(m[1]) * scale) || null;
}
