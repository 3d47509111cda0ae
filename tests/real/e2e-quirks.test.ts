// llmlb against llama-server's quirks: --api-key, the 100-request keep-alive limit, 501 for
// embeddings without --embeddings, and 500 answers to client mistakes.
//
// Skips without the binary unless LLMLB_REAL=1 (then a missing binary fails).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type TestApp } from '../helpers/app.js';
import { endpoint, gate, register, removeModels, startLlmlb, startServers, stopAll, waitEndpoint, waitOnline, writeModels, type ModelFiles } from './fleet.js';
import type { LlamaServer } from './llama-server.js';

if (gate.skipReason) console.warn(`[e2e-quirks] skipped: ${gate.skipReason}`);
const suite = gate.bin ? describe : describe.skip;

const TINY = 'llmlb-tiny';
const KEYED = 'llmlb-keyed';

function chat(base: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: TINY, max_tokens: 2, messages: [{ role: 'user', content: 'hi' }], ...body }) });
}

suite('llmlb against llama-server quirks', () => {
  let models: ModelFiles | undefined;
  let a: LlamaServer | undefined;
  let b: LlamaServer | undefined;
  let k: LlamaServer | undefined;
  let app: TestApp | undefined;
  let base = '';
  let ids: string[] = [];

  beforeAll(async () => {
    models = await writeModels(['tiny']);
    [a, b, k] = await startServers([
      { model: models.tiny, alias: TINY, ctxSize: 2048, parallel: 2 },
      { model: models.tiny, alias: TINY, ctxSize: 2048, parallel: 2 },
      { model: models.tiny, alias: KEYED, apiKey: 'sekret' },
    ]);
    const started = await startLlmlb([
      { name: 'llama-a', url: a!.baseUrl, model: TINY },
      { name: 'llama-b', url: b!.baseUrl, model: TINY },
    ]);
    app = started.app;
    base = app.url;
    ids = started.ids;
  });

  afterAll(async () => {
    await stopAll([a, b, k], app);
    await removeModels(models);
  });

  it('a server with --api-key: typed llama_cpp with a key error until the key is set, then proxied with it', async () => {
    const id = await register(base, 'llama-keyed', k!.baseUrl);
    const e = await waitEndpoint(base, id, (x) => x.status !== 'pending');
    expect(e).toMatchObject({ endpoint_type: 'llama_cpp', status: 'error', models: [] });
    expect(e.last_error).toMatch(/key/i);
    expect((await call(base, 'PUT', `/v0/endpoints/${id}`, { api_key: 'sekret' })).status).toBe(200);
    await call(base, 'POST', `/v0/endpoints/${id}/test`);
    await call(base, 'POST', `/v0/endpoints/${id}/sync`);
    await waitOnline(base, id, KEYED);
    const r = await chat(base, { model: KEYED });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { model: string }).model).toBe(KEYED);
  });

  it('keeps working past llama-server\'s 100 requests per connection (Connection: close on the 100th)', async () => {
    for (let i = 0; i < 230; i++) {
      const r = await chat(base, { model: KEYED, max_tokens: 1 });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`request ${i} answered ${r.status}`);
    }
  });

  it('passes 501 (embeddings without --embeddings) through without marking the endpoint down', async () => {
    const r = await fetch(`${base}/v1/embeddings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: TINY, input: 'hi' }) });
    expect(r.status).toBe(501);
    expect(((await r.json()) as { error: { type: string } }).error.type).toBe('not_supported_error');
    for (const id of ids) expect((await endpoint(base, id)).status).toBe('online');
  });

  // llama-server answers some client mistakes with 500 server_error: an image for a text-only model,
  // a message without `role`, an embeddings `input` of the wrong shape. If llmlb counted those as
  // passive health failures, two such requests would take both endpoints out of rotation; a 500
  // triggers an immediate active check instead, which finds the server healthy.
  it('a client mistake that llama-server answers with 500 does not take endpoints out of rotation', async () => {
    const image = { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }] };
    const noRole = { messages: [{ content: 'hi' }] };
    for (const bad of [image, noRole]) {
      const r = await chat(base, bad);
      expect(r.status).toBe(500);
      await r.arrayBuffer();
    }
    await new Promise((r) => setTimeout(r, 200));
    const good = await chat(base, { messages: [{ role: 'user', content: 'hi' }] });
    expect(good.status).toBe(200);
    for (const id of ids) expect((await endpoint(base, id)).status).toBe('online');
  });
});
