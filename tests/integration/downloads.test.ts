import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DownloadTaskDTO } from '../../src-main/admin/types.js';
import { startFakeOllama, startFakeXllm, type OllamaFake, type XllmFake } from '../fakes/index.js';
import { ADMIN_KEY, call, startTestApp, waitFor, type TestApp } from '../helpers/app.js';

// Downloads end to end: real app on port 0, fake nodes that take ~2 s, progress read from /v0/events.
const DURATION_MS = 2000;
let t: TestApp;
let xllm: XllmFake;
let ollama: OllamaFake;
let xllmId: string;
let ollamaId: string;
const closers: (() => unknown)[] = [];

/** Collects every `/v0/events` event until closed. */
async function openEvents(base: string): Promise<{ events: any[]; close(): void }> {
  const ac = new AbortController();
  const res = await fetch(`${base}/v0/events`, { headers: { authorization: `Bearer ${ADMIN_KEY}` }, signal: ac.signal });
  const events: any[] = [];
  void (async () => {
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buf += dec.decode(value, { stream: true });
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const data = buf.slice(0, i).split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          buf = buf.slice(i + 2);
          if (data) events.push({ ...JSON.parse(data), at: Date.now() });
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  const close = (): void => ac.abort();
  closers.push(close);
  return { events, close };
}

/** The `download.progress` events of one task, in order. */
function taskEvents(events: any[], taskId: string): (DownloadTaskDTO & { at: number })[] {
  return events.filter((e) => e.type === 'download.progress' && e.task.task_id === taskId).map((e) => ({ ...e.task, at: e.at }));
}

async function register(name: string, base_url: string, endpoint_type: string): Promise<string> {
  const res = await call(t.url, 'POST', '/v0/endpoints', { name, base_url, endpoint_type });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function task(epId: string, taskId: string): Promise<DownloadTaskDTO | undefined> {
  const res = await call(t.url, 'GET', `/v0/endpoints/${epId}/download/progress`);
  return res.body.tasks.find((x: DownloadTaskDTO) => x.task_id === taskId);
}

async function waitStatus(epId: string, taskId: string, status: string, ms = 10_000): Promise<DownloadTaskDTO> {
  const found = await waitFor(async () => {
    const x = await task(epId, taskId);
    return x?.status === status ? x : undefined;
  }, ms);
  return found!;
}

beforeAll(async () => {
  xllm = await startFakeXllm({ downloadDurationMs: DURATION_MS });
  // One layer: the fake's later layers are the larger ones, so with more, "layers seen so far" reaches 99 % early
  // (real Ollama pulls the big weights blob first, then small metadata blobs).
  ollama = await startFakeOllama({ pullDurationMs: DURATION_MS, pullLayers: 1 });
  t = await startTestApp();
  xllmId = await register('node-x', xllm.url, 'xllm');
  ollamaId = await register('node-o', ollama.url, 'ollama');
  for (const id of [xllmId, ollamaId]) {
    await waitFor(async () => (await call(t.url, 'GET', `/v0/endpoints/${id}`)).body.status === 'online', 10_000);
  }
});
afterAll(async () => {
  for (const c of closers) c();
  await t.close();
  await xllm.close();
  await ollama.close();
});
afterEach(() => {
  xllm.options.downloadFail = null;
  ollama.options.pullFail = null;
});

/** Checks one finished run's events: pending → downloading → completed, monotonic to 100, throttled. */
function expectGoodRun(evs: (DownloadTaskDTO & { at: number })[]): void {
  expect(evs[0]).toMatchObject({ status: 'pending', progress: 0 });
  expect(evs.at(-1)).toMatchObject({ status: 'completed', progress: 100, error: null });
  const ps = evs.map((e) => e.progress);
  expect([...ps].sort((a, b) => a - b)).toEqual(ps);
  const running = evs.filter((e) => e.status === 'downloading');
  expect(new Set(running.map((e) => e.progress)).size).toBeGreaterThanOrEqual(4); // it really rose in steps
  expect(running.some((e) => e.progress > 0 && e.progress < 100)).toBe(true);
  // At most ~4 progress events a second (state changes come on top).
  const secs = (running.at(-1)!.at - running[0]!.at) / 1000;
  expect(running.length).toBeLessThanOrEqual(Math.ceil(secs * 4) + 3);
  expect(running.some((e) => (e.speed_mbps ?? 0) > 0)).toBe(true);
  expect(running.some((e) => e.eta_seconds !== null)).toBe(true);
}

async function expectListed(epId: string, model: string): Promise<any> {
  const detail = (await call(t.url, 'GET', `/v0/endpoints/${epId}`)).body;
  const m = detail.models.find((x: any) => x.model_id === model);
  expect(m).toBeDefined();
  const v1 = await call(t.url, 'GET', '/v1/models', undefined, null);
  if (v1.status !== 404) expect(v1.body.data.map((x: any) => x.id)).toContain(model);
  return m;
}

describe('xLLM downloads', () => {
  it('starts (202 pending), rises monotonically to 100 and the model is listed with its max tokens', async () => {
    const sse = await openEvents(t.url);
    const res = await call(t.url, 'POST', `/v0/endpoints/${xllmId}/download`, { model: 'org/new-model', filename: 'model-q4.gguf' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ endpoint_id: xllmId, model: 'org/new-model', filename: 'model-q4.gguf', status: 'pending', progress: 0, speed_mbps: null, eta_seconds: null, error: null });
    const id = res.body.task_id;
    await waitFor(() => taskEvents(sse.events, id).some((e) => e.status === 'completed'), 10_000);
    expectGoodRun(taskEvents(sse.events, id));
    const m = await expectListed(xllmId, 'org/new-model');
    expect(m.max_tokens).toBe(8192);
    expect([...xllm.tasks.values()].find((x) => x.model === 'org/new-model')?.filename).toBe('model-q4.gguf');
    const list = (await call(t.url, 'GET', `/v0/endpoints/${xllmId}/download/progress`)).body;
    expect(list).toMatchObject({ endpoint_id: xllmId, tasks: [{ task_id: id, status: 'completed', progress: 100 }] });
  });

  it('cancel mid-way cancels on the node; a second cancel is 409, unknown tasks 404', async () => {
    const res = await call(t.url, 'POST', `/v0/endpoints/${xllmId}/download`, { model: 'org/cancel-me' });
    const id = res.body.task_id;
    await waitFor(async () => ((await task(xllmId, id))?.progress ?? 0) > 10, 5000);
    const del = await call(t.url, 'DELETE', `/v0/endpoints/${xllmId}/download/${id}`);
    expect(del.status).toBe(204);
    const after = await task(xllmId, id);
    expect(after).toMatchObject({ status: 'cancelled', speed_mbps: null, eta_seconds: null });
    expect(after!.progress).toBeLessThan(100);
    expect([...xllm.tasks.values()].find((x) => x.model === 'org/cancel-me')?.status).toBe('cancelled');
    expect((await call(t.url, 'DELETE', `/v0/endpoints/${xllmId}/download/${id}`)).body.error.code).toBe('conflict');
    expect((await call(t.url, 'DELETE', `/v0/endpoints/${xllmId}/download/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await call(t.url, 'DELETE', `/v0/endpoints/${ollamaId}/download/${id}`)).status).toBe(404); // other endpoint's task
    expect((await call(t.url, 'DELETE', `/v0/endpoints/${xllmId}/download/not-a-uuid`)).status).toBe(404);
  });

  it('the node failing mid-way marks the task failed with its message', async () => {
    xllm.options.downloadFail = 'disk full: 0 bytes left on /models';
    const id = (await call(t.url, 'POST', `/v0/endpoints/${xllmId}/download`, { model: 'org/fails' })).body.task_id;
    const failed = await waitStatus(xllmId, id, 'failed');
    expect(failed.error).toBe('disk full: 0 bytes left on /models');
    expect(failed.progress).toBeGreaterThan(0);
    expect(failed.progress).toBeLessThan(100);
  });

  it('refuses a second download of the same model while one runs (409)', async () => {
    const first = await call(t.url, 'POST', `/v0/endpoints/${xllmId}/download`, { model: 'org/twice' });
    const second = await call(t.url, 'POST', `/v0/endpoints/${xllmId}/download`, { model: 'org/twice' });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('conflict');
    await call(t.url, 'DELETE', `/v0/endpoints/${xllmId}/download/${first.body.task_id}`);
  });
});

describe('Ollama downloads', () => {
  it('pulls with NDJSON progress to 100 and the model is listed with its max tokens', async () => {
    // The pulled model's Modelfile sets num_ctx, so /api/show reports a runtime window (max_tokens).
    const push = ollama.models.push.bind(ollama.models);
    ollama.models.push = (...ms) => push(...ms.map((m) => ({ ...m, numCtx: 4096 })));
    const sse = await openEvents(t.url);
    const res = await call(t.url, 'POST', `/v0/endpoints/${ollamaId}/download`, { model: 'qwen3:0.6b' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'pending', model: 'qwen3:0.6b', filename: null });
    const id = res.body.task_id;
    await waitFor(() => taskEvents(sse.events, id).some((e) => e.status === 'completed'), 10_000);
    expectGoodRun(taskEvents(sse.events, id));
    const m = await expectListed(ollamaId, 'qwen3:0.6b');
    expect(m).toMatchObject({ max_tokens: 4096, context_length: 131072 });
    expect(ollama.requests.find((r) => r.path === '/api/pull')?.body).toEqual({ model: 'qwen3:0.6b', stream: true });
  });

  it('cancel aborts the pull stream on the node', async () => {
    ollama.requests.length = 0;
    const id = (await call(t.url, 'POST', `/v0/endpoints/${ollamaId}/download`, { model: 'llama3.1:8b' })).body.task_id;
    await waitFor(async () => ((await task(ollamaId, id))?.progress ?? 0) > 5, 5000);
    expect((await call(t.url, 'DELETE', `/v0/endpoints/${ollamaId}/download/${id}`)).status).toBe(204);
    expect((await task(ollamaId, id))?.status).toBe('cancelled');
    const pull = await ollama.waitForRequest((r) => r.path === '/api/pull' && r.aborted, 3000);
    expect(pull.finishedAt).toBeNull();
    expect(ollama.models.some((m) => m.id === 'llama3.1:8b')).toBe(false);
  });

  it('an {"error"} line marks the task failed with that message', async () => {
    ollama.options.pullFail = 'pull model manifest: file does not exist';
    const id = (await call(t.url, 'POST', `/v0/endpoints/${ollamaId}/download`, { model: 'no-such-model' })).body.task_id;
    expect((await waitStatus(ollamaId, id, 'failed')).error).toBe('pull model manifest: file does not exist');
  });
});

describe('download requests that are refused', () => {
  it('answers 400 not_supported for types without downloads', async () => {
    const id = await register('plain-openai', 'http://127.0.0.1:9/v1', 'openai_compatible');
    const res = await call(t.url, 'POST', `/v0/endpoints/${id}/download`, { model: 'gpt-x' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('not_supported');
  });

  it('validates the body and the endpoint', async () => {
    const bad = async (body: unknown, epId = xllmId) => call(t.url, 'POST', `/v0/endpoints/${epId}/download`, body);
    for (const body of [{}, { model: '' }, { model: '   ' }, { model: 'a\u0007b' }, { model: 'x'.repeat(501) }, { model: 5 }, { model: 'm', extra: 1 }, [1]]) {
      const res = await bad(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect((await bad({ model: 'm', filename: 'x.gguf' }, ollamaId)).body.error.code).toBe('invalid_request');
    expect((await bad({ model: 'm' }, crypto.randomUUID())).status).toBe(404);
    expect((await call(t.url, 'GET', `/v0/endpoints/${crypto.randomUUID()}/download/progress`)).status).toBe(404);
    expect((await call(t.url, 'POST', `/v0/endpoints/${xllmId}/download`, { model: 'm' }, null)).status).toBe(401);
  });

  it('deleting the endpoint mid-download drops its tasks quietly', async () => {
    const other = await startFakeXllm({ downloadDurationMs: DURATION_MS });
    try {
      const id = await register('short-lived', other.url, 'xllm');
      const taskId = (await call(t.url, 'POST', `/v0/endpoints/${id}/download`, { model: 'org/gone' })).body.task_id;
      await waitFor(async () => (await task(id, taskId))?.status === 'downloading', 5000);
      expect((await call(t.url, 'DELETE', `/v0/endpoints/${id}`)).status).toBe(204);
      expect((await call(t.url, 'GET', `/v0/endpoints/${id}/download/progress`)).status).toBe(404);
      const polls = () => other.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v0/models/download/')).length;
      const before = polls();
      await new Promise((r) => setTimeout(r, 700));
      expect(polls()).toBeLessThanOrEqual(before + 1);
    } finally {
      await other.close();
    }
  });
});
