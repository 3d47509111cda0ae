/** `/v0/aliases` over HTTP: roles, validation errors, names with `/` and `:`, and routing rebuilt on every change. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeVllm } from '../fakes/index.js';
import type { FakeHandle } from '../fakes/server.js';
import { call, startTestApp, waitFor, type TestApp } from '../helpers/app.js';

let t: TestApp;
let a: FakeHandle;
let b: FakeHandle;
let aId: string;
let bId: string;

async function register(name: string, url: string): Promise<string> {
  const id = (await call(t.url, 'POST', '/v0/endpoints', { name, base_url: url })).body.id as string;
  await waitFor(async () => {
    const e = (await call(t.url, 'GET', `/v0/endpoints/${id}`)).body;
    return e.status === 'online' && e.models?.length === 1;
  }, 10_000);
  return id;
}

const chat = (model: string) => call(t.url, 'POST', '/v1/chat/completions', { model, messages: [{ role: 'user', content: 'hi' }] }, null);

beforeAll(async () => {
  t = await startTestApp();
  a = await startFakeVllm({ latencyMs: 20, models: ['org/model:v1'] });
  b = await startFakeVllm({ latencyMs: 20, models: ['other-model'] });
  aId = await register('a', a.url);
  bId = await register('b', b.url);
});
afterAll(async () => {
  await t?.close();
  await Promise.all([a?.close(), b?.close()]);
});

describe('/v0/aliases', () => {
  it('reads need a viewer key, writes an admin key', async () => {
    const viewer = (await call(t.url, 'POST', '/v0/keys', { name: 'viewer', role: 'viewer' })).body.key as string;
    expect((await call(t.url, 'GET', '/v0/aliases', undefined, viewer)).status).toBe(200);
    expect((await call(t.url, 'GET', '/v0/aliases/suggestions', undefined, viewer)).status).toBe(200);
    expect((await call(t.url, 'POST', '/v0/aliases', { alias: 'x', targets: [{ endpoint_id: null, model: 'other-model' }] }, viewer)).status).toBe(403);
    expect((await call(t.url, 'DELETE', '/v0/aliases/x', undefined, viewer)).status).toBe(403);
    expect((await call(t.url, 'GET', '/v0/aliases', undefined, null)).status).toBe(401);
  });

  it('create → routable at once; names with / and : work URL-encoded; PUT replaces targets; DELETE → 404 afterwards', async () => {
    const name = 'team/fast:latest';
    const created = await call(t.url, 'POST', '/v0/aliases', { alias: name, targets: [{ endpoint_id: aId, model: 'org/model:v1' }] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ alias: name, targets: [{ endpoint_id: aId, model: 'org/model:v1' }], allow_shadow: false });
    const first = await chat(name);
    expect([first.status, first.body.model, first.headers.get('x-llmlb-endpoint')]).toEqual([200, name, aId]);
    const models = (await call(t.url, 'GET', '/v1/models', undefined, null)).body.data.map((m: { id: string }) => m.id);
    expect(models).toContain(name);

    const path = `/v0/aliases/${encodeURIComponent(name)}`;
    const put = await call(t.url, 'PUT', path, { targets: [{ endpoint_id: bId, model: 'other-model' }] });
    expect([put.status, put.body.targets]).toEqual([200, [{ endpoint_id: bId, model: 'other-model' }]]);
    const second = await chat(name);
    expect([second.body.model, second.headers.get('x-llmlb-endpoint')]).toEqual([name, bId]);
    expect((b.requests.at(-1)!.body as { model: string }).model).toBe('other-model');

    expect((await call(t.url, 'DELETE', path)).status).toBe(204);
    expect((await call(t.url, 'DELETE', path)).status).toBe(404);
    const gone = await chat(name);
    expect([gone.status, gone.body.error.code]).toEqual([404, 'model_not_found']);
  });

  it('validation: duplicates 409, shadowing 409 unless allowed, cycles / empty targets / bad JSON 400', async () => {
    const ok = { alias: 'dup', targets: [{ endpoint_id: null, model: 'other-model' }] };
    expect((await call(t.url, 'POST', '/v0/aliases', ok)).status).toBe(201);
    const dup = await call(t.url, 'POST', '/v0/aliases', ok);
    expect([dup.status, dup.body.error.code]).toEqual([409, 'conflict']);
    const shadow = await call(t.url, 'POST', '/v0/aliases', { alias: 'org/model:v1', targets: [{ endpoint_id: null, model: 'other-model' }] });
    expect([shadow.status, shadow.body.error.code]).toEqual([409, 'conflict']);
    const cycle = await call(t.url, 'POST', '/v0/aliases', { alias: 'loop', targets: [{ endpoint_id: null, model: 'dup' }] });
    expect([cycle.status, cycle.body.error.code]).toEqual([400, 'invalid_request']);
    const empty = await call(t.url, 'POST', '/v0/aliases', { alias: 'none', targets: [] });
    expect([empty.status, empty.body.error.message]).toEqual([400, expect.stringMatching(/at least one target/)]);
    expect((await call(t.url, 'POST', '/v0/aliases', '{"alias":')).status).toBe(400);
    expect((await call(t.url, 'POST', '/v0/aliases/suggestions/accept', { suggestion_id: 'nope' })).status).toBe(404);
    expect((await call(t.url, 'DELETE', '/v0/aliases/dup')).status).toBe(204);
  });

  it('allow_shadow: the alias replaces the real name and balances it with another model', async () => {
    const res = await call(t.url, 'POST', '/v0/aliases', {
      alias: 'org/model:v1',
      allow_shadow: true,
      targets: [{ endpoint_id: null, model: 'org/model:v1' }, { endpoint_id: null, model: 'other-model' }],
    });
    expect(res.status).toBe(201);
    const seen = new Set<string>();
    const replies = await Promise.all(Array.from({ length: 8 }, () => chat('org/model:v1')));
    for (const r of replies) {
      expect(r.body.model).toBe('org/model:v1');
      seen.add(r.headers.get('x-llmlb-endpoint')!);
    }
    expect(seen).toEqual(new Set([aId, bId]));
    expect((await call(t.url, 'DELETE', `/v0/aliases/${encodeURIComponent('org/model:v1')}`)).status).toBe(204);
    const back = await chat('org/model:v1');
    expect([back.status, back.headers.get('x-llmlb-endpoint')]).toEqual([200, aId]);
  });
});
