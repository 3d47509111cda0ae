import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../src-main/app-services.js';
import { loadMigrations, migrate } from '../../src-main/db/migrate.js';
import { openDatabase } from '../../src-main/db/open.js';
import { GatewayMetrics, MAX_SERIES } from '../../src-main/gateway/metrics.js';
import { EndpointRepository } from '../../src-main/registry/endpoints.js';
import { AesGcmSecretBox } from '../../src-main/registry/secrets.js';
import { migrationsDir } from '../../src-main/util/paths.js';
import { startFakeAnthropic, type FakeHandle } from '../fakes/index.js';
import { startCloudApp, type CloudApp } from './cloud-helpers.js';

/** Parses Prometheus text exposition 0.0.4 strictly: every line is HELP, TYPE or a sample. Returns samples. */
function parseProm(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let m = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (m) {
      if (m[1] === 'TYPE') {
        expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(m[3]);
        types.set(m[2]!, m[3]!);
      }
      continue;
    }
    m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?[0-9.e+]+|NaN|\+Inf|-Inf)$/.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${line}`);
    const base = m[1]!.replace(/_(bucket|sum|count)$/, '');
    expect(types.has(m[1]!) || types.has(base)).toBe(true);
    samples.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]));
  }
  return samples;
}

const MODEL = 'anthropic:claude-sonnet-4-5';

describe('GET /metrics', () => {
  let fake: FakeHandle;
  let gw: CloudApp;
  beforeAll(async () => {
    fake = await startFakeAnthropic();
    gw = await startCloudApp({ ANTHROPIC_API_KEY: 'x', LLMLB_ANTHROPIC_BASE_URL: `${fake.url}/v1` });
  });
  afterAll(async () => {
    await gw?.close();
    await fake?.close();
  });

  async function scrape(): Promise<{ type: string; samples: Map<string, number> }> {
    const res = await request(`${gw.url}/metrics`);
    expect(res.statusCode).toBe(200);
    return { type: String(res.headers['content-type']), samples: parseProm(await res.body.text()) };
  }

  it('serves Prometheus text whose counters move with traffic', async () => {
    const key = `llmlb_requests_total{endpoint="cloud:anthropic",model="${MODEL}",status="200"}`;
    await gw.client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] });
    const first = await scrape();
    expect(first.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(first.samples.get(key)).toBe(1);
    await gw.client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] });
    fake.setMode('error500');
    await gw.client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    fake.setMode('normal');
    const { samples } = await scrape();
    expect(samples.get(key)).toBe(2);
    expect(samples.get(`llmlb_requests_total{endpoint="cloud:anthropic",model="${MODEL}",status="500"}`)).toBe(1);
    expect(samples.get(`llmlb_request_errors_total{endpoint="cloud:anthropic",model="${MODEL}"}`)).toBe(1);
    expect(samples.get(`llmlb_request_duration_seconds_count{endpoint="cloud:anthropic",model="${MODEL}"}`)).toBe(3);
    expect(samples.get(`llmlb_request_duration_seconds_bucket{le="+Inf",endpoint="cloud:anthropic",model="${MODEL}"}`)).toBe(3);
  });

  it('reports a registered endpoint in llmlb_endpoint_up', async () => {
    const res = await request(`${gw.url}/v0/endpoints`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'down-one', base_url: 'http://127.0.0.1:9' }),
    });
    await res.body.dump();
    const { samples } = await scrape();
    const up = [...samples.entries()].filter(([k]) => k.startsWith('llmlb_endpoint_up{endpoint="down-one"'));
    expect(up).toHaveLength(1);
    expect(up[0]![1]).toBe(0);
  });
});

describe('GatewayMetrics', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmlb-metrics-'));
  const db = openDatabase(join(dir, 'db.sqlite'));
  migrate(db, loadMigrations(migrationsDir()));
  const repo = new EndpointRepository(db, new AesGcmSecretBox(randomBytes(32)));
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const rec = (patch: Partial<RequestRecord>): RequestRecord => ({
    at: Date.now(), api: 'openai', path: '/v1/chat/completions', endpointId: randomUUID(), endpointName: 'ep', model: 'm',
    status: 200, latencyMs: 120, ttftMs: 30, promptTokens: 1, completionTokens: 1, stream: true, error: null, ...patch,
  });

  it('keeps one registry per instance, so two apps can share a process', async () => {
    const a = new GatewayMetrics(repo);
    const b = new GatewayMetrics(repo);
    a.observe(rec({}));
    const textA = (await a.render()).body;
    const textB = (await b.render()).body;
    expect(textA).toContain('llmlb_requests_total{endpoint="ep",model="m",status="200"} 1');
    expect(textB).not.toContain('llmlb_requests_total{');
    expect(textA).toContain('llmlb_ttft_seconds_bucket{le="0.05",endpoint="ep",model="m"} 1');
  });

  it('lets other subsystems add gauges collected on scrape', async () => {
    const m = new GatewayMetrics(repo);
    let depth = 3;
    m.addGauge({ name: 'llmlb_queue_depth', help: 'Queued requests', labelNames: ['endpoint'], collect: () => [{ labels: { endpoint: 'ep' }, value: depth }] });
    expect(parseProm((await m.render()).body).get('llmlb_queue_depth{endpoint="ep"}')).toBe(3);
    depth = 0;
    expect(parseProm((await m.render()).body).get('llmlb_queue_depth{endpoint="ep"}')).toBe(0);
  });

  it('counts repeated requests per status, errors, latency and TTFT, keeping a cloud provider apart from a local endpoint of the same name', async () => {
    const m = new GatewayMetrics(repo);
    for (let i = 0; i < 3; i++) m.observe(rec({ latencyMs: 80 }));
    m.observe(rec({ status: 503, ttftMs: null, latencyMs: 2_000 }));
    m.observe(rec({ status: 503, ttftMs: null, latencyMs: 2_000 }));
    m.observe(rec({ api: 'cloud', endpointName: 'ep', status: 200 }));
    const samples = parseProm((await m.render()).body);
    expect(samples.get('llmlb_requests_total{endpoint="ep",model="m",status="200"}')).toBe(3);
    expect(samples.get('llmlb_requests_total{endpoint="ep",model="m",status="503"}')).toBe(2);
    expect(samples.get('llmlb_request_errors_total{endpoint="ep",model="m"}')).toBe(2);
    expect(samples.get('llmlb_request_duration_seconds_count{endpoint="ep",model="m"}')).toBe(5);
    expect(samples.get('llmlb_request_duration_seconds_bucket{le="0.1",endpoint="ep",model="m"}')).toBe(3);
    expect(samples.get('llmlb_ttft_seconds_count{endpoint="ep",model="m"}')).toBe(3);
    expect(samples.get('llmlb_requests_total{endpoint="cloud:ep",model="m",status="200"}')).toBe(1);
  });

  it('bounds label cardinality: unrouted requests share one series, excess models become "other"', async () => {
    const m = new GatewayMetrics(repo);
    m.observe(rec({ endpointId: null, endpointName: null, model: 'made-up-1', status: 404 }));
    m.observe(rec({ endpointId: null, endpointName: null, model: 'made-up-2', status: 404 }));
    for (let i = 0; i < MAX_SERIES + 20; i++) m.observe(rec({ model: `m${i}` }));
    const samples = parseProm((await m.render()).body);
    expect(samples.get('llmlb_requests_total{endpoint="none",model="none",status="404"}')).toBe(2);
    expect(samples.get('llmlb_requests_total{endpoint="ep",model="other",status="200"}')).toBe(20);
    // Once full, a new model still counts as "other" on later requests, and an admitted one as itself.
    m.observe(rec({ model: 'm-late' }));
    m.observe(rec({ model: 'm-late' }));
    m.observe(rec({ model: 'm0' }));
    const again = parseProm((await m.render()).body);
    expect(again.get('llmlb_requests_total{endpoint="ep",model="other",status="200"}')).toBe(22);
    expect(again.get('llmlb_requests_total{endpoint="ep",model="m0",status="200"}')).toBe(2);
    const series = [...samples.keys()].filter((k) => k.startsWith('llmlb_requests_total{'));
    expect(series.length).toBe(MAX_SERIES + 2);
  });
});
