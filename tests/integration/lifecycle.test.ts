import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, startFakeLlamaCpp, startFakeLmStudio, startFakeOllama, startFakeOpenAi, startFakeVllm, startFakeXllm } from '../fakes/index.js';
import type { FakeHandle } from '../fakes/server.js';
import { call, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { ManualClock } from '../unit/health/manual-clock.js';

let t: TestApp;
const clock = new ManualClock(Date.now());
const fakes: FakeHandle[] = [];

beforeAll(async () => {
  t = await startTestApp({ clock });
});
afterAll(async () => {
  await t.close();
  await Promise.all(fakes.map((f) => f.close()));
});

async function fake<F extends FakeHandle>(start: Promise<F>): Promise<F> {
  const f = await start;
  fakes.push(f);
  return f;
}

let seq = 0;
async function register(baseUrl: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await call(t.url, 'POST', '/v0/endpoints', { name: `ep-${++seq}`, base_url: baseUrl, ...extra });
  expect(res.status).toBe(201);
  expect(res.body.status).toBe('pending');
  return res.body.id as string;
}

const get = async (id: string) => (await call(t.url, 'GET', `/v0/endpoints/${id}`)).body;
const until = (id: string, pred: (e: any) => boolean, ms = 5000) => waitFor(async () => ((e) => (pred(e) ? e : null))(await get(id)), ms);

describe('registration → detection, check and sync in the background', () => {
  const kinds = [
    ['ollama', () => startFakeOllama(), ['llama3.2:latest', 'nomic-embed-text:latest']],
    ['llama_cpp', () => startFakeLlamaCpp({ totalSlots: 3 }), ['tiny-llama-q8_0.gguf']],
    ['vllm', () => startFakeVllm(), ['Qwen/Qwen2.5-1.5B-Instruct']],
    ['lm_studio', () => startFakeLmStudio(), ['meta-llama-3.1-8b-instruct', 'text-embedding-nomic-embed-text-v1.5']],
    ['xllm', () => startFakeXllm(), ['llama-3.2-1b-instruct']],
    ['openai_compatible', () => startFakeOpenAi(), ['gpt-4o-mini', 'text-embedding-3-small']],
  ] as const;
  it.each(kinds)('%s becomes online with its type and models', async (type, start, models) => {
    const f = await fake(start() as Promise<FakeHandle>);
    const id = await register(f.url);
    const e = await until(id, (x) => x.status === 'online' && x.model_count === models.length);
    expect(e).toMatchObject({ endpoint_type: type, error_count: 0, last_error: null });
    expect(e.last_seen).not.toBeNull();
    expect(e.latency_ms).toBeTypeOf('number');
    expect(e.models.map((m: any) => m.model_id).sort()).toEqual([...models].sort());
    if (type === 'llama_cpp') expect(e.max_concurrency).toBe(3); // learned from /props total_slots
  });

  it('keeps a type set by hand', async () => {
    const f = await fake(startFakeOllama());
    const id = await register(f.url, { endpoint_type: 'openai_compatible' });
    await until(id, (x) => x.status === 'online' && x.model_count === 2);
    const test = await call(t.url, 'POST', `/v0/endpoints/${id}/test`);
    expect(test.body).toMatchObject({ success: true, endpoint_type: 'openai_compatible' });
    expect((await get(id)).endpoint_type).toBe('openai_compatible');
  });

  it('registers a closed port as unknown/offline, then types it when a server starts there', async () => {
    const f = await fake(startFakeLlamaCpp());
    await f.stop(); // the port is now closed; start() reopens the same one
    const id = await register(f.url, { health_check_interval_secs: 10 });
    const down = await until(id, (x) => x.status === 'offline');
    expect(down).toMatchObject({ endpoint_type: 'unknown', error_count: 1, last_error: 'connection refused' });
    await f.start();
    clock.advance(10_000);
    const up = await until(id, (x) => x.status === 'online' && x.model_count === 1);
    expect(up.endpoint_type).toBe('llama_cpp');
  });

  it('re-detects and re-checks after a URL change', async () => {
    const a = await fake(startFakeOpenAi());
    const b = await fake(startFakeVllm());
    const id = await register(a.url);
    await until(id, (x) => x.status === 'online' && x.endpoint_type === 'openai_compatible');
    const res = await call(t.url, 'PUT', `/v0/endpoints/${id}`, { base_url: b.url });
    expect(res.status).toBe(200);
    const e = await until(id, (x) => x.status === 'online' && x.endpoint_type === 'vllm');
    expect(e.models.map((m: any) => m.model_id)).toEqual(['Qwen/Qwen2.5-1.5B-Instruct']);
  });

  it('stops checking a deleted endpoint', async () => {
    const f = await fake(startFakeOpenAi());
    const id = await register(f.url, { health_check_interval_secs: 10 });
    await until(id, (x) => x.status === 'online');
    expect((await call(t.url, 'DELETE', `/v0/endpoints/${id}`)).status).toBe(204);
    const before = f.requests.length;
    clock.advance(60_000);
    await new Promise((r) => setTimeout(r, 100));
    expect(f.requests.length).toBe(before);
  });
});

describe('POST /v0/endpoints/:id/test', () => {
  it('reports success with type, version and model count', async () => {
    const f = await fake(startFakeOllama({ version: '0.9.1' }));
    const id = await register(f.url);
    await until(id, (x) => x.status === 'online');
    const res = await call(t.url, 'POST', `/v0/endpoints/${id}/test`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, latency_ms: expect.any(Number), error: null, endpoint_type: 'ollama', models_found: 2, version: '0.9.1' });
  });

  it('is 200 with success:false for a dead endpoint and applies the status', async () => {
    const port = await closedPort();
    const id = await register(`http://127.0.0.1:${port}`);
    await until(id, (x) => x.status === 'offline');
    const res = await call(t.url, 'POST', `/v0/endpoints/${id}/test`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: false, latency_ms: null, error: 'connection refused', endpoint_type: 'unknown', models_found: 0 });
    expect((await get(id)).error_count).toBe(2);
  });
});

