/** Load balancing over real sockets: equal endpoints share the load, a slow one gets clearly less. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi } from '../fakes/index.js';
import type { FakeHandle } from '../fakes/server.js';
import { post, startGateway, type TestGateway } from './gateway-harness.js';

let gw: TestGateway;
const fakes: FakeHandle[] = [];

beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw.close();
  await Promise.all(fakes.map((f) => f.close()));
});

async function pair(model: string, latA: number, latB: number): Promise<[FakeHandle, FakeHandle]> {
  const a = await startFakeOpenAi({ models: [model], latencyMs: latA });
  const b = await startFakeOpenAi({ models: [model], latencyMs: latB });
  fakes.push(a, b);
  // Seeds as the health checker would report them (the fakes delay every route equally).
  gw.add(a.url, { models: [model], latencyMs: latA });
  gw.add(b.url, { models: [model], latencyMs: latB });
  return [a, b];
}

async function burst(model: string, n: number): Promise<void> {
  const results = await Promise.all(
    Array.from({ length: n }, () => post(gw.url, '/v1/chat/completions', { model, messages: [{ role: 'user', content: 'x' }] })),
  );
  for (const r of results) expect(r.status).toBe(200);
}

describe('balancing', () => {
  it('two equal endpoints share 40 concurrent requests roughly evenly', async () => {
    const [a, b] = await pair('even', 50, 50);
    await burst('even', 40);
    const share = a.requests.length / 40;
    expect(a.requests.length + b.requests.length).toBe(40);
    expect(share).toBeGreaterThanOrEqual(0.3);
    expect(share).toBeLessThanOrEqual(0.7);
  });

  it('an endpoint with 10× the latency gets clearly less', async () => {
    const [fast, slow] = await pair('skew', 20, 200);
    await burst('skew', 40);
    expect(fast.requests.length + slow.requests.length).toBe(40);
    expect(slow.requests.length / 40).toBeLessThan(0.25);
    expect(slow.requests.length).toBeGreaterThan(0);
  });

  it('learns from observed latency when health reports equal latency', async () => {
    const a = await startFakeOpenAi({ models: ['learn'], latencyMs: 15 });
    const b = await startFakeOpenAi({ models: ['learn'], latencyMs: 150 });
    fakes.push(a, b);
    gw.add(a.url, { models: ['learn'], latencyMs: 10 });
    gw.add(b.url, { models: ['learn'], latencyMs: 10 });
    // Sequential warm-up: ties rotate, so both get observed.
    for (let i = 0; i < 4; i++) await post(gw.url, '/v1/chat/completions', { model: 'learn', messages: [{ role: 'user', content: 'x' }] });
    const before = b.requests.length;
    await burst('learn', 40);
    expect((b.requests.length - before) / 40).toBeLessThan(0.25);
  });
});
