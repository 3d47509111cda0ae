/**
 * Aliases in the whole app: an Ollama fake and a vLLM fake serve the same model under different names;
 * a suggestion groups them, accepting it makes one alias that spreads traffic over both (each upstream
 * gets its own name, clients see the alias), `/v1/models` and `/api/tags` list it, and it survives the
 * removal of one endpoint. Endpoints come online through the real detection, health and sync.
 */
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OllamaFake, startFakeOllama, startFakeVllm } from '../fakes/index.js';
import type { FakeHandle } from '../fakes/server.js';
import { call, startTestApp, waitFor, type TestApp } from '../helpers/app.js';

const ALIAS = 'llama-3.2-3b-instruct';
const HF = 'meta-llama/Llama-3.2-3B-Instruct';

let t: TestApp;
let ollama: OllamaFake;
let vllm: FakeHandle;
let vllmBase: FakeHandle;
let ids: { ollama: string; vllm: string; base: string };
let client: OpenAI;

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

const modelsSeen = (f: FakeHandle): string[] => f.requests.filter((r) => r.method === 'POST').map((r) => (r.body as { model: string }).model);

beforeAll(async () => {
  t = await startTestApp();
  ollama = await startFakeOllama({
    latencyMs: 20,
    models: [
      { id: 'llama3.2:3b', family: 'llama', parameterSize: '3.2B', quantization: 'Q4_K_M', numCtx: 4096, capabilities: ['completion'] },
      { id: 'llama3.1:8b', family: 'llama', parameterSize: '8.0B', quantization: 'Q4_K_M', capabilities: ['completion'] },
    ],
  });
  vllm = await startFakeVllm({ latencyMs: 20, models: [{ id: HF, root: HF, contextLength: 131072 }] });
  vllmBase = await startFakeVllm({ models: [{ id: 'meta-llama/Llama-3.2-3B', root: 'meta-llama/Llama-3.2-3B' }] });
  ids = {
    ollama: await register('ollama-box', ollama.url, 2),
    vllm: await register('vllm-box', vllm.url, 1),
    base: await register('vllm-base', vllmBase.url, 1),
  };
  client = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: 'x', maxRetries: 0 });
});
afterAll(async () => {
  await t?.close();
  await Promise.all([ollama?.close(), vllm?.close(), vllmBase?.close()]);
});

