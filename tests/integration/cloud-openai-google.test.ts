import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { GOOGLE_OPENAI_PREFIX, startFakeGoogle, startFakeOpenAi, type FakeHandle } from '../fakes/index.js';
import { embedVector } from '../fakes/common.js';
import { postJson, sseData, startCloudApp, type CloudApp } from './cloud-helpers.js';

let google: FakeHandle;
let openai: FakeHandle;
let gw: CloudApp;

beforeAll(async () => {
  google = await startFakeGoogle();
  openai = await startFakeOpenAi();
  gw = await startCloudApp({
    GOOGLE_API_KEY: 'g-key',
    LLMLB_GOOGLE_BASE_URL: `${google.url}${GOOGLE_OPENAI_PREFIX}`,
    OPENAI_API_KEY: 'o-key',
    LLMLB_OPENAI_BASE_URL: `${openai.url}/v1`,
  });
});
afterAll(async () => {
  await gw?.close();
  await google?.close();
  await openai?.close();
});
afterEach(() => {
  for (const f of [google, openai]) {
    f.setMode('normal');
    f.requests.length = 0;
  }
});

describe('google: OpenAI-compatible pass-through', () => {
  it('strips the prefix, sends the key as Bearer, and returns the reply', async () => {
    const res = await gw.client.chat.completions.create({ model: 'google:gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.choices[0]!.message.content).toBe('Hello from the fake upstream.');
    const sent = google.requests.at(-1)!;
    expect(sent.path).toBe(`${GOOGLE_OPENAI_PREFIX}/chat/completions`);
    expect(sent.headers.authorization).toBe('Bearer g-key');
    expect(sent.body).toEqual({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] });
  });

  it('passes the stream through as the upstream sent it', async () => {
    const res = await postJson(`${gw.url}/v1/chat/completions`, {
      model: 'google:gemini-2.5-flash',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(res.status).toBe(200);
    const data = sseData(res.text) as Record<string, any>[];
    // The fake's stream, unchanged: its model name, its role chunk, a usage chunk, [DONE].
    expect(data[0]!.model).toBe('gemini-2.5-flash');
    expect(data[0]!.choices[0].delta).toEqual({ role: 'assistant', content: '' });
    expect(data.at(-2)!.usage).toMatchObject({ completion_tokens: 6 });
    expect(data.at(-1)).toBe('[DONE]');
    // Byte for byte the same as asking the fake directly, once ids and timestamps are masked.
    const direct = await fetch(`${google.url}${GOOGLE_OPENAI_PREFIX}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer g-key', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gemini-2.5-flash', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'x' }] }),
    }).then((r) => r.text());
    const mask = (t: string) => t.replace(/"id":"[^"]+"/g, '"id":"X"').replace(/"created":\d+/g, '"created":0');
    expect(mask(res.text)).toBe(mask(direct));
  });

  it('aborts the upstream request when the client goes away mid-stream', async () => {
    google.options.chunkDelayMs = 200;
    try {
      const ac = new AbortController();
      const stream = await gw.client.chat.completions.create(
        { model: 'google:gemini-2.5-flash', messages: [{ role: 'user', content: 'x' }], stream: true },
        { signal: ac.signal },
      );
      for await (const _ of stream) {
        ac.abort();
        break;
      }
      const rec = await google.waitForRequest((r) => r.aborted, 3000);
      expect(rec.finishedAt).toBeNull();
    } finally {
      google.options.chunkDelayMs = 0;
    }
  });

  it("reshapes Gemini's list-wrapped errors, keeping the status", async () => {
    google.setMode('error500');
    const err = await gw.client.chat.completions.create({ model: 'google:gemini-2.5-flash', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect(err.error).toMatchObject({ message: 'google: Internal server error', type: 'server_error', code: 'INTERNAL' });
    google.setMode('normal');
    const missing = await gw.client.chat.completions.create({ model: 'google:gemini-0', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(missing.status).toBe(404);
    expect(missing.error.code).toBe('NOT_FOUND');
  });

  it('converts float embeddings to base64 for the SDK, which decodes them', async () => {
    const res = await gw.client.embeddings.create({ model: 'google:text-embedding-004', input: 'hello' });
    const expected = embedVector('hello', 8).map((x) => Math.fround(x));
    expect(res.data[0]!.embedding).toEqual(expected);
    expect(google.requests.at(-1)!.body).toMatchObject({ model: 'text-embedding-004', encoding_format: 'base64' });
  });

  it('refuses kinds the Gemini OpenAI layer does not serve', async () => {
    const err = await gw.client.completions.create({ model: 'google:gemini-2.5-flash', prompt: 'x' }).catch((e) => e);
    expect(err.status).toBe(400);
    expect(google.requests).toHaveLength(0);
  });
});

describe('openai: pass-through', () => {
  it('proxies chat, completions and responses with the prefix stripped', async () => {
    const chat = await gw.client.chat.completions.create({ model: 'openai:gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
    expect(chat.choices[0]!.message.content).toBe('Hello from the fake upstream.');
    const done = await gw.client.completions.create({ model: 'openai:gpt-4o-mini', prompt: 'x' });
    expect(done.choices[0]!.text).toBe('Hello from the fake upstream.');
    const resp = await gw.client.responses.create({ model: 'openai:gpt-4o-mini', input: 'x' });
    expect(resp.output_text).toBe('Hello from the fake upstream.');
    expect(openai.requests.map((r) => [r.path, (r.body as { model: string }).model, r.headers.authorization])).toEqual([
      ['/v1/chat/completions', 'gpt-4o-mini', 'Bearer o-key'],
      ['/v1/completions', 'gpt-4o-mini', 'Bearer o-key'],
      ['/v1/responses', 'gpt-4o-mini', 'Bearer o-key'],
    ]);
  });

  it('streams through the SDK and records usage', async () => {
    const stream = await gw.client.chat.completions.create({
      model: 'openai:gpt-4o-mini',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    for await (const c of stream) text += c.choices[0]?.delta.content ?? '';
    expect(text).toBe('Hello from the fake upstream.');
    const { requests } = await gw.admin<{ requests: Record<string, unknown>[] }>('/v0/requests?limit=1');
    expect(requests[0]).toMatchObject({ api: 'cloud', endpoint_name: 'openai', model: 'openai:gpt-4o-mini', stream: true, completion_tokens: 6 });
  });

  it('lists every configured provider in /v1/models, prefixed', async () => {
    const ids = (await gw.client.models.list()).data.map((m) => m.id);
    expect(ids).toEqual(
      expect.arrayContaining(['openai:gpt-4o-mini', 'openai:text-embedding-3-small', 'google:gemini-2.5-flash', 'google:text-embedding-004']),
    );
    expect(ids.some((id) => id.startsWith('anthropic:'))).toBe(false);
  });
});