describe('POST /v0/endpoints/:id/sync', () => {
  it('returns the diff, and 503 with the old list kept when unreachable', async () => {
    const f = await fake(startFakeOpenAi({ models: ['a', 'b'] }));
    const id = await register(f.url);
    await until(id, (x) => x.status === 'online' && x.model_count === 2);
    f.models.push({ id: 'c' });
    f.models.splice(0, 1);
    const res = await call(t.url, 'POST', `/v0/endpoints/${id}/sync`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ synced_models: 2, added: ['c'], removed: ['a'], updated: [] });
    await f.stop();
    const down = await call(t.url, 'POST', `/v0/endpoints/${id}/sync`);
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('endpoint_unreachable');
    expect((await get(id)).models.map((m: any) => m.model_id)).toEqual(['b', 'c']);
  });
});

describe('GET /v0/endpoints/:id/models/:model/info', () => {
  it('reads Ollama metadata: num_ctx as max_tokens, the architecture maximum as context_length', async () => {
    const f = await fake(startFakeOllama({ models: [{ id: 'llama3.2:latest', numCtx: 8192, contextLength: 131072 }] }));
    const id = await register(f.url);
    await until(id, (x) => x.status === 'online' && x.model_count === 1);
    const res = await call(t.url, 'GET', `/v0/endpoints/${id}/models/llama3.2:latest/info`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ model_id: 'llama3.2:latest', endpoint_id: id, max_tokens: 8192, context_length: 131072 });
    expect(res.body.source).toMatch(/ollama/);
    expect(Date.parse(res.body.last_checked)).not.toBeNaN();
    const missing = await call(t.url, 'GET', `/v0/endpoints/${id}/models/nope/info`);
    expect(missing.status).toBe(404);
  });

  it('is 400 not_supported for a type without metadata', async () => {
    const f = await fake(startFakeOpenAi());
    const id = await register(f.url);
    await until(id, (x) => x.status === 'online');
    const res = await call(t.url, 'GET', `/v0/endpoints/${id}/models/gpt-4o-mini/info`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('not_supported');
  });
});

describe('POST /v0/endpoints/detect', () => {
  it('previews the type and model count without registering', async () => {
    const f = await fake(startFakeLmStudio());
    const before = (await call(t.url, 'GET', '/v0/endpoints')).body.total;
    const res = await call(t.url, 'POST', '/v0/endpoints/detect', { base_url: `${f.url.toUpperCase().replace('HTTP', 'http')}/v1/` });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ base_url: f.url, endpoint_type: 'lm_studio', models_found: 2, reachable: true });
    expect((await call(t.url, 'GET', '/v0/endpoints')).body.total).toBe(before);
  });

  it('validates the body', async () => {
    expect((await call(t.url, 'POST', '/v0/endpoints/detect', { base_url: 'ftp://x' })).status).toBe(400);
    expect((await call(t.url, 'POST', '/v0/endpoints/detect', { url: 'http://x' })).status).toBe(400);
  });
});
