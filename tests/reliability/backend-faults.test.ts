/**
 * Faulty backends behind the whole app (endpoints registered over /v0, brought online by the health
 * checker): failover where a healthy endpoint serves the model, clear OpenAI-shaped errors where none
 * does, every request bounded by the 10 s inference timeout, and nothing left open after stop.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeVllm, type FakeHandle, type FakeMode } from '../fakes/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import {
  adminCall,
  captureServers,
  closeAdminClient,
  chat,
  Client,
  connectionsOf,
  handleCounts,
  type Outcome,
  registerOnline,
  settleHandles,
  sleep,
  sseEvents,
  streamVerdict,
} from './helpers.js';
import { Tally } from './tally.js';
import { type QuirkMode, startQuirkyUpstream, type TestUpstream } from './upstreams.js';

/** Inference timeout of every endpoint here (the API's minimum) and the slack allowed on top of it. */
const TIMEOUT_MS = 10_000;
const SLACK_MS = 2_500;

const tally = new Tally('backend-faults');
let before: Record<string, number>;
let t: TestApp;
let gateway: Server;
let client: Client;
const closers: (() => Promise<void>)[] = [];
let n = 0;

beforeAll(async () => {
  before = handleCounts();
  const capture = captureServers();
  try {
    t = await startTestApp();
    gateway = capture.find(t.port)!;
  } finally {
    capture.restore();
  }
  client = new Client();
});

afterAll(async () => {
  tally.flush();
  await Promise.all(closers.map((c) => c()));
  await client?.close();
  await closeAdminClient();
  await t?.close();
});

/** What one answer amounts to for the client. */
function verdict(o: Outcome, stream: boolean): { ok: boolean; kind: string } {
  if (o.error === 'deadline') return { ok: false, kind: 'hung' };
  if (o.status !== 200) return { ok: false, kind: `HTTP ${o.status}` };
  if (stream) {
    const v = streamVerdict(o.text);
    if (v === 'complete' && !o.error) return { ok: true, kind: 'ok' };
    return { ok: false, kind: v === 'error-event' ? 'SSE error event' : 'stream cut' };
  }
  if (o.error) return { ok: false, kind: 'body cut' };
  return o.json?.choices?.[0]?.message ? { ok: true, kind: 'ok' } : { ok: false, kind: 'non-JSON 200' };
}

/** An OpenAI-shaped error body. */
function expectOpenAiError(body: any): void {
  expect(body?.error, JSON.stringify(body)).toBeTypeOf('object');
  expect(body.error.message).toBeTypeOf('string');
  expect(body.error.type).toBeTypeOf('string');
  expect(body.error).toHaveProperty('param');
  expect(body.error).toHaveProperty('code');
}

/** Sends one chat request and counts it; fails the test if it was not bounded by the inference timeout. */
async function send(row: string, model: string, stream: boolean): Promise<Outcome & { v: { ok: boolean; kind: string } }> {
  const o = await client.send(t.url, 'POST', '/v1/chat/completions', chat(model, stream), { deadlineMs: TIMEOUT_MS + SLACK_MS + 2000 });
  const v = verdict(o, stream);
  tally.count(row, v.ok, v.kind);
  expect(o.error === 'deadline' ? Infinity : o.ms, `${row}: request not bounded`).toBeLessThanOrEqual(TIMEOUT_MS + SLACK_MS);
  return { ...o, v };
}

/** A vLLM fake serving `model`, closed after the file. */
async function vllm(model: string, opts: Record<string, unknown> = {}): Promise<FakeHandle> {
  const f = await startFakeVllm({ models: [model], ...opts });
  closers.push(() => f.close());
  return f;
}

async function quirky(model: string): Promise<TestUpstream> {
  const u = await startQuirkyUpstream([model]);
  closers.push(() => u.close());
  return u;
}

const chats = (f: FakeHandle) => f.requests.filter((r) => r.path === '/v1/chat/completions').length;

/**
 * A faulty endpoint A and a healthy B serving the same model; `requests` alternate plain and streaming
 * (sequential unless `parallel`). Returns the outcomes and how many chat requests reached A.
 */
