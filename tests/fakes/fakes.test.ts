/** Self-tests of the fake upstreams: the quirks other tests rely on (shared/UPSTREAMS.md). */
import net from 'node:net';
import { createOpenAI } from '@ai-sdk/openai';
import { streamText } from 'ai';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  closedPort,
  startBlackHole,
  startFakeAnthropic,
  startFakeGoogle,
  startFakeLlamaCpp,
  startFakeLmStudio,
  startFakeOllama,
  startFakeOpenAi,
  startFakeVllm,
  startFakeXllm,
  GOOGLE_OPENAI_PREFIX,
} from './index.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});
async function use<T extends { close(): Promise<void> }>(p: Promise<T>): Promise<T> {
  const f = await p;
  cleanups.push(() => f.close());
  return f;
}

async function call(url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await request(url, {
    method: (init.method ?? (init.body === undefined ? 'GET' : 'POST')) as 'GET',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.body.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.statusCode, headers: res.headers, text, json: json as any };
}

const sseDatas = (text: string): string[] =>
  text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => l.slice(6));

describe('llama.cpp fake', () => {
  it('answers every route with the loading 503 while loading, Server header included', async () => {
    const f = await use(startFakeLlamaCpp({ mode: 'loading' }));
    for (const p of ['/health', '/v1/models', '/props', '/v1/chat/completions']) {
      const r = await call(f.url + p);
      expect(r.status).toBe(503);
      expect(r.headers.server).toBe('llama.cpp');
      expect(r.json).toEqual({ error: { message: 'Loading model', type: 'unavailable_error', code: 503 } });
    }
  });

  it('streams role(null) → deltas → finish → usage(choices:[]) → [DONE]', async () => {
    const f = await use(startFakeLlamaCpp({ chunks: 3 }));
    const r = await call(`${f.url}/v1/chat/completions`, {
      body: { model: 'anything', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] },
    });
    const d = sseDatas(r.text);
    expect(d.at(-1)).toBe('[DONE]');
    const chunks = d.slice(0, -1).map((x) => JSON.parse(x));
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: null });
    expect(chunks.slice(1, 4).map((c) => c.choices[0].delta.content).join('')).toBe('Hello from the');
    expect(chunks[4].choices[0].finish_reason).toBe('stop');
    expect(chunks[5].choices).toEqual([]);
    expect(chunks[5].usage.completion_tokens).toBe(3);
  });

  it('needs the key on /v1/* but not on /health, and shows both model shapes', async () => {
    const f = await use(startFakeLlamaCpp({ apiKey: 'k', models: [{ id: 'm.gguf', contextLength: 8192 }] }));
    expect((await call(`${f.url}/v1/models`)).status).toBe(401);
    expect((await call(`${f.url}/health`)).json).toEqual({ status: 'ok' });
    const ok = await call(`${f.url}/v1/models`, { headers: { authorization: 'Bearer k' } });
    expect(ok.json.data[0]).toMatchObject({ id: 'm.gguf', owned_by: 'llamacpp', meta: { n_ctx_train: 8192 } });
    expect(ok.json.models[0].name).toBe('m.gguf');
    expect((await call(`${f.url}/api/tags`, { headers: { authorization: 'Bearer k' } })).status).toBe(404);
  });

  it('has the real headers: JSON with charset, empty CORS origin, Connection: close on every error', async () => {
    const f = await use(startFakeLlamaCpp());
    const ok = await call(`${f.url}/health`);
    expect([ok.headers['content-type'], ok.headers['access-control-allow-origin'], ok.headers.connection]).toEqual(['application/json; charset=utf-8', '', 'keep-alive']);
    const nf = await call(`${f.url}/api/tags`);
    expect([nf.status, nf.headers.connection]).toEqual([404, 'close']);
    const st = await call(`${f.url}/v1/chat/completions`, { body: { model: 'x', stream: true, messages: [{ role: 'user', content: 'hi' }] } });
    expect([st.headers['content-type'], st.headers['x-accel-buffering'], st.headers['cache-control']]).toEqual(['text/event-stream', 'no', undefined]);
  });

  it('/props has {params, n_ctx} capped at n_ctx_train; /slots grows fields once used; /metrics needs --metrics', async () => {
    const f = await use(startFakeLlamaCpp({ nCtx: 8192, totalSlots: 2, models: [{ id: 'm', contextLength: 4096 }] }));
    const props = (await call(`${f.url}/props`)).json;
    expect(props.default_generation_settings).toEqual({ params: expect.objectContaining({ n_predict: -1 }), n_ctx: 4096 });
    expect(props).toMatchObject({ total_slots: 2, model_alias: 'm', endpoint_slots: true, endpoint_metrics: false, is_sleeping: false });
    expect((await call(`${f.url}/slots`)).json).toEqual([
      { id: 0, n_ctx: 4096, speculative: false, is_processing: false },
      { id: 1, n_ctx: 4096, speculative: false, is_processing: false },
    ]);
    await call(`${f.url}/v1/chat/completions`, { body: { messages: [{ role: 'user', content: 'hi' }], max_tokens: 3 } });
    const [s0] = (await call(`${f.url}/slots`)).json;
    expect(s0).toMatchObject({ is_processing: false, id_task: 0, params: { n_predict: 3 }, next_token: [expect.objectContaining({ n_decoded: 0 })] });
    expect((await call(`${f.url}/metrics`)).status).toBe(501);
    f.options.metrics = true;
    expect((await call(`${f.url}/metrics`)).text).toMatch(/^llamacpp:tokens_predicted_total 3$/m);
  });

  it('answers with its own model name, refuses over-long prompts with the token counts, echoes the embeddings model', async () => {
    const f = await use(startFakeLlamaCpp({ nCtx: 4, models: ['alias'] }));
    const r = await call(`${f.url}/v1/chat/completions`, { body: { model: 'other', messages: [{ role: 'user', content: 'hi' }] } });
    expect(r.json).toMatchObject({ model: 'alias', object: 'chat.completion', system_fingerprint: 'b6123-1a2b3c4d', usage: { prompt_tokens_details: { cached_tokens: 0 } } });
    expect(r.json.choices[0]).not.toHaveProperty('logprobs');
    const long = await call(`${f.url}/v1/chat/completions`, { body: { stream: true, messages: [{ role: 'user', content: 'a b c d e f' }] } });
    expect([long.status, long.headers.connection]).toEqual([400, 'close']);
    expect(long.json.error).toMatchObject({ type: 'exceed_context_size_error', n_ctx: 4, message: expect.stringMatching(/^request \(\d+ tokens\) exceeds the available context size \(4 tokens\)/) });
    const e = await call(`${f.url}/v1/embeddings`, { body: { model: 'asked', input: ['a', 'b'], encoding_format: 'base64' } });
    expect(e.json).toMatchObject({ model: 'asked', data: [{ index: 0, object: 'embedding', encoding_format: 'base64' }, { index: 1 }] });
  });

  it('answers some client mistakes with 500 server_error, as llama-server does', async () => {
    const f = await use(startFakeLlamaCpp());
    const image = { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }] };
    for (const [path, body] of [
      ['/v1/chat/completions', image],
      ['/v1/chat/completions', { messages: [{ content: 'hi' }] }],
      ['/v1/embeddings', { input: [1.5] }],
    ] as const) {
      const r = await call(`${f.url}${path}`, { body });
      expect([r.status, r.json.error.type, r.headers.connection]).toEqual([500, 'server_error', 'close']);
    }
    const raw = await request(`${f.url}/v1/chat/completions`, { method: 'POST', body: 'not json' });
    expect([raw.statusCode, ((await raw.body.json()) as any).error.message]).toEqual([500, expect.stringMatching(/^\[json\.exception\.parse_error\.101\]/)]);
  });

  it('completions streams carry usage on the finish chunk (no choices:[] chunk); several prompts start with data: null', async () => {
    const f = await use(startFakeLlamaCpp({ chunks: 2 }));
    const one = sseDatas((await call(`${f.url}/v1/completions`, { body: { prompt: ['go'], stream: true, stream_options: { include_usage: true } } })).text);
    expect(one.at(-1)).toBe('[DONE]');
    const finish = JSON.parse(one.at(-2)!);
    expect(finish).toMatchObject({ object: 'text_completion', choices: [{ text: '', finish_reason: 'stop' }], usage: { completion_tokens: 2 } });
    expect(finish).toHaveProperty('timings');
    expect(one.slice(0, -1).every((d) => JSON.parse(d).choices.length === 1)).toBe(true);
    const two = sseDatas((await call(`${f.url}/v1/completions`, { body: { prompt: ['a', 'b'], stream: true } })).text);
    expect(two[0]).toBe('null');
    expect(two.filter((d) => d.includes('"usage"'))).toHaveLength(2);
  });

  it('its Responses stream is as sparse as the real one (no output_index): the AI SDK stream ends in error', async () => {
    const f = await use(startFakeLlamaCpp());
    const r = await call(`${f.url}/v1/responses`, { body: { input: 'hi', stream: true } });
    const events = sseDatas(r.text).map((d) => JSON.parse(d));
    expect(events[0]).toEqual({ type: 'response.created', response: { id: expect.stringMatching(/^resp_/), object: 'response', status: 'in_progress' } });
    expect(events.find((e) => e.type === 'response.output_item.added')).not.toHaveProperty('output_index');
    expect(events.at(-1)).toMatchObject({ type: 'response.completed', response: { status: 'completed', model: 'tiny-llama-q8_0.gguf' } });
    const st = streamText({ model: createOpenAI({ baseURL: `${f.url}/v1`, apiKey: 'x' })('m'), prompt: 'hi', maxRetries: 0, onError: () => undefined });
    let got = '';
    for await (const d of st.textStream) got += d;
    expect([got, await st.finishReason]).toEqual(['Hello from the fake upstream.', 'error']);
  });

  it('queues requests beyond total_slots', async () => {
    const f = await use(startFakeLlamaCpp({ totalSlots: 1, chunks: 4, chunkDelayMs: 30 }));
    const body = { model: 'x', stream: true, messages: [{ role: 'user', content: 'hi' }] };
    const t0 = Date.now();
    await Promise.all([call(`${f.url}/v1/chat/completions`, { body }), call(`${f.url}/v1/chat/completions`, { body })]);
    // Each stream takes ~6 gaps of 30 ms; serialised, two take about twice that.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
  });
});

