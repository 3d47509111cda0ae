/**
 * The gateway in front of a real llama.cpp llama-server (random-weight GGUF): real SSE, usage chunks,
 * slot release on client disconnect, context errors passed through. Skips without the binary
 * (build it with `bash scripts/build-llama-server.sh`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { BadRequestError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRandomLlamaGguf } from '../real/gguf.js';
import { realLlamaServerGate, startLlamaServer, type LlamaServer } from '../real/llama-server.js';
import { startGateway, type TestGateway } from './gateway-harness.js';

const gate = realLlamaServerGate();
const suite = gate.bin ? describe : describe.skip;

suite('gateway → real llama-server', () => {
  let dir = '';
  let srv: LlamaServer | undefined;
  let gw: TestGateway;
  let client: OpenAI;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'llmlb-gw-real-'));
    const info = await writeRandomLlamaGguf(join(dir, 'tiny.gguf'), { nEmbd: 64, nLayer: 2, nCtx: 4096, seed: 7, eosLogitScale: 0 });
    srv = await startLlamaServer({ model: info.path, ctxSize: 2048, parallel: 2, alias: 'llmlb-tiny' });
    gw = await startGateway();
    gw.add(srv.baseUrl, { models: ['llmlb-tiny'], type: 'llama_cpp' });
    client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'x', maxRetries: 0 });
  }, 90_000);
  afterAll(async () => {
    await gw?.close();
    await srv?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('streams real tokens with a usage chunk, recorded with TTFT and tokens', async () => {
    gw.records.length = 0;
    const stream = await client.chat.completions.create({
      model: 'llmlb-tiny',
      messages: [{ role: 'user', content: 'hello world' }],
      max_tokens: 16,
      stream: true,
      stream_options: { include_usage: true },
    });
    let chunks = 0;
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null = null;
    for await (const c of stream) {
      chunks++;
      finish = c.choices[0]?.finish_reason ?? finish;
      if (c.usage) usage = c.usage;
    }
    expect(chunks).toBeGreaterThan(10);
    expect(finish).toBe('length');
    expect(usage?.completion_tokens).toBe(16);
    expect(gw.records.at(-1)).toMatchObject({ status: 200, stream: true, completionTokens: 16, promptTokens: usage!.prompt_tokens });
    expect(gw.records.at(-1)!.ttftMs).toBeGreaterThanOrEqual(0);
  });

  it('client disconnect frees the llama.cpp slot at once', async () => {
    const ac = new AbortController();
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'llmlb-tiny', messages: [{ role: 'user', content: 'go' }], max_tokens: 100_000, stream: true }),
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    const busy = async () => ((await (await fetch(`${srv!.baseUrl}/slots`)).json()) as { is_processing: boolean }[]).some((s) => s.is_processing);
    expect(await busy()).toBe(true);
    ac.abort();
    const t0 = Date.now();
    while ((await busy()) && Date.now() - t0 < 2000) await new Promise((r) => setTimeout(r, 10));
    expect(await busy()).toBe(false);
    expect(Date.now() - t0).toBeLessThan(500);
  });

  it('an over-long prompt: llama.cpp 400 exceed_context_size_error reaches the SDK as it is', async () => {
    const err = await client.chat.completions
      .create({ model: 'llmlb-tiny', messages: [{ role: 'user', content: 'hello '.repeat(3000) }], max_tokens: 4 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).type).toBe('exceed_context_size_error');
  });
});
