import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { closedPort, startFakeAnthropic, type FakeHandle } from '../fakes/index.js';
import { eventually, postJson, sseData, startCloudApp, type CloudApp } from './cloud-helpers.js';

let fake: FakeHandle;
let gw: CloudApp;
const MODEL = 'anthropic:claude-sonnet-4-5';

beforeAll(async () => {
  fake = await startFakeAnthropic();
  gw = await startCloudApp({ ANTHROPIC_API_KEY: 'sk-ant-test', LLMLB_ANTHROPIC_BASE_URL: `${fake.url}/v1` });
});
afterAll(async () => {
  await gw?.close();
  await fake?.close();
});
afterEach(() => {
  fake.setMode('normal');
  fake.requests.length = 0;
});

describe('anthropic: through /v1 with the OpenAI SDK', () => {
  it('translates a multi-turn chat with a system prompt, and the reply with usage', async () => {
    const res = await gw.client.chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: 'Say something' },
      ],
      temperature: 0.3,
    });
    expect(res.object).toBe('chat.completion');
    expect(res.model).toBe(MODEL);
    expect(res.choices[0]!.message).toMatchObject({ role: 'assistant', content: 'Hello from the fake upstream.' });
    expect(res.choices[0]!.finish_reason).toBe('stop');
    expect(res.usage!.completion_tokens).toBe(6);
    expect(res.usage!.total_tokens).toBe(res.usage!.prompt_tokens + 6);

    const sent = fake.requests.find((r) => r.path === '/v1/messages')!;
    expect(sent.headers['x-api-key']).toBe('sk-ant-test');
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      system: 'You are terse.',
      temperature: 0.3,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Hello.' }] },
        { role: 'user', content: [{ type: 'text', text: 'Say something' }] },
      ],
    });
  });

  it('maps max_tokens to finish_reason "length"', async () => {
    const res = await gw.client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }], max_tokens: 3 });
    expect(res.choices[0]!.message.content).toBe('Hello from the');
    expect(res.choices[0]!.finish_reason).toBe('length');
    expect(fake.requests.at(-1)!.body).toMatchObject({ max_tokens: 3 });
  });

  it('streams: role chunk, content deltas, finish_reason, usage chunk, [DONE]', async () => {
    const stream = await gw.client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'stream please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    const finishes: string[] = [];
    let usage: OpenAI.CompletionUsage | undefined;
    let first: OpenAI.ChatCompletionChunk | undefined;
    for await (const chunk of stream) {
      first ??= chunk;
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.choices[0]?.finish_reason) finishes.push(chunk.choices[0].finish_reason);
      if (chunk.usage) usage = chunk.usage;
    }
    expect(first!.choices[0]!.delta.role).toBe('assistant');
    expect(text).toBe('Hello from the fake upstream.');
    expect(finishes).toEqual(['stop']);
    expect(usage).toMatchObject({ completion_tokens: 6 });
    expect(fake.requests.at(-1)!.body).toMatchObject({ stream: true });
  });

  it('ends the SSE stream with [DONE] after the finish chunk (raw bytes)', async () => {
    const res = await postJson(`${gw.url}/v1/chat/completions`, { model: MODEL, stream: true, messages: [{ role: 'user', content: 'x' }] });
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('text/event-stream');
    expect(res.headers['x-llmlb-endpoint']).toBe('cloud:anthropic');
    expect(res.headers['x-llmlb-endpoint-name']).toBe('anthropic');
    const data = sseData(res.text);
    expect(data.at(-1)).toBe('[DONE]');
    expect((data.at(-2) as { choices: { finish_reason: string }[] }).choices[0]!.finish_reason).toBe('stop');
    expect(data.some((d) => typeof d === 'object' && (d as { usage?: unknown }).usage)).toBe(false);
  });

  it('keeps the upstream status and reshapes Anthropic errors into OpenAI errors', async () => {
    fake.setMode('error429');
    const err = await gw.client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(err.status).toBe(429);
    expect(err.error).toMatchObject({ type: 'rate_limit_error', message: 'anthropic: Too many requests' });
    expect(err.headers.get('retry-after')).toBe('1');

    fake.setMode('unauthorized');
    const bad = await gw.client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(bad).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(bad.error).toMatchObject({ type: 'authentication_error' });
  });

  it('reports an unknown Anthropic model with the upstream 404', async () => {
    const err = await gw.client.chat.completions.create({ model: 'anthropic:claude-nope', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect(err.error.message).toContain('claude-nope');
  });

  it('rejects a request the Messages API cannot express with a 400 before calling upstream', async () => {
    const err = await gw.client.chat.completions.create({ model: MODEL, messages: [{ role: 'system', content: 'only' }] }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(fake.requests).toHaveLength(0);
    const other = await gw.client.embeddings.create({ model: MODEL, input: 'x' }).catch((e) => e);
    expect(other.status).toBe(400);
  });

  it('ends a stream cut by the upstream with an error event, which the SDK throws', async () => {
    fake.setMode('dieMidStream');
    const stream = await gw.client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }], stream: true });
    const err = await (async () => {
      for await (const _ of stream) void _;
    })().catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String(err.message)).toMatch(/stream|anthropic/);
  });

  it('aborts the upstream request when the client goes away mid-stream', async () => {
    fake.options.chunkDelayMs = 200;
    try {
      const ac = new AbortController();
      const stream = await gw.client.chat.completions.create(
        { model: MODEL, messages: [{ role: 'user', content: 'x' }], stream: true },
        { signal: ac.signal },
      );
      for await (const _ of stream) {
        ac.abort();
        break;
      }
      const rec = await fake.waitForRequest((r) => r.aborted, 3000);
      expect(rec.path).toBe('/v1/messages');
    } finally {
      fake.options.chunkDelayMs = 0;
    }
  });

  it('logs cloud requests with provider, model, tokens and TTFT', async () => {
    await gw.client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'log me' }] });
    const { requests } = await gw.admin<{ requests: Record<string, unknown>[] }>('/v0/requests?limit=5');
    expect(requests[0]).toMatchObject({
      api: 'cloud',
      path: '/v1/chat/completions',
      endpoint_id: null,
      endpoint_name: 'anthropic',
      model: MODEL,
      status: 200,
      completion_tokens: 6,
      stream: false,
      error: null,
    });
    expect(requests[0]!.prompt_tokens).toBeGreaterThan(0);
    const stream = await gw.client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }], stream: true });
    for await (const _ of stream) void _;
    const after = await eventually(async () => {
      const r = await gw.admin<{ requests: Record<string, unknown>[] }>('/v0/requests?limit=1');
      return r.requests[0]?.stream === true ? r.requests[0] : null;
    });
    expect(after.ttft_ms).not.toBeNull();
    expect(after.completion_tokens).toBe(6);
  });

  it('lists Anthropic models in /v1/models with the prefix', async () => {
    const ids = (await gw.client.models.list()).data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['anthropic:claude-sonnet-4-5', 'anthropic:claude-haiku-4-5']));
    const listed = fake.requests.find((r) => r.path === '/v1/models')!;
    expect(listed.headers['x-api-key']).toBe('sk-ant-test');
  });
});

describe('anthropic: configuration failures', () => {
  it('answers 401 naming the env var when no key is set', async () => {
    const app = await startCloudApp({ LLMLB_ANTHROPIC_BASE_URL: `${fake.url}/v1` });
    try {
      const err = await app.client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
      expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
      expect(err.error.message).toContain('ANTHROPIC_API_KEY');
      expect(err.error.type).toBe('authentication_error');
      expect((await app.client.models.list()).data.some((m) => m.id.startsWith('anthropic:'))).toBe(false);
    } finally {
      await app.close();
    }
  });

  it('answers 502 when the provider cannot be reached, and /v1/models still works', async () => {
    const port = await closedPort();
    const app = await startCloudApp({ ANTHROPIC_API_KEY: 'x', LLMLB_ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}/v1` });
    try {
      const err = await app.client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
      expect(err.status).toBe(502);
      expect(err.error.code).toBe('upstream_error');
      expect((await app.client.models.list()).data.filter((m) => m.id.startsWith('anthropic:'))).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
