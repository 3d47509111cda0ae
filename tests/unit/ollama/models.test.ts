import { describe, expect, it } from 'vitest';
import type { EndpointType } from '../../../src-main/admin/types.js';
import type { EndpointRecord, ModelRecord } from '../../../src-main/registry/endpoints.js';
import { buildSnapshot } from '../../../src-main/gateway/routing.js';
import { resolveModelName } from '../../../src-main/gateway/ollama/common.js';
import { detailsOf, formatParameterCount, guessFamily, guessParameterSize, guessQuantization } from '../../../src-main/gateway/ollama/details.js';
import { registryRunning, tagsOf } from '../../../src-main/gateway/ollama/models.js';
import { buildShow } from '../../../src-main/gateway/ollama/show.js';

let n = 0;
function endpoint(type: EndpointType, status: EndpointRecord['status'] = 'online'): EndpointRecord {
  return {
    id: `ep-${++n}`, name: `ep-${n}`, base_url: `http://127.0.0.1:${1000 + n}`, endpoint_type: type, endpoint_type_source: 'detected', status,
    api_key_enc: null, health_check_interval_secs: 30, inference_timeout_secs: 60, max_concurrency: null, learned_concurrency: null,
    latency_ms: 5, last_seen: null, last_error: null, error_count: 0, registered_at: '2025-01-01T00:00:00.000Z', notes: null,
    source: 'manual', version: null, last_synced_at: null,
  };
}

function model(ep: EndpointRecord, model_id: string, extra: Partial<ModelRecord> = {}): ModelRecord {
  return { endpoint_id: ep.id, model_id, capabilities: ['chat', 'completion'], max_tokens: null, context_length: null, metadata_source: null, details: {}, last_checked: '2025-02-01T00:00:00.000Z', ...extra };
}

const ollama = endpoint('ollama');
const llama = endpoint('llama_cpp');
const vllm = endpoint('vllm');
const lms = endpoint('lm_studio');
const down = endpoint('openai_compatible', 'offline');
const models: Record<string, ModelRecord[]> = {
  [ollama.id]: [
    model(ollama, 'llama3.2:latest', {
      capabilities: ['chat', 'completion', 'tools'],
      max_tokens: 8192,
      context_length: 131072,
      details: { family: 'llama', families: ['llama'], format: 'gguf', parameter_size: '3.2B', quantization_level: 'Q4_K_M', size: 2019393189, digest: 'abc123' },
    }),
  ],
  [llama.id]: [model(llama, 'tiny-llama-q8_0.gguf', { max_tokens: 4096, context_length: 131072, details: { meta: { n_params: 1235814400, size: 1321082880 } } }), model(llama, 'llama3.2:latest')],
  [vllm.id]: [model(vllm, 'Qwen/Qwen2.5-1.5B-Instruct', { max_tokens: 32768, context_length: 32768 }), model(vllm, 'bge-small-en', { capabilities: ['embeddings'] })],
  [lms.id]: [
    model(lms, 'meta-llama-3.1-8b-instruct', { details: { arch: 'llama', quantization: 'Q4_K_M', compatibility_type: 'gguf', state: 'loaded', type: 'llm' } }),
    model(lms, 'qwen-unloaded', { details: { state: 'not-loaded' } }),
  ],
  [down.id]: [model(down, 'gpt-4o-mini')],
};
const modelsOf = (id: string) => models[id] ?? [];
const snapshot = buildSnapshot([ollama, llama, vllm, lms, down], modelsOf);

describe('name guesses', () => {
  it('family, parameter size, quantization and counts', () => {
    expect(guessFamily('Qwen/Qwen2.5-1.5B-Instruct')).toBe('qwen2');
    expect(guessFamily('gemma-3-4b')).toBe('gemma3');
    expect(guessFamily('something')).toBe('');
    expect(guessParameterSize('Qwen/Qwen2.5-1.5B-Instruct')).toBe('1.5B');
    expect(guessParameterSize('qwen2.5')).toBe('');
    expect(guessQuantization('tiny-llama-q8_0.gguf')).toBe('Q8_0');
    expect(guessQuantization('Llama-3-8B-AWQ')).toBe('AWQ');
    expect(formatParameterCount(1235814400)).toBe('1.2B');
    expect(formatParameterCount(137_000_000)).toBe('137M');
  });
});

