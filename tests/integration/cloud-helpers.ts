/** A full app (createApp, port 0) wired to cloud fakes, plus small HTTP helpers for the cloud and traffic tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { request } from 'undici';
import { createApp, type App } from '../../src-main/app.js';

/** A running app and how to reach it. */
export interface CloudApp {
  readonly app: App;
  readonly url: string;
  readonly dataDir: string;
  /** An OpenAI SDK client on `/v1` (no retries, so error statuses are seen as they are). */
  readonly client: OpenAI;
  /** GET a `/v0` route with the admin key. */
  admin<T>(path: string): Promise<T>;
  close(): Promise<void>;
}

/** Starts an app with `LLMLB_ADMIN_KEY=k`, no discovery, and the given extra env. */
export async function startCloudApp(env: Record<string, string>): Promise<CloudApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'llmlb-cloud-'));
  const app = await createApp({ dataDir, port: 0, discovery: false, env: { LLMLB_ADMIN_KEY: 'k', ...env } });
  const { url } = await app.start();
  return {
    app,
    url,
    dataDir,
    client: new OpenAI({ baseURL: `${url}/v1`, apiKey: 'unused', maxRetries: 0 }),
    async admin<T>(path: string): Promise<T> {
      const res = await request(`${url}${path}`, { headers: { authorization: 'Bearer k' } });
      const text = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${text}`);
      return JSON.parse(text) as T;
    },
    async close() {
      await app.stop({ drainMs: 1000 });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** POSTs JSON and returns status, headers and the raw text. */
export async function postJson(url: string, body: unknown): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const res = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

/** The `data:` payloads of an SSE text, `[DONE]` kept as a string. */
export function sseData(text: string): unknown[] {
  return text
    .split('\n\n')
    .map((b) => b.split('\n').find((l) => l.startsWith('data: ')))
    .filter((l): l is string => l !== undefined)
    .map((l) => (l === 'data: [DONE]' ? '[DONE]' : JSON.parse(l.slice(6))));
}

/** Polls `fn` until it returns a truthy value (or times out). */
export async function eventually<T>(fn: () => T | Promise<T>, timeoutMs = 5000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