describe('LM Studio fake', () => {
  it('answers unknown routes with 200 and an error field', async () => {
    const f = await use(startFakeLmStudio());
    const r = await call(`${f.url}/api/tags`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ error: 'Unexpected endpoint or method. (GET /api/tags)' });
  });

  it('lists v0 and v1 shapes', async () => {
    const f = await use(startFakeLmStudio({ models: [{ id: 'qwen2-vl', type: 'vlm', contextLength: 32768 }] }));
    expect((await call(`${f.url}/api/v0/models`)).json.data[0]).toMatchObject({ type: 'vlm', publisher: 'lmstudio-community', max_context_length: 32768 });
    expect((await call(`${f.url}/api/v1/models`)).json.models[0]).toMatchObject({ key: 'qwen2-vl', type: 'llm', capabilities: { vision: true } });
    expect((await call(`${f.url}/v1/models`)).json.data[0].owned_by).toBe('organization_owner');
  });
});

describe('Ollama fake', () => {
  it('streams NDJSON ending with done:true and serves /api/show by name', async () => {
    const f = await use(startFakeOllama({ models: [{ id: 'llama3.2:latest', numCtx: 8192, contextLength: 131072 }] }));
    const r = await call(`${f.url}/api/chat`, { body: { model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] } });
    const lines = r.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop' });
    expect(lines.at(-1).eval_count).toBe(6);
    const show = await call(`${f.url}/api/show`, { body: { name: 'llama3.2:latest' } });
    expect(show.json.parameters).toMatch(/^num_ctx\s+8192$/m);
    expect(show.json.model_info['llama.context_length']).toBe(131072);
    expect((await call(`${f.url}/v1/completions`, { body: { model: 'llama3.2', prompt: ['a'] } })).status).toBe(400);
  });

  it('pulls with progress and adds the model; a failing pull ends with an error line', async () => {
    const f = await use(startFakeOllama({ models: [], pullDurationMs: 50 }));
    const r = await call(`${f.url}/api/pull`, { body: { model: 'qwen3:0.6b' } });
    const lines = r.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.some((l) => l.total > 0 && l.completed === l.total)).toBe(true);
    expect(lines.at(-1)).toEqual({ status: 'success' });
    expect((await call(`${f.url}/api/tags`)).json.models.map((m: { name: string }) => m.name)).toEqual(['qwen3:0.6b']);
    f.options.pullFail = 'network down';
    const bad = await call(`${f.url}/api/pull`, { body: { model: 'other' } });
    expect(bad.text.trim().split('\n').at(-1)).toBe('{"error":"network down"}');
  });
});