describe('tags', () => {
  it('lists each online model once, with real Ollama details when an Ollama endpoint serves it', () => {
    const { models: tags } = tagsOf(snapshot, modelsOf);
    const names = tags.map((t) => t.name);
    expect(names).toEqual([...names].sort());
    expect(names).not.toContain('gpt-4o-mini');
    expect(names.filter((x) => x === 'llama3.2:latest')).toHaveLength(1);
    const l = tags.find((t) => t.name === 'llama3.2:latest')!;
    expect(l).toMatchObject({ model: 'llama3.2:latest', size: 2019393189, digest: 'abc123', modified_at: '2025-02-01T00:00:00.000Z' });
    expect(l.details).toEqual({ parent_model: '', format: 'gguf', family: 'llama', families: ['llama'], parameter_size: '3.2B', quantization_level: 'Q4_K_M' });
    const t = tags.find((x) => x.name === 'tiny-llama-q8_0.gguf')!;
    expect(t).toMatchObject({ size: 1321082880, details: { format: 'gguf', parameter_size: '1.2B', quantization_level: 'Q8_0' } });
    expect(t.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(tags.find((x) => x.name === 'Qwen/Qwen2.5-1.5B-Instruct')!.details).toMatchObject({ format: 'safetensors', family: 'qwen2', parameter_size: '1.5B' });
  });

  it('details for LM Studio use its arch and quantization', () => {
    expect(detailsOf('meta-llama-3.1-8b-instruct', 'lm_studio', models[lms.id]![0])).toMatchObject({ family: 'llama', quantization_level: 'Q4_K_M', format: 'gguf', parameter_size: '8B' });
  });
});

describe('ps (registry part)', () => {
  it('llama.cpp and vLLM models are loaded, LM Studio only when it says so, Ollama is asked separately', () => {
    const names = registryRunning(snapshot, modelsOf).map((m) => m.name);
    expect(names).toContain('tiny-llama-q8_0.gguf');
    expect(names).toContain('Qwen/Qwen2.5-1.5B-Instruct');
    expect(names).toContain('meta-llama-3.1-8b-instruct');
    expect(names).not.toContain('qwen-unloaded');
    // Served by Ollama first, llama.cpp second: the llama.cpp one counts as loaded.
    expect(names).toContain('llama3.2:latest');
    const q = registryRunning(snapshot, modelsOf).find((m) => m.name === 'Qwen/Qwen2.5-1.5B-Instruct')!;
    expect(q).toMatchObject({ context_length: 32768, expires_at: expect.any(String) });
  });
});

describe('show (built)', () => {
  it('model_info with the architecture and its context length, capabilities, num_ctx parameter', () => {
    const entry = snapshot.lookup('Qwen/Qwen2.5-1.5B-Instruct')!;
    const out = buildShow(entry.name, { target: entry.targets[0]!, record: models[vllm.id]![0] });
    expect(out.model_info).toEqual({ 'general.architecture': 'qwen2', 'general.basename': 'Qwen/Qwen2.5-1.5B-Instruct', 'qwen2.context_length': 32768 });
    expect(out.capabilities).toEqual(['completion']);
    expect(out.parameters).toMatch(/^num_ctx\s+32768$/);
    const emb = snapshot.lookup('bge-small-en')!;
    const e = buildShow(emb.name, { target: emb.targets[0]!, record: models[vllm.id]![1] });
    expect(e.capabilities).toEqual(['embedding']);
    expect(e).not.toHaveProperty('parameters');
    expect((e.model_info as Record<string, unknown>)['general.architecture']).toBe('bert');
  });
});

describe('resolveModelName', () => {
  it('adds or drops :latest like Ollama', () => {
    expect(resolveModelName(snapshot, 'llama3.2')).toBe('llama3.2:latest');
    expect(resolveModelName(snapshot, 'bge-small-en:latest')).toBe('bge-small-en');
    expect(resolveModelName(snapshot, 'nope')).toBe('nope');
    expect(resolveModelName(snapshot, 'llama3.2:latest')).toBe('llama3.2:latest');
  });
});
