/**
 * `/api` edge cases with the real ollama-js client: tool calls translated both ways (against a small
 * tool-calling OpenAI-compatible server defined here, since the shared fakes never call tools),
 * mid-stream upstream failures that must end the NDJSON stream with an error line, and Ollama-shaped
 * errors (404 unknown model, 400 malformed JSON, 503 nothing online).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ollama } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OllamaFake, startFakeOllama, startFakeOpenAi } from '../fakes/index.js';
import type { FakeHandle } from '../fakes/server.js';
import { call, startTestApp, waitFor, type TestApp } from '../helpers/app.js';

type Json = Record<string, any>;

/** An OpenAI-compatible server whose model always calls `get_weather`, streamed the way vLLM streams tool calls. */
async function startToolServer(): Promise<{ url: string; bodies: Json[]; close(): Promise<void> }> {
  const bodies: Json[] = [];
  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    for await (const c of req) raw += c;
    if (req.method === 'GET' && req.url === '/v1/models') return reply(res, 200, { object: 'list', data: [{ id: 'tool-model', object: 'model', owned_by: 'acme' }] });
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return reply(res, 404, { error: { message: 'not found' } });
    const body = JSON.parse(raw) as Json;
    bodies.push(body);
    const hasResult = body.messages.some((m: Json) => m.role === 'tool');
    const usage = { prompt_tokens: 20, completion_tokens: 9, total_tokens: 29 };
    const call0 = { id: 'call_w1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' } };
    if (!body.stream) {
      const message = hasResult ? { role: 'assistant', content: 'It is sunny in Paris.' } : { role: 'assistant', content: null, tool_calls: [call0] };
      return reply(res, 200, { id: 'c', object: 'chat.completion', model: body.model, choices: [{ index: 0, message, finish_reason: hasResult ? 'stop' : 'tool_calls' }], usage });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const ev = (delta: Json, finish: string | null = null) =>
      res.write(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
    ev({ role: 'assistant', content: '' });
    ev({ tool_calls: [{ index: 0, id: 'call_w1', type: 'function', function: { name: 'get_weather', arguments: '' } }] });
    ev({ tool_calls: [{ index: 0, function: { arguments: '{"city":"Pa' } }] });
    ev({ tool_calls: [{ index: 0, function: { arguments: 'ris","unit":"celsius"}' } }] });
    ev({}, 'tool_calls');
    res.write(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [], usage })}\n\n`);
    res.end('data: [DONE]\n\n');
  };
  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let t: TestApp;
let tools: Awaited<ReturnType<typeof startToolServer>>;
let openai: FakeHandle;
let ollama: OllamaFake;
let doomed: FakeHandle;
let cutOllama: OllamaFake;
let cutOpenAi: FakeHandle;
let client: Ollama;

async function register(name: string, url: string, models: number): Promise<string> {
  const res = await call(t.url, 'POST', '/v0/endpoints', { name, base_url: url });
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  await waitFor(async () => {
    const e = (await call(t.url, 'GET', `/v0/endpoints/${id}`)).body;
    return e.status === 'online' && e.models?.length === models;
  }, 10_000);
  return id;
}

beforeAll(async () => {
  t = await startTestApp();
  tools = await startToolServer();
  openai = await startFakeOpenAi({ models: ['flaky-gpt'], chunks: 8 });
  ollama = await startFakeOllama({ models: ['flaky-llama:latest'], chunks: 8 });
  doomed = await startFakeOpenAi({ models: ['doomed-model'] });
  cutOllama = await startFakeOllama({ models: ['cut-llama:latest'] });
  cutOpenAi = await startFakeOpenAi({ models: ['cut-gpt'] });
  await register('tools', tools.url, 1);
  await register('flaky-openai', openai.url, 1);
  await register('flaky-ollama', ollama.url, 1);
  await register('doomed', doomed.url, 1);
  await register('cut-ollama', cutOllama.url, 1);
  await register('cut-openai', cutOpenAi.url, 1);
  client = new Ollama({ host: t.url });
});
afterAll(async () => {
  await t?.close();
  await Promise.all([tools?.close(), openai?.close(), ollama?.close(), doomed?.close(), cutOllama?.close(), cutOpenAi?.close()]);
});

const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } }, required: ['city'] },
  },
};

describe('tool calls through a translated endpoint', () => {
  it('non-stream: OpenAI JSON-string arguments come back as an object', async () => {
    const res = await client.chat({ model: 'tool-model', messages: [{ role: 'user', content: 'weather in Paris?' }], tools: [WEATHER_TOOL], stream: false });
    expect(res.message.tool_calls).toHaveLength(1);
    expect(res.message.tool_calls![0]!.function).toMatchObject({ name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } });
    expect(res).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: 20, eval_count: 9 });
    expect(tools.bodies.at(-1)!.tools).toEqual([WEATHER_TOOL]);
  });

  it('stream: argument deltas are assembled into one tool_calls part', async () => {
    const parts = [];
    for await (const p of await client.chat({ model: 'tool-model', messages: [{ role: 'user', content: 'weather?' }], tools: [WEATHER_TOOL], stream: true })) parts.push(p);
    const withCalls = parts.filter((p) => p.message.tool_calls?.length);
    expect(withCalls).toHaveLength(1);
    expect(withCalls[0]!.message.tool_calls![0]!.function).toEqual({ index: 0, name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } });
    expect(parts.at(-1)).toMatchObject({ done: true, done_reason: 'stop', eval_count: 9 });
  });

  it('history: Ollama object arguments go up as JSON strings and the tool result gets the call id', async () => {
    const res = await client.chat({
      model: 'tool-model',
      stream: false,
      tools: [WEATHER_TOOL],
      messages: [
        { role: 'user', content: 'weather in Paris?' },
        { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }] },
        { role: 'tool', content: '{"sky":"sunny"}', tool_name: 'get_weather' },
      ],
    });
    expect(res.message.content).toBe('It is sunny in Paris.');
    const sent = tools.bodies.at(-1)!.messages as Json[];
    expect(sent[1]).toEqual({ role: 'assistant', content: '', tool_calls: [{ id: 'call_1_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] });
    expect(sent[2]).toEqual({ role: 'tool', content: '{"sky":"sunny"}', tool_call_id: 'call_1_0' });
  });
});

/** Drains an ollama-js stream; resolves with the parts and the error it threw (or null), failing after 5 s. */
async function drain(stream: AsyncIterable<Json>): Promise<{ parts: Json[]; error: Error | null }> {
  const parts: Json[] = [];
  const run = (async () => {
    try {
      for await (const p of stream) parts.push(p);
      return null;
    } catch (e) {
      return e as Error;
    }
  })();
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('stream hung')), 5_000));
  return { parts, error: await Promise.race([run, timeout]) };
}

describe('mid-stream upstream failure ends the NDJSON stream with an error line', () => {
  it('translated endpoint (OpenAI SSE dies): ollama-js throws after the parts that arrived', async () => {
    openai.setMode('dieMidStream', { paths: ['/v1/chat/completions'] });
    const { parts, error } = await drain(await client.chat({ model: 'flaky-gpt', messages: [{ role: 'user', content: 'x' }], stream: true }));
    expect(error?.message).toMatch(/lost mid-response/);
    expect(parts.length).toBeGreaterThan(0);
    expect(parts.some((p) => p.done)).toBe(false);
  });

  it('Ollama endpoint (NDJSON dies): same, never a half line', async () => {
    ollama.setMode('dieMidStream', { paths: ['/api/chat'] });
    const { parts, error } = await drain(await client.chat({ model: 'flaky-llama:latest', messages: [{ role: 'user', content: 'x' }], stream: true }));
    expect(error?.message).toMatch(/lost mid-response/);
    expect(parts.map((p) => p.message.content).join('')).toBe('Hello from');
  });

  it('a stream cut short cleanly (no done line / no finish_reason) is an error too, not a silent success', async () => {
    cutOllama.setMode('truncatedSse', { paths: ['/api/generate'] });
    const native = await drain(await client.generate({ model: 'cut-llama:latest', prompt: 'x', stream: true }));
    expect(native.error?.message).toMatch(/ended the stream/);
    cutOpenAi.setMode('truncatedSse', { paths: ['/v1/chat/completions'] });
    const translated = await drain(await client.generate({ model: 'cut-gpt', prompt: 'x', stream: true }));
    expect(translated.error?.message).toMatch(/ended the stream/);
    expect(translated.parts.length).toBeGreaterThan(0);
  });
});

describe('errors in Ollama shape', () => {
  it('unknown model → 404 {"error":"model \\"x\\" not found…"}', async () => {
    const res = await call(t.url, 'POST', '/api/chat', { model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }, null);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'model "no-such-model" not found, try pulling it first' });
    await expect(client.generate({ model: 'no-such-model', prompt: 'x', stream: false })).rejects.toMatchObject({ status_code: 404 });
    const show = await call(t.url, 'POST', '/api/show', { model: 'no-such-model' }, null);
    expect(show.status).toBe(404);
    expect(typeof show.body.error).toBe('string');
  });

  it('malformed JSON → 400, missing model → 400', async () => {
    const bad = await call(t.url, 'POST', '/api/generate', '{"model": ', null);
    expect(bad.status).toBe(400);
    expect(typeof bad.body.error).toBe('string');
    const none = await call(t.url, 'POST', '/api/embed', { input: 'x' }, null);
    expect(none).toMatchObject({ status: 400, body: { error: 'model is required' } });
  });

  it('bad messages are a 400 before any endpoint is asked', async () => {
    const before = tools.bodies.length;
    const res = await call(t.url, 'POST', '/api/chat', { model: 'tool-model', messages: 'not-a-list' }, null);
    expect(res).toMatchObject({ status: 400, body: { error: 'messages must be an array' } });
    expect(tools.bodies.length).toBe(before);
  });

  it('an upstream OpenAI error is re-said as {"error":"…"} with its status, streaming or not', async () => {
    cutOpenAi.setMode('error429', { paths: ['/v1/chat/completions'] });
    for (const stream of [false, true]) {
      const res = await call(t.url, 'POST', '/api/chat', { model: 'cut-gpt', messages: [{ role: 'user', content: 'x' }], stream }, null);
      expect(res).toMatchObject({ status: 429, body: { error: 'Too many requests' } });
    }
    await expect(client.chat({ model: 'cut-gpt', messages: [{ role: 'user', content: 'x' }], stream: true })).rejects.toMatchObject({
      error: 'Too many requests',
      status_code: 429,
    });
  });

  it('known model with nothing online → 503 with Retry-After', async () => {
    await doomed.stop();
    // The first request fails over to nothing (502) and passive health takes the endpoint out at once.
    await call(t.url, 'POST', '/api/generate', { model: 'doomed-model', prompt: 'x', stream: false }, null);
    const res = await waitFor(async () => {
      const r = await call(t.url, 'POST', '/api/generate', { model: 'doomed-model', prompt: 'x', stream: false }, null);
      return r.status === 503 ? r : null;
    });
    expect(typeof res!.body.error).toBe('string');
    expect(res!.headers.get('retry-after')).toBeTruthy();
  });
});
