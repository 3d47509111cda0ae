import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/app.js';
import { ensureBuilt } from '../helpers/build.js';
import { startConnectionCounter, type ConnectionCounter } from '../unit/discovery/connection-counter.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/llmlb.js');

let counter: ConnectionCounter;
let proc: ChildProcess | null = null;
const dir = tempDir('llmlb-discovery-cli-');

beforeAll(async () => {
  ensureBuilt();
  counter = await startConnectionCounter();
}, 120_000);

afterAll(async () => {
  if (proc && proc.exitCode === null) proc.kill('SIGKILL');
  await counter?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('llmlb serve --no-discovery', () => {
  it('probes no configured port', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dir, '--no-discovery'], {
      env: {
        ...process.env,
        LLMLB_ADMIN_KEY: 'k',
        LLMLB_DISCOVERY_PORTS: String(counter.port),
        LLMLB_DISCOVERY_INTERVAL_SECS: '0.2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc = child;
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line; stderr: ${err}`)), 15_000);
      child.stdout!.on('data', (d) => {
        out += d;
        if (/^llmlb listening on http:\/\/\S+$/m.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`exited ${code}: ${err}`));
      });
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(counter.connections()).toBe(0);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', r)));
    expect(code).toBe(0);
  });
});
