/**
 * Hostile and broken clients against the whole app: disconnects mid-stream, slow-loris headers,
 * oversized headers and bodies, malformed JSON, wrong field types, raw junk on the socket. The gateway
 * answers each with a 4xx (never a 5xx, never a hang) and keeps serving everybody else meanwhile.
 */
import type { Server } from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeVllm, type FakeHandle } from '../fakes/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import {
  captureServers,
  closeAdminClient,
  chat,
  Client,
  connectionsOf,
  handleCounts,
  rawExchange,
  registerOnline,
  settleHandles,
  sleep,
} from './helpers.js';
import { Tally } from './tally.js';
import { startStrictUpstream, type TestUpstream } from './upstreams.js';

const HEADERS_TIMEOUT_MS = 10_000;
const tally = new Tally('client-faults');
let before: Record<string, number>;
let t: TestApp;
let port: number;
let gateway: Server;
let client: Client;
let fast: FakeHandle;
let slow: FakeHandle;
let strict: TestUpstream;

beforeAll(async () => {
  before = handleCounts();
  const capture = captureServers();
  try {
    t = await startTestApp();
    gateway = capture.find(t.port)!;
  } finally {
    capture.restore();
  }
  port = t.port;
  client = new Client();
  fast = await startFakeVllm({ models: ['m'] });
  slow = await startFakeVllm({ models: ['slow'], chunks: 40, chunkDelayMs: 50, latencyMs: 0 });
  strict = await startStrictUpstream(['strict']);
  await registerOnline(t.url, 'fast', fast.url, 'm');
  await registerOnline(t.url, 'slow', slow.url, 'slow');
  await registerOnline(t.url, 'strict', strict.url, 'strict');
}, 30_000);

afterAll(async () => {
  tally.flush();
  await client?.close();
  await closeAdminClient();
  await t?.close();
  await Promise.all([fast?.close(), slow?.close(), strict?.close()]);
});

/** A normal request from a well-behaved client; counted as "others served meanwhile". */
async function healthy(stream = false, via: Client = client): Promise<void> {
  const o = await via.send(t.url, 'POST', '/v1/chat/completions', chat('m', stream), { deadlineMs: 5000 });
  tally.count('well-behaved requests interleaved', o.status === 200 && !o.error, `HTTP ${o.status} ${o.error ?? ''}`);
  expect(o.status, o.text).toBe(200);
  expect(o.error).toBeNull();
}

describe('clients that disconnect', () => {
  it('mid-stream: the upstream request is aborted at once, nothing stays in flight', async () => {
    tally.row('disconnect mid-stream (5 at once)', 'upstream request aborted');
    slow.requests.length = 0;
    const cuts = Array.from({ length: 5 }, async () => {
      const ac = new AbortController();
      const o = client.send(t.url, 'POST', '/v1/chat/completions', chat('slow', true), { signal: ac.signal, deadlineMs: 10_000 });
      await slow.waitForRequest((r) => r.path === '/v1/chat/completions' && r.status === 200, 3000);
      await sleep(200);
      ac.abort();
      const r = await o;
      tally.count('disconnect mid-stream (5 at once)', r.error !== null && r.error !== 'deadline', 'not cut');
    });
    await Promise.all(cuts);
    const t0 = Date.now();
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) => slow.waitForRequest((r) => r.path === '/v1/chat/completions' && r.aborted && slow.requests.filter((x) => x.aborted).length > i, 3000)),
    );
    expect(Date.now() - t0).toBeLessThan(1000);
    const aborted = slow.requests.filter((r) => r.path === '/v1/chat/completions');
    expect(aborted.every((r) => r.aborted && r.finishedAt === null)).toBe(true);
    await healthy(true);
    expect(t.app.inFlight()).toBe(0);
  });

  it('before the answer starts: the upstream request is aborted too', async () => {
    tally.row('disconnect before the first byte', 'upstream request aborted');
    slow.options.latencyMs = 3000;
    slow.requests.length = 0;
    try {
      const ac = new AbortController();
      const o = client.send(t.url, 'POST', '/v1/chat/completions', chat('slow'), { signal: ac.signal });
      await slow.waitForRequest((r) => r.path === '/v1/chat/completions', 3000);
      ac.abort();
      const r = await o;
      tally.count('disconnect before the first byte', r.error !== null, 'not cut');
      const rec = await slow.waitForRequest((x) => x.aborted, 1000);
      expect(rec.abortedAt! - rec.at).toBeLessThan(1500);
    } finally {
      slow.options.latencyMs = 0;
    }
    await healthy();
  });
});

