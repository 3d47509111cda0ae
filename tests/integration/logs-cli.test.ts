/** `llmlb serve` and its logs: --log-level / LLMLB_LOG_LEVEL, stderr JSON lines, and no secret ever in the log folder. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { closedPort, startFakeVllm } from '../fakes/index.js';
import type { FakeHandle } from '../fakes/server.js';
import { call, tempDir, waitFor } from '../helpers/app.js';
import { ensureBuilt } from '../helpers/build.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/llmlb.js');

beforeAll(() => {
  ensureBuilt();
}, 120_000);

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function runToExit(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, LLMLB_ADMIN_KEY: '', LLMLB_LOG_LEVEL: '', ...env }, encoding: 'utf8', timeout: 15_000 });
}

describe('--log-level and LLMLB_LOG_LEVEL', () => {
  it('a bad --log-level is one line on stderr and exit 2', () => {
    const r = runToExit(['serve', '--port', '0', '--log-level', 'loud']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^llmlb: .*--log-level.*trace, debug, info, warn, error, fatal, silent/);
  });

  it('a bad LLMLB_LOG_LEVEL is one line on stderr and exit 2', () => {
    const dir = tempDir();
    const r = runToExit(['serve', '--port', '0', '--no-discovery', '--data-dir', dir], { LLMLB_LOG_LEVEL: 'chatty' });
    rmSync(dir, { recursive: true, force: true });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^llmlb: LLMLB_LOG_LEVEL: invalid value "chatty"/)]);
  });

  it('--help names the option', () => {
    const r = runToExit(['serve', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/--log-level <level>/);
  });
});

describe('secrets never reach the logs', () => {
  const ADMIN = 'llmlb_admin_SECRET_a1b2c3d4e5f6';
  const UPSTREAM = 'upstream-SECRET-key-9f8e7d6c5b4a';
  const DEAD_UPSTREAM = 'dead-upstream-SECRET-0011223344';
  const CLOUD = 'sk-cloud-SECRET-00112233445566778899';
  const WRONG = 'llmlb_wrong_SECRET_token_zyxw';
  const WRONG_ADMIN = 'not-an-admin-SECRET-token-qwerty';
  const PROMPT_TAIL = 'PROMPT-TAIL-SECRET-MARKER';
  let fake: FakeHandle;
  let dir: string;

  beforeAll(async () => {
    fake = await startFakeVllm({ models: ['m1'], apiKey: UPSTREAM });
    dir = tempDir();
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('after a debug-level run with keys, tokens and failures, no key or token is in any log file', async () => {
    const dead = await closedPort();
    const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--no-discovery', '--data-dir', dir, '--log-level', 'debug'], {
      env: { ...process.env, LLMLB_DATA_DIR: '', LLMLB_LOG_LEVEL: '', LLMLB_ADMIN_KEY: ADMIN, OPENAI_API_KEY: CLOUD, LLMLB_OPENAI_BASE_URL: `http://127.0.0.1:${dead}/v1` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(proc);
    let out = '';
    let err = '';
    proc.stdout!.on('data', (d) => (out += d));
    proc.stderr!.on('data', (d) => (err += d));
    const url: string = await waitFor(() => /^llmlb listening on (http:\/\/\S+)$/m.exec(out)?.[1] ?? '', 15_000);
    expect(out.split('\n')[0]).toBe(`llmlb listening on ${url}`);

    const ep = await call(url, 'POST', '/v0/endpoints', { name: 'keyed', base_url: fake.url, api_key: UPSTREAM }, ADMIN);
    expect(ep.status).toBe(201);
    await waitFor(async () => (await call(url, 'GET', `/v0/endpoints/${ep.body.id}`, undefined, ADMIN)).body.status === 'online', 5000);
    expect((await call(url, 'POST', '/v0/endpoints', { name: 'dead', base_url: `http://127.0.0.1:${dead}`, api_key: DEAD_UPSTREAM }, ADMIN)).status).toBe(201);
    const inference = (await call(url, 'POST', '/v0/keys', { name: 'client', role: 'inference' }, ADMIN)).body.key as string;
    expect(inference).toMatch(/^llmlb_/);
    expect((await call(url, 'PUT', '/v0/settings', { require_api_key: true }, ADMIN)).status).toBe(200);

    const prompt = `PROMPT-START ${'z'.repeat(1000)} ${PROMPT_TAIL}`;
    const body = { model: 'm1', messages: [{ role: 'user', content: prompt }] };
    for (let i = 0; i < 3; i++) expect((await call(url, 'POST', '/v1/chat/completions', body, inference)).status).toBe(200);
    expect((await call(url, 'POST', '/v1/chat/completions', body, null, { 'x-api-key': inference })).status).toBe(200);
    expect((await call(url, 'POST', '/v1/chat/completions', body, WRONG)).status).toBe(401);
    expect((await call(url, 'GET', '/v0/endpoints', undefined, WRONG_ADMIN)).status).toBe(401);
    expect((await call(url, 'POST', '/v1/chat/completions', { ...body, model: 'openai:gpt-4o-mini' }, inference)).status).toBeGreaterThanOrEqual(500);
    fake.setMode('error500', { paths: ['/v1/chat/completions'] });
    expect((await call(url, 'POST', '/v1/chat/completions', body, inference)).status).toBe(500);
    fake.setMode('normal');

    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
    expect(proc.exitCode).toBe(0);

    const logDir = join(dir, 'logs');
    const files = readdirSync(logDir).filter((f) => statSync(join(logDir, f)).isFile());
    expect(files).toContain('llmlb.log');
    const text = files.map((f) => readFileSync(join(logDir, f), 'utf8')).join('\n');
    // The run was logged: requests at debug, failures at warn, the prompt only as a cut preview.
    expect(text).toContain('"msg":"request done"');
    expect(text).toContain('"level":"warn"');
    expect(text).toContain('PROMPT-START');
    for (const secret of [ADMIN, UPSTREAM, DEAD_UPSTREAM, CLOUD, WRONG, WRONG_ADMIN, inference, PROMPT_TAIL]) {
      expect(text.includes(secret), `log folder contains ${secret}`).toBe(false);
      expect(err.includes(secret), `stderr contains ${secret}`).toBe(false);
    }
    expect(text).not.toMatch(/bearer\s+(?!\[redacted\])\S/i);
    // stderr is not a terminal here: JSON lines.
    const firstLog = err.split('\n').find((l) => l.startsWith('{'));
    expect(JSON.parse(firstLog!)).toMatchObject({ level: expect.any(String), component: expect.any(String) });
  }, 60_000);
});
