/** The seams other subsystems build on: proxyToModel (Ollama surface), the cloud router hook, pool lifetime. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteTarget } from '../../src-main/balancer/types.js';
import type { ResponseTransform } from '../../src-main/gateway/proxy/transform.js';
import { type CloudRouter, modelProxyOf } from '../../src-main/gateway/proxy/types.js';
import { sendJson } from '../../src-main/gateway/http.js';
import { startFakeOpenAi } from '../fakes/index.js';
import type { FakeHandle } from '../fakes/server.js';
import { post, startGateway, type TestGateway } from './gateway-harness.js';

let gw: TestGateway;
let up: FakeHandle;
let upId: string;

/** OpenAI SSE → Ollama-style NDJSON, the kind of transform the `/api` surface plugs in. */
const toNdjson: ResponseTransform = {
  kind: 'stream',
  open(status) {
    if (status !== 200) return null;
    let carry = '';
    return {
      contentType: 'application/x-ndjson',
      push(chunk) {
        const text = carry + chunk.toString('utf8');
        const events = text.split('\n\n');
        carry = events.pop() ?? '';
        return events
          .map((e) => e.replace(/^data: /, ''))
          .filter((d) => d && d !== '[DONE]')
          .map((d) => JSON.stringify({ message: { content: JSON.parse(d).choices[0]?.delta?.content ?? '' }, done: false }) + '\n')
          .join('');
      },
      end: () => JSON.stringify({ done: true }) + '\n',
      error: (f) => JSON.stringify({ error: f.message }) + '\n',
    };
  },
};

beforeAll(async () => {
  gw = await startGateway();
  up = await startFakeOpenAi({ models: ['llama3.2:latest'] });
  upId = gw.add(up.url, { models: ['llama3.2:latest'], timeoutSecs: 1 });
  gw.server.route('POST', '/api/chat', async (ctx) => {
    const proxy = modelProxyOf(gw.services)!;
    const body = JSON.parse(await new Promise<string>((r) => {
      let s = '';
      ctx.req.on('data', (c) => (s += c)).on('end', () => r(s));
    })) as { model: string; messages: unknown[]; boom?: boolean };
    await proxy.proxyToModel({
      ctx,
      api: 'ollama',
      model: body.model,
      stream: true,
      path: (t: RouteTarget) => (t.endpoint.endpoint_type === 'ollama' ? '/api/chat' : '/v1/chat/completions'),
      body: { model: body.model, messages: body.messages, stream: true },
      transform: body.boom
        ? { kind: 'buffered', apply: () => { throw new Error('transform bug'); } }
        : toNdjson,
    });
  });
});
afterAll(async () => {
  await gw.close();
  await up.close();
});

describe('proxyToModel (the Ollama surface seam)', () => {
  it('routes by model, sends the object body, streams the transformed answer', async () => {
    const r = await post(gw.url, '/api/chat', { model: 'llama3.2:latest', messages: [{ role: 'user', content: 'hi' }] });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/x-ndjson');
    expect(r.headers.get('x-llmlb-endpoint')).toBe(upId);
    const lines = r.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1)).toEqual({ done: true });
    expect(lines.map((l) => l.message?.content ?? '').join('')).toBe('Hello from the fake upstream.');
    expect(up.requests.at(-1)!.body).toMatchObject({ model: 'llama3.2:latest', stream: true });
    expect(gw.records.at(-1)).toMatchObject({ api: 'ollama', path: '/api/chat', status: 200 });
  });

  it('errors before the first byte use the surface shape; mid-stream errors use the transform', async () => {
    const missing = await post(gw.url, '/api/chat', { model: 'nope', messages: [] });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: "The model 'nope' does not exist" });
    up.setMode('dieMidStream');
    try {
      const r = await post(gw.url, '/api/chat', { model: 'llama3.2:latest', messages: [{ role: 'user', content: 'hi' }] });
      const last = JSON.parse(r.text.trim().split('\n').at(-1)!);
      expect(last.error).toMatch(/lost mid-response/);
    } finally {
      up.setMode('normal');
    }
  });

  it('a throwing transform is a 500 and frees the in-flight slot', async () => {
    const r = await post(gw.url, '/api/chat', { model: 'llama3.2:latest', messages: [], boom: true });
    expect(r.status).toBe(500);
    expect(gw.gateway.stats.inFlight(upId)).toBe(0);
  });
});

describe('cloud router hook', () => {
  it('cloud-prefixed models go to services.cloud; /v1/models appends its list', async () => {
    const seen: string[] = [];
    const cloud: CloudRouter = {
      handles: (m) => m.startsWith('openai:'),
      async proxy(kind, ctx, req) {
        seen.push(`${kind}:${req.model}:${req.stream}:${req.raw.length}`);
        sendJson(ctx.res, 200, { ok: true });
      },
      listModels: () => [{ id: 'openai:gpt-4o', object: 'model', created: 1, owned_by: 'openai' }],
    };
    gw.services.cloud = cloud;
    try {
      const r = await post(gw.url, '/v1/chat/completions', { model: 'openai:gpt-4o', messages: [], stream: true });
      expect(r.body).toEqual({ ok: true });
      expect(seen[0]).toMatch(/^chat:openai:gpt-4o:true:\d+$/);
      const list = await (await fetch(`${gw.url}/v1/models`)).json();
      expect(list.data.map((m: { id: string }) => m.id)).toEqual(['llama3.2:latest', 'openai:gpt-4o']);
      const one = await (await fetch(`${gw.url}/v1/models/openai:gpt-4o`)).json();
      expect(one.owned_by).toBe('openai');
    } finally {
      delete gw.services.cloud;
    }
  });
});

describe('upstream pools', () => {
  it('one pool per endpoint, closed when the endpoint is deleted or moves', async () => {
    const other = await startFakeOpenAi({ models: ['p'] });
    try {
      const id = gw.add(other.url, { models: ['p'] });
      await post(gw.url, '/v1/chat/completions', { model: 'p', messages: [{ role: 'user', content: 'x' }] });
      const before = gw.gateway.pools.size();
      gw.repo.update(id, { base_url: `${other.url}/moved` });
      expect(gw.gateway.pools.size()).toBe(before - 1);
      await post(gw.url, '/v1/chat/completions', { model: 'p', messages: [{ role: 'user', content: 'x' }] }).catch(() => null);
      expect(gw.gateway.pools.size()).toBe(before);
      gw.repo.delete(id);
      expect(gw.gateway.pools.size()).toBe(before - 1);
    } finally {
      await other.close();
    }
  });
});
