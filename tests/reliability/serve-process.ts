/** `llmlb serve` as a child process (the built CLI), for crash and soak tests: start, RSS, kill, wait. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_KEY } from '../helpers/app.js';

const ROOT = new URL('../..', import.meta.url).pathname;

export { ensureBuilt } from '../helpers/build.js';

/** A running `llmlb serve`. */
export interface ServeProcess {
  readonly proc: ChildProcess;
  readonly pid: number;
  readonly url: string;
  readonly port: number;
  stderr(): string;
  /** Resident set size in bytes (from /proc), or null once gone. */
  rss(): number | null;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Starts `llmlb serve --port 0 --data-dir DIR --no-discovery` with the test admin key; resolves once it listens. */
export function startServe(dataDir: string, env: Record<string, string> = {}): Promise<ServeProcess> {
  const proc = spawn(process.execPath, [join(ROOT, 'bin/llmlb.js'), 'serve', '--port', '0', '--data-dir', dataDir, '--no-discovery'], {
    env: { ...process.env, LLMLB_DATA_DIR: '', LLMLB_ADMIN_KEY: ADMIN_KEY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(proc);
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (err = (err + d).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => {
    proc.once('exit', (code) => {
      running.delete(proc);
      resolve(code);
    });
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`llmlb serve did not listen within 20 s; stderr: ${err}`));
    }, 20_000);
    const onData = (): void => {
      const m = /^llmlb listening on (http:\/\/\S+)$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      proc.stdout!.off('data', onData);
      const url = m[1]!;
      resolve({
        proc,
        pid: proc.pid!,
        url,
        port: Number(new URL(url).port),
        stderr: () => err,
        rss: () => rssOf(proc.pid!),
        exited,
      });
    };
    proc.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`llmlb serve exited ${code} before listening; stderr: ${err}`));
    });
  });
}

/** Kills every serve process this module started that is still alive (test cleanup). */
export function killAllServe(): void {
  for (const p of running) p.kill('SIGKILL');
}

function rssOf(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}
