import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi, startFakeVllm } from '../fakes/index.js';
import type { FakeHandle } from '../fakes/server.js';
import { ADMIN_KEY, call, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
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

/** A live `/v0/events` subscription read as a stream (no polling of the API). */
async function subscribe() {
  const ctrl = new AbortController();
  const res = await fetch(`${t.url}/v0/events`, { headers: { authorization: `Bearer ${ADMIN_KEY}` }, signal: ctrl.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  /** Resolves with the first event matching `pred`, reading the stream as it arrives. */
  const next = async (pred: (e: any) => boolean, ms = 5000): Promise<any> => {
    const timer = setTimeout(() => ctrl.abort(), ms);
    try {
      for (;;) {
        let cut: number;
        while ((cut = buf.indexOf('\n\n')) !== -1) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data: '))
            .map((l) => l.slice(6))
            .join('\n');
          if (!data) continue;
          const event = JSON.parse(data);
          if (pred(event)) return event;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('event stream ended');
        buf += value;
      }
    } finally {
      clearTimeout(timer);
    }
  };
  return { next, close: () => ctrl.abort() };
}

let seq = 0;
async function register(baseUrl: string): Promise<string> {
  const res = await call(t.url, 'POST', '/v0/endpoints', { name: `ev-${++seq}`, base_url: baseUrl, health_check_interval_secs: 10 });
  expect(res.status).toBe(201);
  return res.body.id as string;
}
const statusOf = async (id: string) => (await call(t.url, 'GET', `/v0/endpoints/${id}`)).body.status;

describe('/v0/events', () => {
  it('pushes endpoint.status when a server stops, and again when it comes back', async () => {
    const f = await startFakeOpenAi();
    fakes.push(f);
    const id = await register(f.url);
    await waitFor(async () => (await statusOf(id)) === 'online');
    const sub = await subscribe();
    try {
      await f.stop();
      clock.advance(10_000);
      const down = await sub.next((e) => e.type === 'endpoint.status' && e.endpoint_id === id);
      expect(down).toMatchObject({ status: 'error', previous: 'online', error: 'connection refused' });
      await f.start();
      clock.advance(10_000);
      const up = await sub.next((e) => e.type === 'endpoint.status' && e.endpoint_id === id);
      expect(up).toMatchObject({ status: 'online', previous: 'error', error: null });
      expect(up.latency_ms).toBeTypeOf('number');
    } finally {
      sub.close();
    }
  });

  it('pushes the lifecycle of a new endpoint: status, type and models', async () => {
    const f = await startFakeVllm();
    fakes.push(f);
    const sub = await subscribe();
    try {
      const id = await register(f.url);
      const type = await sub.next((e) => e.type === 'endpoint.type' && e.endpoint_id === id);
      expect(type.endpoint_type).toBe('vllm');
      const models = await sub.next((e) => e.type === 'endpoint.models' && e.endpoint_id === id);
      expect(models.result).toEqual({ synced_models: 1, added: ['Qwen/Qwen2.5-1.5B-Instruct'], removed: [], updated: [] });
      const status = await sub.next((e) => e.type === 'endpoint.status' && e.endpoint_id === id);
      expect(status).toMatchObject({ status: 'online', previous: 'pending' });

      const sync = call(t.url, 'POST', `/v0/endpoints/${id}/sync`);
      const again = await sub.next((e) => e.type === 'endpoint.models' && e.endpoint_id === id);
      expect(again.result).toEqual({ synced_models: 1, added: [], removed: [], updated: [] });
      expect((await sync).status).toBe(200);
    } finally {
      sub.close();
    }
  });
});
