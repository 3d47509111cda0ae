// `npm run bench`: llmlb's overhead side by side with the upstream called directly and with a bare
// Node pass-through proxy, measured in the same run with interleaved rounds (A/B/C, rotated) so
// background noise hits every target alike. See bench/README.md for what each figure means.
//
// BENCH_QUICK=1 runs a ~40 s version (fewer, shorter rounds). BENCH_PROFILE=1 starts llmlb with
// --cpu-prof (profile written to bench/results/profiles/ when llmlb stops).
import { execSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { client, chatBody, latencyRun, manyStreams, streamRun, throughputRun } from './lib/load.mjs';
import { endpointType, register, registerBench, startLlmlb, waitOnline } from './lib/llmlb.mjs';
import { cpuMs, killAll, rssMb, sampleRss, startBare, startFake, stop } from './lib/procs.mjs';
import { routingMicro } from './lib/routing-micro.mjs';
import { launcherEnv, launcherNodeFlags } from '../scripts/node-flags.mjs';
import { diff, mean, pct, r, ratio, rotation, table } from './lib/stats.mjs';

const QUICK = process.env.BENCH_QUICK === '1';
const PROFILE = process.env.BENCH_PROFILE === '1';
const HERE = new URL('.', import.meta.url).pathname;
const RESULTS = `${HERE}results`;

/** Durations and sizes; QUICK keeps every phase but shortens it. */
const P = QUICK
  ? { warmMs: 600, latRounds: 8, latMs: 300, tputRounds: 1, tputSec: 2, tputWarmSec: 1, streamRounds: 2, streamMs: 800, routeScales: [1, 100], routeRounds: 2, routeMs: 400, microMs: 150 }
  : { warmMs: 1_500, latRounds: 20, latMs: 500, tputRounds: 5, tputSec: 3, tputWarmSec: 2, streamRounds: 6, streamMs: 1_500, routeScales: [1, 10, 100], routeRounds: 4, routeMs: 600, microMs: 400 };
const CONCURRENCY = [32, 64];
const STREAM = { chunks: 50, delayMs: 2, concurrency: 4 };
const MANY = { streams: 1_000, chunks: 20, delayMs: 50 };
const MODELS_PER_ENDPOINT = 10;

const log = (s) => process.stderr.write(`${s}\n`);

/** Open-file limit of this process (Node raises the soft limit to the hard one at start), where /proc tells. */
function openFileLimit() {
  try {
    const m = /Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m ? { soft: m[1], hard: m[2] } : null;
  } catch {
    return null;
  }
}

function gitCommit() {
  try {
    return execSync('git rev-parse --short HEAD', { cwd: HERE, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return null;
  }
}

async function main() {
  const startedAt = new Date();
  const load0 = loadavg();
  log(`llmlb bench (${QUICK ? 'quick' : 'full'}), node ${process.version}, ${cpus().length} CPUs, load ${load0.map((x) => x.toFixed(2)).join(' ')}`);
  const nofile = openFileLimit();
  // llmlb holds two sockets per stream (client and upstream); the load generator one.
  if (nofile && nofile.soft !== 'unlimited' && Number(nofile.soft) < 2 * MANY.streams + 256) {
    log(`warning: open-file limit ${nofile.soft} is low for ${MANY.streams} concurrent streams (raise it with ulimit -n)`);
  }

  const fake = await startFake();
  const upstream = fake.url;
  const bare = await startBare(upstream);
  const profDir = `${RESULTS}/profiles`;
  if (PROFILE) mkdirSync(profDir, { recursive: true });
  const llmlb = await startLlmlb({ nodeArgs: PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [] });
  const epId = await registerBench(llmlb.base, upstream);
  const detected = await endpointType(llmlb.base, epId);
  log(`fake ${upstream}, bare proxy :${bare.port}, llmlb ${llmlb.base} (endpoint type ${detected})`);

  const targets = [
    { key: 'direct', base: upstream, pid: fake.pid },
    { key: 'bare', base: bare.base, pid: bare.pid },
    { key: 'llmlb', base: llmlb.base, pid: llmlb.pid },
  ];
  const res = { meta: {}, latency_c1: {}, throughput: {}, streaming: {}, streams_1000: {}, rss: {}, routing: {}, targets: {} };
  res.rss.llmlb_idle_mb = r(rssMb(llmlb.pid), 1);

  // 1. Added latency at concurrency 1 (non-streaming).
  const plain = chatBody('bench-model', null);
  const clients = Object.fromEntries(targets.map((t) => [t.key, client(t.base)]));
  for (const t of targets) await latencyRun(clients[t.key], plain, P.warmMs);
  const lat = Object.fromEntries(targets.map((t) => [t.key, { lat: [], errors: 0, roundP50: [] }]));
  // Many short rounds, each target in turn (order rotated): background load drifts on a shared box,
  // and short rounds make every target see the same drift.
  for (let i = 0; i < P.latRounds; i++) {
    for (const t of rotation(targets, i)) {
      const run = await latencyRun(clients[t.key], plain, P.latMs);
      lat[t.key].lat.push(...run.lat);
      lat[t.key].errors += run.errors;
      lat[t.key].roundP50.push(r(pct(run.lat, 50), 4));
    }
    if ((i + 1) % Math.ceil(P.latRounds / 4) === 0 || i + 1 === P.latRounds) {
      log(`latency round ${i + 1}/${P.latRounds}: ${targets.map((t) => `${t.key} p50 ${lat[t.key].roundP50.at(-1)} ms`).join(', ')}`);
    }
  }
  await Promise.all(Object.values(clients).map((c) => c.close()));
  for (const t of targets) {
    const l = lat[t.key];
    res.latency_c1[t.key] = { p50_ms: r(pct(l.lat, 50), 4), p99_ms: r(pct(l.lat, 99), 4), requests: l.lat.length, errors: l.errors, round_p50_ms: l.roundP50 };
  }
  const addedLat = (k, p) => diff(res.latency_c1[k][`${p}_ms`], res.latency_c1.direct[`${p}_ms`]);
  res.latency_c1.added = {
    bare: { p50_ms: r(addedLat('bare', 'p50'), 4), p99_ms: r(addedLat('bare', 'p99'), 4) },
    llmlb: { p50_ms: r(addedLat('llmlb', 'p50'), 4), p99_ms: r(addedLat('llmlb', 'p99'), 4) },
  };
  res.latency_c1.llmlb_added_p50_vs_bare = r(ratio(addedLat('llmlb', 'p50'), addedLat('bare', 'p50')), 2);
  // The same from round-by-round differences (each round's p50 minus that round's direct p50).
  const roundAdded = (k) => lat[k].roundP50.map((v, i) => v - lat.direct.roundP50[i]);
  res.latency_c1.added_p50_median_of_rounds_ms = { bare: r(pct(roundAdded('bare'), 50), 4), llmlb: r(pct(roundAdded('llmlb'), 50), 4) };

  // 2. Throughput at concurrency 32 and 64 (non-streaming), with CPU time per request and llmlb's RSS.
  const tputRss = sampleRss(llmlb.pid);
  for (const c of CONCURRENCY) {
    const acc = Object.fromEntries(targets.map((t) => [t.key, { rps: [], errors: 0, total: 0, cpu: 0, upstreamCpu: 0 }]));
    for (const t of targets) await throughputRun(t.base, plain, c, P.tputWarmSec);
    for (let i = 0; i < P.tputRounds; i++) {
      for (const t of rotation(targets, i)) {
        const cpu0 = cpuMs(t.pid);
        const up0 = cpuMs(fake.pid);
        const run = await throughputRun(t.base, plain, c, P.tputSec);
        acc[t.key].rps.push(run.rps);
        acc[t.key].errors += run.errors;
        acc[t.key].total += run.total;
        acc[t.key].cpu += cpuMs(t.pid) - cpu0;
        acc[t.key].upstreamCpu += cpuMs(fake.pid) - up0;
      }
      log(`throughput c=${c} round ${i + 1}/${P.tputRounds}: ${targets.map((t) => `${t.key} ${Math.round(acc[t.key].rps.at(-1))} req/s`).join(', ')}`);
    }
    const row = {};
    for (const t of targets) {
      const a = acc[t.key];
      // CPU per request of the process under test; for proxies that excludes the upstream's share.
      row[t.key] = { rps: Math.round(mean(a.rps)), round_rps: a.rps.map(Math.round), errors: a.errors, cpu_us_per_req: r((a.cpu * 1000) / Math.max(1, a.total), 1) };
    }
    row.llmlb_vs_bare = r(ratio(row.llmlb.rps, row.bare.rps), 3);
    row.llmlb_vs_direct = r(ratio(row.llmlb.rps, row.direct.rps), 3);
    row.bare_vs_direct = r(ratio(row.bare.rps, row.direct.rps), 3);
    res.throughput[`c${c}`] = row;
  }
  Object.assign(res.rss, { llmlb_throughput: tputRss.stop() });

  // 3. Streaming: TTFB and time to last byte of SSE replies (50 chunks, 2 ms apart).
  const sseBody = chatBody('bench-model', STREAM);
  for (const t of targets) await streamRun(t.base, sseBody, STREAM.concurrency, P.warmMs);
  const st = Object.fromEntries(targets.map((t) => [t.key, { ttfb: [], ttlb: [], chunks: [], errors: 0, cpu: 0 }]));
  for (let i = 0; i < P.streamRounds; i++) {
    for (const t of rotation(targets, i)) {
      const cpu0 = cpuMs(t.pid);
      const run = await streamRun(t.base, sseBody, STREAM.concurrency, P.streamMs);
      st[t.key].cpu += cpuMs(t.pid) - cpu0;
      for (const k of ['ttfb', 'ttlb', 'chunks']) st[t.key][k].push(...run[k]);
      st[t.key].errors += run.errors;
    }
    log(`streaming round ${i + 1}/${P.streamRounds}: ${targets.map((t) => `${t.key} ttfb p50 ${r(pct(st[t.key].ttfb, 50), 3)} ms`).join(', ')}`);
  }
  for (const t of targets) {
    const s = st[t.key];
    res.streaming[t.key] = {
      ttfb_p50_ms: r(pct(s.ttfb, 50), 4),
      ttfb_p99_ms: r(pct(s.ttfb, 99), 4),
      ttlb_p50_ms: r(pct(s.ttlb, 50), 3),
      ttlb_p99_ms: r(pct(s.ttlb, 99), 3),
      chunks_per_stream: r(mean(s.chunks), 1),
      cpu_us_per_stream: r((s.cpu * 1000) / Math.max(1, s.ttfb.length), 0),
      streams: s.ttfb.length,
      errors: s.errors,
    };
  }
  const addedSt = (k, f) => r(diff(res.streaming[k][f], res.streaming.direct[f]), 4);
  res.streaming.added = Object.fromEntries(
    ['bare', 'llmlb'].map((k) => [k, { ttfb_p50_ms: addedSt(k, 'ttfb_p50_ms'), ttfb_p99_ms: addedSt(k, 'ttfb_p99_ms'), ttlb_p50_ms: addedSt(k, 'ttlb_p50_ms'), ttlb_p99_ms: addedSt(k, 'ttlb_p99_ms') }]),
  );

  // 4. 1,000 concurrent streams per target (20 chunks, 50 ms apart: about 1 s each), RSS sampled.
  const manyBody = chatBody('bench-model', MANY);
  for (const t of targets) {
    const rss = t.key === 'direct' ? null : sampleRss(t.pid);
    const w = await manyStreams(t.base, manyBody, MANY.streams);
    const mem = rss?.stop() ?? null;
    const errorKinds = {};
    for (const e of w.errors) errorKinds[e] = (errorKinds[e] ?? 0) + 1;
    res.streams_1000[t.key] = {
      streams: MANY.streams,
      errors: w.errors.length,
      error_kinds: errorKinds,
      wall_ms: Math.round(w.wallMs),
      ttfb_p50_ms: r(pct(w.ttfb, 50), 2),
      ttfb_p99_ms: r(pct(w.ttfb, 99), 2),
      ttlb_p99_ms: r(pct(w.ttlb, 99), 1),
      rss_peak_mb: mem?.peak_mb ?? null,
    };
    log(`1,000 streams via ${t.key}: ${w.errors.length} errors, ${Math.round(w.wallMs)} ms${mem ? `, RSS peak ${mem.peak_mb} MB` : ''}`);
  }
  res.rss.llmlb_streams_peak_mb = res.streams_1000.llmlb.rss_peak_mb;
  res.rss.llmlb_after_mb = r(rssMb(llmlb.pid), 1);
  await llmlb.stop();
  await stop(bare);

  // 5. Routing cost as endpoints grow (each serving 10 models + the shared `bench-model`).
  res.routing.http = await routingHttp(upstream);
  res.routing.micro = await routingMicro(P.routeScales, MODELS_PER_ENDPOINT, P.microMs);
  log(`routing micro: ${res.routing.micro.map((m) => `${m.endpoints} ep ${m.exclusive_ns}/${m.shared_ns} ns`).join(', ')}`);
  await stop(fake);

  const load1 = loadavg();
  res.meta = {
    date: startedAt.toISOString(),
    duration_s: Math.round((Date.now() - startedAt.getTime()) / 1000),
    mode: QUICK ? 'quick' : 'full',
    node: process.version,
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? null,
    loadavg_start: load0.map((x) => r(x, 2)),
    loadavg_end: load1.map((x) => r(x, 2)),
    endpoint_type_detected: detected,
    commit: gitCommit(),
    open_file_limit: nofile,
    llmlb_node_flags: launcherNodeFlags(),
    llmlb_env: launcherEnv(),
    setup:
      'One machine, four processes: load generator (this script: undici for latency/streams, autocannon for throughput), fake upstream, bare proxy, llmlb serve (started as bin/llmlb.js starts it, with the environment and node flags of its shebang). All share the same CPUs, so throughput is bounded by the machine, not only by the proxy; ratios are taken within the same run with interleaved rounds.',
    params: { ...P, concurrency: CONCURRENCY, stream: STREAM, many: MANY, models_per_endpoint: MODELS_PER_ENDPOINT },
  };
  res.targets = verdicts(res);
  return res;
}

/** Added p50 through a second llmlb with 1 → 100 endpoints (1 → 10 → 100 fakes' worth of models). */
async function routingHttp(upstream) {
  const lb = await startLlmlb();
  const out = [];
  try {
    let registered = 0;
    const direct = client(upstream);
    const via = client(lb.base);
    for (const scale of P.routeScales) {
      const ids = [];
      for (; registered < scale; registered++) ids.push(await register(lb.base, `ep-${registered}`, `${upstream}/p/${registered}/${MODELS_PER_ENDPOINT}`));
      await waitOnline(lb.base, ids, 'bench-model', 120_000);
      await waitOnline(lb.base, [], `e${scale - 1}-m0`, 30_000);
      const exclusive = chatBody(`e${scale - 1}-m${MODELS_PER_ENDPOINT - 1}`, null);
      const shared = chatBody('bench-model', null);
      const plain = chatBody('bench-model', null);
      const runs = { direct: [], exclusive: [], shared: [] };
      const order = [
        ['direct', direct, plain],
        ['exclusive', via, exclusive],
        ['shared', via, shared],
      ];
      for (const [, c, b] of order) await latencyRun(c, b, P.routeMs / 2);
      for (let i = 0; i < P.routeRounds; i++) for (const [k, c, b] of rotation(order, i)) runs[k].push(...(await latencyRun(c, b, P.routeMs)).lat);
      const p50 = (k) => pct(runs[k], 50);
      out.push({
        endpoints: scale,
        models: scale * MODELS_PER_ENDPOINT + 1,
        direct_p50_ms: r(p50('direct'), 4),
        added_p50_ms_model_on_one: r(diff(p50('exclusive'), p50('direct')), 4),
        added_p50_ms_model_on_all: r(diff(p50('shared'), p50('direct')), 4),
      });
      log(`routing ${scale} endpoints: added p50 ${out.at(-1).added_p50_ms_model_on_one} ms (model on one), ${out.at(-1).added_p50_ms_model_on_all} ms (model on all)`);
    }
    await direct.close();
    await via.close();
  } finally {
    await lb.stop();
  }
  return out;
}

/** The performance targets, checked against this run. */
function verdicts(res) {
  const lat = res.latency_c1.added;
  const c32 = res.throughput.c32;
  const http = res.routing.http;
  const first = http[0];
  const last = http.at(-1);
  const routeGrowth = first && last ? last.added_p50_ms_model_on_one - first.added_p50_ms_model_on_one : null;
  return {
    added_p50_within_2x_bare: { value: res.latency_c1.llmlb_added_p50_vs_bare, pass: lat.llmlb.p50_ms <= 2 * Math.max(lat.bare.p50_ms, 0.01) },
    rps_c32_at_least_80pct_of_bare: { value: c32.llmlb_vs_bare, pass: c32.llmlb_vs_bare >= 0.8 },
    streaming_added_ttfb_under_1ms: { value: res.streaming.added.llmlb.ttfb_p50_ms, pass: res.streaming.added.llmlb.ttfb_p50_ms < 1 },
    rss_under_150mb_1000_streams: { value: res.rss.llmlb_streams_peak_mb, pass: res.rss.llmlb_streams_peak_mb !== null && res.rss.llmlb_streams_peak_mb < 150 },
    zero_errors_1000_streams: { value: res.streams_1000.llmlb.errors, pass: res.streams_1000.llmlb.errors === 0 },
    // Flat: going from 1 to 100 endpoints adds less than 50 µs or 20 % to llmlb's added p50.
    routing_flat_1_to_100: {
      value: routeGrowth === null ? null : r(routeGrowth, 4),
      pass: routeGrowth !== null && routeGrowth < Math.max(0.05, 0.2 * first.added_p50_ms_model_on_one),
    },
  };
}

function report(res) {
  const L = res.latency_c1;
  const T = res.throughput;
  const S = res.streaming;
  const M = res.streams_1000;
  const lines = [];
  lines.push(`llmlb bench ${res.meta.date} (${res.meta.mode}, ${res.meta.duration_s} s, ${res.meta.cpus} CPUs, load ${res.meta.loadavg_start[0]} → ${res.meta.loadavg_end[0]})`);
  lines.push('');
  lines.push(
    table(
      ['', 'direct', 'bare proxy', 'llmlb', 'llmlb / bare'],
      [
        ['c=1 p50 ms', L.direct.p50_ms, L.bare.p50_ms, L.llmlb.p50_ms, null],
        ['c=1 p99 ms', L.direct.p99_ms, L.bare.p99_ms, L.llmlb.p99_ms, null],
        ['c=1 added p50 ms', 0, L.added.bare.p50_ms, L.added.llmlb.p50_ms, L.llmlb_added_p50_vs_bare],
        ['c=1 added p99 ms', 0, L.added.bare.p99_ms, L.added.llmlb.p99_ms, r(ratio(L.added.llmlb.p99_ms, L.added.bare.p99_ms), 2)],
        ['c=1 added p50, by round', 0, L.added_p50_median_of_rounds_ms.bare, L.added_p50_median_of_rounds_ms.llmlb, r(ratio(L.added_p50_median_of_rounds_ms.llmlb, L.added_p50_median_of_rounds_ms.bare), 2)],
        ...CONCURRENCY.flatMap((c) => [
          [`c=${c} req/s`, T[`c${c}`].direct.rps, T[`c${c}`].bare.rps, T[`c${c}`].llmlb.rps, T[`c${c}`].llmlb_vs_bare],
          [`c=${c} CPU µs/req`, T[`c${c}`].direct.cpu_us_per_req, T[`c${c}`].bare.cpu_us_per_req, T[`c${c}`].llmlb.cpu_us_per_req, r(ratio(T[`c${c}`].llmlb.cpu_us_per_req, T[`c${c}`].bare.cpu_us_per_req), 2)],
        ]),
        ['SSE TTFB p50 ms', S.direct.ttfb_p50_ms, S.bare.ttfb_p50_ms, S.llmlb.ttfb_p50_ms, null],
        ['SSE added TTFB p50 ms', 0, S.added.bare.ttfb_p50_ms, S.added.llmlb.ttfb_p50_ms, null],
        ['SSE last byte p50 ms', S.direct.ttlb_p50_ms, S.bare.ttlb_p50_ms, S.llmlb.ttlb_p50_ms, null],
        ['SSE added last byte p50', 0, S.added.bare.ttlb_p50_ms, S.added.llmlb.ttlb_p50_ms, null],
        ['SSE chunks seen/stream', S.direct.chunks_per_stream, S.bare.chunks_per_stream, S.llmlb.chunks_per_stream, null],
        ['SSE CPU µs/stream', S.direct.cpu_us_per_stream, S.bare.cpu_us_per_stream, S.llmlb.cpu_us_per_stream, r(ratio(S.llmlb.cpu_us_per_stream, S.bare.cpu_us_per_stream), 2)],
        ['1,000 streams errors', M.direct.errors, M.bare.errors, M.llmlb.errors, null],
        ['1,000 streams wall ms', M.direct.wall_ms, M.bare.wall_ms, M.llmlb.wall_ms, null],
        ['1,000 streams TTFB p99 ms', M.direct.ttfb_p99_ms, M.bare.ttfb_p99_ms, M.llmlb.ttfb_p99_ms, null],
        ['1,000 streams RSS peak MB', null, M.bare.rss_peak_mb, M.llmlb.rss_peak_mb, null],
      ],
    ),
  );
  lines.push('');
  lines.push(`llmlb RSS: idle ${res.rss.llmlb_idle_mb} MB, peak under c=32/64 load ${res.rss.llmlb_throughput.peak_mb} MB, peak with 1,000 streams ${res.rss.llmlb_streams_peak_mb} MB`);
  lines.push('');
  lines.push(
    table(
      ['routing', 'models', 'added p50 ms (model on 1)', 'added p50 ms (model on all)', 'micro ns (on 1)', 'micro ns (on all)', 'snapshot build ms'],
      res.routing.http.map((h) => {
        const m = res.routing.micro.find((x) => x.endpoints === h.endpoints);
        return [`${h.endpoints} endpoint(s)`, h.models, h.added_p50_ms_model_on_one, h.added_p50_ms_model_on_all, m?.exclusive_ns, m?.shared_ns, m?.snapshot_build_ms];
      }),
    ),
  );
  lines.push('');
  lines.push(table(['target', 'value', 'pass'], Object.entries(res.targets).map(([k, v]) => [k, v.value, v.pass ? 'yes' : 'NO'])));
  return lines.join('\n');
}

try {
  const res = await main();
  mkdirSync(RESULTS, { recursive: true });
  const json = `${JSON.stringify(res, null, 2)}\n`;
  writeFileSync(`${RESULTS}/latest.json`, json);
  writeFileSync(`${RESULTS}/${res.meta.date.replace(/[:.]/g, '-')}${QUICK ? '-quick' : ''}.json`, json);
  process.stdout.write(`${report(res)}\n\nwritten: bench/results/latest.json\n`);
} catch (e) {
  log(`bench failed: ${e?.stack ?? e}`);
  killAll();
  process.exitCode = 1;
}
