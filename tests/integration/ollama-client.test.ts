/**
 * The real ollama-js client through llmlb's `/api`, once against an Ollama fake (passthrough) and once
 * against a vLLM fake (translated to the OpenAI API and back). Endpoints are registered through `/v0`
 * and become routable through the real detection, health and sync subsystems.
 */
import { Ollama } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedVector } from '../fakes/common.js';
import { type OllamaFake, startFakeOllama, startFakeVllm } from '../fakes/index.js';
import type { FakeHandle } from '../fakes/server.js';
import { call, startTestApp, waitFor, type TestApp } from '../helpers/app.js';

let t: TestApp;
let ollamaFake: OllamaFake;
let vllmFake: FakeHandle;
let client: Ollama;

/** Registers a fake and waits until it is online with `models` synced. */
async function register(name: string, url: string, models: number): Promise<string> {
  const res = await call(t.url, 'POST', '/v0/endpoints', { name, base_url: url });
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  await waitFor(async () => {
    const e = (await call(t.url, 'GET', `/v0/endpoints/${id}`)).body;
    return e.status === 'online' && e.models?.length === models;
  }, 10_000);
  return id;
}

beforeAll(async () => {
  t = await startTestApp();
  ollamaFake = await startFakeOllama({
    models: [{ id: 'llama3.2:latest', numCtx: 8192, capabilities: ['completion', 'tools'] }, 'nomic-embed-text:latest'],
  });
  vllmFake = await startFakeVllm({ models: ['Qwen/Qwen2.5-1.5B-Instruct', 'BAAI/bge-small-en-v1.5'] });
  await register('ollama-box', ollamaFake.url, 2);
  await register('vllm-box', vllmFake.url, 2);
  client = new Ollama({ host: t.url });
});
afterAll(async () => {
  await t?.close();
  await ollamaFake?.close();
  await vllmFake?.close();
});

const REPLY = 'Hello from the fake upstream.';

describe.each([
  { kind: 'ollama', chat: 'llama3.2:latest', embed: 'nomic-embed-text:latest', fake: () => ollamaFake as FakeHandle, native: true },
  { kind: 'vllm', chat: 'Qwen/Qwen2.5-1.5B-Instruct', embed: 'BAAI/bge-small-en-v1.5', fake: () => vllmFake, native: false },
])('ollama-js against a $kind endpoint', ({ chat, embed, fake, native }) => {
  it('chat (non-stream): Ollama shape with done_reason, counts and durations', async () => {
    const res = await client.chat({ model: chat, messages: [{ role: 'user', content: 'hi there' }], stream: false, options: { temperature: 0.1 } });
    expect(res.message).toMatchObject({ role: 'assistant', content: REPLY });
    expect(res).toMatchObject({ model: chat, done: true, done_reason: 'stop', eval_count: 6 });
    expect(res.prompt_eval_count).toBeGreaterThan(0);
    expect(res.total_duration).toBeGreaterThan(0);
    const seen = fake().requests.at(-1)!;
    if (native) {
      expect(seen.path).toBe('/api/chat');
      expect(seen.body).toMatchObject({ model: chat, stream: false, options: { temperature: 0.1 } });
    } else {
      expect(seen.path).toBe('/v1/chat/completions');
      expect(seen.body).toEqual({ model: chat, stream: false, temperature: 0.1, messages: [{ role: 'user', content: 'hi there' }] });
    }
  });

  it('chat (stream): NDJSON parts, then one done:true line with counts', async () => {
    const parts = [];
    for await (const part of await client.chat({ model: chat, messages: [{ role: 'user', content: 'stream please' }], stream: true })) parts.push(part);
    expect(parts.map((p) => p.message.content).join('')).toBe(REPLY);
    expect(parts.filter((p) => p.done)).toHaveLength(1);
    const last = parts.at(-1)!;
    expect(last).toMatchObject({ done: true, done_reason: 'stop', eval_count: 6 });
    expect(last.prompt_eval_count).toBeGreaterThan(0);
    expect(last.eval_duration).toBeGreaterThan(0);
    if (!native) expect((fake().requests.at(-1)!.body as Record<string, unknown>).stream_options).toEqual({ include_usage: true });
  });

  it('generate (non-stream and stream)', async () => {
    const res = await client.generate({ model: chat, prompt: 'why is the sky blue?', system: 'be brief', stream: false });
    expect(res).toMatchObject({ model: chat, response: REPLY, done: true, done_reason: 'stop' });
    if (!native) {
      expect(fake().requests.at(-1)!.body).toMatchObject({ messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'why is the sky blue?' }] });
    }
    let text = '';
    let done = 0;
    for await (const part of await client.generate({ model: chat, prompt: 'again', stream: true, options: { num_predict: 3 } })) {
      text += part.response;
      if (part.done) {
        done++;
        expect(part.done_reason).toBe('length');
        expect(part.eval_count).toBe(3);
      }
    }
    expect(text).toBe('Hello from the');
    expect(done).toBe(1);
  });

  it('embed and legacy embeddings', async () => {
    const res = await client.embed({ model: embed, input: ['alpha', 'beta'] });
    expect(res.model).toBe(embed);
    expect(res.embeddings).toEqual([embedVector('alpha', 8), embedVector('beta', 8)]);
    expect(res.prompt_eval_count).toBeGreaterThan(0);
    const legacy = await client.embeddings({ model: embed, prompt: 'alpha' });
    expect(legacy.embedding).toEqual(embedVector('alpha', 8));
    expect(fake().requests.at(-1)!.path).toBe(native ? '/api/embeddings' : '/v1/embeddings');
  });

  it('show: capabilities, context length and num_ctx', async () => {
    const res = await client.show({ model: chat });
    const info = res.model_info as unknown as Record<string, unknown>;
    const arch = info['general.architecture'] as string;
    expect(arch).toBeTruthy();
    expect(res.capabilities).toContain('completion');
    if (native) {
      expect(res.capabilities).toContain('tools');
      expect(info[`${arch}.context_length`]).toBe(131072);
      expect(res.parameters).toMatch(/num_ctx\s+8192/);
    } else {
      expect(info[`${arch}.context_length`]).toBe(32768);
      expect(res.parameters).toMatch(/num_ctx\s+32768/);
      expect(res.details).toMatchObject({ family: 'qwen2', parameter_size: '1.5B', format: 'safetensors' });
    }
    const emb = await client.show({ model: embed });
    expect(emb.capabilities).toContain('embedding');
  });

  it('ps lists the model as running', async () => {
    const res = await client.ps();
    expect(res.models.map((m) => m.name)).toContain(chat);
  });
});