describe('slow-loris', () => {
  it('headers sent a byte at a time are cut after headersTimeout, a client ignoring our FIN included, while others are served', async () => {
    const row = 'slow-loris headers (1 polite + 1 half-open client)';
    tally.row(row, `closed by the server within headersTimeout (${HEADERS_TIMEOUT_MS / 1000} s) + 1.5 s`);
    const baseline = await connectionsOf(gateway);
    const drip = Array.from('POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' + 'a'.repeat(200));
    const polite = rawExchange(port, drip, { gapMs: 250, maxMs: HEADERS_TIMEOUT_MS + 5000 });
    // A client that keeps its side open after our FIN (allowHalfOpen) and keeps dripping.
    const rude = new Promise<{ ms: number; data: string }>((resolve) => {
      const t0 = Date.now();
      const s = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
      let data = '';
      s.on('error', () => undefined);
      s.on('data', (d) => (data += d));
      const timer = setInterval(() => s.writable && s.write('b'), 250);
      s.write('GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      const stop = setTimeout(() => s.destroy(), HEADERS_TIMEOUT_MS + 5000);
      s.on('close', () => {
        clearInterval(timer);
        clearTimeout(stop);
        resolve({ ms: Date.now() - t0, data });
      });
    });
    // Meanwhile the gateway serves everybody else, on its own connections (closed before counting).
    let served = 0;
    const side = new Client();
    const others = (async () => {
      const until = Date.now() + HEADERS_TIMEOUT_MS;
      while (Date.now() < until) {
        await healthy(served % 2 === 0, side);
        served++;
        await sleep(100);
      }
    })();
    const [p, r] = await Promise.all([polite, rude, others]);
    for (const x of [p, r]) {
      tally.count(row, x.ms <= HEADERS_TIMEOUT_MS + 1500, `held ${x.ms} ms`);
      expect(x.data).toMatch(/^HTTP\/1\.1 408 /);
      expect(x.ms).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
      expect(x.ms).toBeLessThanOrEqual(HEADERS_TIMEOUT_MS + 1500);
    }
    expect(served).toBeGreaterThan(20);
    await side.close();
    const deadline = Date.now() + 3000;
    while ((await connectionsOf(gateway)) > baseline && Date.now() < deadline) await sleep(50);
    expect(await connectionsOf(gateway)).toBeLessThanOrEqual(baseline);
  }, 30_000);
});

describe('oversized input', () => {
  it('headers over 16 KiB → 431 and the connection closes', async () => {
    tally.row('oversized headers (20 KiB, and 600 headers)', '431, connection closed');
    for (const head of [`X-Big: ${'a'.repeat(20_000)}\r\n`, Array.from({ length: 600 }, (_, i) => `X-H${i}: ${'v'.repeat(30)}\r\n`).join('')]) {
      const r = await rawExchange(port, [`POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n${head}\r\n`], { maxMs: 3000 });
      tally.count('oversized headers (20 KiB, and 600 headers)', r.closed && r.data.startsWith('HTTP/1.1 431'), r.data.slice(0, 20));
      expect(r.data).toMatch(/^HTTP\/1\.1 431 /);
      expect(r.closed).toBe(true);
      await healthy();
    }
  });

  it('bodies over 20 MiB → 413 in the surface shape, declared or streamed', async () => {
    const row = 'oversized bodies (21 MiB: declared, chunked; /v1, /v0, /api)';
    tally.row(row, '413 payload_too_large');
    const big = Buffer.alloc(21 * 1024 * 1024, 0x61);
    const cases: [string, Record<string, string>][] = [
      ['/v1/chat/completions', {}],
      ['/v0/endpoints', { authorization: 'Bearer llmlb_test_admin_key' }],
      ['/api/chat', {}],
    ];
    for (const [path, headers] of cases) {
      // Declared: undici sends Content-Length.
      const declared = await client.send(t.url, 'POST', path, big, { headers, deadlineMs: 10_000 });
      // Streamed: no Content-Length, chunked; the limit is enforced while reading.
      const body = (async function* () {
        for (let i = 0; i < 21; i++) yield Buffer.alloc(1024 * 1024, 0x61);
      })();
      const chunked = await client.send(t.url, 'POST', path, body as unknown as Buffer, { headers, deadlineMs: 10_000 });
      for (const o of [declared, chunked]) {
        tally.count(row, o.status === 413, `HTTP ${o.status} ${o.error ?? ''}`);
        expect(o.status, `${path}: ${o.error ?? o.text.slice(0, 200)}`).toBe(413);
        const message = path.startsWith('/api') ? o.json?.error : o.json?.error?.message;
        expect(message).toMatch(/exceeds/);
      }
      await healthy();
    }
  }, 30_000);
});

describe('malformed requests', () => {
  const MALFORMED: [string, string | Buffer][] = [
    ['unterminated object', '{"model":"m","messages":['],
    ['trailing comma', '{"model":"m",}'],
    ['single quotes', "{'model':'m'}"],
    ['NaN literal', '{"model":"m","temperature":NaN}'],
    ['empty body', ''],
    ['JSON null', 'null'],
    ['JSON array', '[{"model":"m"}]'],
    ['JSON string', '"model"'],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
    ['100k-deep nesting', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['XML', '<?xml version="1.0"?><model>m</model>'],
  ];

  it.each(MALFORMED)('%s → 400 invalid_request_error, OpenAI-shaped', async (_label, body) => {
    tally.row('malformed JSON bodies', '400 invalid_request_error');
    const o = await client.send(t.url, 'POST', '/v1/chat/completions', body, { deadlineMs: 5000 });
    tally.count('malformed JSON bodies', o.status === 400, `HTTP ${o.status}`);
    expect(o.status, o.text).toBe(400);
    expect(o.json.error).toMatchObject({ type: 'invalid_request_error' });
    expect(o.json.error.message).toBeTypeOf('string');
    await healthy();
  });

  const msgs = [{ role: 'user', content: 'hi' }];
  const WRONG_TYPES: [string, Record<string, unknown>][] = [
    ['model: 5', { model: 5, messages: msgs }],
    ['model: null', { model: null, messages: msgs }],
    ['model: {}', { model: {}, messages: msgs }],
    ['model: ""', { model: '', messages: msgs }],
    ['no model', { messages: msgs }],
    ['stream: "yes"', { model: 'strict', messages: msgs, stream: 'yes' }],
    ['stream: 1', { model: 'strict', messages: msgs, stream: 1 }],
    ['stream: "true"', { model: 'strict', messages: msgs, stream: 'true' }],
    ['messages: "x"', { model: 'strict', messages: 'x' }],
    ['messages: {}', { model: 'strict', messages: { role: 'user' } }],
    ['messages: []', { model: 'strict', messages: [] }],
    ['messages: [null]', { model: 'strict', messages: [null] }],
    ['messages[0].role: 5', { model: 'strict', messages: [{ role: 5, content: 'hi' }] }],
    ['messages[0].content: {}', { model: 'strict', messages: [{ role: 'user', content: { a: 1 } }] }],
    ['max_tokens: "lots"', { model: 'strict', messages: msgs, max_tokens: 'lots' }],
    ['max_tokens: -1', { model: 'strict', messages: msgs, max_tokens: -1 }],
    ['max_tokens: 1e308', { model: 'strict', messages: msgs, max_tokens: 1e308 }],
    ['temperature: "hot"', { model: 'strict', messages: msgs, temperature: 'hot' }],
    ['temperature: 99', { model: 'strict', messages: msgs, temperature: 99 }],
    ['top_p: []', { model: 'strict', messages: msgs, top_p: [] }],
    ['n: 1e9', { model: 'strict', messages: msgs, n: 1e9 }],
    ['stream_options: "x"', { model: 'strict', messages: msgs, stream: true, stream_options: 'x' }],
    ['tools: "x"', { model: 'strict', messages: msgs, tools: 'x' }],
    ['stop: 5', { model: 'strict', messages: msgs, stop: 5 }],
    ['response_format: "json"', { model: 'strict', messages: msgs, response_format: 'json' }],
    ['seed: 1.5', { model: 'strict', messages: msgs, seed: 1.5 }],
  ];

  it.each(WRONG_TYPES)('%s → 4xx (llmlb for fields it reads, else the upstream 4xx passed through), never 5xx', async (_label, body) => {
    const row = `wrong field types in chat requests (${WRONG_TYPES.length} cases)`;
    tally.row(row, '400 from llmlb (model, stream) or the strict upstream 400 passed through');
    const o = await client.send(t.url, 'POST', '/v1/chat/completions', body, { deadlineMs: 5000 });
    tally.count(row, o.status >= 400 && o.status < 500, `HTTP ${o.status}`);
    expect(o.error).toBeNull();
    expect(o.status, o.text).toBeGreaterThanOrEqual(400);
    expect(o.status, o.text).toBeLessThan(500);
    expect(o.json.error).toMatchObject({ type: 'invalid_request_error' });
    const ownFields = typeof body.model !== 'string' || body.model === '' || 'stream' in body;
    const param = o.json.error.param as string;
    if (ownFields && !('stream_options' in body)) {
      // llmlb's own check: the request never reached an endpoint.
      expect(o.headers['x-llmlb-endpoint']).toBeUndefined();
      expect(['model', 'stream']).toContain(param);
    } else expect(o.headers['x-llmlb-endpoint']).toBeDefined();
    await healthy();
  });

  it('the same wrong types sent to a lenient upstream (the vLLM fake) never give a 5xx', async () => {
    const row = 'wrong field types, lenient upstream';
    tally.row(row, 'never 5xx; lenient fakes may answer 200');
    for (const [, body] of WRONG_TYPES) {
      const o = await client.send(t.url, 'POST', '/v1/chat/completions', { ...body, ...(typeof body.model === 'string' && body.model ? { model: 'm' } : {}) }, { deadlineMs: 5000 });
      tally.count(row, o.status < 500 && o.error === null, `HTTP ${o.status}`);
      expect(o.status, `${JSON.stringify(body)} → ${o.text.slice(0, 200)}`).toBeLessThan(500);
    }
  });
});

describe('junk on the socket', () => {
  const JUNK: [string, string | Buffer][] = [
    ['random binary', Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 73 + 11) % 256))],
    ['TLS ClientHello', Buffer.from('160301006e0100006a03036b', 'hex')],
    ['HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
    ['HTTP/9.9', 'GET /v1/models HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n'],
    ['header without colon', 'GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nNoColonHere\r\n\r\n'],
    ['NUL in a header', 'GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a\x00b\r\n\r\n'],
    ['CL and TE together (smuggling)', 'POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /v0/keys HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
    ['two Content-Lengths', 'POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}'],
    ['negative Content-Length', 'POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n'],
    ['bad chunk size', 'POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'],
    ['bare LF line endings', 'GET /v1/models HTTP/1.1\nHost: 127.0.0.1\n\n'],
    ['no Host header', 'GET /v1/models HTTP/1.1\r\n\r\n'],
  ];

  it.each(JUNK)('%s → a 4xx and the server moves on', async (label, bytes) => {
    const row = `raw junk on the socket (${JUNK.length} kinds)`;
    tally.row(row, '400 (or 403 without Host) and close; never a 2xx/5xx');
    const r = await rawExchange(port, [bytes], { maxMs: 3000 });
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(r.data)?.[1] ?? 0);
    tally.count(row, status >= 400 && status < 500, `${label}: ${status || 'no answer'}`);
    expect(status, `${label}: ${JSON.stringify(r.data.slice(0, 120))}`).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    // The smuggled second request must never be answered, and the connection must not stay open.
    expect(r.data.match(/HTTP\/1\.1 /g)?.length ?? 0).toBe(1);
    expect(r.closed, `${label}: connection left open`).toBe(true);
    await healthy();
  });
});

describe('after all that', () => {
  it('no connection left on the gateway once clients are gone, nothing left open once the app stops', async () => {
    await client.close();
    await closeAdminClient();
    expect(t.app.inFlight()).toBe(0);
    const deadline = Date.now() + 3000;
    while ((await connectionsOf(gateway)) > 0 && Date.now() < deadline) await sleep(50);
    expect(await connectionsOf(gateway)).toBe(0);
    await Promise.all([fast.close(), slow.close(), strict.close()]);
    await t.close();
    expect(await settleHandles(before)).toEqual({});
    client = new Client();
  }, 20_000);
});
