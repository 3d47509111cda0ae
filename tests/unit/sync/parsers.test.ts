/** Listing and metadata parsers of each server type (pure). */
import { describe, expect, it } from 'vitest';
import { parseLlamaCppModels, parseLlamaCppNCtx, toLlamaCppModels } from '../../../src-main/sync/llamacpp.js';
import { parseLmStudioV0, parseLmStudioV1 } from '../../../src-main/sync/lmstudio.js';
import { parseContextLength, parseNumCtx, parseOllamaShow, parseOllamaTags } from '../../../src-main/sync/ollama.js';
import { parseModelList, toOpenAiModels, toVllmModels } from '../../../src-main/sync/openai.js';
import { parseXllmInfo, xllmInfoPath } from '../../../src-main/sync/xllm.js';

describe('Ollama', () => {
  it('reads num_ctx from the padded parameters text, only when set', () => {
    expect(parseNumCtx('num_ctx                        8192\nstop                           "<|eot_id|>"')).toBe(8192);
    expect(parseNumCtx('stop "x"\nnum_ctx 4096')).toBe(4096);
    expect(parseNumCtx('stop "<|eot_id|>"')).toBeNull();
    expect(parseNumCtx(undefined)).toBeNull();
    expect(parseNumCtx('num_ctx_extra 5')).toBeNull();
  });

  it('reads <arch>.context_length', () => {
    expect(parseContextLength({ 'general.architecture': 'qwen2', 'qwen2.context_length': 32768, 'llama.context_length': 1 })).toBe(32768);
    expect(parseContextLength({ 'gemma3.context_length': 131072 })).toBe(131072);
    expect(parseContextLength(null)).toBeNull();
  });

  it('parses /api/tags and /api/show', () => {
    const tags = parseOllamaTags({ models: [{ name: 'llama3.2:latest', size: 5, details: { family: 'llama', parameter_size: '3.2B', quantization_level: 'Q4_K_M' } }, { bogus: 1 }] });
    expect(tags).toEqual([{ name: 'llama3.2:latest', details: expect.objectContaining({ family: 'llama', parameter_size: '3.2B', quantization_level: 'Q4_K_M', size: 5 }) }]);
    expect(parseOllamaTags({ error: 'x' })).toBeNull();
    const show = parseOllamaShow('llama3.2:latest', { parameters: 'num_ctx 8192', model_info: { 'general.architecture': 'llama', 'llama.context_length': 131072 }, capabilities: ['completion', 'tools'] });
    expect(show).toEqual({ capabilities: ['chat', 'completion', 'tools'], max_tokens: 8192, context_length: 131072 });
    // Ollama < 0.6 has no capabilities list: the name decides.
    expect(parseOllamaShow('nomic-embed-text', {}).capabilities).toEqual(['embeddings']);
  });
});

describe('llama.cpp', () => {
  it('prefers data[] and falls back to the Ollama-like models[]', () => {
    expect(parseLlamaCppModels({ data: [{ id: 'a.gguf', owned_by: 'llamacpp', meta: { n_ctx_train: 4096 } }], models: [{ name: 'zzz' }] })).toEqual([{ id: 'a.gguf', meta: { n_ctx_train: 4096 } }]);
    expect(parseLlamaCppModels({ models: [{ name: 'b', model: 'b.gguf' }] })).toEqual([{ id: 'b.gguf', meta: null }]);
    expect(parseLlamaCppModels({})).toBeNull();
  });

  it('n_ctx comes from /props (per slot), n_ctx_train from meta', () => {
    expect(parseLlamaCppNCtx({ default_generation_settings: { n_ctx: 2048 } })).toBe(2048);
    expect(parseLlamaCppNCtx({ n_ctx: 1024 })).toBe(1024);
    expect(parseLlamaCppNCtx(null)).toBeNull();
    const [m] = toLlamaCppModels([{ id: 'a.gguf', meta: { n_ctx_train: 131072 } }], { default_generation_settings: { n_ctx: 4096 }, total_slots: 2 });
    expect(m).toMatchObject({ max_tokens: 4096, context_length: 131072, metadata_source: 'llama_cpp:/props', details: { total_slots: 2 } });
  });
});

describe('LM Studio', () => {
  it('parses v0 and v1 shapes into one vocabulary', () => {
    const [a, b] = parseLmStudioV0({ data: [
      { id: 'qwen2-vl', type: 'vlm', publisher: 'mlx-community', arch: 'qwen2_vl', quantization: '4bit', state: 'loaded', max_context_length: 32768 },
      { id: 'nomic', type: 'embeddings', arch: 'nomic-bert', max_context_length: 2048 },
    ] })!;
    expect(a).toMatchObject({ capabilities: ['chat', 'completion', 'vision'], max_tokens: 32768, context_length: 32768, details: { arch: 'qwen2_vl', quantization: '4bit', type: 'vlm' } });
    expect(b!.capabilities).toEqual(['embeddings']);
    const [c, d] = parseLmStudioV1({ models: [
      { key: 'llama', type: 'llm', architecture: 'llama', quantization: { name: 'Q4_K_M' }, capabilities: { vision: false, trained_for_tool_use: true }, max_context_length: 131072, loaded_instances: [{}] },
      { key: 'emb', type: 'embedding', architecture: 'bert', max_context_length: 512 },
    ] })!;
    expect(c).toMatchObject({ capabilities: ['chat', 'completion', 'tools'], max_tokens: 131072, details: { arch: 'llama', quantization: 'Q4_K_M', type: 'llm', state: 'loaded' } });
    expect(d).toMatchObject({ capabilities: ['embeddings'], details: { type: 'embeddings' } });
  });
});

describe('vLLM and OpenAI-compatible', () => {
  it('uses max_model_len for both numbers and keeps root/parent', () => {
    const items = parseModelList({ data: [{ id: 'base', root: '/models/base', parent: null, max_model_len: 8192 }, { id: 'lora', root: '/adapters/l', parent: 'base', max_model_len: 8192 }, { nope: 1 }] })!;
    expect(items).toHaveLength(2);
    const [base, lora] = toVllmModels(items);
    expect(base).toMatchObject({ max_tokens: 8192, context_length: 8192, details: { root: '/models/base', parent: null } });
    expect(lora!.details.parent).toBe('base');
    expect(toOpenAiModels([{ id: 'text-embedding-3-small' }])[0]).toMatchObject({ capabilities: ['embeddings'], max_tokens: null, context_length: null });
  });
});

describe('xLLM', () => {
  it('encodes ids into one path segment and reads context_length', () => {
    expect(xllmInfoPath('org/model:q4')).toBe('/v0/models/org%2Fmodel%3Aq4/info');
    expect(parseXllmInfo('m', { context_length: 8192 })).toEqual({ capabilities: ['chat', 'completion'], max_tokens: 8192, context_length: 8192 });
    expect(parseXllmInfo('m', { context_length: 8192, max_tokens: 4096, capabilities: ['embedding'] })).toEqual({ capabilities: ['embeddings'], max_tokens: 4096, context_length: 8192 });
  });
});