describe('aliases end to end', () => {
  it('suggests llama3.2:3b with the vLLM instruct model, not with the 8B or the base model; accepts it', async () => {
    const res = await call(t.url, 'GET', '/v0/aliases/suggestions');
    expect(res.status).toBe(200);
    expect(res.body.suggestions).toHaveLength(1);
    const s = res.body.suggestions[0];
    expect(s.alias).toBe(ALIAS);
    expect(s.targets.map((x: { model: string }) => x.model).sort()).toEqual(['llama3.2:3b', HF]);
    expect((await call(t.url, 'GET', '/v0/aliases')).body).toEqual({ aliases: [] });
    const accepted = await call(t.url, 'POST', '/v0/aliases/suggestions/accept', { suggestion_id: s.id });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ alias: ALIAS, allow_shadow: false });
    expect((await call(t.url, 'GET', '/v0/aliases/suggestions')).body.suggestions).toEqual([]);
  });

  it('spreads traffic over both targets, each upstream gets its own name, the client sees the alias', async () => {
    ollama.requests.length = 0;
    vllm.requests.length = 0;
    const endpoints = new Set<string>();
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(
        Array.from({ length: 4 }, () => client.chat.completions.create({ model: ALIAS, messages: [{ role: 'user', content: 'hi' }] }).withResponse()),
      );
      for (const { data, response } of results) {
        expect(data.model).toBe(ALIAS);
        expect(data.choices[0]?.message.content).toBe('Hello from the fake upstream.');
        endpoints.add(response.headers.get('x-llmlb-endpoint')!);
      }
    }
    expect(endpoints).toEqual(new Set([ids.ollama, ids.vllm]));
    expect(new Set(modelsSeen(ollama))).toEqual(new Set(['llama3.2:3b']));
    expect(new Set(modelsSeen(vllm))).toEqual(new Set([HF]));
  });

  it('every streamed chunk reports the alias, whichever target served it', async () => {
    const served = new Set<string>();
    const streamOnce = async (): Promise<void> => {
      const { data: stream, response } = await client.chat.completions
        .create({ model: ALIAS, messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } })
        .withResponse();
      served.add(response.headers.get('x-llmlb-endpoint')!);
      const models = new Set<string>();
      let text = '';
      for await (const c of stream) {
        models.add(c.model);
        text += c.choices[0]?.delta.content ?? '';
      }
      expect([...models]).toEqual([ALIAS]);
      expect(text).toBe('Hello from the fake upstream.');
    };
    for (let round = 0; round < 3; round++) await Promise.all([streamOnce(), streamOnce(), streamOnce(), streamOnce()]);
    expect(served).toEqual(new Set([ids.ollama, ids.vllm]));
  });

  it('Ollama clients see the alias in JSON and in every NDJSON line (passthrough and translated)', async () => {
    ollama.requests.length = 0;
    vllm.requests.length = 0;
    const ol = new Ollama({ host: t.url });
    const messages = [{ role: 'user', content: 'hi' }];
    const plain = async (): Promise<void> => expect((await ol.chat({ model: ALIAS, messages, stream: false })).model).toBe(ALIAS);
    const streamed = async (): Promise<void> => {
      const lines = [];
      for await (const part of await ol.chat({ model: ALIAS, messages, stream: true })) lines.push(part);
      expect(new Set(lines.map((l) => l.model))).toEqual(new Set([ALIAS]));
      expect(lines.at(-1)?.done).toBe(true);
    };
    for (let round = 0; round < 3; round++) await Promise.all([plain(), plain(), streamed(), streamed()]);
    expect(ollama.requests.filter((r) => r.path === '/api/chat').length).toBeGreaterThan(0);
    expect(vllm.requests.filter((r) => r.path === '/v1/chat/completions').length).toBeGreaterThan(0);
    expect(new Set(modelsSeen(ollama))).toEqual(new Set(['llama3.2:3b']));
    expect(new Set(modelsSeen(vllm))).toEqual(new Set([HF]));
  });

  it('/v1/models and /api/tags list the alias', async () => {
    const list = await client.models.list();
    expect(list.data.map((m) => m.id)).toEqual(expect.arrayContaining([ALIAS, 'llama3.2:3b', HF]));
    expect((await client.models.retrieve(ALIAS)).id).toBe(ALIAS);
    const tags = (await call(t.url, 'GET', '/api/tags', undefined, null)).body;
    expect(tags.models.map((m: { name: string }) => m.name)).toContain(ALIAS);
  });

  it('a prompt larger than a target’s context window goes to the target where it fits', async () => {
    ollama.requests.length = 0;
    vllm.requests.length = 0;
    const long = 'word '.repeat(4000); // ~5,000 tokens by the estimate: over Ollama's num_ctx 4096
    await Promise.all(
      Array.from({ length: 6 }, () => client.chat.completions.create({ model: ALIAS, messages: [{ role: 'user', content: long }], max_tokens: 100 })),
    );
    expect(modelsSeen(ollama)).toEqual([]);
    expect(modelsSeen(vllm)).toHaveLength(6);
  });

  it('removing one target’s endpoint keeps the alias working on the rest', async () => {
    expect((await call(t.url, 'DELETE', `/v0/endpoints/${ids.ollama}`)).status).toBe(204);
    const alias = (await call(t.url, 'GET', '/v0/aliases')).body.aliases[0];
    expect(alias.targets).toEqual([{ endpoint_id: ids.vllm, model: HF }]);
    for (let i = 0; i < 3; i++) {
      const { data, response } = await client.chat.completions.create({ model: ALIAS, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
      expect(data.model).toBe(ALIAS);
      expect(response.headers.get('x-llmlb-endpoint')).toBe(ids.vllm);
    }
  });
});
