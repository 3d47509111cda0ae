/** Model sync and metadata against the fake upstreams over real sockets (SPEC §3). */
import { afterEach, describe, expect, it } from 'vitest';
import { diffModels, fetchModelInfo, fetchModels } from '../../src-main/sync/index.js';
import { AppError } from '../../src-main/util/errors.js';
import {
  type FakeHandle,
  closedPort,
  startFakeLlamaCpp,
  startFakeLmStudio,
  startFakeOllama,
  startFakeOpenAi,
  startFakeVllm,
  startFakeXllm,
} from '../fakes/index.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});
async function use<T extends { close(): Promise<void> }>(p: Promise<T>): Promise<T> {
  const f = await p;
  cleanups.push(() => f.close());
  return f;
}
const target = (f: FakeHandle, apiKey: string | null = null) => ({ baseUrl: f.url, apiKey });
const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof AppError ? e.code : `not an AppError: ${String(e)}`));

describe('fetchModels', () => {
  it('Ollama: /api/tags + /api/show → capabilities, num_ctx as max_tokens, <arch>.context_length', async () => {
    const f = await use(
      startFakeOllama({
        models: [
          { id: 'llama3.2:latest', numCtx: 8192, contextLength: 131072, capabilities: ['completion', 'tools', 'vision'] },
          { id: 'nomic-embed-text:latest', contextLength: 2048 },
          { id: 'qwen3:0.6b', arch: 'qwen3', contextLength: 40960 },
        ],
      }),
    );
    const models = await fetchModels(target(f), 'ollama');
    expect(models).toEqual([
      expect.objectContaining({ model_id: 'llama3.2:latest', capabilities: ['chat', 'completion', 'vision', 'tools'], max_tokens: 8192, context_length: 131072, metadata_source: 'ollama:/api/show' }),
      expect.objectContaining({ model_id: 'nomic-embed-text:latest', capabilities: ['embeddings'], max_tokens: null, context_length: 2048 }),
      expect.objectContaining({ model_id: 'qwen3:0.6b', capabilities: ['chat', 'completion', 'tools'], max_tokens: null, context_length: 40960 }),
    ]);
    expect(models[0]!.details).toMatchObject({ family: 'llama', parameter_size: '3.2B', quantization_level: 'Q4_K_M' });
    expect(f.requests.filter((r) => r.path === '/api/show')).toHaveLength(3);
  });

  it('Ollama: a failing /api/show falls back to the name', async () => {
    const f = await use(startFakeOllama({ models: ['all-minilm:latest'] }));
    f.setMode('error500', { paths: ['/api/show'] });
    const [m] = await fetchModels(target(f), 'ollama');
    expect(m).toMatchObject({ model_id: 'all-minilm:latest', capabilities: ['embeddings'], max_tokens: null, metadata_source: 'ollama:/api/tags' });
  });

  it('llama.cpp: dual /v1/models + /props n_ctx (max_tokens) and meta.n_ctx_train (context_length), with its key', async () => {
    const f = await use(startFakeLlamaCpp({ apiKey: 'k', nCtx: 4096, totalSlots: 2, models: [{ id: 'tiny.gguf', contextLength: 131072 }] }));
    const [m, ...rest] = await fetchModels(target(f, 'k'), 'llama_cpp');
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ model_id: 'tiny.gguf', capabilities: ['chat', 'completion'], max_tokens: 4096, context_length: 131072, metadata_source: 'llama_cpp:/props', details: { total_slots: 2 } });
    expect(await codeOf(fetchModels(target(f, 'wrong'), 'llama_cpp'))).toBe('endpoint_unreachable');
  });

  it('vLLM: max_model_len, root and parent (LoRA adapters listed too)', async () => {
    const f = await use(startFakeVllm({ models: [{ id: 'Qwen/Qwen2.5-1.5B-Instruct', contextLength: 32768 }, { id: 'sql-lora', root: '/adapters/sql', parent: 'Qwen/Qwen2.5-1.5B-Instruct', contextLength: 32768 }] }));
    const models = await fetchModels(target(f), 'vllm');
    expect(models.map((m) => [m.model_id, m.max_tokens, m.context_length, m.details.parent])).toEqual([
      ['Qwen/Qwen2.5-1.5B-Instruct', 32768, 32768, null],
      ['sql-lora', 32768, 32768, 'Qwen/Qwen2.5-1.5B-Instruct'],
    ]);
  });

  it('LM Studio: /api/v0/models, else /api/v1/models, else /v1/models', async () => {
    const f = await use(startFakeLmStudio({ models: [{ id: 'qwen2-vl-7b', type: 'vlm', contextLength: 32768, arch: 'qwen2_vl' }, { id: 'text-embedding-nomic-embed-text-v1.5', contextLength: 2048 }] }));
    const v0 = await fetchModels(target(f), 'lm_studio');
    expect(v0.map((m) => [m.model_id, m.capabilities, m.max_tokens, m.metadata_source])).toEqual([
      ['qwen2-vl-7b', ['chat', 'completion', 'vision'], 32768, 'lm_studio:/api/v0/models'],
      ['text-embedding-nomic-embed-text-v1.5', ['embeddings'], 2048, 'lm_studio:/api/v0/models'],
    ]);
    expect(v0[0]!.details).toMatchObject({ arch: 'qwen2_vl', quantization: 'Q4_K_M', type: 'vlm' });
    f.options.v0Api = false;
    const v1 = await fetchModels(target(f), 'lm_studio');
    expect(v1.map((m) => [m.capabilities, m.max_tokens, m.metadata_source])).toEqual([
      [['chat', 'completion', 'vision', 'tools'], 32768, 'lm_studio:/api/v1/models'],
      [['embeddings'], 2048, 'lm_studio:/api/v1/models'],
    ]);
    f.options.v1Api = false;
    const bare = await fetchModels(target(f), 'lm_studio');
    expect(bare.map((m) => [m.model_id, m.capabilities, m.max_tokens])).toEqual([
      ['qwen2-vl-7b', ['chat', 'completion'], null],
      ['text-embedding-nomic-embed-text-v1.5', ['embeddings'], null],
    ]);
  });

  it('xLLM: /v1/models + /v0/models/:m/info with encoded ids', async () => {
    const f = await use(startFakeXllm({ models: [{ id: 'org/llama-3:q4', contextLength: 16384 }, { id: 'bge-m3', contextLength: 8192 }] }));
    const models = await fetchModels(target(f), 'xllm');
    expect(models.map((m) => [m.model_id, m.capabilities, m.max_tokens, m.context_length])).toEqual([
      ['org/llama-3:q4', ['chat', 'completion'], 16384, 16384],
      ['bge-m3', ['embeddings'], 8192, 8192],
    ]);
    expect(f.requests.some((r) => r.path === '/v0/models/org%2Fllama-3%3Aq4/info')).toBe(true);
  });

  it('OpenAI-compatible and unknown: ids from /v1/models, name heuristics, no limits', async () => {
    const f = await use(startFakeOpenAi({ apiKey: 'sk' }));
    for (const type of ['openai_compatible', 'unknown'] as const) {
      const models = await fetchModels(target(f, 'sk'), type);
      expect(models.map((m) => [m.model_id, m.capabilities, m.max_tokens])).toEqual([
        ['gpt-4o-mini', ['chat', 'completion'], null],
        ['text-embedding-3-small', ['embeddings'], null],
      ]);
    }
  });

  it('fails with endpoint_unreachable on no answer, bad status, garbage or a hang', async () => {
    const port = await closedPort();
    expect(await codeOf(fetchModels({ baseUrl: `http://127.0.0.1:${port}`, apiKey: null }, 'ollama'))).toBe('endpoint_unreachable');
    const f = await use(startFakeVllm());
    for (const mode of ['error503', 'garbage', 'unauthorized', 'reset'] as const) {
      f.setMode(mode);
      expect(await codeOf(fetchModels(target(f), 'vllm'))).toBe('endpoint_unreachable');
    }
    f.setMode('hang');
    const t0 = Date.now();
    expect(await codeOf(fetchModels(target(f), 'vllm', { timeoutMs: 200 }))).toBe('endpoint_unreachable');
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('diffs two syncs: added, removed, updated', async () => {
    const f = await use(startFakeOllama({ models: [{ id: 'a:latest', numCtx: 2048 }, { id: 'b:latest' }, { id: 'c:latest' }] }));
    const before = await fetchModels(target(f), 'ollama');
    f.models.splice(1, 1);
    f.models[0]!.numCtx = 8192;
    f.models.push({ id: 'd:latest' });
    const after = await fetchModels(target(f), 'ollama');
    expect(diffModels(before, after)).toEqual({ added: ['d:latest'], removed: ['b:latest'], updated: ['a:latest'] });
  });
});

