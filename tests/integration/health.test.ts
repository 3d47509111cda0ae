import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlamaCpp, startFakeOllama, startFakeOpenAi, startFakeVllm } from '../fakes/index.js';
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
  const res = await call(t.url, 'POST', '/v0/endpoints', { name: `h-${++seq}`, base_url: baseUrl, health_check_interval_secs: 10, ...extra });
  expect(res.status).toBe(201);
  return res.body.id as string;
}
const get = async (id: string) => (await call(t.url, 'GET', `/v0/endpoints/${id}`)).body;
const until = (id: string, pred: (e: any) => boolean, ms = 5000) => waitFor(async () => ((e) => (pred(e) ? e : null))(await get(id)), ms);
const history = async (id: string, q = '') => (await call(t.url, 'GET', `/v0/endpoints/${id}/health${q}`)).body.checks as any[];

/** Advances the clock one interval and waits for that check to be stored. */
async function tickCheck(id: string, secs = 10): Promise<any> {
  const before = (await history(id)).length;
  clock.advance(secs * 1000);
  await waitFor(async () => (await history(id)).length > before);
  return get(id);
}

describe('pull health checks', () => {
  it('goes error → offline within two intervals when the server stops, and back online at the next check', async () => {
    const f = await fake(startFakeOllama());
    const id = await register(f.url);
    await until(id, (e) => e.status === 'online');
    await f.stop();
    expect(await tickCheck(id)).toMatchObject({ status: 'error', error_count: 1, last_error: 'connection refused' });
    expect(await tickCheck(id)).toMatchObject({ status: 'offline', error_count: 2 });
    await f.start();
    const back = await tickCheck(id);
    expect(back).toMatchObject({ status: 'online', error_count: 0, last_error: null });
    expect(back.last_seen).toBe(new Date(clock.now()).toISOString());
  });

  it('checks on the interval set by PUT', async () => {
    const f = await fake(startFakeOpenAi());
    const id = await register(f.url, { health_check_interval_secs: 300 });
    await until(id, (e) => e.status === 'online');
    expect((await call(t.url, 'PUT', `/v0/endpoints/${id}`, { health_check_interval_secs: 20 })).status).toBe(200);
    const n = f.requests.filter((r) => r.path === '/v1/models').length;
    clock.advance(19_999);
    await new Promise((r) => setTimeout(r, 50));
    expect(f.requests.filter((r) => r.path === '/v1/models').length).toBe(n);
    await tickCheck(id, 0.001);
    expect(f.requests.filter((r) => r.path === '/v1/models').length).toBe(n + 1);
  });

  it('shows a wrong or missing key as an error with a key message, not offline', async () => {
    const f = await fake(startFakeOpenAi({ apiKey: 'sk-right' }));
    const id = await register(f.url, { api_key: 'sk-wrong' });
    const e = await until(id, (x) => x.status === 'error');
    expect(e.last_error).toMatch(/API key is wrong or missing/);
    expect((await tickCheck(id)).status).toBe('error'); // a second 401 is still not "offline"
    await call(t.url, 'PUT', `/v0/endpoints/${id}`, { api_key: 'sk-right' });
    await until(id, (x) => x.status === 'online');
  });

  it('catches a wrong key on llama.cpp, whose /health stays public', async () => {
    const f = await fake(startFakeLlamaCpp({ apiKey: 'right' }));
    const id = await register(f.url);
    const e = await until(id, (x) => x.status === 'error');
    expect(e).toMatchObject({ endpoint_type: 'llama_cpp' });
    expect(e.last_error).toMatch(/API key is wrong or missing/);
  });

  it('keeps a loading server out of online: pending while pending, error once it was up', async () => {
    const f = await fake(startFakeLlamaCpp({ mode: 'loading' }));
    const id = await register(f.url);
    const e = await until(id, (x) => x.error_count >= 1);
    expect(e).toMatchObject({ status: 'pending', endpoint_type: 'llama_cpp', last_error: 'model loading' });
    f.setMode('normal');
    expect((await tickCheck(id)).status).toBe('online');
    f.setMode('loading');
    expect(await tickCheck(id)).toMatchObject({ status: 'error', last_error: 'model loading' });
    expect((await tickCheck(id)).status).toBe('error'); // loading never means offline

    const v = await fake(startFakeVllm({ mode: 'loading' }));
    const vid = await register(v.url, { endpoint_type: 'vllm' });
    const ve = await until(vid, (x) => x.error_count >= 1);
    expect(ve.status).toBe('pending');
    expect(ve.last_error).toMatch(/^model loading/);
  });

  it('serialises a scheduled check and manual tests racing: the state matches the last write', async () => {
    const f = await fake(startFakeOpenAi({ latencyMs: 30 }));
    const id = await register(f.url);
    await until(id, (e) => e.status === 'online');
    const before = (await history(id)).length;
    const flips = [
      () => f.stop(),
      () => f.start(),
      () => f.stop(),
    ];
    clock.advance(10_000); // the scheduled check starts
    const tests = [call(t.url, 'POST', `/v0/endpoints/${id}/test`), call(t.url, 'POST', `/v0/endpoints/${id}/test`)];
    for (const flip of flips) {
      await new Promise((r) => setTimeout(r, 15));
      await flip();
      tests.push(call(t.url, 'POST', `/v0/endpoints/${id}/test`));
    }
    const results = await Promise.all(tests);
    for (const r of results) expect(r.status).toBe(200);
    const all = await history(id);
    const mine = all.slice(before);
    expect(mine.length).toBe(tests.length + 1); // every test and the scheduled check stored one row
    const e = await get(id);
    expect(e.status).toBe(mine[mine.length - 1].status_after);
    // error_count equals the failures since the last success, as the stored sequence says.
    let streak = 0;
    for (const c of all) streak = c.success ? 0 : streak + 1;
    expect(e.error_count).toBe(streak);
    // every stored transition follows the state machine, so no write was lost or reordered
    for (let i = 1; i < all.length; i++) {
      const prev = all[i - 1].status_after;
      const c = all[i];
      expect(c.status_after).toBe(c.success ? 'online' : prev === 'online' ? 'error' : 'offline');
    }
  });
  it('writes in order: a slow check that started first cannot overwrite a newer manual test', async () => {
    const f = await fake(startFakeOpenAi());
    const id = await register(f.url);
    await until(id, (e) => e.status === 'online');
    f.options.latencyMs = 400; // the scheduled check's probe will answer late, and healthy
    const n = f.requests.length;
    const rows = (await history(id)).length;
    clock.advance(10_000);
    await f.waitForRequest((r) => f.requests.indexOf(r) >= n && r.path === '/v1/models');
    f.options.latencyMs = 0;
    f.setMode('error500'); // the server breaks while that check is still in flight
    const test = await call(t.url, 'POST', `/v0/endpoints/${id}/test`);
    expect(test.body).toMatchObject({ success: false, error: expect.stringMatching(/HTTP 500/) });
    await waitFor(async () => (await history(id)).length === rows + 2); // the check and the test both stored
    const e = await get(id);
    expect(e).toMatchObject({ status: 'error', error_count: 1 });
    const last2 = (await history(id)).slice(-2);
    expect(last2.map((c) => c.success)).toEqual([true, false]);
    f.setMode('normal');
  });
});

