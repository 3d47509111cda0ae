/** Test helpers: a real llmlb core on port 0 with a temp data dir, and a small HTTP client for it. */
import { expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App, type AppOptions } from '../../src-main/app.js';

/** The admin key every test app accepts. */
export const ADMIN_KEY = 'llmlb_test_admin_key';

/** A started app and where to reach it. */
export interface TestApp {
  readonly app: App;
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Stops the app; removes the data dir unless `keepData`. */
  close(keepData?: boolean): Promise<void>;
}

/** A fresh temp dir. */
export function tempDir(prefix = 'llmlb-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Builds and starts an app on 127.0.0.1:0 (discovery off unless asked). */
export async function startTestApp(opts: Partial<AppOptions> = {}): Promise<TestApp> {
  const dataDir = opts.dataDir ?? tempDir();
  const app = await createApp({
    port: 0,
    discovery: false,
    ...opts,
    dataDir,
    env: { LLMLB_ADMIN_KEY: ADMIN_KEY, ...(opts.env ?? {}) },
  });
  const { url, port } = await app.start();
  return {
    app,
    url,
    port,
    dataDir,
    async close(keepData = false) {
      await app.stop({ drainMs: 1000 });
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A JSON response. */
export interface JsonResponse<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** Calls the gateway with JSON; `key` defaults to the admin key (pass null for none). */
export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  key: string | null = ADMIN_KEY,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // leave as text
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

/**
 * Registers an endpoint over `/v0` (201 expected) and waits until it is online with models, and with
 * `max_concurrency` as given, if given; returns its id.
 */
export async function registerEndpoint(
  t: Pick<TestApp, 'url'>,
  name: string,
  url: string,
  { maxConcurrency, timeoutMs = 5000 }: { maxConcurrency?: number; timeoutMs?: number } = {},
): Promise<string> {
  const res = await call(t.url, 'POST', '/v0/endpoints', { name, base_url: url });
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  await waitFor(async () => {
    const e = (await call(t.url, 'GET', `/v0/endpoints/${id}`)).body;
    return e.status === 'online' && e.model_count > 0 && (maxConcurrency === undefined || e.max_concurrency === maxConcurrency) ? e : null;
  }, timeoutMs);
  return id;
}

/** Polls `fn` until it returns a truthy value or the deadline passes (bounded loop). */
export async function waitFor<T>(fn: () => Promise<T> | T, timeoutMs = 5000, stepMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await fn();
  while (!last && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, stepMs));
    last = await fn();
  }
  if (!last) throw new Error(`condition not met within ${timeoutMs} ms`);
  return last;
}
