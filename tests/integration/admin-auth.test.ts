import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { ADMIN_KEY, call, startTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let viewerKey: string;
let inferenceKey: string;

beforeAll(async () => {
  t = await startTestApp();
  viewerKey = (await call(t.url, 'POST', '/v0/keys', { name: 'ci viewer', role: 'viewer' })).body.key;
  inferenceKey = (await call(t.url, 'POST', '/v0/keys', { name: 'tool', role: 'inference' })).body.key;
});
afterAll(async () => {
  await t.close();
});

describe('keys', () => {
  it('creates a key shown once, lists it without the secret', async () => {
    const created = await call(t.url, 'POST', '/v0/keys', { name: 'ci', role: 'admin' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'ci', role: 'admin' });
    expect(created.body.key).toMatch(/^llmlb_[A-Za-z0-9_-]{20,}$/);
    const list = await call(t.url, 'GET', '/v0/keys');
    const row = list.body.keys.find((k: any) => k.id === created.body.id);
    expect(row).toMatchObject({ name: 'ci', role: 'admin', prefix: created.body.key.slice(0, 12), last_used_at: null });
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);
  });

  it('a created admin key works and a revoked one stops working', async () => {
    const created = await call(t.url, 'POST', '/v0/keys', { name: 'temp', role: 'admin' });
    expect((await call(t.url, 'GET', '/v0/endpoints', undefined, created.body.key)).status).toBe(200);
    expect((await call(t.url, 'DELETE', `/v0/keys/${created.body.id}`)).status).toBe(204);
    const after = await call(t.url, 'GET', '/v0/endpoints', undefined, created.body.key);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthorized');
    expect((await call(t.url, 'DELETE', `/v0/keys/${created.body.id}`)).status).toBe(404);
  });

  it('validates key creation', async () => {
    expect((await call(t.url, 'POST', '/v0/keys', { name: 'x', role: 'root' })).status).toBe(400);
    expect((await call(t.url, 'POST', '/v0/keys', { role: 'admin' })).status).toBe(400);
    expect((await call(t.url, 'POST', '/v0/keys', { name: '', role: 'admin' })).status).toBe(400);
  });
});

describe('roles and auth', () => {
  it('401 without a key and with a wrong key', async () => {
    const none = await call(t.url, 'GET', '/v0/endpoints', undefined, null);
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ error: { code: 'unauthorized' } });
    const wrong = await call(t.url, 'GET', '/v0/endpoints', undefined, 'llmlb_wrong');
    expect(wrong.status).toBe(401);
  });

  it('accepts x-api-key as well as Bearer', async () => {
    const res = await call(t.url, 'GET', '/v0/endpoints', undefined, null, { 'x-api-key': ADMIN_KEY });
    expect(res.status).toBe(200);
  });

  it('viewer can read but not write (403)', async () => {
    expect((await call(t.url, 'GET', '/v0/endpoints', undefined, viewerKey)).status).toBe(200);
    expect((await call(t.url, 'GET', '/v0/keys', undefined, viewerKey)).status).toBe(200);
    const write = await call(t.url, 'POST', '/v0/endpoints', { name: 'v', base_url: 'http://127.0.0.1:22000' }, viewerKey);
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ error: { code: 'forbidden' } });
    expect((await call(t.url, 'POST', '/v0/keys', { name: 'esc', role: 'admin' }, viewerKey)).status).toBe(403);
    const list = await call(t.url, 'GET', '/v0/endpoints');
    expect(list.body.endpoints.some((e: any) => e.name === 'v')).toBe(false);
  });

  it('inference keys cannot reach /v0 at all', async () => {
    expect((await call(t.url, 'GET', '/v0/endpoints', undefined, inferenceKey)).status).toBe(403);
  });

  it('records last_used_at after use (batched)', async () => {
    await call(t.url, 'GET', '/v0/endpoints', undefined, viewerKey);
    const list = await call(t.url, 'GET', '/v0/keys');
    const row = list.body.keys.find((k: any) => k.name === 'ci viewer');
    expect(row.last_used_at).not.toBeNull();
  });
});

describe('host and origin checks', () => {
  async function raw(headers: Record<string, string>) {
    const res = await request(`${t.url}/v0/endpoints`, { headers: { authorization: `Bearer ${ADMIN_KEY}`, ...headers } });
    return { status: res.statusCode, headers: res.headers, body: (await res.body.json()) as any };
  }

  it('refuses a spoofed Host (DNS rebinding) with 403', async () => {
    const res = await raw({ host: 'evil.example' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect((await raw({ host: `evil.example:${t.port}` })).status).toBe(403);
  });

  it('accepts localhost, 127.0.0.1 and [::1] hosts', async () => {
    for (const host of [`localhost:${t.port}`, `127.0.0.1:${t.port}`, `[::1]:${t.port}`, 'localhost']) {
      expect((await raw({ host })).status).toBe(200);
    }
  });

  it('refuses a foreign Origin and sends no CORS headers by default', async () => {
    const res = await raw({ origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const same = await raw({ origin: t.url });
    expect(same.status).toBe(200);
    expect(same.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('host check applies to /v1 and /api too', async () => {
    for (const path of ['/v1/models', '/api/tags']) {
      const res = await request(`${t.url}${path}`, { headers: { host: 'evil.example' } });
      expect(res.statusCode).toBe(403);
      await res.body.dump();
    }
  });
});

describe('CORS allow-list', () => {
  it('answers preflight and sets the header for an allow-listed origin', async () => {
    const t2 = await startTestApp({ env: { LLMLB_CORS_ORIGINS: 'http://app.example:3000' } });
    try {
      const pre = await request(`${t2.url}/v0/endpoints`, {
        method: 'OPTIONS',
        headers: { origin: 'http://app.example:3000', 'access-control-request-method': 'GET' },
      });
      expect(pre.statusCode).toBe(204);
      expect(pre.headers['access-control-allow-origin']).toBe('http://app.example:3000');
      await pre.body.dump();
      const res = await call(t2.url, 'GET', '/v0/endpoints', undefined, ADMIN_KEY, { origin: 'http://app.example:3000' });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('http://app.example:3000');
    } finally {
      await t2.close();
    }
  });
});
