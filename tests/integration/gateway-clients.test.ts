/** `/v1` driven by the Vercel AI SDK (Responses API) and LangChain (completions with an array prompt). */
import { createOpenAI } from '@ai-sdk/openai';
import { OpenAI as LangChainOpenAI } from '@langchain/openai';
import { generateText, streamText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlamaCpp, startFakeOllama, startFakeVllm } from '../fakes/index.js';
import type { FakeHandle } from '../fakes/server.js';
import { startGateway, type TestGateway } from './gateway-harness.js';

let gw: TestGateway;
let vllm: FakeHandle;
let llama: FakeHandle;
let ollama: FakeHandle;

beforeAll(async () => {
  gw = await startGateway();
  vllm = await startFakeVllm({ models: ['Qwen/Qwen2.5-1.5B-Instruct'] });
  llama = await startFakeLlamaCpp();
  ollama = await startFakeOllama({ models: ['llama3.2:latest'] });
  gw.add(vllm.url, { models: ['Qwen/Qwen2.5-1.5B-Instruct'], type: 'vllm' });
  gw.add(llama.url, { models: ['tiny-llama-q8_0.gguf'], type: 'llama_cpp' });
  gw.add(ollama.url, { models: ['llama3.2:latest'], type: 'ollama' });
});
afterAll(async () => {
  await gw.close();
  await Promise.all([vllm.close(), llama.close(), ollama.close()]);
});

describe('Vercel AI SDK (createOpenAI → /v1/responses)', () => {
  const provider = () => createOpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'x' });

  it('generateText', async () => {
    const r = await generateText({ model: provider()('Qwen/Qwen2.5-1.5B-Instruct'), prompt: 'Say hello', maxRetries: 0 });
    expect(r.text).toBe('Hello from the fake upstream.');
    expect(r.finishReason).toBe('stop');
    expect(vllm.requests.at(-1)?.path).toBe('/v1/responses');
    expect(gw.records.at(-1)).toMatchObject({ path: '/v1/responses', status: 200, completionTokens: 6 });
  });

  it('streamText ends with a finish reason, usage recorded from the stream', async () => {
    const r = streamText({ model: provider()('Qwen/Qwen2.5-1.5B-Instruct'), prompt: 'Say hello', maxRetries: 0 });
    let text = '';
    for await (const t of r.textStream) text += t;
    expect(text).toBe('Hello from the fake upstream.');
    expect(await r.finishReason).toBe('stop');
    expect(gw.records.at(-1)).toMatchObject({ stream: true, status: 200, completionTokens: 6 });
  });

  it('a Responses stream that dies mid-way surfaces as an error, not a hang', async () => {
    vllm.setMode('dieMidStream');
    try {
      const r = streamText({ model: provider()('Qwen/Qwen2.5-1.5B-Instruct'), prompt: 'Say hello', maxRetries: 0, onError: () => undefined });
      const parts: string[] = [];
      for await (const p of r.fullStream) parts.push(p.type);
      expect(parts).toContain('error');
    } finally {
      vllm.setMode('normal');
    }
  });
});

describe('LangChain OpenAI (completions)', () => {
  it('array prompt to llama.cpp', async () => {
    const llm = new LangChainOpenAI({ model: 'tiny-llama-q8_0.gguf', apiKey: 'x', configuration: { baseURL: `${gw.url}/v1` }, maxRetries: 0 });
    expect(await llm.invoke('Once upon a time')).toBe('Hello from the fake upstream.');
    expect(llama.requests.at(-1)?.body).toMatchObject({ prompt: ['Once upon a time'] });
  });

  it('array prompt of one to Ollama (string-only /v1/completions) is unwrapped', async () => {
    const llm = new LangChainOpenAI({ model: 'llama3.2:latest', apiKey: 'x', configuration: { baseURL: `${gw.url}/v1` }, maxRetries: 0 });
    expect(await llm.invoke('Once upon a time')).toBe('Hello from the fake upstream.');
    expect(ollama.requests.at(-1)?.body).toMatchObject({ prompt: 'Once upon a time' });
  });

  it('streaming completions with include_usage', async () => {
    const llm = new LangChainOpenAI({ model: 'tiny-llama-q8_0.gguf', apiKey: 'x', configuration: { baseURL: `${gw.url}/v1` }, streaming: true, maxRetries: 0 });
    let text = '';
    for await (const t of await llm.stream('go')) text += t;
    expect(text).toBe('Hello from the fake upstream.');
  });
});
