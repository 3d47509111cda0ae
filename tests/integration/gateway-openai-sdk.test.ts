/** `/v1` driven by the real openai SDK (pinned v6) against fake upstreams: shapes, streaming, embeddings, errors. */
import OpenAI, { BadRequestError, NotFoundError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlamaCpp, startFakeOpenAi } from '../fakes/index.js';
import type { FakeHandle } from '../fakes/server.js';
import { embedVector } from '../fakes/common.js';
import { post, startGateway, type TestGateway } from './gateway-harness.js';

let gw: TestGateway;
let up: FakeHandle;
let llama: FakeHandle;
let client: OpenAI;
let upId: string;

beforeAll(async () => {
  gw = await startGateway();
  up = await startFakeOpenAi({ models: ['gpt-4o-mini', 'text-embedding-3-small', 'org/m'], apiKey: 'sk-upstream' });
  llama = await startFakeLlamaCpp({ nCtx: 8 });
  upId = gw.add(up.url, { models: ['gpt-4o-mini', 'text-embedding-3-small', 'org/m'], apiKey: 'sk-upstream', name: 'OpenAI fake' });
  gw.add('http://127.0.0.1:9/offline', { models: ['tiny-llama-q8_0.gguf', 'gpt-4o-mini'], type: 'llama_cpp', status: 'offline' });
  gw.add(llama.url + '/x', { models: ['only-offline'], status: 'error' });
  client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'unused-placeholder', maxRetries: 0 });
});
afterAll(async () => {
  await gw.close();
  await up.close();
  await llama.close();
});

describe('openai SDK', () => {
  it('chat: forwards the client body unchanged with the endpoint key, names the endpoint, records usage', async () => {
    gw.records.length = 0;
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi there' }], temperature: 0.2 };
    const { data, response } = await client.chat.completions.create(body).withResponse();
    expect(data.choices[0]?.message.content).toBe('Hello from the fake upstream.');
    expect(response.headers.get('x-llmlb-endpoint')).toBe(upId);
    expect(response.headers.get('x-llmlb-endpoint-name')).toBe('OpenAI%20fake');
    const seen = up.requests.at(-1)!;
    expect(seen.path).toBe('/v1/chat/completions');
    expect(seen.headers.authorization).toBe('Bearer sk-upstream');
    expect(seen.body).toEqual(body);
    const rec = gw.records.at(-1)!;
    expect(rec).toMatchObject({ api: 'openai', path: '/v1/chat/completions', endpointId: upId, model: 'gpt-4o-mini', status: 200, stream: false, error: null });
    expect(rec.promptTokens).toBeGreaterThan(0);
    expect(rec.completionTokens).toBe(6);
    expect(rec.ttftMs).toBeTypeOf('number');
  });

  it('streaming with include_usage: chunks pass through, usage chunk arrives and is recorded', async () => {
    gw.records.length = 0;
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'stream please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Hello from the fake upstream.');
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBe(6);
    const rec = gw.records.at(-1)!;
    expect(rec).toMatchObject({ stream: true, status: 200, completionTokens: 6, promptTokens: usage!.prompt_tokens });
  });

  it('embeddings: the SDK default (base64) against a float-only backend gives the right numbers', async () => {
    const res = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta'] });
    const seen = up.requests.at(-1)!.body as Record<string, unknown>;
    expect(seen.encoding_format).toBeUndefined();
    expect(res.data).toHaveLength(2);
    const expected = embedVector('alpha', 8);
    res.data[0]!.embedding.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 5));
    expect(res.usage.prompt_tokens).toBeGreaterThan(0);
    // Explicit floats are forwarded as they are.
    const floats = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'alpha', encoding_format: 'float' });
    expect(floats.data[0]!.embedding).toEqual(expected);
  });

  it('models: online models deduplicated; retrieve decodes org%2Fm; unknown → NotFoundError', async () => {
    const list = await client.models.list();
    const ids = list.data.map((m) => m.id);
    expect(ids).toEqual(['gpt-4o-mini', 'org/m', 'text-embedding-3-small']);
    expect(list.data[0]).toMatchObject({ object: 'model', owned_by: 'llmlb' });
    expect(list.data[0]!.created).toBeTypeOf('number');
    const m = await client.models.retrieve('org/m');
    expect(m.id).toBe('org/m');
    await expect(client.models.retrieve('only-offline')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('unknown model → NotFoundError with code model_not_found', async () => {
    const err = await client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.code).toBe('model_not_found');
    expect(err.param).toBe('model');
  });

  it('known model with nothing online → 503 with Retry-After', async () => {
    const r = await post(gw.url, '/v1/chat/completions', { model: 'only-offline', messages: [] });
    expect(r.status).toBe(503);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(r.body.error).toMatchObject({ code: 'no_endpoint_available', type: 'server_error' });
  });

  it('bad bodies: malformed JSON 400, missing model 400 param model, >20 MiB 413 — OpenAI shape', async () => {
    const bad = await post(gw.url, '/v1/chat/completions', '{"model": ');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_request', param: null });
    const noModel = await post(gw.url, '/v1/completions', { prompt: 'x', model: 42 });
    expect(noModel.status).toBe(400);
    expect(noModel.body.error).toMatchObject({ param: 'model', code: 'invalid_request' });
    const arr = await post(gw.url, '/v1/embeddings', '[1,2]');
    expect(arr.status).toBe(400);
    const sdkErr = await client.chat.completions.create({ model: '', messages: [] }).catch((e) => e);
    expect(sdkErr).toBeInstanceOf(BadRequestError);
    const big = await post(gw.url, '/v1/chat/completions', JSON.stringify({ model: 'gpt-4o-mini', pad: 'x'.repeat(21 * 1024 * 1024) }));
    expect(big.status).toBe(413);
    expect(big.body.error.message).toMatch(/exceeds/);
  });

  it('other upstream 4xx pass through as they are (llama.cpp exceed_context_size_error)', async () => {
    const id = gw.add(llama.url, { models: ['tiny'], type: 'llama_cpp' });
    const r = await post(gw.url, '/v1/chat/completions', { model: 'tiny', messages: [{ role: 'user', content: 'one two three four five six seven eight nine ten' }] });
    expect(r.status).toBe(400);
    expect(r.body.error.type).toBe('exceed_context_size_error');
    expect(r.headers.get('x-llmlb-endpoint')).toBe(id);
    gw.repo.delete(id);
  });
});
