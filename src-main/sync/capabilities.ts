/** Model capabilities: real signals from each server first, the model's name last. Pure. */
import type { Capability } from '../admin/types.js';

/** Stable order of capabilities in results. */
const ORDER: readonly Capability[] = ['chat', 'completion', 'embeddings', 'vision', 'tools'];

/** Sorts and deduplicates. */
export function normalizeCapabilities(caps: Iterable<Capability>): Capability[] {
  const set = new Set(caps);
  return ORDER.filter((c) => set.has(c));
}

/** True when the name says "embedding model": a token with embed/embedding, bge, minilm, or the token e5. */
export function looksLikeEmbedding(modelId: string): boolean {
  // Tokens, so `e5` matches `multilingual-e5-small` but not `qwen2.5`, and `bge` not `abgen`.
  const tokens = modelId.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return tokens.some((t) => t.includes('embed') || t.startsWith('bge') || t.includes('minilm') || t === 'e5');
}

/** The last resort: embeddings for embedding-looking names, else chat + completion. */
export function capabilitiesFromName(modelId: string): Capability[] {
  return looksLikeEmbedding(modelId) ? ['embeddings'] : ['chat', 'completion'];
}

/**
 * Ollama `/api/show` `capabilities` (completion, embedding, vision, tools, insert, thinking).
 * Ollama's "completion" means it generates text, so chat too. Null when the list is absent (Ollama < 0.6).
 */
export function capabilitiesFromOllama(caps: unknown): Capability[] | null {
  if (!Array.isArray(caps)) return null;
  const out: Capability[] = [];
  for (const c of caps) {
    if (c === 'completion') out.push('chat', 'completion');
    else if (c === 'embedding') out.push('embeddings');
    else if (c === 'vision') out.push('vision');
    else if (c === 'tools') out.push('tools');
  }
  return out.length > 0 ? normalizeCapabilities(out) : null;
}

/**
 * LM Studio model `type`: REST v0 says llm | vlm | embeddings; v1 says llm | embedding and puts
 * vision and tool use under `capabilities`. Null for an unknown type.
 */
export function capabilitiesFromLmStudio(type: unknown, v1Caps?: unknown): Capability[] | null {
  const flags = (typeof v1Caps === 'object' && v1Caps !== null ? v1Caps : {}) as { vision?: unknown; trained_for_tool_use?: unknown };
  let out: Capability[];
  if (type === 'llm') out = ['chat', 'completion'];
  else if (type === 'vlm') out = ['chat', 'completion', 'vision'];
  else if (type === 'embeddings' || type === 'embedding') return ['embeddings'];
  else return null;
  if (flags.vision === true) out.push('vision');
  if (flags.trained_for_tool_use === true) out.push('tools');
  return normalizeCapabilities(out);
}

/**
 * llama.cpp: the name decides chat vs embeddings; `/props` adds vision (`modalities.vision`) and tools
 * (`chat_template_caps.supports_tools`, present with `--jinja`).
 */
export function capabilitiesFromLlamaCpp(modelId: string, props: Record<string, unknown> | null): Capability[] {
  const out = capabilitiesFromName(modelId);
  if (out.includes('embeddings') || !props) return out;
  const modalities = props.modalities as { vision?: unknown } | undefined;
  const tmpl = props.chat_template_caps as { supports_tools?: unknown } | undefined;
  if (modalities?.vision === true) out.push('vision');
  if (tmpl?.supports_tools === true) out.push('tools');
  return normalizeCapabilities(out);
}