describe('check history', () => {
  it('returns stored checks ascending; limit keeps the newest; since filters', async () => {
    const f = await fake(startFakeOpenAi());
    const id = await register(f.url);
    await until(id, (e) => e.status === 'online');
    await tickCheck(id);
    await f.stop();
    await tickCheck(id);
    const all = await history(id);
    expect(all.length).toBe(3);
    expect(all.map((c) => c.checked_at)).toEqual([...all.map((c) => c.checked_at)].sort());
    expect(all[0]).toEqual({ checked_at: expect.any(String), success: true, latency_ms: expect.any(Number), status_after: 'online', error: null });
    expect(all[2]).toEqual({ checked_at: expect.any(String), success: false, latency_ms: null, status_after: 'error', error: 'connection refused' });
    expect(await history(id, '?limit=2')).toEqual(all.slice(1));
    expect(await history(id, `?since=${encodeURIComponent(all[1].checked_at)}`)).toEqual(all.slice(1));
    expect((await call(t.url, 'GET', `/v0/endpoints/${id}/health?limit=0`)).status).toBe(400);
  });

  it('prunes rows older than 30 days on its hourly timer', async () => {
    const f = await fake(startFakeOpenAi());
    const id = await register(f.url);
    await until(id, (e) => e.status === 'online');
    const day = 24 * 3600 * 1000;
    const stamps = [40, 31, 29].map((d) => new Date(clock.now() - d * day).toISOString());
    const db = new Database(join(t.dataDir, 'llmlb.db'));
    try {
      const insert = db.prepare(
        `INSERT INTO endpoint_health_checks (endpoint_id, checked_at, success, latency_ms, status_after, error) VALUES (?, ?, 1, 5, 'online', NULL)`,
      );
      for (const s of stamps) insert.run(id, s);
    } finally {
      db.close();
    }
    expect((await history(id)).map((c) => c.checked_at).slice(0, 3)).toEqual(stamps);
    clock.advance(3600 * 1000); // the hourly prune fires (due checks run too)
    const left = (await history(id)).map((c) => c.checked_at);
    expect(left).not.toContain(stamps[0]);
    expect(left).not.toContain(stamps[1]);
    expect(left[0]).toBe(stamps[2]);
  });
});
