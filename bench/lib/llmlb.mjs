// llmlb as the benchmark runs it: `serve` in a child process with a temp data dir, endpoints
// registered over /v0, and a wait until the lifecycle has them online with their models synced.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { startNode, stop } from './procs.mjs';
import { launcherEnv, launcherNodeFlags } from '../../scripts/node-flags.mjs';

const ADMIN_KEY = 'bench-admin-key';
const BIN = new URL('../../bin/llmlb.js', import.meta.url).pathname;

/**
 * Starts `llmlb serve --port 0` (this checkout's, or `bin` of another build) as its launcher does (with
 * the environment and node flags of its shebang) and returns the process with its base URL.
 */
export async function startLlmlb({ nodeArgs = [], bin = BIN } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'llmlb-bench-'));
  const proc = await startNode([...launcherNodeFlags(bin), ...nodeArgs, bin, 'serve', '--port', '0', '--data-dir', dataDir, '--no-discovery'], {
    ready: /llmlb listening on http:\/\/127\.0\.0\.1:(\d+)/,
    env: { ...launcherEnv(bin), LLMLB_ADMIN_KEY: ADMIN_KEY },
    label: 'llmlb',
  });
  const base = `http://127.0.0.1:${proc.port}`;
  return {
    ...proc,
    base,
    async stop() {
      await stop(proc);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function admin(base, method, path, body) {
  const r = await request(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await r.body.text();
  if (r.statusCode >= 300) throw new Error(`${method} ${path}: ${r.statusCode} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Registers an endpoint; returns its id. */
export async function register(base, name, baseUrl) {
  const ep = await admin(base, 'POST', '/v0/endpoints', { name, base_url: baseUrl });
  return ep.id;
}

/** Registers `upstream` (a fake) as endpoint 'bench' and waits until it serves `bench-model`; returns its id. */
export async function registerBench(base, upstream) {
  const id = await register(base, 'bench', upstream);
  await waitOnline(base, [id], 'bench-model');
  return id;
}

/** Waits until every endpoint id is `online` and lists `model` (bounded by `timeoutMs`). */
export async function waitOnline(base, ids, model, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(ids);
  while (pending.size > 0) {
    for (const id of [...pending]) {
      const ep = await admin(base, 'GET', `/v0/endpoints/${id}`);
      if (ep.status === 'online' && ep.models?.some((m) => m.model_id === model)) pending.delete(id);
    }
    if (pending.size === 0) break;
    if (Date.now() > deadline) throw new Error(`endpoints not online after ${timeoutMs} ms: ${[...pending].join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // The routing snapshot follows the registry within a microtask; one routed request proves it.
  for (;;) {
    const r = await request(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'ping' }] }),
    });
    await r.body.dump();
    if (r.statusCode === 200) return;
    if (Date.now() > deadline) throw new Error(`model ${model} not routable: HTTP ${r.statusCode}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

/** The endpoint type llmlb detected. */
export async function endpointType(base, id) {
  return (await admin(base, 'GET', `/v0/endpoints/${id}`)).endpoint_type;
}