async function pair(
  row: string,
  fault: FakeMode | 'stopped' | { quirk: QuirkMode },
  opts: { requests?: number; parallel?: boolean; streamOnly?: boolean; fakeOpts?: Record<string, unknown>; note?: string } = {},
): Promise<{ outcomes: (Outcome & { v: { ok: boolean; kind: string } })[]; hitsOnA: () => number; aId: string }> {
  const model = `pair-${++n}`;
  let hitsOnA: () => number;
  let aId: string;
  if (typeof fault === 'string') {
    const a = await vllm(model, opts.fakeOpts);
    aId = await registerOnline(t.url, `a-${model}`, a.url, model);
    if (fault === 'stopped') await a.stop();
    else a.setMode(fault, { paths: ['/v1/chat/completions'] });
    hitsOnA = () => chats(a);
  } else {
    const a = await quirky(model);
    aId = await registerOnline(t.url, `a-${model}`, a.url, model);
    a.mode = fault.quirk;
    hitsOnA = () => a.chats;
  }
  // B answers 30 ms slower, so the balancer tries A first and the fault is really met.
  const b = await vllm(model, { ...opts.fakeOpts, latencyMs: 30 });
  await registerOnline(t.url, `b-${model}`, b.url, model);
  tally.row(row, opts.note ?? '');
  const count = opts.requests ?? 8;
  const one = (i: number) => send(row, model, opts.streamOnly === true || i % 2 === 1);
  const outcomes = [];
  if (opts.parallel) outcomes.push(...(await Promise.all(Array.from({ length: count }, (_, i) => one(i)))));
  else for (let i = 0; i < count; i++) outcomes.push(await one(i));
  return { outcomes, hitsOnA, aId };
}

describe('a faulty endpoint next to a healthy one: failover hides faults before the first byte', () => {
  it.each([
    ['refusing connections (stopped)', 'stopped' as const],
    ['reset before headers', 'reset' as const],
    ['503', 'error503' as const],
    ['429 with Retry-After', 'error429' as const],
    ['garbage: 200 text/plain, not JSON', 'garbage' as const],
  ])('%s → every request succeeds', async (row, mode) => {
    const { outcomes, hitsOnA } = await pair(`pair: ${row}`, mode, { note: 'failover to the healthy endpoint' });
    expect(outcomes.map((o) => o.v.kind)).toEqual(outcomes.map(() => 'ok'));
    if (mode !== 'stopped') expect(hitsOnA()).toBeGreaterThan(0);
  });

  it.each([
    ['200 text/html page (a captive portal or a web server at that URL)', 'html' as const],
    ['200 JSON labelled text/plain', 'jsonAsText' as const],
  ])('wrong content type: %s → every request succeeds', async (row, quirk) => {
    const { outcomes, hitsOnA } = await pair(`pair: ${row}`, { quirk }, { note: 'failover to the healthy endpoint' });
    expect(outcomes.map((o) => o.v.kind)).toEqual(outcomes.map(() => 'ok'));
    expect(hitsOnA()).toBeGreaterThan(0);
  });

  it('an event stream labelled application/json is passed through (lenient: the bytes are right)', async () => {
    const { outcomes } = await pair('pair: SSE labelled application/json', { quirk: 'sseAsJson' }, { note: 'passed through; complete streams' });
    expect(outcomes.map((o) => o.v.kind)).toEqual(outcomes.map(() => 'ok'));
  });

  // A 500 may be the client's fault (llama.cpp answers malformed requests with 500), so passive health
  // only re-checks the endpoint; the balancer's 3 s cool-down keeps further requests away meanwhile.
  it('500 next to a healthy endpoint: failed over before the first byte, the client never sees it', async () => {
    const { outcomes, hitsOnA } = await pair('pair: 500', 'error500', { note: 'failover hides it; passive health verifies A with a check' });
    expect(hitsOnA()).toBeGreaterThanOrEqual(1);
    expect(outcomes.filter((o) => !o.v.ok)).toEqual([]);
  });
});

