// CPU time per request of llmlb and the bare proxy under the same load (autocannon, c=32), read
// from /proc: steadier than req/s on a busy machine. Rounds alternate between the two; the ratios
// are the medians of per-round ratios.
//
// Usage: node bench/cpu.mjs [seconds per round, default 3] [rounds, default 6]
import { chatBody, throughputRun } from './lib/load.mjs';
import { registerBench, startLlmlb } from './lib/llmlb.mjs';
import { cpuMs, startBare, startFake, stop } from './lib/procs.mjs';
import { median } from './lib/stats.mjs';

const seconds = Number(process.argv[2] ?? 3);
const rounds = Number(process.argv[3] ?? 6);
const fake = await startFake();
const upstream = fake.url;
const bare = await startBare(upstream);
const lb = await startLlmlb();
const targets = [
  { key: 'llmlb', base: lb.base, pid: lb.pid, us: [], rps: [] },
  { key: 'bare', base: bare.base, pid: bare.pid, us: [], rps: [] },
];
try {
  await registerBench(lb.base, upstream);
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
  await bare.stop();
  await stop(fake);
}
const [l, b] = targets;
for (const t of targets) process.stdout.write(`${t.key.padEnd(6)} CPU µs/req ${t.us.map((x) => x.toFixed(1)).join(' ')}  req/s ${t.rps.map(Math.round).join(' ')}\n`);
const cpu = median(l.us.map((u, i) => u / b.us[i]));
const rps = median(l.rps.map((r, i) => r / b.rps[i]));
process.stdout.write(`llmlb ${median(l.us).toFixed(1)} µs/req, bare ${median(b.us).toFixed(1)} µs/req; per round: CPU ×${cpu.toFixed(3)}, req/s ×${rps.toFixed(3)}\n`);
