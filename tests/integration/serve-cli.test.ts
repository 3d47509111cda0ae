import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { call, tempDir } from '../helpers/app.js';
import { ensureBuilt } from '../helpers/build.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/llmlb.js');

beforeAll(() => {
  ensureBuilt();
}, 120_000);

interface Running {
  proc: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function startServe(args: string[], env: Record<string, string> = {}): Promise<Running> {
  const proc = spawn(process.execPath, [BIN, 'serve', '--no-discovery', ...args], {
    env: { ...process.env, LLMLB_DATA_DIR: '', LLMLB_ADMIN_KEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(proc);
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line; stderr: ${err}`)), 15_000);
    proc.stdout!.on('data', () => {
      const m = /^llmlb listening on (http:\/\/\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1]!, stdout: () => out, stderr: () => err });
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}: ${err}`));
    });
  });
}

function runToExit(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, LLMLB_ADMIN_KEY: '', ...env },
    encoding: 'utf8',
    timeout: 15_000,
  });
}

function exited(proc: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (proc.exitCode !== null ? resolve(proc.exitCode) : proc.once('exit', (c) => resolve(c))));
}

describe('llmlb serve', () => {
  it('prints the listening line first, writes a 0600 admin key file and prints only its path', async () => {
    const dir = tempDir();
    const s = await startServe(['--port', '0', '--data-dir', dir]);
    const firstLine = s.stdout().split('\n')[0];
    expect(firstLine).toMatch(/^llmlb listening on http:\/\/127\.0\.0\.1:\d+$/);
    const keyFile = join(dir, 'admin-key');
    expect(existsSync(keyFile)).toBe(true);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, 'utf8').trim();
    expect(s.stdout()).toContain(keyFile);
    expect(s.stdout() + s.stderr()).not.toContain(key);
    expect((await call(s.url, 'GET', '/v0/endpoints', undefined, key)).status).toBe(200);
    s.proc.kill('SIGTERM');
    expect(await exited(s.proc)).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps endpoints across a restart on the same data dir, and does not store upstream keys in plain text', async () => {
    const dir = tempDir();
    const env = { LLMLB_ADMIN_KEY: 'llmlb_cli_admin' };
    const a = await startServe(['--port', '0', '--data-dir', dir], env);
    expect(existsSync(join(dir, 'admin-key'))).toBe(false); // env key given: no key file
    const secret = 'sk-PLAINTEXT-UPSTREAM-KEY-1234567890';
    const created = await call(a.url, 'POST', '/v0/endpoints', { name: 'persist', base_url: 'http://127.0.0.1:9', api_key: secret }, 'llmlb_cli_admin');
    expect(created.status).toBe(201);
    a.proc.kill('SIGINT');
    expect(await exited(a.proc)).toBe(0);

    for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (!statSync(join(dir, f)).isFile()) continue; // logs/ holds the log files, checked too
      const bytes = readFileSync(join(dir, f));
      expect(bytes.includes(Buffer.from(secret)), `${f} contains the upstream key`).toBe(false);
      expect(bytes.includes(Buffer.from('llmlb_cli_admin')), `${f} contains the admin key`).toBe(false);
    }

    const b = await startServe(['--port', '0', '--data-dir', dir], env);
    const got = await call(b.url, 'GET', `/v0/endpoints/${created.body.id}`, undefined, 'llmlb_cli_admin');
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ name: 'persist', api_key_set: true });
    b.proc.kill('SIGTERM');
    expect(await exited(b.proc)).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses $LLMLB_DATA_DIR when --data-dir is absent', async () => {
    const dir = tempDir();
    const s = await startServe(['--port', '0'], { LLMLB_DATA_DIR: dir });
    expect(existsSync(join(dir, 'llmlb.db'))).toBe(true);
    s.proc.kill('SIGTERM');
    await exited(s.proc);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets an in-flight request finish on SIGTERM', async () => {
    const dir = tempDir();
    const s = await startServe(['--port', '0', '--data-dir', dir], { LLMLB_ADMIN_KEY: 'k_drain' });
    // An event stream is long-lived and must not hold shutdown; a normal request in flight must complete.
    const events = fetch(`${s.url}/v0/events`, { headers: { authorization: 'Bearer k_drain' } });
    await events;
    const t0 = Date.now();
    s.proc.kill('SIGTERM');
    expect(await exited(s.proc)).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('llmlb serve errors: one line on stderr, exit 2', () => {
  it.each([
    [['serve', '--port', 'abc']],
    [['serve', '--port', '70000']],
    [['serve', '--bogus']],
    [['serve', '--port']],
    [['frobnicate']],
  ])('%j', (args) => {
    const r = runToExit(args as string[]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^llmlb: /);
    expect(r.stdout).toBe('');
  });

  let blocker: Server;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(() => blocker.close());

  it('a taken port', () => {
    const port = (blocker.address() as { port: number }).port;
    const dir = tempDir();
    const r = runToExit(['serve', '--no-discovery', '--port', String(port), '--data-dir', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('already in use');
    rmSync(dir, { recursive: true, force: true });
  });

  it('an unusable data dir', () => {
    const dir = tempDir();
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const r = runToExit(['serve', '--no-discovery', '--port', '0', '--data-dir', join(file, 'sub')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('data dir');
    if (process.getuid?.() !== 0) {
      const ro = join(dir, 'ro');
      mkdirSync(ro);
      chmodSync(ro, 0o500);
      const r2 = runToExit(['serve', '--no-discovery', '--port', '0', '--data-dir', ro]);
      expect(r2.status).toBe(2);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('--help exits 0', () => {
    const r = runToExit(['serve', '--help']);
    expect(r.status).toBe(0);
  });
});
