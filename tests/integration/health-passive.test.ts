import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi } from '../fakes/index.js';
import type { FakeHandle } from '../fakes/server.js';
import { call, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { ManualClock } from '../unit/health/manual-clock.js';

let t: TestApp;
let f: FakeHandle;
const clock = new ManualClock(Date.now());

beforeAll(async () => {
  t = await startTestApp({ clock });
  f = await startFakeOpenAi({ models: ['passive-model'] });
});
afterAll(async () => {
  await t.close();
  await f.close();
});

const get = async (id: string) => (await call(t.url, 'GET', `/v0/endpoints/${id}`)).body;

describe('passive health through the gateway', () => {
  it('takes an endpoint that refuses connections out of rotation after one failed request, without waiting for a check', async () => {
    const res = await call(t.url, 'POST', '/v0/endpoints', { name: 'passive', base_url: f.url, health_check_interval_secs: 300 });
    const id = res.body.id as string;
    await waitFor(async () => {
      const e = await get(id);
      return e.status === 'online' && e.model_count === 1;
    });
    await f.stop();
    const chat = await call(t.url, 'POST', '/v1/chat/completions', { model: 'passive-model', messages: [{ role: 'user', content: 'hi' }] }, null);
    expect(chat.status).toBeGreaterThanOrEqual(500);
    // No clock advance: only the passive report can have moved the status.
    const e = await waitFor(async () => ((x) => (x.status !== 'online' ? x : null))(await get(id)), 2000);
    expect(e.status).toBe('error');
    expect(e.last_error).toMatch(/request failed to connect/);
    const again = await call(t.url, 'POST', '/v1/chat/completions', { model: 'passive-model', messages: [{ role: 'user', content: 'hi' }] }, null);
    expect(again.status).toBe(503); // no online endpoint serves it any more
    await f.start();
    clock.advance(300_000);
    await waitFor(async () => (await get(id)).status === 'online');
  });
});
