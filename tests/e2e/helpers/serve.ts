/** Starts the real headless server (`node bin/llmlb.js serve --port 0`) for the e2e suites. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The admin key the e2e server accepts (via LLMLB_ADMIN_KEY). */
export const E2E_ADMIN_KEY = 'llmlb_e2e_admin_key_0123456789abcdef';

/** True when the compiled CLI exists (npm test builds it first via scripts/ensure-built.mjs). */
export const haveServer = existsSync(join(process.cwd(), 'dist', 'src-main', 'cli.js'));

/** A running server. */
export interface ServedLlmlb {
  readonly url: string;
  readonly dataDir: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

/** Spawns `llmlb serve` on a free port with a temp data dir; resolves once it prints its listening line. */
export async function startLlmlb(env: Record<string, string> = {}, timeoutMs = 20_000): Promise<ServedLlmlb> {
  const dataDir = mkdtempSync(join(tmpdir(), 'llmlb-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['bin/llmlb.js', 'serve', '--port', '0', '--data-dir', dataDir, '--no-discovery'], {
    cwd: process.cwd(),
    env: { ...process.env, LLMLB_ADMIN_KEY: E2E_ADMIN_KEY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (c: string) => (out += c));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`llmlb did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    child.stdout?.on('data', (c: string) => {
      out += c;
      const m = /llmlb listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace(/\/$/, ''));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`llmlb exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    dataDir,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 12_000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** True when the server serves the dashboard at `/` (the static handler is mounted and dist/renderer is built). */
export async function servesDashboard(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/`);
    const type = res.headers.get('content-type') ?? '';
    const text = await res.text();
    return res.ok && type.startsWith('text/html') && text.includes('<div id="root">');
  } catch {
    return false;
  }
}

/** Calls the admin API directly (setup steps that are not what a test is about). */
export async function admin<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${E2E_ADMIN_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}