describe('model-level routes', () => {
  it('version and list (all online models, once, with details)', async () => {
    expect((await client.version()).version).toMatch(/^0\.\d+\.\d+$/);
    const list = await client.list();
    const names = list.models.map((m) => m.name).sort();
    expect(names).toEqual(['BAAI/bge-small-en-v1.5', 'Qwen/Qwen2.5-1.5B-Instruct', 'llama3.2:latest', 'nomic-embed-text:latest']);
    const llama = list.models.find((m) => m.name === 'llama3.2:latest')!;
    expect(llama.details).toMatchObject({ format: 'gguf', family: 'llama', parameter_size: '3.2B', quantization_level: 'Q4_K_M' });
    expect(llama.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a name without a tag finds the :latest model; a load-only request answers done_reason load', async () => {
    const res = await client.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'x' }], stream: false });
    expect(res.message.content).toBe(REPLY);
    const load = await client.generate({ model: 'Qwen/Qwen2.5-1.5B-Instruct', prompt: '', stream: false });
    expect(load).toMatchObject({ done: true, done_reason: 'load', response: '' });
  });

  it('a client that aborts a translated stream aborts the upstream request', async () => {
    vllmFake.options.chunkDelayMs = 200;
    try {
      const own = new Ollama({ host: t.url });
      const stream = await own.chat({ model: 'Qwen/Qwen2.5-1.5B-Instruct', messages: [{ role: 'user', content: 'slow' }], stream: true });
      for await (const part of stream) {
        expect(part.message.content).toBeTruthy();
        stream.abort();
        break;
      }
      const seen = await vllmFake.waitForRequest((r) => r.path === '/v1/chat/completions' && (r.body as { messages?: { content?: string }[] }).messages?.[0]?.content === 'slow');
      await waitFor(() => seen.aborted, 3_000);
    } finally {
      vllmFake.options.chunkDelayMs = 0;
    }
  });

  it('the request log names the Ollama surface', async () => {
    await client.chat({ model: 'Qwen/Qwen2.5-1.5B-Instruct', messages: [{ role: 'user', content: 'log me' }], stream: false });
    const rows = await waitFor(async () => {
      const r = await call(t.url, 'GET', '/v0/requests?limit=50');
      const list = (r.body?.requests ?? []) as Record<string, unknown>[];
      return list.some((x) => x.path === '/api/chat') ? list : null;
    });
    expect(rows!.find((x) => x.path === '/api/chat')).toMatchObject({ api: 'ollama', model: 'Qwen/Qwen2.5-1.5B-Instruct', status: 200 });
  });
});
