/** The `/v1` gateway inside the whole app: endpoints registered over `/v0` go online by health + sync, then route. */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, startFakeVllm } from '../fakes/index.js';
import type { FakeHandle } from '../fakes/server.js';
import { call, registerEndpoint, startTestApp, waitFor, type TestApp } from '../helpers/app.js';

let t: TestApp;
let a: FakeHandle;
let b: FakeHandle;
let client: OpenAI;

beforeAll(async () => {
  t = await startTestApp();
  a = await startFakeVllm({ models: ['shared/model'] });
  b = await startFakeVllm({ models: ['shared/model'] });
  client = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: 'x', maxRetries: 0 });
});
afterAll(async () => {
  await t.close();
  await Promise.all([a.close(), b.close()]);
});

describe('gateway in the app', () => {
  it('routes to endpoints that health and sync brought online', async () => {
    const aId = await registerEndpoint(t, 'vllm-a', a.url);
    const bId = await registerEndpoint(t, 'vllm-b', b.url);
    const list = await client.models.list();
    expect(list.data.map((m) => m.id)).toContain('shared/model');
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const { response } = await client.chat.completions.create({ model: 'shared/model', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
      seen.add(response.headers.get('x-llmlb-endpoint')!);
    }
    expect(seen).toEqual(new Set([aId, bId]));
  });

  it('a dead endpoint: requests keep succeeding and passive health takes it out of rotation', async () => {
    await a.stop();
    // Concurrent, so in-flight counting sends some to the dead one whatever the latency estimates say.
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => client.chat.completions.create({ model: 'shared/model', messages: [{ role: 'user', content: 'hi' }] })),
    );
    for (const r of answers) expect(r.choices[0]?.message.content).toBe('Hello from the fake upstream.');
    const listed = await waitFor(async () => {
      const r = (await call(t.url, 'GET', '/v0/endpoints')).body;
      const e = r.endpoints.find((x: { name: string }) => x.name === 'vllm-a');
      return e.status !== 'online' ? e : null;
    }, 3000);
    expect(['error', 'offline']).toContain(listed.status);
    await a.start();
  });

  it('an Ollama endpoint serves /v1 too, and unknown models are 404 in OpenAI shape', async () => {
    const o = await startFakeOllama({ models: ['llama3.2:latest'] });
    try {
      await registerEndpoint(t, 'ollama', o.url);
      const r = await client.chat.completions.create({ model: 'llama3.2:latest', messages: [{ role: 'user', content: 'hi' }] });
      expect(r.choices[0]?.message.content).toBe('Hello from the fake upstream.');
      const missing = await fetch(`${t.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'nope', messages: [] }) });
      expect(missing.status).toBe(404);
      expect((await missing.json()).error.code).toBe('model_not_found');
    } finally {
      await o.close();
    }
  });
});