describe('faults after the first byte: committed, so a clear error, then routing avoids the endpoint', () => {
  // A truncated *plain* JSON body that ends cleanly cannot be told from a whole one without buffering
  // every answer; the proxy streams bodies through, so only the SSE form is a detectable fault.
  it.each([
    ['reset mid-response', 'dieMidStream' as const, false],
    ['truncated SSE (clean end mid-event)', 'truncatedSse' as const, true],
  ])('%s → the client sees at most one cut answer, ended clearly', async (row, mode, streamOnly) => {
    const { outcomes, hitsOnA, aId } = await pair(`pair: ${row}`, mode, { streamOnly, note: 'committed: SSE error event / cut body, then A is out' });
    expect(hitsOnA()).toBeGreaterThan(0);
    const bad = outcomes.filter((o) => !o.v.ok);
    expect(bad.length).toBeLessThanOrEqual(2);
    for (const o of bad) {
      expect(o.headers['x-llmlb-endpoint']).toBe(aId);
      if (o.headers['content-type']?.toString().includes('event-stream')) {
        expect(o.v.kind).toBe('SSE error event');
        const err = sseEvents(o.text).find((e) => e.data?.error)!.data;
        expectOpenAiError(err);
      } else expect(o.v.kind).toMatch(/body cut|non-JSON 200/);
    }
  });
});