describe('vLLM fake', () => {
  it('has Server: uvicorn, an empty /health and max_model_len', async () => {
    const f = await use(startFakeVllm({ models: [{ id: 'org/m', contextLength: 4096 }] }));
    const h = await call(`${f.url}/health`);
    expect([h.status, h.text, h.headers.server]).toEqual([200, '', 'uvicorn']);
    expect((await call(`${f.url}/v1/models`)).json.data[0]).toMatchObject({ owned_by: 'vllm', max_model_len: 4096, root: 'org/m', parent: null });
  });
});

describe('xLLM fake', () => {
  it('downloads over time and then lists the model', async () => {
    const f = await use(startFakeXllm({ downloadDurationMs: 100 }));
    const { json } = await call(`${f.url}/v0/models/download`, { body: { model: 'org/new:q4' } });
    const first = (await call(`${f.url}/v0/models/download/${json.task_id}`)).json;
    expect(first.status).toBe('downloading');
    await new Promise((r) => setTimeout(r, 150));
    const done = (await call(`${f.url}/v0/models/download/${json.task_id}`)).json;
    expect(done).toMatchObject({ status: 'completed', progress: 100 });
    expect((await call(`${f.url}/v0/models/${encodeURIComponent('org/new:q4')}/info`)).json.context_length).toBe(8192);
  });
});

