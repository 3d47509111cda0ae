// A/B of two llmlb builds under the same c=32 load: rounds interleaved, B/A req/s and CPU per
// request as medians of per-round ratios. For judging a change of a few percent, which single
// bench runs on a shared 2-core machine cannot resolve (an A/A run here spread about ±2.5 %).
//
// Usage: node bench/ab.mjs --a <checkout>/bin/llmlb.js --b <other>/bin/llmlb.js [--rounds 16] [--seconds 1.5] [--b-args="--node-flag ..."]
//        (each checkout built: npx tsc -p tsconfig.json)
import { parseArgs } from 'node:util';
import { chatBody, throughputRun } from './lib/load.mjs';
import { registerBench, startLlmlb } from './lib/llmlb.mjs';
import { cpuMs, startFake, stop } from './lib/procs.mjs';
import { median } from './lib/stats.mjs';

const { values: o } = parseArgs({
  options: { a: { type: 'string' }, b: { type: 'string' }, rounds: { type: 'string', default: '16' }, seconds: { type: 'string', default: '1.5' }, 'b-args': { type: 'string', default: '' } },
});
if (!o.a || !o.b) {
  process.stderr.write('usage: node bench/ab.mjs --a A/bin/llmlb.js --b B/bin/llmlb.js [--rounds N] [--seconds S] [--b-args=FLAGS]\n');
  process.exit(2);
}
const fake = await startFake();
const upstream = fake.url;
const sides = [];
try {
  for (const [bin, extra] of [[o.a, ''], [o.b, o['b-args']]]) {
    const lb = await startLlmlb({ bin, nodeArgs: extra ? extra.split(/\s+/) : [] });
    sides.push({ lb, rps: [], us: [] });
    await registerBench(lb.base, upstream);
  }
  const body = chatBody('bench-model', null);
  for (const s of sides) await throughputRun(s.lb.base, body, 32, 2);
  for (let i = 0; i < Number(o.rounds); i++) {
    for (const s of i % 2 ? [...sides].reverse() : sides) {
      const c0 = cpuMs(s.lb.pid);
      const r = await throughputRun(s.lb.base, body, 32, Number(o.seconds));
      s.us.push(((cpuMs(s.lb.pid) - c0) * 1000) / r.total);
      s.rps.push(r.rps);
    }
  }
  const [a, b] = sides;
  process.stdout.write(`A req/s ${a.rps.map(Math.round).join(' ')}\nB req/s ${b.rps.map(Math.round).join(' ')}\n`);
  const rps = median(b.rps.map((v, i) => v / a.rps[i]));
  const cpu = median(b.us.map((v, i) => v / a.us[i]));
  process.stdout.write(`B/A: req/s ×${rps.toFixed(3)}, CPU per request ×${cpu.toFixed(3)} (A ${median(a.us).toFixed(1)} µs, B ${median(b.us).toFixed(1)} µs)\n`);
} finally {
  for (const s of sides) await s.lb.stop();
  await stop(fake);
}
