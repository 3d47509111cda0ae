import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { call, startTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const UNREACHABLE = 'http://127.0.0.1:9'; // discard port: nothing listens

function expectError(res: { status: number; body: any }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ error: { code } });
  expect(typeof res.body.error.message).toBe('string');
  expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+|SQLITE|sqlite/);
}

describe('POST /v0/endpoints', () => {
  it('registers, normalises the URL and returns 201 with the documented fields', async () => {
    const res = await call(t.url, 'POST', '/v0/endpoints', {
      name: '  Local Ollama  ',
      base_url: 'HTTP://LOCALHOST:11434/v1/',
      api_key: 'sk-secret-upstream',
      notes: 'desk machine',
    });
    expect(res.status).toBe(201);
    const e = res.body;
    expect(e).toMatchObject({
      name: 'Local Ollama',
      base_url: 'http://localhost:11434',
      status: 'pending',
      api_key_set: true,
      health_check_interval_secs: 30,
      inference_timeout_secs: 120,
      error_count: 0,
      last_seen: null,
      source: 'manual',
      notes: 'desk machine',
      model_count: 0,
    });
    expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(e.registered_at)).not.toBeNaN();
    expect(JSON.stringify(e)).not.toContain('sk-secret-upstream');
    expect(e).not.toHaveProperty('api_key');
  });

  it('rejects a duplicate normalised URL with 409', async () => {
    await call(t.url, 'POST', '/v0/endpoints', { name: 'dup-a', base_url: 'http://localhost:21434' });
    const res = await call(t.url, 'POST', '/v0/endpoints', { name: 'dup-b', base_url: 'http://LOCALHOST:21434/v1/' });
    expectError(res, 409, 'conflict');
  });

  it('rejects a duplicate name case-insensitively with 409', async () => {
    await call(t.url, 'POST', '/v0/endpoints', { name: 'Case Name', base_url: 'http://127.0.0.1:21001' });
    const res = await call(t.url, 'POST', '/v0/endpoints', { name: 'case name', base_url: 'http://127.0.0.1:21002' });
    expectError(res, 409, 'conflict');
  });

  it('drops default ports and keeps paths', async () => {
    const res = await call(t.url, 'POST', '/v0/endpoints', { name: 'https-default', base_url: 'https://Example.COM:443/proxy/v1' });
    expect(res.status).toBe(201);
    expect(res.body.base_url).toBe('https://example.com/proxy');
  });

  it.each([
    ['file URL', { name: 'f', base_url: 'file:///etc/passwd' }],
    ['javascript URL', { name: 'j', base_url: 'javascript:alert(1)' }],
    ['ftp URL', { name: 'ftp', base_url: 'ftp://example.com' }],
    ['not a URL', { name: 'n', base_url: 'not a url' }],
    ['URL with credentials', { name: 'c', base_url: 'http://u:p@localhost:1' }],
    ['101-char name', { name: 'x'.repeat(101), base_url: UNREACHABLE }],
    ['empty name', { name: '   ', base_url: UNREACHABLE }],
    ['name with a right-to-left override', { name: 'good\u202Eevil', base_url: UNREACHABLE }],
    ['name with a zero-width space', { name: 'a\u200Bb', base_url: UNREACHABLE }],
    ['interval 5', { name: 'i5', base_url: UNREACHABLE, health_check_interval_secs: 5 }],
    ['interval 500', { name: 'i500', base_url: UNREACHABLE, health_check_interval_secs: 500 }],
    ['timeout 9', { name: 't9', base_url: UNREACHABLE, inference_timeout_secs: 9 }],
    ['timeout 601', { name: 't601', base_url: UNREACHABLE, inference_timeout_secs: 601 }],
    ['interval as string', { name: 'is', base_url: UNREACHABLE, health_check_interval_secs: '30' }],
    ['unknown field', { name: 'u', base_url: UNREACHABLE, admin: true }],
    ['missing base_url', { name: 'm' }],
    ['bad type', { name: 'bt', base_url: UNREACHABLE, endpoint_type: 'mainframe' }],
  ])('rejects %s with 400 invalid_request', async (_label, body) => {
    const res = await call(t.url, 'POST', '/v0/endpoints', body);
    expectError(res, 400, 'invalid_request');
  });

  it('accepts a 100-char name and the interval bounds 10 and 300', async () => {
    const a = await call(t.url, 'POST', '/v0/endpoints', { name: 'y'.repeat(100), base_url: 'http://127.0.0.1:21010', health_check_interval_secs: 10 });
    const b = await call(t.url, 'POST', '/v0/endpoints', { name: 'b300', base_url: 'http://127.0.0.1:21011', health_check_interval_secs: 300 });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
  });

  it('answers malformed JSON with 400 and an array body with 400', async () => {
    expectError(await call(t.url, 'POST', '/v0/endpoints', '{"name": "x",'), 400, 'invalid_request');
    expectError(await call(t.url, 'POST', '/v0/endpoints', '[1,2]'), 400, 'invalid_request');
  });

  it('answers a 21 MiB body with 413', async () => {
    const big = JSON.stringify({ name: 'big', base_url: UNREACHABLE, notes: 'x'.repeat(21 * 1024 * 1024) });
    const res = await request(`${t.url}/v0/endpoints`, {
      method: 'POST',
      headers: { authorization: 'Bearer llmlb_test_admin_key', 'content-type': 'application/json' },
      body: big,
    });
    expect(res.statusCode).toBe(413);
    expect(await res.body.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });
});