describe('cloud fakes', () => {
  it('Anthropic requires anthropic-version and streams the Messages events', async () => {
    const f = await use(startFakeAnthropic({ chunks: 2 }));
    const body = { model: 'claude-haiku-4-5', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] };
    expect((await call(`${f.url}/v1/messages`, { body, headers: { 'x-api-key': 'k' } })).status).toBe(400);
    expect((await call(`${f.url}/v1/messages`, { body, headers: { 'anthropic-version': '2023-06-01' } })).status).toBe(401);
    const r = await call(`${f.url}/v1/messages`, { body, headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' } });
    const events = r.text.split('\n').filter((l) => l.startsWith('event: ')).map((l) => l.slice(7));
    expect(events).toEqual(['message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
  });

  it('Gemini wraps errors in a list and lists models/ ids', async () => {
    const f = await use(startFakeGoogle({ apiKey: 'g' }));
    const bad = await call(`${f.url}${GOOGLE_OPENAI_PREFIX}/models`, { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(400);
    expect(bad.json[0].error.status).toBe('INVALID_ARGUMENT');
    const ok = await call(`${f.url}${GOOGLE_OPENAI_PREFIX}/models`, { headers: { authorization: 'Bearer g' } });
    expect(ok.json.data[0].id).toBe('models/gemini-2.5-flash');
  });
});

describe('OpenAI-compatible routes', () => {
  it('serves Responses API streams and base64 embeddings only when configured', async () => {
    const f = await use(startFakeOpenAi({ chunks: 2 }));
    const r = await call(`${f.url}/v1/responses`, { body: { model: 'gpt-4o-mini', input: 'hi', stream: true } });
    const types = sseDatas(r.text).map((d) => JSON.parse(d).type);
    expect(types[0]).toBe('response.created');
    expect(types.filter((t) => t === 'response.output_text.delta')).toHaveLength(2);
    expect(types.at(-1)).toBe('response.completed');
    const emb = { model: 'text-embedding-3-small', input: 'x', encoding_format: 'base64' };
    expect(Array.isArray((await call(`${f.url}/v1/embeddings`, { body: emb })).json.data[0].embedding)).toBe(true);
    f.options.base64Embeddings = true;
    expect(typeof (await call(`${f.url}/v1/embeddings`, { body: emb })).json.data[0].embedding).toBe('string');
  });
});

describe('fault modes', () => {
  it('records a client abort of a hung request within 100 ms', async () => {
    const f = await use(startFakeOpenAi());
    f.setMode('hang');
    const ac = new AbortController();
    const p = request(`${f.url}/v1/models`, { signal: ac.signal }).catch((e: Error) => e);
    await f.waitForRequest((r) => r.path === '/v1/models');
    await new Promise((r) => setTimeout(r, 30));
    const t = Date.now();
    ac.abort();
    await p;
    const rec = await f.waitForRequest((r) => r.aborted);
    expect(rec.abortedAt! - t).toBeLessThan(100);
  });

  it('dies mid-stream, resets, sends 429 with Retry-After, and scopes modes to paths', async () => {
    const f = await use(startFakeVllm());
    const body = { model: 'Qwen/Qwen2.5-1.5B-Instruct', stream: true, messages: [{ role: 'user', content: 'hi' }] };
    f.setMode('dieMidStream');
    await expect(call(`${f.url}/v1/chat/completions`, { body })).rejects.toThrow();
    expect(f.requests.at(-1)!.aborted).toBe(false);
    f.setMode('reset');
    await expect(call(`${f.url}/version`)).rejects.toThrow();
    f.setMode('error429');
    const r = await call(`${f.url}/version`);
    expect([r.status, r.headers['retry-after']]).toEqual([429, '1']);
    f.setMode('error500', { paths: ['/v1/'] });
    expect((await call(`${f.url}/version`)).status).toBe(200);
    expect((await call(`${f.url}/v1/models`)).status).toBe(500);
  });

  it('truncatedSse ends cleanly without [DONE]', async () => {
    const f = await use(startFakeLlamaCpp({ mode: 'truncatedSse' }));
    const r = await call(`${f.url}/v1/chat/completions`, { body: { model: 'x', stream: true, messages: [{ role: 'user', content: 'hi' }] } });
    expect(r.status).toBe(200);
    expect(r.text).not.toContain('[DONE]');
  });

  it('stop() refuses connections and start() listens on the same port again', async () => {
    const f = await use(startFakeOllama());
    const port = f.port;
    await f.stop();
    await expect(call(`${f.url}/api/version`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await f.start();
    expect(f.port).toBe(port);
    expect((await call(`${f.url}/api/version`)).status).toBe(200);
  });
});

describe('network fakes', () => {
  it('black hole accepts and never answers; closed port refuses', async () => {
    const bh = await use(startBlackHole());
    const s = net.connect(bh.port, '127.0.0.1');
    await new Promise((r) => s.once('connect', r));
    s.destroy();
    expect(bh.connections()).toBeGreaterThanOrEqual(0);
    const port = await closedPort();
    await expect(call(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('real client libraries parse the fakes', () => {
  const text = 'Hello from the fake upstream.';

  it('openai SDK: chat stream, Responses stream, base64 embeddings', async () => {
    const l = await use(startFakeLlamaCpp());
    const oa = new OpenAI({ baseURL: `${l.url}/v1`, apiKey: 'x', maxRetries: 0 });
    let got = '';
    const s = await oa.chat.completions.create({ model: 'm', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] });
    for await (const c of s) got += c.choices[0]?.delta?.content ?? '';
    expect(got).toBe(text);
    let resp = '';
    for await (const e of await oa.responses.create({ model: 'm', input: 'hi', stream: true })) if (e.type === 'response.output_text.delta') resp += e.delta;
    expect(resp).toBe(text);
    const o = await use(startFakeOpenAi({ base64Embeddings: true }));
    const e = await new OpenAI({ baseURL: `${o.url}/v1`, apiKey: 'x' }).embeddings.create({ model: 'text-embedding-3-small', input: 'x' });
    expect(e.data[0]!.embedding).toHaveLength(8);
  });

  it('AI SDK: /v1/responses stream with a finish reason', async () => {
    const o = await use(startFakeOpenAi());
    const st = streamText({ model: createOpenAI({ baseURL: `${o.url}/v1`, apiKey: 'x' })('gpt-4o-mini'), prompt: 'hi' });
    let got = '';
    for await (const d of st.textStream) got += d;
    expect([got, await st.finishReason]).toEqual([text, 'stop']);
  });

  it('ollama-js: chat stream, show, pull, embed', async () => {
    const f = await use(startFakeOllama({ pullDurationMs: 20 }));
    const client = new Ollama({ host: f.url });
    let got = '';
    for await (const p of await client.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }], stream: true })) got += p.message.content;
    expect(got).toBe(text);
    expect((await client.show({ model: 'llama3.2' })).capabilities).toContain('completion');
    let last = '';
    for await (const p of await client.pull({ model: 'x:1b', stream: true })) last = p.status;
    expect(last).toBe('success');
    expect((await client.embed({ model: 'nomic-embed-text', input: ['a', 'b'] })).embeddings).toHaveLength(2);
  });
});
