/** Failover before the first byte: refused, reset, 503, timeouts, the attempt limit; real sockets, fake upstreams. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, startBlackHole, startFakeLlamaCpp, startFakeOpenAi, type BlackHole } from '../fakes/index.js';
import type { FakeHandle } from '../fakes/server.js';
import { post, startGateway, type TestGateway } from './gateway-harness.js';

let gw: TestGateway;
const fakes: FakeHandle[] = [];
const ids: string[] = [];
let hole: BlackHole;

const chat = (model: string) => ({ model, messages: [{ role: 'user' as const, content: 'hi' }] });

async function fake(models: string[], opts: Record<string, unknown> = {}): Promise<[FakeHandle, string]> {
  const f = await startFakeOpenAi({ models, ...opts });
  fakes.push(f);
  const id = gw.add(f.url, { models, timeoutSecs: 1 });
  ids.push(id);
  return [f, id];
}

beforeAll(async () => {
  gw = await startGateway();
  hole = await startBlackHole();
});
afterEach(() => {
  for (const id of ids.splice(0)) gw.repo.delete(id);
  gw.health.length = 0;
});
afterAll(async () => {
  await gw.close();
  await Promise.all(fakes.map((f) => f.close()));
  await hole.close();
});

describe('failover before the first byte', () => {
  it('one of two endpoints refusing connections: 100 sequential requests all succeed', async () => {
    const [a, aId] = await fake(['m1']);
    const [b, bId] = await fake(['m1']);
    await a.stop();
    for (let i = 0; i < 100; i++) {
      const r = await post(gw.url, '/v1/chat/completions', chat('m1'));
      expect(r.status).toBe(200);
      expect(r.headers.get('x-llmlb-endpoint')).toBe(bId);
    }
    expect(b.requests.length).toBe(100);
    const failures = gw.health.filter((h) => !h.ok);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((f) => f.id === aId && f.failure?.kind === 'connect')).toBe(true);
    // The refusing endpoint cools down instead of costing every request a failed connect.
    expect(failures.length).toBeLessThan(20);
    expect(gw.health.filter((h) => h.ok).every((h) => h.id === bId)).toBe(true);
  });

  it.each([
    ['503', 'error503'],
    ['502-ish reset', 'reset'],
  ] as const)('%s → next candidate', async (_label, mode) => {
    const [a] = await fake(['m2']);
    const [, bId] = await fake(['m2']);
    a.setMode(mode);
    for (let i = 0; i < 4; i++) {
      const r = await post(gw.url, '/v1/chat/completions', chat('m2'));
      expect(r.status).toBe(200);
      expect(r.headers.get('x-llmlb-endpoint')).toBe(bId);
    }
  });

  it('headers timeout (a black hole) → next candidate; the failure is reported as timeout', async () => {
    const holeId = gw.add(hole.url, { models: ['m3'], timeoutSecs: 1, latencyMs: 1 });
    ids.push(holeId);
    const [, bId] = await fake(['m3']);
    gw.repo.update(bId, { latency_ms: 50 });
    const t0 = Date.now();
    const r = await post(gw.url, '/v1/chat/completions', chat('m3'));
    expect(r.status).toBe(200);
    expect(r.headers.get('x-llmlb-endpoint')).toBe(bId);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(gw.health.find((h) => !h.ok)).toMatchObject({ id: holeId, failure: { kind: 'timeout' } });
  });

  it('tries at most 3 endpoints, then answers 502 in OpenAI shape naming the last one', async () => {
    const dead = await Promise.all([0, 1, 2, 3].map(() => closedPort()));
    for (const p of dead) ids.push(gw.add(`http://127.0.0.1:${p}`, { models: ['m4'] }));
    const r = await post(gw.url, '/v1/chat/completions', chat('m4'));
    expect(r.status).toBe(502);
    expect(r.body.error).toMatchObject({ code: 'upstream_error', type: 'server_error' });
    expect(r.body.error.message).toMatch(/unreachable \(ECONNREFUSED\)/);
    expect(gw.health.filter((h) => !h.ok)).toHaveLength(3);
    expect(ids).toContain(r.headers.get('x-llmlb-endpoint'));
    expect(gw.records.at(-1)).toMatchObject({ status: 502, model: 'm4' });
  });

  it('a single endpoint resetting one connection (a keep-alive race) is retried once, not reported', async () => {
    let seen = 0;
    const srv = createServer((req, res) => {
      req.resume();
      if (++seen === 1) return void req.socket.destroy();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'x', object: 'chat.completion', choices: [] }));
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    ids.push(gw.add(`http://127.0.0.1:${(srv.address() as AddressInfo).port}`, { models: ['m6'] }));
    try {
      const r = await post(gw.url, '/v1/chat/completions', chat('m6'));
      expect(r.status).toBe(200);
      expect(seen).toBe(2);
      expect(gw.health.filter((h) => !h.ok)).toEqual([]);
    } finally {
      await new Promise((r) => srv.close(r));
    }
  });

  it('a single endpoint that keeps resetting fails after one retry and is reported', async () => {
    const [a, aId] = await fake(['m7']);
    a.setMode('reset');
    const r = await post(gw.url, '/v1/chat/completions', chat('m7'));
    expect(r.status).toBe(502);
    expect(a.requests).toHaveLength(2);
    expect(gw.health.filter((h) => !h.ok).map((h) => h.id)).toEqual([aId]);
  });

  it('the last candidate answering 503 is passed through as it is', async () => {
    const [a] = await fake(['m5']);
    a.setMode('loading');
    const r = await post(gw.url, '/v1/chat/completions', chat('m5'));
    expect(r.status).toBe(503);
    expect(r.body.error.message).toMatch(/overloaded/);
  });
});

describe('llama.cpp quirks', () => {
  it('"Loading model" 503 on one llama.cpp fails over to the other', async () => {
    const l1 = await startFakeLlamaCpp({ mode: 'loading' });
    const l2 = await startFakeLlamaCpp();
    fakes.push(l1, l2);
    ids.push(gw.add(l1.url, { models: ['g'], type: 'llama_cpp', latencyMs: 1 }));
    const l2Id = gw.add(l2.url, { models: ['g'], type: 'llama_cpp', latencyMs: 100 });
    ids.push(l2Id);
    const r = await post(gw.url, '/v1/completions', { model: 'g', prompt: ['a b'] });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-llmlb-endpoint')).toBe(l2Id);
    expect(gw.health.find((h) => !h.ok)?.failure).toMatchObject({ kind: 'status', status: 503 });
  });
});
