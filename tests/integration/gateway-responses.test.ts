/**
 * `/v1/responses` through llmlb: translated to chat completions for llama.cpp (whose own Responses
 * stream the Vercel AI SDK rejects) and old Ollama, passed through unchanged for the rest. Driven by
 * the real AI SDK and openai SDK.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LlamaCppFake, startFakeLlamaCpp, startFakeOllama, startFakeOpenAi, startFakeVllm } from '../fakes/index.js';
import type { FakeHandle } from '../fakes/server.js';
import { post, startGateway, type TestGateway } from './gateway-harness.js';

const LLAMA = 'tiny-llama-q8_0.gguf';
const VLLM = 'Qwen/Qwen2.5-1.5B-Instruct';
const TEXT = 'Hello from the fake upstream.';

let gw: TestGateway;
let llama: LlamaCppFake;
let vllm: FakeHandle;
let openai: FakeHandle;
let oldOllama: FakeHandle;
let newOllama: FakeHandle;
let oa: OpenAI;

beforeAll(async () => {
  gw = await startGateway();
  [llama, vllm, openai, oldOllama, newOllama] = await Promise.all([
    startFakeLlamaCpp(),
    startFakeVllm({ models: [VLLM] }),
    startFakeOpenAi({ models: ['gpt-4o-mini'] }),
    startFakeOllama({ models: ['llama3.2:latest'] }),
    startFakeOllama({ models: ['qwen3:latest'] }),
  ]);
  gw.add(llama.url, { models: [LLAMA], type: 'llama_cpp' });
  gw.add(vllm.url, { models: [VLLM], type: 'vllm' });
  gw.add(openai.url, { models: ['gpt-4o-mini'], type: 'openai_compatible' });
  gw.add(oldOllama.url, { models: ['llama3.2:latest'], type: 'ollama' });
  gw.repo.update(gw.add(newOllama.url, { models: ['qwen3:latest'], type: 'ollama' }), { version: '0.13.3' });
  oa = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'x', maxRetries: 0 });
});
afterAll(async () => {
  await gw.close();
  await Promise.all([llama, vllm, openai, oldOllama, newOllama].map((f) => f.close()));
});
beforeEach(() => {
  llama.options.toolCall = null;
  llama.setMode('normal');
});

const lastUpstream = (f: FakeHandle) => f.requests.at(-1)!;

describe('Vercel AI SDK against llama.cpp (translated to chat completions)', () => {
  const model = () => createOpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'x' })(LLAMA);

  it('generateText', async () => {
    const r = await generateText({ model: model(), system: 'Be brief.', prompt: 'Say hello', maxRetries: 0 });
    expect(r.text).toBe(TEXT);
    expect(r.finishReason).toBe('stop');
    expect(r.usage.outputTokens).toBe(6);
    expect(r.response.modelId).toBe(LLAMA);
    const up = lastUpstream(llama);
    expect(up.path).toBe('/v1/chat/completions');
    expect(up.body).toMatchObject({ model: LLAMA, stream: false, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Say hello' }] });
    expect(gw.records.at(-1)).toMatchObject({ path: '/v1/responses', status: 200, completionTokens: 6, stream: false });
  });

  it('streamText ends with finish reason stop and the text the upstream sent', async () => {
    const errors: unknown[] = [];
    const r = streamText({ model: model(), prompt: 'Say hello', maxRetries: 0, onError: (e) => void errors.push(e) });
    let text = '';
    for await (const t of r.textStream) text += t;
    expect(errors).toEqual([]);
    expect(text).toBe(TEXT);
    expect(await r.finishReason).toBe('stop');
    expect((await r.usage).outputTokens).toBe(6);
    expect(lastUpstream(llama).body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(gw.records.at(-1)).toMatchObject({ path: '/v1/responses', status: 200, completionTokens: 6, stream: true });
  });

  it('maxOutputTokens cuts the answer: finish reason length, plain and streamed', async () => {
    const g = await generateText({ model: model(), prompt: 'Say hello', maxOutputTokens: 3, maxRetries: 0 });
    expect(g.text).toBe('Hello from the');
    expect(g.finishReason).toBe('length');
    expect(lastUpstream(llama).body).toMatchObject({ max_tokens: 3 });
    const s = streamText({ model: model(), prompt: 'Say hello', maxOutputTokens: 3, maxRetries: 0 });
    let text = '';
    for await (const t of s.textStream) text += t;
    expect(text).toBe('Hello from the');
    expect(await s.finishReason).toBe('length');
  });

  it('function tools: a tool call (plain and streamed), then its result goes back as a tool message', async () => {
    llama.options.toolCall = { name: 'weather', arguments: '{"city":"Oslo"}' };
    const tools = {
      weather: tool({
        description: 'Weather by city',
        inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
        execute: async ({ city }) => `rain in ${city}`,
      }),
    };
    const g = await generateText({ model: model(), prompt: 'Weather in Oslo?', tools, maxRetries: 0 });
    expect(g.finishReason).toBe('tool-calls');
    expect(g.toolCalls).toEqual([expect.objectContaining({ toolName: 'weather', input: { city: 'Oslo' } })]);
    expect(g.toolResults[0]).toMatchObject({ output: 'rain in Oslo' });
    expect(lastUpstream(llama).body).toMatchObject({ tools: [{ type: 'function', function: { name: 'weather', description: 'Weather by city' } }] });

    const s = streamText({ model: model(), prompt: 'Weather in Oslo?', tools, stopWhen: stepCountIs(2), maxRetries: 0 });
    const parts: string[] = [];
    for await (const p of s.fullStream) parts.push(p.type);
    expect(parts).not.toContain('error');
    expect(parts).toEqual(expect.arrayContaining(['tool-input-start', 'tool-input-delta', 'tool-call', 'tool-result']));
    const steps = await s.steps;
    expect(steps).toHaveLength(2);
    expect(steps[0]!.toolCalls[0]).toMatchObject({ toolName: 'weather', input: { city: 'Oslo' } });
    // The second step replays the call and its result as chat messages.
    const messages = (lastUpstream(llama).body as { messages: Array<Record<string, unknown>> }).messages;
    expect(messages.slice(-2)).toEqual([
      { role: 'assistant', content: null, tool_calls: [expect.objectContaining({ type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } })] },
      expect.objectContaining({ role: 'tool', content: 'rain in Oslo' }),
    ]);
  });

  it('an upstream that dies mid-stream ends in one error, not a hang', async () => {
    llama.setMode('dieMidStream');
    const r = streamText({ model: model(), prompt: 'Say hello', maxRetries: 0, onError: () => undefined });
    const parts: string[] = [];
    for await (const p of r.fullStream) parts.push(p.type);
    expect(parts).toContain('error');
  });
});

describe('openai SDK responses.create against llama.cpp', () => {
  it('plain', async () => {
    const r = await oa.responses.create({ model: LLAMA, input: 'Say hello', instructions: 'Be brief.', max_output_tokens: 50 });
    expect(r).toMatchObject({ object: 'response', status: 'completed', model: LLAMA, instructions: 'Be brief.', max_output_tokens: 50 });
    expect(r.output_text).toBe(TEXT);
    expect(r.usage).toMatchObject({ output_tokens: 6, total_tokens: expect.any(Number) });
    expect(r.id).toMatch(/^resp_/);
  });

  it('stream: every documented event, in order, text deltas adding up', async () => {
    const types: string[] = [];
    let text = '';
    let final: OpenAI.Responses.Response | undefined;
    for await (const e of await oa.responses.create({ model: LLAMA, input: 'Say hello', stream: true })) {
      types.push(e.type);
      if (e.type === 'response.output_text.delta') text += e.delta;
      if (e.type === 'response.completed') final = e.response;
    }
    expect(text).toBe(TEXT);
    expect(types.slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    expect(types.slice(-4)).toEqual(['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
    expect(final).toMatchObject({ status: 'completed', model: LLAMA, usage: { output_tokens: 6 } });
  });

  it('stream cut by max_output_tokens: response.completed with status incomplete', async () => {
    const stream = oa.responses.stream({ model: LLAMA, input: 'Say hello', max_output_tokens: 2 });
    const r = await stream.finalResponse();
    expect(r.output_text).toBe('Hello from');
    expect(r).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
  });

  it("llama.cpp's errors pass through with their status; what chat cannot carry is a 400", async () => {
    await expect(oa.responses.create({ model: LLAMA, input: 'x', previous_response_id: 'resp_1' })).rejects.toMatchObject({
      status: 400,
      error: { param: 'previous_response_id' },
    });
    llama.setMode('error500');
    await expect(oa.responses.create({ model: LLAMA, input: 'x', stream: true })).rejects.toMatchObject({ status: 500 });
  });
});

describe('passthrough for servers with their own Responses API', () => {
  const body = { model: '', input: 'Say hello', store: false, reasoning: { effort: 'low' }, include: ['reasoning.encrypted_content'] };

  for (const [name, model, fake] of [
    ['vLLM', VLLM, () => vllm],
    ['OpenAI-compatible', 'gpt-4o-mini', () => openai],
    ['Ollama ≥ 0.13.3', 'qwen3:latest', () => newOllama],
  ] as const) {
    it(`${name} gets the client's /v1/responses body unchanged`, async () => {
      const sent = JSON.stringify({ ...body, model });
      const r = await post(gw.url, '/v1/responses', sent);
      expect(r.status).toBe(200);
      expect(r.body.object).toBe('response');
      const up = lastUpstream(fake());
      expect(up.path).toBe('/v1/responses');
      expect(up.body).toEqual(JSON.parse(sent));
    });
  }

  it('Ollama of unknown or older version is translated (it may have no /v1/responses)', async () => {
    const model = () => createOpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'x' })('llama3.2:latest');
    const r = await generateText({ model: model(), prompt: 'Say hello', maxRetries: 0 });
    expect(r.text).toBe(TEXT);
    expect(lastUpstream(oldOllama).path).toBe('/v1/chat/completions');
    const s = streamText({ model: model(), prompt: 'Say hello', maxRetries: 0 });
    let text = '';
    for await (const t of s.textStream) text += t;
    expect(text).toBe(TEXT);
    expect(await s.finishReason).toBe('stop');
    expect(lastUpstream(oldOllama).body).toMatchObject({ stream: true });
  });
});
