/** Type detection against the fake upstreams over real sockets: the SPEC §3 matrix and its edge cases. */
import { afterEach, describe, expect, it } from 'vitest';
import { detectEndpointType } from '../../src-main/detect/detect.js';
import {
  closedPort,
  startBlackHole,
  startFakeLlamaCpp,
  startFakeLmStudio,
  startFakeOllama,
  startFakeOpenAi,
  startFakeVllm,
  startFakeXllm,
} from '../fakes/index.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});
async function use<T extends { close(): Promise<void> }>(p: Promise<T>): Promise<T> {
  const f = await p;
  cleanups.push(() => f.close());
  return f;
}

describe('detectEndpointType', () => {
  it.each([
    ['xllm', () => startFakeXllm({ version: '1.4.2' }), 'xllm', '1.4.2'],
    ['ollama', () => startFakeOllama({ version: '0.12.6' }), 'ollama', '0.12.6'],
    ['llama.cpp', () => startFakeLlamaCpp({ buildInfo: 'b6123-abc' }), 'llama_cpp', 'b6123-abc'],
    ['vLLM', () => startFakeVllm({ version: '0.10.1' }), 'vllm', '0.10.1'],
    ['LM Studio', () => startFakeLmStudio(), 'lm_studio', null],
    ['plain OpenAI', () => startFakeOpenAi(), 'openai_compatible', null],
  ] as const)('types the %s fake', async (_name, start, type, version) => {
    const f = await use(start());
    const r = await detectEndpointType({ baseUrl: f.url, apiKey: null });
    expect(r).toMatchObject({ type, version, reachable: true, error: null });
    expect(r.signals.length).toBeGreaterThan(0);
  });

  it('never types llama.cpp or LM Studio as Ollama', async () => {
    const l = await use(startFakeLlamaCpp());
    const s = await use(startFakeLmStudio());
    expect((await detectEndpointType({ baseUrl: l.url, apiKey: null })).type).toBe('llama_cpp');
    expect((await detectEndpointType({ baseUrl: s.url, apiKey: null })).type).toBe('lm_studio');
  });

  it('types vLLM behind Server: uvicorn even with a wrong key (uvicorn + /version)', async () => {
    const f = await use(startFakeVllm({ apiKey: 'right' }));
    const r = await detectEndpointType({ baseUrl: f.url, apiKey: 'wrong' });
    expect(r).toMatchObject({ type: 'vllm', reachable: true, error: 'API key rejected (HTTP 401)' });
    // vLLM's /version and /health are public: the key is not sent there.
    expect(f.requests.find((q) => q.path === '/version')!.headers.authorization).toBeUndefined();
  });

  it('types llama.cpp by its header when the key is wrong', async () => {
    const f = await use(startFakeLlamaCpp({ apiKey: 'right' }));
    const r = await detectEndpointType({ baseUrl: f.url, apiKey: 'wrong' });
    expect(r).toMatchObject({ type: 'llama_cpp', reachable: true, error: 'API key rejected (HTTP 401)' });
    expect(r.signals).toContain('header server: llama.cpp');
  });

  it('types llama.cpp while it loads a model, and says so', async () => {
    const f = await use(startFakeLlamaCpp({ mode: 'loading' }));
    const r = await detectEndpointType({ baseUrl: f.url, apiKey: null });
    expect(r).toMatchObject({ type: 'llama_cpp', reachable: true, error: 'HTTP 503: Loading model' });
  });

  it('sends the key to /v1/models but never to Ollama', async () => {
    const f = await use(startFakeOllama());
    await detectEndpointType({ baseUrl: f.url, apiKey: 'sk-1' });
    expect(f.requests.find((q) => q.path === '/v1/models')!.headers.authorization).toBe('Bearer sk-1');
    for (const p of ['/api/version', '/api/tags']) expect(f.requests.find((q) => q.path === p)!.headers.authorization).toBeUndefined();
  });

  it('reports 401 from everything as reachable with a key error', async () => {
    const f = await use(startFakeOpenAi({ mode: 'unauthorized' }));
    const r = await detectEndpointType({ baseUrl: f.url, apiKey: null });
    expect(r).toMatchObject({ type: 'unknown', reachable: true, error: 'API key required (HTTP 401)' });
  });

  it('a closed port is unknown and unreachable', async () => {
    const port = await closedPort();
    const r = await detectEndpointType({ baseUrl: `http://127.0.0.1:${port}`, apiKey: null });
    expect(r).toMatchObject({ type: 'unknown', reachable: false, error: 'unreachable: connection refused' });
  });

  it('a black hole finishes within the 3 s budget', async () => {
    const bh = await use(startBlackHole());
    const t0 = Date.now();
    const r = await detectEndpointType({ baseUrl: bh.url, apiKey: null });
    expect(Date.now() - t0).toBeLessThan(3500);
    expect(r).toMatchObject({ type: 'unknown', reachable: false });
    expect(r.error).toMatch(/^unreachable: /);
  });

  it('honours a shorter total budget than the probe timeout', async () => {
    const f = await use(startFakeOllama({ latencyMs: 1000 }));
    const t0 = Date.now();
    const r = await detectEndpointType({ baseUrl: f.url, apiKey: null }, { probeTimeoutMs: 2000, totalTimeoutMs: 300 });
    expect(Date.now() - t0).toBeLessThan(800);
    expect(r.reachable).toBe(false);
    // The fake sees the probes go away once the budget is spent.
    await f.waitForRequest((q) => q.aborted);
  });

  it('an unknown server that answers is reachable but unknown', async () => {
    const f = await use(startFakeOpenAi({ mode: 'garbage' }));
    const r = await detectEndpointType({ baseUrl: f.url, apiKey: null });
    expect(r).toMatchObject({ type: 'unknown', reachable: true, error: 'reachable, but no known LLM API answered' });
  });
});
