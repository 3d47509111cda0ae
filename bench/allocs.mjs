// Where llmlb (or the bare proxy) allocates per request: V8's sampling heap profiler over the
// inspector, counting objects the GC has already collected too, under the throughput load (c=32).
// Prints bytes per request by allocating function.
//
// Usage: node bench/allocs.mjs [seconds, default 5] [llmlb|bare]
import { WebSocket } from 'undici';
import { chatBody, throughputRun } from './lib/load.mjs';
import { registerBench, startLlmlb } from './lib/llmlb.mjs';
import { startBare, startFake, stop } from './lib/procs.mjs';

const seconds = Number(process.argv[2] ?? 5);
const target = process.argv[3] ?? 'llmlb';
const fake = await startFake();
const upstream = fake.url;
const lb =
  target === 'bare'
    ? await startBare(upstream, ['--inspect=127.0.0.1:0'])
    : await startLlmlb({ nodeArgs: ['--inspect=127.0.0.1:0'] });
try {
  if (target !== 'bare') await registerBench(lb.base, upstream);
  const ws = new WebSocket(/ws:\/\/\S+/.exec(lb.stderr())[0]);
  await new Promise((r, j) => ((ws.onopen = r), (ws.onerror = j)));
  let seq = 0;
  const pending = new Map();
  ws.onmessage = (m) => {
    const msg = JSON.parse(m.data);
    if (msg.id && pending.has(msg.id)) pending.get(msg.id)(msg);
  };
  const send = (method, params = {}) => new Promise((r) => { const id = ++seq; pending.set(id, r); ws.send(JSON.stringify({ id, method, params })); });
  const body = chatBody('bench-model', null);
  await throughputRun(lb.base, body, 32, 2);
  await send('HeapProfiler.enable');
  await send('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const run = await throughputRun(lb.base, body, 32, seconds);
  const { result } = await send('HeapProfiler.stopSampling');
  ws.close();
  const self = new Map();
  let total = 0;
  const walk = (n) => {
    const cf = n.callFrame;
    const key = `${cf.functionName || '(anon)'} ${cf.url.replace(/^.*\/(node_modules\/|dist\/)/, '$1')}:${cf.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + n.selfSize);
    total += n.selfSize;
    for (const c of n.children) walk(c);
  };
  walk(result.profile.head);
  process.stdout.write(`${run.total} requests, ${(total / run.total / 1024).toFixed(1)} kB allocated per request (sampled)\n`);
  for (const [k, b] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 45)) process.stdout.write(`${String(Math.round(b / run.total)).padStart(6)} B  ${k}\n`);
} finally {
  await lb.stop();
  await stop(fake);
}