describe('GET/PUT/DELETE /v0/endpoints', () => {
  it('lists with filters and total', async () => {
    const all = await call(t.url, 'GET', '/v0/endpoints');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(all.body.endpoints.length);
    expect(all.body.endpoints[0]).toHaveProperty('model_count');
    const pending = await call(t.url, 'GET', '/v0/endpoints?status=pending');
    expect(pending.body.endpoints.every((e: any) => e.status === 'pending')).toBe(true);
    const byType = await call(t.url, 'GET', '/v0/endpoints?type=vllm');
    expect(byType.body.endpoints.every((e: any) => e.endpoint_type === 'vllm')).toBe(true);
    expectError(await call(t.url, 'GET', '/v0/endpoints?status=sleepy'), 400, 'invalid_request');
    expectError(await call(t.url, 'GET', '/v0/endpoints?type=mainframe'), 400, 'invalid_request');
  });

  it('gets the detail with models[]', async () => {
    const created = await call(t.url, 'POST', '/v0/endpoints', { name: 'detail', base_url: 'http://127.0.0.1:21020' });
    const res = await call(t.url, 'GET', `/v0/endpoints/${created.body.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.body.id, models: [] });
  });

  it('404s for unknown and malformed ids', async () => {
    expectError(await call(t.url, 'GET', '/v0/endpoints/00000000-0000-4000-8000-000000000000'), 404, 'not_found');
    expectError(await call(t.url, 'GET', '/v0/endpoints/not-a-uuid'), 404, 'not_found');
    expectError(await call(t.url, 'DELETE', '/v0/endpoints/00000000-0000-4000-8000-000000000000'), 404, 'not_found');
    expectError(await call(t.url, 'PUT', '/v0/endpoints/00000000-0000-4000-8000-000000000000', { name: 'z' }), 404, 'not_found');
  });

  it('updates partially, clears the key with null, sets a manual type', async () => {
    const created = await call(t.url, 'POST', '/v0/endpoints', { name: 'upd', base_url: 'http://127.0.0.1:21030', api_key: 'k1' });
    const id = created.body.id;
    const a = await call(t.url, 'PUT', `/v0/endpoints/${id}`, { notes: 'n', health_check_interval_secs: 60 });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ name: 'upd', notes: 'n', health_check_interval_secs: 60, api_key_set: true });
    const b = await call(t.url, 'PUT', `/v0/endpoints/${id}`, { api_key: null });
    expect(b.body.api_key_set).toBe(false);
    const c = await call(t.url, 'PUT', `/v0/endpoints/${id}`, { endpoint_type: 'vllm' });
    expect(c.body).toMatchObject({ endpoint_type: 'vllm', endpoint_type_source: 'manual' });
    const d = await call(t.url, 'PUT', `/v0/endpoints/${id}`, { base_url: 'http://127.0.0.1:21031/v1' });
    expect(d.body.base_url).toBe('http://127.0.0.1:21031');
    expectError(await call(t.url, 'PUT', `/v0/endpoints/${id}`, { health_check_interval_secs: 5 }), 400, 'invalid_request');
    expectError(await call(t.url, 'PUT', `/v0/endpoints/${id}`, { base_url: 'file:///x' }), 400, 'invalid_request');
  });

  it('refuses a PUT that would duplicate another URL or name', async () => {
    const a = await call(t.url, 'POST', '/v0/endpoints', { name: 'p-a', base_url: 'http://127.0.0.1:21040' });
    await call(t.url, 'POST', '/v0/endpoints', { name: 'p-b', base_url: 'http://127.0.0.1:21041' });
    expectError(await call(t.url, 'PUT', `/v0/endpoints/${a.body.id}`, { base_url: 'http://127.0.0.1:21041/' }), 409, 'conflict');
    expectError(await call(t.url, 'PUT', `/v0/endpoints/${a.body.id}`, { name: 'P-B' }), 409, 'conflict');
    // renaming to its own name in another case is fine
    expect((await call(t.url, 'PUT', `/v0/endpoints/${a.body.id}`, { name: 'P-A' })).status).toBe(200);
  });

  it('deletes with 204 and then 404s', async () => {
    const created = await call(t.url, 'POST', '/v0/endpoints', { name: 'del', base_url: 'http://127.0.0.1:21050' });
    const del = await call(t.url, 'DELETE', `/v0/endpoints/${created.body.id}`);
    expect(del.status).toBe(204);
    expectError(await call(t.url, 'GET', `/v0/endpoints/${created.body.id}`), 404, 'not_found');
    // the URL is free again
    expect((await call(t.url, 'POST', '/v0/endpoints', { name: 'del', base_url: 'http://127.0.0.1:21050' })).status).toBe(201);
  });

  it('unknown admin routes are 404 in the admin shape', async () => {
    expectError(await call(t.url, 'GET', '/v0/nope'), 404, 'not_found');
  });
});
