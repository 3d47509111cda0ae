/** Structured logs through the whole app: x-request-id end to end, one warning per failed upstream attempt, `/v0/logs`. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LlmlbEvent, LogEntryDTO } from '../../src-main/admin/types.js';
import { loadMigrations } from '../../src-main/db/migrate.js';
import { migrationsDir } from '../../src-main/util/paths.js';
import { startFakeVllm } from '../fakes/index.js';
import type { FakeHandle } from '../fakes/server.js';
import { call, registerEndpoint, startTestApp, waitFor, type TestApp } from '../helpers/app.js';

let t: TestApp;
let good: FakeHandle;
let gone: FakeHandle;
let broken: FakeHandle;
const ids: Record<string, string> = {};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function chat(model: string, headers: Record<string, string> = {}) {
  return call(t.url, 'POST', '/v1/chat/completions', { model, messages: [{ role: 'user', content: 'hello there' }] }, null, headers);
}

const logFile = () => join(t.dataDir, 'logs', 'llmlb.log');
const fileLines = (): Record<string, unknown>[] =>
  readFileSync(logFile(), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

async function logs(query: string): Promise<LogEntryDTO[]> {
  const r = await call(t.url, 'GET', `/v0/logs${query}`);
  expect(r.status).toBe(200);
  return r.body.logs as LogEntryDTO[];
}

beforeAll(async () => {
  t = await startTestApp({ logLevel: 'debug' });
  good = await startFakeVllm({ models: ['good-model'] });
  gone = await startFakeVllm({ models: ['gone-model'] });
  broken = await startFakeVllm({ models: ['broken-model'] });
  ids.good = await registerEndpoint(t, 'good-box', good.url);
  ids.gone = await registerEndpoint(t, 'gone-box', gone.url);
  ids.broken = await registerEndpoint(t, 'broken-box', broken.url);
});
afterAll(async () => {
  await t.close();
  await Promise.all([good.close(), gone.close(), broken.close()]);
});

describe('x-request-id', () => {
  it("keeps the client's id: response header, upstream request, /v0/requests and the log file", async () => {
    const rid = 'client-req-0001';
    const res = await chat('good-model', { 'x-request-id': rid });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe(rid);
    expect(good.requests.at(-1)!.headers['x-request-id']).toBe(rid);
    const rows = (await call(t.url, 'GET', `/v0/requests?request_id=${rid}`)).body.requests;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ request_id: rid, model: 'good-model', endpoint_id: ids.good, status: 200 });
    // At debug, every finished request has a line naming it.
    await waitFor(() => fileLines().some((l) => l.requestId === rid && l.msg === 'request done'));
    const done = fileLines().find((l) => l.requestId === rid)!;
    expect(done).toMatchObject({ level: 'debug', component: 'gateway', endpointId: ids.good, model: 'good-model', status: 200 });
  });

  it('generates one when the client sent none or an unusable one', async () => {
    const variants: Record<string, string>[] = [{}, { 'x-request-id': 'has a space' }, { 'x-request-id': 'x'.repeat(129) }];
    for (const headers of variants) {
      const res = await chat('good-model', headers);
      expect(res.status).toBe(200);
      const rid = res.headers.get('x-request-id')!;
      expect(rid).toMatch(UUID);
      expect(good.requests.at(-1)!.headers['x-request-id']).toBe(rid);
      expect((await call(t.url, 'GET', `/v0/requests?request_id=${rid}`)).body.requests[0]).toMatchObject({ request_id: rid });
      await waitFor(() => readFileSync(logFile(), 'utf8').includes(rid));
    }
    const listed = (await call(t.url, 'GET', '/v0/requests?limit=1')).body.requests[0];
    expect(listed.request_id).toMatch(UUID);
  });

  it('is on every gateway response: admin, errors, metrics, the dashboard', async () => {
    for (const path of ['/v0/endpoints', '/v0/nope', '/metrics', '/', '/api/tags', '/v1/models']) {
      const r = await call(t.url, 'GET', path, undefined, path === '/v0/nope' ? null : undefined);
      expect(r.headers.get('x-request-id'), path).toMatch(UUID);
    }
    const bad = await chat('no-such-model', { 'x-request-id': 'rid-404' });
    expect(bad.status).toBe(404);
    expect(bad.headers.get('x-request-id')).toBe('rid-404');
  });
});

describe('upstream failures', () => {
  it('a refused connection logs exactly one warning naming the endpoint, the model, the request and the reason', async () => {
    const events: LlmlbEvent[] = [];
    const unsubscribe = t.app.admin.subscribe((e) => events.push(e));
    await gone.stop();
    const res = await chat('gone-model', { 'x-request-id': 'rid-refused' });
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.headers.get('x-request-id')).toBe('rid-refused');
    const warns = (await logs('?level=warn&component=gateway')).filter((e) => e.request_id === 'rid-refused');
    expect(warns).toHaveLength(1);
    expect(warns[0]).toMatchObject({ level: 'warn', component: 'gateway', endpoint_id: ids.gone, endpoint_name: 'gone-box', model: 'gone-model', code: 'ECONNREFUSED' });
    expect(warns[0]!.msg).toContain('gone-box');
    expect(String(warns[0]!.reason)).toContain('ECONNREFUSED');
    await waitFor(() => fileLines().some((l) => l.requestId === 'rid-refused' && l.level === 'warn'));
    expect(fileLines().filter((l) => l.requestId === 'rid-refused' && l.level === 'warn')).toHaveLength(1);
    // Followers of the live log see it too (batched `log` events).
    await waitFor(() => events.some((e) => e.type === 'log' && e.entries.some((x) => x.request_id === 'rid-refused')), 3000);
    unsubscribe();
    // The health transition is the health component's line, once.
    await waitFor(async () => (await logs('?component=health&level=warn')).some((e) => e.endpoint_id === ids.gone));
  });

  it('a 500 answer logs exactly one warning with the status', async () => {
    broken.setMode('error500', { paths: ['/v1/chat/completions'] });
    const res = await chat('broken-model', { 'x-request-id': 'rid-500' });
    expect(res.status).toBe(500);
    const warns = (await logs('?level=warn')).filter((e) => e.request_id === 'rid-500');
    expect(warns).toHaveLength(1);
    expect(warns[0]).toMatchObject({ component: 'gateway', endpoint_id: ids.broken, endpoint_name: 'broken-box', model: 'broken-model', status: 500 });
  });
});

describe('GET /v0/logs', () => {
  it('filters by level, component, since and limit; newest last', async () => {
    const all = await logs('?limit=1000&level=trace');
    expect(all.length).toBeGreaterThan(5);
    const times = all.map((e) => Date.parse(e.time));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect((await logs('?component=app')).some((e) => e.msg === 'llmlb started')).toBe(true);
    expect((await logs('?level=warn')).every((e) => e.level === 'warn' || e.level === 'error' || e.level === 'fatal')).toBe(true);
    expect((await logs('?component=health')).every((e) => e.component === 'health')).toBe(true);
    const lastTwo = await logs('?limit=2&level=trace');
    expect(lastTwo).toEqual(all.slice(-2));
    const pivot = all.at(-3)!;
    const after = await logs(`?level=trace&since=${encodeURIComponent(pivot.time)}`);
    expect(after.every((e) => Date.parse(e.time) > Date.parse(pivot.time))).toBe(true);
    expect((await logs(`?level=trace&since=${Date.parse(pivot.time)}`)).length).toBe(after.length);
    expect(await logs('?since=2999-01-01T00:00:00Z')).toEqual([]);
  });

  it('refuses bad filters with 400 invalid_request', async () => {
    for (const q of ['level=loud', 'component=tray', 'since=yesterday', 'limit=0', 'limit=1001', 'limit=ten']) {
      const r = await call(t.url, 'GET', `/v0/logs?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error.code, q).toBe('invalid_request');
    }
  });

  it('needs a key; a viewer key may read it', async () => {
    expect((await call(t.url, 'GET', '/v0/logs', undefined, null)).status).toBe(401);
    const viewer = (await call(t.url, 'POST', '/v0/keys', { name: 'viewer', role: 'viewer' })).body.key as string;
    expect((await call(t.url, 'GET', '/v0/logs', undefined, viewer)).status).toBe(200);
    const inference = (await call(t.url, 'POST', '/v0/keys', { name: 'inf', role: 'inference' })).body.key as string;
    expect((await call(t.url, 'GET', '/v0/logs', undefined, inference)).status).toBe(403);
  });

  it('/v0/requests refuses an over-long request_id filter', async () => {
    expect((await call(t.url, 'GET', `/v0/requests?request_id=${'x'.repeat(129)}`)).status).toBe(400);
  });
});

describe('start-up', () => {
  it('says which migrations a start applied, and says nothing when there were none', async () => {
    const first = await logs('?component=app&limit=200');
    const migrated = first.filter((l) => l.msg === 'database migrated');
    expect(migrated).toHaveLength(1);
    expect(migrated[0]).toMatchObject({ migrations: loadMigrations(migrationsDir()).map((m) => m.version), ms: expect.any(Number) });
    const again = await startTestApp({ dataDir: t.dataDir, port: 0 });
    try {
      const r = await call(again.url, 'GET', '/v0/logs?component=app&limit=200');
      expect((r.body.logs as LogEntryDTO[]).filter((l) => l.msg === 'database migrated')).toEqual([]);
    } finally {
      await again.close(true);
    }
  });
});
