// CPU time per request of llmlb and the bare proxy under the same load (autocannon, c=32), read
// from /proc: steadier than req/s on a busy machine. Rounds alternate between the two; the ratios
// are the medians of per-round ratios.
//
// Usage: node bench/cpu.mjs [seconds per round, default 3] [rounds, default 6]
import { chatBody, throughputRun } from './lib/load.mjs';
import { register, startLlmlb, waitOnline } from './lib/llmlb.mjs';
import { cpuMs, startNode, stop } from './lib/procs.mjs';
import { median } from './lib/stats.mjs';

const seconds = Number(process.argv[2] ?? 3);
const rounds = Number(process.argv[3] ?? 6);
const fake = await startNode([new URL('./lib/fake-upstream.mjs', import.meta.url).pathname], { ready: /fake listening on (\d+)/, label: 'fake' });
const upstream = `http://127.0.0.1:${fake.port}`;
const bare = await startNode([new URL('./lib/bare-proxy.mjs', import.meta.url).pathname, '--upstream', upstream], { ready: /listening on (\d+)/, label: 'bare' });
const lb = await startLlmlb();
const targets = [
  { key: 'llmlb', base: lb.base, pid: lb.pid, us: [], rps: [] },
  { key: 'bare', base: `http://127.0.0.1:${bare.port}`, pid: bare.pid, us: [], rps: [] },
];
try {
  await waitOnline(lb.base, [await register(lb.base, 'bench', upstream)], 'bench-model');
  const body = chatBody('bench-model', null);
  for (const t of targets) await throughputRun(t.base, body, 32, 2);
  for (let i = 0; i < rounds; i++) {
    for (const t of i % 2 ? [...targets].reverse() : targets) {
      const c0 = cpuMs(t.pid);
      const run = await throughputRun(t.base, body, 32, seconds);
      t.us.push(((cpuMs(t.pid) - c0) * 1000) / run.total);
      t.rps.push(run.rps);
    }
  }
} finally {
  await lb.stop();
  await stop(bare);
  await stop(fake);
}
const [l, b] = targets;
for (const t of targets) process.stdout.write(`${t.key.padEnd(6)} CPU µs/req ${t.us.map((x) => x.toFixed(1)).join(' ')}  req/s ${t.rps.map(Math.round).join(' ')}\n`);
const cpu = median(l.us.map((u, i) => u / b.us[i]));
const rps = median(l.rps.map((r, i) => r / b.rps[i]));
process.stdout.write(`llmlb ${median(l.us).toFixed(1)} µs/req, bare ${median(b.us).toFixed(1)} µs/req; per round: CPU ×${cpu.toFixed(3)}, req/s ×${rps.toFixed(3)}\n`);