describe('hangs: every request ends within the 10 s inference timeout', () => {
  it('hang before headers, hang mid-stream, alone and next to a healthy endpoint, all at once', async () => {
    const hangPair = pair('pair: hang before headers', 'hang', { requests: 4, parallel: true, note: `failover after the ${TIMEOUT_MS / 1000} s timeout` });
    const midPair = pair('pair: hang mid-stream', 'hangMidStream', { requests: 4, parallel: true, note: 'committed: SSE error event after the timeout' });
    const solo = async (row: string, mode: FakeMode, stream: boolean) => {
      const model = `solo-${++n}`;
      const a = await vllm(model);
      await registerOnline(t.url, `a-${model}`, a.url, model);
      a.setMode(mode, { paths: ['/v1/chat/completions'] });
      tally.row(row, 'no other endpoint: clear error');
      return send(row, model, stream);
    };
    const [hp, mp, soloHang, soloMid] = await Promise.all([
      hangPair,
      midPair,
      solo('alone: hang before headers', 'hang', false),
      solo('alone: hang mid-stream', 'hangMidStream', true),
    ]);
    expect(hp.outcomes.map((o) => o.v.kind)).toEqual(hp.outcomes.map(() => 'ok'));
    expect(hp.hitsOnA()).toBeGreaterThan(0);
    // Streams cut by the stall end with an error event; plain answers cut mid-body end with a closed socket.
    for (const o of mp.outcomes.filter((x) => !x.v.ok)) expect(o.v.kind).toMatch(/SSE error event|body cut/);
    expect(soloHang.status).toBe(504);
    expectOpenAiError(soloHang.json);
    expect(soloHang.json.error.code).toBe('upstream_timeout');
    expect(soloHang.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
    expect(soloMid.v.kind).toBe('SSE error event');
    expect(sseEvents(soloMid.text).find((e) => e.data?.error)?.data.error.code).toBe('upstream_timeout');
  }, 40_000);
});

describe('a faulty endpoint alone: a clear OpenAI-shaped error, never a hang', () => {
  async function alone(row: string, mode: FakeMode | 'stopped', stream = false): Promise<Outcome[]> {
    const model = `alone-${++n}`;
    const a = await vllm(model);
    await registerOnline(t.url, `a-${model}`, a.url, model);
    if (mode === 'stopped') await a.stop();
    else a.setMode(mode, { paths: ['/v1/chat/completions'] });
    tally.row(row, 'no other endpoint: clear error');
    return [await send(row, model, stream), await send(row, model, stream)];
  }

  it('refusing connections: 502 upstream_error, then 503 no_endpoint_available with Retry-After', async () => {
    const [first, second] = await alone('alone: refusing connections', 'stopped');
    expect(first!.status).toBe(502);
    expectOpenAiError(first!.json);
    expect(first!.json.error.code).toBe('upstream_error');
    expect(second!.status).toBe(503);
    expectOpenAiError(second!.json);
    expect(Number(second!.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('429: passed through with its Retry-After, and the endpoint is not marked down for it', async () => {
    const [first, second] = await alone('alone: 429 with Retry-After', 'error429');
    for (const o of [first!, second!]) {
      expect(o.status).toBe(429);
      expectOpenAiError(o.json);
      expect(o.headers['retry-after']).toBe('1');
    }
  });

  it('garbage: 502 naming the content type, not the garbage', async () => {
    const [first] = await alone('alone: garbage 200 text/plain', 'garbage');
    expect(first!.status).toBe(502);
    expectOpenAiError(first!.json);
    expect(first!.json.error.message).toMatch(/text\/plain/);
  });

  it('503 passed through (the only candidate), OpenAI-shaped', async () => {
    const [first] = await alone('alone: 503', 'error503');
    expect(first!.status).toBe(503);
    expectOpenAiError(first!.json);
  });
});

describe('flapping', () => {
  it('an endpoint stopped and restarted every 2 s under concurrent traffic: no error before the first byte', async () => {
    const row = 'flapping (abrupt stop/start every 2 s, 4 concurrent clients)';
    const model = `flap-${++n}`;
    const slow = { chunks: 6, chunkDelayMs: 25 };
    const a = await vllm(model, slow);
    const aId = await registerOnline(t.url, `a-${model}`, a.url, model);
    const b = await vllm(model, slow);
    await registerOnline(t.url, `b-${model}`, b.url, model);
    tally.row(row);
    let running = true;
    let flaps = 0;
    let cutOnA = 0;
    const flapper = (async () => {
      const until = Date.now() + 8000;
      while (Date.now() < until) {
        await sleep(1000);
        await a.stop();
        flaps++;
        await sleep(1000);
        await a.start();
        // What the health checker does on its next tick, without waiting up to 10 s for it.
        await adminCall(t.url, 'POST', `/v0/endpoints/${aId}/test`);
      }
      running = false;
    })();
    const early: string[] = [];
    const worker = async (w: number) => {
      for (let i = 0; running && i < 500; i++) {
        const stream = (i + w) % 2 === 0;
        const o = await client.send(t.url, 'POST', '/v1/chat/completions', chat(model, stream), { deadlineMs: TIMEOUT_MS + SLACK_MS });
        const v = verdict(o, stream);
        // A stream cut by the flap after its first byte is committed: counted apart, and it must say so.
        const committedCut = !v.ok && o.status === 200 && o.headers['x-llmlb-endpoint'] === aId;
        if (committedCut) cutOnA++;
        else if (!v.ok) early.push(`${v.kind} ${o.text.slice(0, 200)}`);
        tally.count(row, v.ok, committedCut ? `cut mid-answer by a flap (${v.kind})` : v.kind);
      }
    };
    await Promise.all([flapper, ...[0, 1, 2, 3].map(worker)]);
    tally.row(row).note = `${flaps} flaps; answers cut mid-way are committed and end with an SSE error event or a closed socket`;
    expect(early).toEqual([]);
    expect(flaps).toBeGreaterThanOrEqual(3);
    expect(cutOnA).toBeLessThanOrEqual(flaps * 4);
    expect(tally.row(row).ok).toBeGreaterThan(20);
  }, 30_000);
});

describe('after all that', () => {
  it('no request in flight, no connection left on the gateway, and nothing left open once the app stops', async () => {
    await client.close();
    await closeAdminClient();
    expect(t.app.inFlight()).toBe(0);
    const deadline = Date.now() + 3000;
    while ((await connectionsOf(gateway)) > 0 && Date.now() < deadline) await sleep(50);
    expect(await connectionsOf(gateway)).toBe(0);
    await Promise.all(closers.splice(0).map((c) => c()));
    await t.close();
    expect(await settleHandles(before)).toEqual({});
    client = new Client();
  });
});
