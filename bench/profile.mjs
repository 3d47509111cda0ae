// Profiles llmlb's request path: starts the fake upstream and `llmlb serve --cpu-prof`, drives load
// through llmlb only, stops it and prints the functions with the most self time.
//
// Usage: node bench/profile.mjs [json|sse] [seconds] [llmlb|bare]   (profiles land in bench/results/profiles/)
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { chatBody, streamRun, throughputRun } from './lib/load.mjs';
import { registerBench, startLlmlb } from './lib/llmlb.mjs';
import { startBare, startFake, stop } from './lib/procs.mjs';

const mode = process.argv[2] ?? 'json';
const seconds = Number(process.argv[3] ?? 10);
const target = process.argv[4] ?? 'llmlb';
const dir = new URL('./results/profiles/', import.meta.url).pathname;
mkdirSync(dir, { recursive: true });

const fake = await startFake();
const upstream = fake.url;
const prof = ['--cpu-prof', `--cpu-prof-dir=${dir}`];
const lb =
  target === 'bare'
    ? await startBare(upstream, prof)
    : await startLlmlb({ nodeArgs: prof });
try {
  if (target !== 'bare') await registerBench(lb.base, upstream);
  if (mode === 'sse') {
    const run = await streamRun(lb.base, chatBody('bench-model', { chunks: 50, delayMs: 2 }), 32, seconds * 1000);
    process.stderr.write(`${run.ttfb.length} streams, ${run.errors} errors\n`);
  } else {
    const run = await throughputRun(lb.base, chatBody('bench-model', null), 32, seconds);
    process.stderr.write(`${Math.round(run.rps)} req/s, ${run.errors} errors\n`);
  }
} finally {
  await lb.stop();
  await stop(fake);
}

const newest = readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .map((f) => ({ f, t: statSync(dir + f).mtimeMs }))
  .sort((a, b) => b.t - a.t)[0];
if (!newest) throw new Error('no profile written');
const cpu = JSON.parse(readFileSync(dir + newest.f, 'utf8'));
const dt = new Map();
for (let i = 0; i < cpu.samples.length; i++) dt.set(cpu.samples[i], (dt.get(cpu.samples[i]) ?? 0) + (cpu.timeDeltas[i] ?? 0));
const self = new Map();
let total = 0;
for (const n of cpu.nodes) {
  const us = dt.get(n.id) ?? 0;
  total += us;
  const cf = n.callFrame;
  const file = cf.url.replace(/^.*\/(node_modules\/|dist\/)/, '$1');
  const key = `${cf.functionName || '(anonymous)'} ${file}:${cf.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + us);
}
const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40);
process.stdout.write(`profile: ${dir}${newest.f}\n`);
for (const [k, us] of rows) process.stdout.write(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}\n`);