describe('fetchModelInfo (SPEC §3 max tokens table)', () => {
  it.each([
    ['xllm', () => startFakeXllm({ models: [{ id: 'org/m:q4', contextLength: 16384 }] }), 'org/m:q4', 16384, 16384, 'xllm:/v0/models/:model/info'],
    ['ollama', () => startFakeOllama({ models: [{ id: 'hf.co/org/m:Q4', numCtx: 8192, contextLength: 131072 }] }), 'hf.co/org/m:Q4', 8192, 131072, 'ollama:/api/show'],
    ['vllm', () => startFakeVllm({ models: [{ id: 'org/m', contextLength: 4096 }] }), 'org/m', 4096, 4096, 'vllm:/v1/models'],
    ['llama_cpp', () => startFakeLlamaCpp({ nCtx: 2048, models: [{ id: 'm.gguf', contextLength: 65536 }] }), 'm.gguf', 2048, 65536, 'llama_cpp:/props'],
    ['lm_studio', () => startFakeLmStudio({ models: [{ id: 'org/m', contextLength: 32768 }] }), 'org/m', 32768, 32768, 'lm_studio:/api/v0/models'],
  ] as const)('%s', async (type, start, model, maxTokens, contextLength, source) => {
    const f = await use(start());
    expect(await fetchModelInfo(target(f), type, model)).toEqual({ max_tokens: maxTokens, context_length: contextLength, source });
    expect(await codeOf(fetchModelInfo(target(f), type, 'no/such:model'))).toBe('not_found');
  });

  it('Ollama without num_ctx: max_tokens null, context_length from the architecture', async () => {
    const f = await use(startFakeOllama({ models: [{ id: 'llama3.2:latest', contextLength: 131072 }] }));
    expect(await fetchModelInfo(target(f), 'ollama', 'llama3.2')).toEqual({ max_tokens: null, context_length: 131072, source: 'ollama:/api/show' });
  });

  it('openai_compatible and unknown have no metadata', async () => {
    const f = await use(startFakeOpenAi());
    expect(await codeOf(fetchModelInfo(target(f), 'openai_compatible', 'gpt-4o-mini'))).toBe('not_supported');
    expect(await codeOf(fetchModelInfo(target(f), 'unknown', 'gpt-4o-mini'))).toBe('not_supported');
    expect(f.requests).toHaveLength(0);
  });

  it('an unreachable endpoint is endpoint_unreachable, not not_found', async () => {
    const port = await closedPort();
    for (const type of ['xllm', 'ollama', 'vllm', 'llama_cpp', 'lm_studio'] as const) {
      expect(await codeOf(fetchModelInfo({ baseUrl: `http://127.0.0.1:${port}`, apiKey: null }, type, 'm'))).toBe('endpoint_unreachable');
    }
  });
});
