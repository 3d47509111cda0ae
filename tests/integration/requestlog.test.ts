import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointStatsDTO, ModelSummaryDTO, RequestLogDTO } from '../../src-main/admin/types.js';
import { createApp } from '../../src-main/app.js';
import { startFakeAnthropic, startFakeOllama, startFakeVllm, type FakeHandle } from '../fakes/index.js';
import { eventually, startCloudApp, type CloudApp } from './cloud-helpers.js';

const MODEL = 'anthropic:claude-sonnet-4-5';
let anthropic: FakeHandle;
let gw: CloudApp;

function rowsOnDisk(dataDir: string): number {
  const db = new Database(join(dataDir, 'llmlb.db'), { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM request_log').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function chat(app: CloudApp, n = 1): Promise<void> {
  for (let i = 0; i < n; i++) await app.client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] });
}

beforeAll(async () => {
  anthropic = await startFakeAnthropic();
  gw = await startCloudApp({ ANTHROPIC_API_KEY: 'x', LLMLB_ANTHROPIC_BASE_URL: `${anthropic.url}/v1` });
});
afterAll(async () => {
  await gw?.close();
  await anthropic?.close();
});

describe('request log through the app', () => {
  it('lists a request at once but writes it to SQLite only in the next batch', async () => {
    const before = rowsOnDisk(gw.dataDir);
    await chat(gw);
    const { requests } = await gw.admin<{ requests: RequestLogDTO[] }>('/v0/requests');
    expect(requests[0]).toMatchObject({ model: MODEL, status: 200 });
    expect(rowsOnDisk(gw.dataDir)).toBe(before);
    await eventually(() => rowsOnDisk(gw.dataDir) === before + 1, 3000);
  });

  it('validates and applies ?limit=, newest first', async () => {
    await chat(gw, 3);
    const { requests } = await gw.admin<{ requests: RequestLogDTO[] }>('/v0/requests?limit=2');
    expect(requests).toHaveLength(2);
    expect(requests[0]!.id).toBeGreaterThan(requests[1]!.id);
    const bad = await request(`${gw.url}/v0/requests?limit=0`, { headers: { authorization: 'Bearer k' } });
    expect(bad.statusCode).toBe(400);
    await bad.body.dump();
  });

  it('/v0/stats: 3 windows per cloud provider with counts, errors and percentiles', async () => {
    const app = await startCloudApp({ ANTHROPIC_API_KEY: 'x', LLMLB_ANTHROPIC_BASE_URL: `${anthropic.url}/v1` });
    try {
      anthropic.options.latencyMs = 60;
      await chat(app, 4);
      anthropic.setMode('error500');
      await chat(app).catch(() => undefined);
      anthropic.setMode('error429');
      await chat(app).catch(() => undefined); // a 4xx is not an error for statistics
      const { endpoints } = await app.admin<{ endpoints: EndpointStatsDTO[] }>('/v0/stats');
      const rows = endpoints.filter((e) => e.endpoint_id === 'cloud:anthropic');
      expect(rows.map((r) => r.window)).toEqual(['5m', '1h', '24h']);
      for (const r of rows) {
        expect(r).toMatchObject({ name: 'anthropic', requests: 6, errors: 1, in_flight: 0, queue_depth: 0, ttft_p50_ms: null });
        expect(r.p50_ms).toBeGreaterThanOrEqual(60);
        expect(r.p95_ms).toBeGreaterThanOrEqual(r.p50_ms!);
      }
    } finally {
      anthropic.options.latencyMs = 0;
      anthropic.setMode('normal');
      await app.close();
    }
  });

  it('flushes on stop, and rebuilds the windows from SQLite after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'llmlb-restart-'));
    const env = { LLMLB_ADMIN_KEY: 'k', ANTHROPIC_API_KEY: 'x', LLMLB_ANTHROPIC_BASE_URL: `${anthropic.url}/v1` };
    const first = await createApp({ dataDir, port: 0, discovery: false, env });
    const { url } = await first.start();
    for (let i = 0; i < 3; i++) {
      const res = await request(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }),
      });
      await res.body.dump();
    }
    await first.stop();
    expect(rowsOnDisk(dataDir)).toBe(3);
    const second = await createApp({ dataDir, port: 0, discovery: false, env });
    const s = await second.start();
    try {
      const res = await request(`${s.url}/v0/stats`, { headers: { authorization: 'Bearer k' } });
      const { endpoints } = (await res.body.json()) as { endpoints: EndpointStatsDTO[] };
      expect(endpoints.find((e) => e.endpoint_id === 'cloud:anthropic' && e.window === '5m')?.requests).toBe(3);
    } finally {
      await second.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('local endpoints in /v0/models, /v0/requests and /v0/stats', () => {
  let vllm: FakeHandle;
  let ollama: FakeHandle;
  let app: CloudApp;
  beforeAll(async () => {
    vllm = await startFakeVllm({ models: ['shared-model', 'only-vllm'] });
    ollama = await startFakeOllama({ models: [{ id: 'shared-model', capabilities: ['completion', 'tools'] }] });
    app = await startCloudApp({});
  });
  afterAll(async () => {
    await app?.close();
    await vllm?.close();
    await ollama?.close();
  });

  it('groups models across endpoints, then logs and counts a routed request', async () => {
    for (const [name, f] of [['vllm-a', vllm], ['ollama-b', ollama]] as const) {
      const res = await request(`${app.url}/v0/endpoints`, {
        method: 'POST',
        headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
        body: JSON.stringify({ name, base_url: f.url }),
      });
      expect(res.statusCode).toBe(201);
      await res.body.dump();
    }
    const models = await eventually(async () => {
      const m = await app.admin<{ models: ModelSummaryDTO[] }>('/v0/models');
      const shared = m.models.find((x) => x.model_id === 'shared-model');
      return shared?.endpoints.length === 2 && shared.endpoints.every((e) => e.status === 'online') ? m.models : null;
    }, 15_000);
    const shared = models.find((m) => m.model_id === 'shared-model')!;
    expect(shared.endpoints.map((e) => [e.name, e.endpoint_type]).sort()).toEqual([
      ['ollama-b', 'ollama'],
      ['vllm-a', 'vllm'],
    ]);
    expect(shared.capabilities).toEqual(expect.arrayContaining(['tools']));
    expect(Object.keys(shared.endpoints[0]!).sort()).toEqual(['context_length', 'endpoint_id', 'endpoint_type', 'max_tokens', 'name', 'status']);
    expect(models.find((m) => m.model_id === 'only-vllm')!.endpoints.map((e) => e.name)).toEqual(['vllm-a']);

    await app.client.chat.completions.create({ model: 'only-vllm', messages: [{ role: 'user', content: 'x' }] });
    const { requests } = await app.admin<{ requests: RequestLogDTO[] }>('/v0/requests?limit=1');
    expect(requests[0]).toMatchObject({ api: 'openai', endpoint_name: 'vllm-a', model: 'only-vllm', status: 200 });
    const { endpoints } = await app.admin<{ endpoints: EndpointStatsDTO[] }>('/v0/stats');
    const byName = (n: string) => endpoints.filter((e) => e.name === n && e.window === '5m')[0]!;
    expect(byName('vllm-a').requests).toBe(1);
    expect(byName('ollama-b')).toMatchObject({ requests: 0, errors: 0, p50_ms: null });
    expect(endpoints.filter((e) => e.name === 'vllm-a').map((e) => e.window)).toEqual(['5m', '1h', '24h']);
  });
});
