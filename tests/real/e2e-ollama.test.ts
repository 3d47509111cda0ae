// ollama-js through llmlb's Ollama surface (/api) to real llama-servers: llmlb translates to
// OpenAI requests (NDJSON streams ending with done:true).
//
// Skips without the binary unless LLMLB_REAL=1 (then a missing binary fails).

import { Ollama } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { gate, removeModels, startLlmlb, startServers, stopAll, writeModels, type ModelFiles } from './fleet.js';
import type { LlamaServer } from './llama-server.js';

if (gate.skipReason) console.warn(`[e2e-ollama] skipped: ${gate.skipReason}`);
const suite = gate.bin ? describe : describe.skip;

const TINY = 'llmlb-tiny';
const EMBED = 'llmlb-embed';
const HI = [{ role: 'user', content: 'hello' }];

suite('ollama-js through llmlb /api to real llama-servers', () => {
  let models: ModelFiles | undefined;
  let chatSrv: LlamaServer | undefined;
  let embedSrv: LlamaServer | undefined;
  let app: TestApp | undefined;
  let client: Ollama;

  beforeAll(async () => {
    models = await writeModels(['tiny', 'embed']);
    [chatSrv, embedSrv] = await startServers([
      { model: models.tiny, alias: TINY, ctxSize: 2048, parallel: 2 },
      { model: models.embed, alias: EMBED, embeddings: true, pooling: 'mean' },
    ]);
    const started = await startLlmlb([
      { name: 'llama-chat', url: chatSrv!.baseUrl, model: TINY },
      { name: 'llama-embed', url: embedSrv!.baseUrl, model: EMBED },
    ]);
    app = started.app;
    client = new Ollama({ host: app.url });
  });

  afterAll(async () => {
    await stopAll([chatSrv, embedSrv], app);
    await removeModels(models);
  });

  it('version, list and ps', async () => {
    expect(typeof (await client.version()).version).toBe('string');
    const names = (await client.list()).models.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining([TINY, EMBED]));
    expect(Array.isArray((await client.ps()).models)).toBe(true);
  });

  it('show: the context window llmlb learned from /props', async () => {
    const s = await client.show({ model: TINY });
    expect(s.parameters).toMatch(/num_ctx\s+1024/);
    expect(s.capabilities).toContain('completion');
    expect(s.details.format).toBe('gguf');
  });

  it('chat, non-stream and stream (done:true last)', async () => {
    const r = await client.chat({ model: TINY, messages: HI, stream: false, options: { num_predict: 8 } });
    expect(r.message.role).toBe('assistant');
    expect(r.message.content.length).toBeGreaterThan(0);
    expect(r).toMatchObject({ model: TINY, done: true });
    expect(['stop', 'length']).toContain(r.done_reason);
    expect(r.eval_count).toBe(8);

    const parts = [];
    for await (const p of await client.chat({ model: TINY, messages: HI, stream: true, options: { num_predict: 8 } })) parts.push(p);
    expect(parts.at(-1)).toMatchObject({ done: true });
    expect(parts.slice(0, -1).every((p) => !p.done)).toBe(true);
    expect(parts.map((p) => p.message.content).join('').length).toBeGreaterThan(0);
  });

  it('generate, non-stream and stream', async () => {
    const g = await client.generate({ model: TINY, prompt: 'Once upon a time', stream: false, options: { num_predict: 6 } });
    expect((g.response ?? '').length).toBeGreaterThan(0);
    expect(g.done).toBe(true);
    let text = '';
    let last;
    for await (const p of await client.generate({ model: TINY, prompt: 'Once upon a time', stream: true, options: { num_predict: 6 } })) {
      text += p.response;
      last = p;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(last).toMatchObject({ done: true });
  });

  it('embed and the legacy embeddings', async () => {
    const e = await client.embed({ model: EMBED, input: ['hello world', 'load balancer'] });
    expect(e.embeddings).toHaveLength(2);
    expect(e.embeddings[0]).toHaveLength(64);
    const old = await client.embeddings({ model: EMBED, prompt: 'hello world' });
    expect(old.embedding).toHaveLength(64);
    old.embedding.forEach((v, i) => expect(v).toBeCloseTo(e.embeddings[0]![i]!, 5));
  });

  it('an unknown model is an Ollama-shaped error', async () => {
    await expect(client.chat({ model: 'no-such-model', messages: HI, stream: false })).rejects.toMatchObject({ status_code: 404 });
  });
});
