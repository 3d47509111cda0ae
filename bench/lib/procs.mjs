// Child processes of the benchmark (fake upstreams, bare proxy, llmlb) and their memory.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Every child started, so a crash of the bench still stops them. */
const children = new Set();

/**
 * Starts `node ...args` and resolves once a stdout line matches `ready` (its first capture group is
 * the port). Output after that is drained (a full pipe would block the child) and kept for errors.
 */
export function startNode(args, { ready, env, timeoutMs = 30_000, label = args[0] } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    children.add(child);
    let out = '';
    let err = '';
    let done = false;
    const timer = setTimeout(() => fail(new Error(`${label}: not ready after ${timeoutMs} ms\n${out}${err}`)), timeoutMs);
    const fail = (e) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(e);
    };
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      if (done) return;
      out += d;
      const m = ready.exec(out);
      if (!m) return;
      done = true;
      clearTimeout(timer);
      resolve({ child, pid: child.pid, port: Number(m[1]), stderr: () => err, label });
    });
    child.stderr.on('data', (d) => {
      err = (err + d).slice(-8_000);
    });
    child.on('exit', (code, sig) => {
      children.delete(child);
      fail(new Error(`${label} exited (${code ?? sig}) before it was ready\n${out}${err}`));
    });
  });
}

/** The fake upstream (`lib/fake-upstream.mjs`, extra `args` passed on) in its own process; `url` is its base URL. */
export async function startFake(args = []) {
  const p = await startNode([new URL('./fake-upstream.mjs', import.meta.url).pathname, ...args], { ready: /fake listening on (\d+)/, label: 'fake' });
  return { ...p, url: `http://127.0.0.1:${p.port}` };
}

/** The bare proxy (`lib/bare-proxy.mjs`) in front of `upstream`, node flags `nodeArgs` first; `base` is its URL. */
export async function startBare(upstream, nodeArgs = []) {
  const p = await startNode([...nodeArgs, new URL('./bare-proxy.mjs', import.meta.url).pathname, '--upstream', upstream], {
    ready: /bare proxy listening on (\d+)/,
    label: 'bare proxy',
  });
  return { ...p, base: `http://127.0.0.1:${p.port}`, stop: () => stop(p) };
}

/** Stops a child (SIGTERM, then SIGKILL after `graceMs`) and waits for it. */
export function stop(proc, graceMs = 12_000) {
  const child = proc.child;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Kills whatever is still running (used on errors and at exit). */
export function killAll() {
  for (const c of children) c.kill('SIGKILL');
  children.clear();
}
process.on('exit', killAll);

/** Resident set size of a process in MB (Linux: VmRSS), or null where /proc is missing. */
export function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `everyMs` until `stop()`; returns peak and mean in MB. */
export function sampleRss(pid, everyMs = 50) {
  const samples = [];
  const take = () => {
    const v = rssMb(pid);
    if (v !== null) samples.push(v);
  };
  take();
  const t = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(t);
      take();
      if (samples.length === 0) return { peak_mb: null, mean_mb: null, samples: 0 };
      const peak = Math.max(...samples);
      const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
      return { peak_mb: round(peak, 1), mean_mb: round(mean, 1), samples: samples.length };
    },
  };
}

/** CPU time (user+system, ms) a process has used so far, from /proc/PID/stat; null where missing. */
export function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 (1-based); after the comm field they sit at 11 and 12.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

function round(v, d) {
  const f = 10 ** d;
  return Math.round(v * f) / f;
}
