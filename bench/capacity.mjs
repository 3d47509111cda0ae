// Does capacity-aware admission cost anything while slots are free?
//
// 1. In process: Balancer.acquire + release with no admission (admitFirst) against CapacityAdmission
//    (unlimited endpoints, and limited endpoints with free slots): ns per request.
// 2. End to end: `llmlb serve` (child process) in front of the bench fake upstream, load from this
//    process: p50/p99 added over calling the fake directly, with the endpoint unlimited
//    (max_concurrency null) and limited but never full (max_concurrency 64 > concurrency).
//
// Usage: node scripts/ensure-built.mjs --main-only && node bench/capacity.mjs [--seconds 2] [--concurrency 8] [--rounds 5]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Histogram, Registry } from 'prom-client';
import { Pool } from 'undici';
import { startFake, startNode, stop } from './lib/procs.mjs';
import { median, pct, rotation, table } from './lib/stats.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? def : Number(args[i + 1]);
};
const SECONDS = opt('seconds', 2);
const CONCURRENCY = opt('concurrency', 8);
const ROUNDS = opt('rounds', 5);
const KEY = 'llmlb_bench_admin_key';

const { Balancer } = await import(join(root, 'dist/src-main/balancer/balancer.js'));
const { EndpointStats } = await import(join(root, 'dist/src-main/balancer/stats.js'));
const { CapacityAdmission } = await import(join(root, 'dist/src-main/capacity/admission.js'));
const { systemClock } = await import(join(root, 'dist/src-main/util/time.js'));


// ---- 1. in process -------------------------------------------------------------------------------
function endpoint(id, max) {
  return {
    id, name: id, base_url: `http://127.0.0.1/${id}`, endpoint_type: 'openai_compatible', endpoint_type_source: 'detected',
    status: 'online', api_key_enc: null, health_check_interval_secs: 30, inference_timeout_secs: 120, max_concurrency: max,
    learned_concurrency: null, latency_ms: 5, last_seen: null, last_error: null, error_count: 0,
    registered_at: '2026-01-01T00:00:00.000Z', notes: null, source: 'manual', version: null, last_synced_at: null,
  };
}

/** A balancer over two endpoints; with capacity, wait times go to a prom-client histogram as in the app. */
function variant(capacity, max) {
  let admission;
  if (capacity) {
    const h = new Histogram({ name: 'w', help: 'w', labelNames: ['model', 'outcome'], buckets: [0.005, 0.05, 0.5, 5], registers: [new Registry()] });
    const observe = (model, ms, outcome) => h.observe({ model, outcome }, ms / 1000);
    admission = new CapacityAdmission({ clock: systemClock, queue: () => ({ maxLength: 100, maxWaitMs: 60_000 }), observe });
  }
  const balancer = new Balancer(new EndpointStats(), admission ? { admission } : {});
  const targets = [endpoint('a', max), endpoint('b', max)].map((e) => ({ endpoint: e, upstreamModel: 'm' }));
  return { balancer, targets };
}

const OK = { kind: 'success', latencyMs: 5 };
/** ns per acquire + release (the forwarder's per-attempt balancer work). */
async function nsPer({ balancer, targets }, n) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const lease = await balancer.acquire(targets, undefined, undefined, { model: 'm' });
    lease.release(OK);
  }
  return Number(process.hrtime.bigint() - t0) / n;
}

const variants = [
  ['no admission (admitFirst)', variant(false, null)],
  ['capacity, unlimited endpoints', variant(true, null)],
  ['capacity, limit 64, slots free', variant(true, 64)],
];
const ns = variants.map(() => []);
for (const [, v] of variants) await nsPer(v, 50_000); // warm up
for (let r = 0; r < 9; r++) for (const [i, [, v]] of variants.entries()) ns[i].push(await nsPer(v, 50_000));
const base = Math.min(...ns[0]);
console.log('in process: Balancer.acquire + release, 9 interleaved rounds × 50k (ns per request)');
console.log(
  table(
    ['admission', 'min', 'median', 'added (min)'],
    variants.map(([name], i) => [name, Math.min(...ns[i]).toFixed(0), median(ns[i]).toFixed(0), i === 0 ? null : (Math.min(...ns[i]) - base).toFixed(0)]),
  ),
);

