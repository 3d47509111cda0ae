// Load generation (runs in the bench process; every server under test is another process).
// Latency and streams use undici with a high-resolution clock; throughput uses autocannon.
import autocannon from 'autocannon';
import { Client, Pool } from 'undici';

const CHAT = '/v1/chat/completions';
const HEADERS = { 'content-type': 'application/json' };
const DONE = Buffer.from('data: [DONE]\n\n');

/** A chat request body: non-streaming, or an SSE stream of `chunks` events `delayMs` apart. */
export function chatBody(model, stream) {
  const body = { model, messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: 16 };
  if (stream) Object.assign(body, { stream: true, bench_chunks: stream.chunks, bench_delay_ms: stream.delayMs });
  return JSON.stringify(body);
}

/** A keep-alive client for one target (one connection: concurrency 1). */
export function client(base) {
  return new Client(base, { keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000 });
}

/** Sequential non-streaming requests for `ms`; returns latencies in ms and the error count. */
export async function latencyRun(c, body, ms) {
  const lat = [];
  let errors = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const t0 = performance.now();
    try {
      const r = await c.request({ path: CHAT, method: 'POST', headers: HEADERS, body });
      await r.body.arrayBuffer();
      if (r.statusCode !== 200) errors++;
      else lat.push(performance.now() - t0);
    } catch {
      errors++;
    }
  }
  return { lat, errors };
}

/** Requests per second at `connections` concurrent connections for `seconds` (autocannon). */
export async function throughputRun(base, body, connections, seconds) {
  const r = await autocannon({
    url: `${base}${CHAT}`,
    method: 'POST',
    headers: HEADERS,
    body,
    connections,
    duration: seconds,
    pipelining: 1,
  });
  return {
    rps: r.requests.average,
    total: r.requests.total,
    errors: r.errors + r.timeouts + r.non2xx,
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
  };
}

/** One streamed request: time to first body byte, to the last byte, chunks seen, and whether it completed. */
async function oneStream(dispatcher, body) {
  const t0 = performance.now();
  let ttfb = null;
  let chunks = 0;
  let tail = Buffer.alloc(0);
  const r = await dispatcher.request({ path: CHAT, method: 'POST', headers: HEADERS, body });
  for await (const chunk of r.body) {
    if (ttfb === null) ttfb = performance.now() - t0;
    chunks++;
    tail = chunk.length >= DONE.length ? chunk : Buffer.concat([tail, chunk]).subarray(-DONE.length);
  }
  const ttlb = performance.now() - t0;
  const ok = r.statusCode === 200 && tail.subarray(-DONE.length).equals(DONE);
  return { ok, ttfb, ttlb, chunks };
}

/** Streams back to back on `concurrency` connections for `ms`; TTFB/TTLB per stream. */
export async function streamRun(base, body, concurrency, ms) {
  const pool = new Pool(base, { connections: concurrency, keepAliveTimeout: 30_000 });
  const out = { ttfb: [], ttlb: [], chunks: [], errors: 0 };
  const end = performance.now() + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        try {
          const s = await oneStream(pool, body);
          if (!s.ok) out.errors++;
          else {
            out.ttfb.push(s.ttfb);
            out.ttlb.push(s.ttlb);
            out.chunks.push(s.chunks);
          }
        } catch {
          out.errors++;
        }
      }
    }),
  );
  await pool.close();
  return out;
}

/** `n` streams at once, each on its own connection; counts failures and times the wave. */
export async function manyStreams(base, body, n) {
  const pool = new Pool(base, { connections: n, keepAliveTimeout: 30_000, connect: { timeout: 30_000 }, headersTimeout: 60_000, bodyTimeout: 60_000 });
  const t0 = performance.now();
  const errors = [];
  const ttfb = [];
  const ttlb = [];
  await Promise.all(
    Array.from({ length: n }, async () => {
      try {
        const s = await oneStream(pool, body);
        if (!s.ok) errors.push('incomplete stream');
        else {
          ttfb.push(s.ttfb);
          ttlb.push(s.ttlb);
        }
      } catch (e) {
        errors.push(e?.code ?? e?.message ?? String(e));
      }
    }),
  );
  const wallMs = performance.now() - t0;
  await pool.destroy();
  return { errors, ttfb, ttlb, wallMs };
}
