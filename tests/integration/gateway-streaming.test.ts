/** Committed responses: mid-stream failures, stalls, client disconnects, backpressure, alias renaming in streams. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi } from '../fakes/index.js';
import type { FakeHandle } from '../fakes/server.js';
import { post, startGateway, type TestGateway } from './gateway-harness.js';

let gw: TestGateway;
let client: OpenAI;
const fakes: FakeHandle[] = [];
const ids: string[] = [];

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
  client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'x', maxRetries: 0 });
});
afterEach(() => {
  for (const id of ids.splice(0)) gw.repo.delete(id);
  gw.health.length = 0;
});
afterAll(async () => {
  await gw.close();
  await Promise.all(fakes.map((f) => f.close()));
});

describe('after the first byte', () => {
  it('a fake dying mid-stream: the SDK iterator throws, the next request goes to the other fake', async () => {
    const [a, aId] = await fake(['s1'], { midStreamAfter: 2 });
    const [, bId] = await fake(['s1']);
    // Make the dying one the first pick.
    gw.repo.update(aId, { latency_ms: 1 });
    gw.repo.update(bId, { latency_ms: 500 });
    a.setMode('dieMidStream');
    const stream = await client.chat.completions.create({ ...chat('s1'), stream: true });
    const got: string[] = [];
    const err = await (async () => {
      for await (const c of stream) got.push(c.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as Error).message).toMatch(/lost mid-response/);
    expect(got.length).toBeGreaterThan(0);
    const next = await post(gw.url, '/v1/chat/completions', chat('s1'));
    expect(next.headers.get('x-llmlb-endpoint')).toBe(bId);
    expect(gw.health.find((h) => !h.ok)).toMatchObject({ id: aId, failure: { kind: 'connect' } });
    expect(gw.records.at(-2)).toMatchObject({ endpointId: aId, status: 200, stream: true });
    expect(gw.records.at(-2)!.error).toMatch(/lost/);
  });

  it('a stream that stalls is cut by the body timeout with an error event; the client never hangs', async () => {
    const [a] = await fake(['s2'], { midStreamAfter: 2 });
    a.setMode('hangMidStream');
    const t0 = Date.now();
    const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...chat('s2'), stream: true }) });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(Date.now() - t0).toBeLessThan(3000);
    const events = text.trim().split('\n\n');
    expect(events.length).toBe(3);
    expect(JSON.parse(events.at(-1)!.slice('data: '.length))).toMatchObject({ error: { code: 'upstream_timeout', type: 'server_error' } });
  });

  it('an upstream that ends cleanly mid-event: the half event is held back, the SDK gets our error', async () => {
    const [a] = await fake(['s5'], { midStreamAfter: 3 });
    a.setMode('truncatedSse');
    const stream = await client.chat.completions.create({ ...chat('s5'), stream: true });
    const got: string[] = [];
    const err = await (async () => {
      for await (const c of stream) got.push(c.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as Error).message).toMatch(/middle of an event/);
    expect(got).toHaveLength(3);
  });

  it('an upstream dying in the middle of an event (split across TCP writes) still yields a clean error event', async () => {
    const srv = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"id":"1","object":"chat.completion.chunk","created":1,"model":"s6","choices":[{"index":0,"delta":{"content":"ok"}}]}\n\n');
      res.write('data: {"id":"2","object":"chat.comp');
      setTimeout(() => res.socket?.destroy(), 30);
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    ids.push(gw.add(`http://127.0.0.1:${(srv.address() as AddressInfo).port}`, { models: ['s6'] }));
    try {
      const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ ...chat('s6'), stream: true }) });
      const events = (await res.text()).split('\n\n').filter(Boolean);
      expect(events).toHaveLength(2);
      expect(JSON.parse(events[0]!.slice(6)).choices[0].delta.content).toBe('ok');
      expect(JSON.parse(events[1]!.slice(6)).error.code).toBe('upstream_error');
    } finally {
      srv.closeAllConnections();
      await new Promise((r) => srv.close(r));
    }
  });

  it('client disconnect aborts the upstream within 100 ms', async () => {
    const [a] = await fake(['s3'], { chunks: 200, chunkDelayMs: 20 });
    const ac = new AbortController();
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...chat('s3'), stream: true }),
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    const abortedAt = Date.now();
    ac.abort();
    const rec = await a.waitForRequest((r) => r.aborted, 2000);
    expect(rec.abortedAt! - abortedAt).toBeLessThan(100);
    await new Promise((r) => setTimeout(r, 20));
    expect(gw.gateway.stats.inFlight(ids.at(-1)!)).toBe(0);
    expect(gw.records.at(-1)).toMatchObject({ error: 'client closed request' });
  });

  it('client disconnect while waiting for a non-stream answer aborts the upstream too', async () => {
    const [a] = await fake(['s4'], { latencyMs: 5000 });
    const ac = new AbortController();
    const pending = fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chat('s4')), signal: ac.signal }).catch(() => null);
    await a.waitForRequest(() => true);
    const abortedAt = Date.now();
    ac.abort();
    await pending;
    const rec = await a.waitForRequest((r) => r.aborted, 2000);
    expect(rec.abortedAt! - abortedAt).toBeLessThan(100);
  });

  it('backpressure: a client that stops reading stalls the upstream instead of filling memory', async () => {
    // 400 chunks of 64 KiB = 25 MiB, far more than the socket buffers on the way can hold.
    const [a] = await fake(['bp'], { reply: 'x'.repeat(400 * 64 * 1024), chunks: 400 });
    const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...chat('bp'), stream: true }) });
    const reader = res.body!.getReader();
    await reader.read();
    await new Promise((r) => setTimeout(r, 300));
    const rec = a.requests.at(-1)!;
    expect(rec.finishedAt).toBeNull();
    let bytes = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.length;
    expect(bytes).toBeGreaterThan(25 * 1024 * 1024);
    expect(rec.finishedAt).not.toBeNull();
  });

  it('aliases: the upstream gets its own model name, the client sees the alias (stream and JSON)', async () => {
    const [a, aId] = await fake(['org/real-name']);
    gw.gateway.routing.setAliases([{ name: 'nice', targets: [{ endpointId: aId, model: 'org/real-name' }] }]);
    try {
      const json = await post(gw.url, '/v1/chat/completions', chat('nice'));
      expect(json.body.model).toBe('nice');
      expect((a.requests.at(-1)!.body as { model: string }).model).toBe('org/real-name');
      const stream = await client.chat.completions.create({ ...chat('nice'), stream: true });
      const models = new Set<string>();
      let text = '';
      for await (const c of stream) {
        models.add(c.model);
        text += c.choices[0]?.delta.content ?? '';
      }
      expect([...models]).toEqual(['nice']);
      expect(text).toBe('Hello from the fake upstream.');
    } finally {
      gw.gateway.routing.setAliases([]);
    }
  });
});