// ---- 2. end to end -------------------------------------------------------------------------------
async function admin(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

const BODY = JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: 'hi' }] });

/** Closed-loop load: CONCURRENCY clients for SECONDS; latencies in µs. */
async function load(origin) {
  const pool = new Pool(origin, { connections: CONCURRENCY, keepAliveTimeout: 60_000 });
  const lat = [];
  const until = Date.now() + SECONDS * 1000;
  const worker = async () => {
    while (Date.now() < until) {
      const t0 = process.hrtime.bigint();
      const res = await pool.request({ method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'application/json' }, body: BODY });
      await res.body.arrayBuffer();
      if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode} from ${origin}`);
      lat.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await pool.close();
  return lat;
}

const dataDir = mkdtempSync(join(tmpdir(), 'llmlb-bench-capacity-'));
const fake = await startFake();
const llmlb = await startNode([join(root, 'bin/llmlb.js'), 'serve', '--port', '0', '--data-dir', dataDir, '--no-discovery'], {
  ready: /llmlb listening on http:\/\/127\.0\.0\.1:(\d+)/,
  env: { LLMLB_ADMIN_KEY: KEY },
  label: 'llmlb',
});
try {
  const fakeUrl = fake.url;
  const gw = `http://127.0.0.1:${llmlb.port}`;
  const { id } = await admin(gw, 'POST', '/v0/endpoints', { name: 'bench', base_url: fakeUrl });
  for (let i = 0; ; i++) {
    const e = await admin(gw, 'GET', `/v0/endpoints/${id}`);
    if (e.status === 'online' && e.model_count > 0) break;
    if (i > 400) throw new Error('the bench endpoint did not come online');
    await new Promise((r) => setTimeout(r, 50));
  }
  await load(gw); // warm up
  const modes = [
    { name: 'direct to the fake', limit: undefined },
    { name: 'llmlb, no limit', limit: null },
    { name: 'llmlb, limit 64 (slots free)', limit: 64 },
  ];
  for (const m of modes) Object.assign(m, { p50: [], p99: [] });
  for (let r = 0; r < ROUNDS; r++) {
    for (const m of rotation(modes, r)) {
      if (m.limit !== undefined) await admin(gw, 'PUT', `/v0/endpoints/${id}`, { max_concurrency: m.limit });
      const lat = await load(m.limit === undefined ? fakeUrl : gw);
      m.p50.push(pct(lat, 50));
      m.p99.push(pct(lat, 99));
    }
  }
  const [direct, noLimit, limited] = modes;
  const us = (v) => v.toFixed(0);
  console.log(`\nend to end: ${CONCURRENCY} concurrent clients, ${SECONDS} s × ${ROUNDS} rotated rounds per mode (medians of rounds, µs)`);
  console.log(
    table(
      ['mode', 'p50', 'p50 range', 'p99', 'added p50', 'added p99'],
      modes.map((m) => [
        m.name,
        us(median(m.p50)),
        `${us(Math.min(...m.p50))}–${us(Math.max(...m.p50))}`,
        us(median(m.p99)),
        m === direct ? null : us(median(m.p50) - median(direct.p50)),
        m === direct ? null : us(median(m.p99) - median(direct.p99)),
      ]),
    ),
  );
  const d = median(limited.p50) - median(noLimit.p50);
  console.log(`limits (slots free) vs no limit: ${d >= 0 ? '+' : ''}${us(d)} µs at p50`);
} finally {
  await stop(llmlb);
  await stop(fake);
  rmSync(dataDir, { recursive: true, force: true });
}
