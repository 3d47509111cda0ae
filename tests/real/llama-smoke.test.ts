// Smoke test against a real llama.cpp llama-server running a random-weight GGUF
// written by ./gguf.ts. Pins the shapes the fakes in tests/fakes/ must reproduce.
//
// Skips (with the reason) when the binary is missing, unless LLMLB_REAL=1, where a
// missing binary fails. Build it with `bash scripts/build-llama-server.sh`.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRandomLlamaGguf } from './gguf.js';
import { realLlamaServerGate, startLlamaServer, type LlamaServer } from './llama-server.js';

const gate = realLlamaServerGate();
if (gate.skipReason) console.warn(`[llama-smoke] skipped: ${gate.skipReason}`);
const suite = gate.bin ? describe : describe.skip;

interface Json {
  [k: string]: unknown;
}

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: Json }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) as Json };
}

function post(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** Splits a finished SSE body into its `data:` payloads. */
function sseData(text: string): string[] {
  return text
    .split('\n\n')
    .map((e) => e.trim())
    .filter((e) => e.length > 0)
    .map((e) => {
      expect(e.startsWith('data: ')).toBe(true);
      return e.slice('data: '.length);
    });
}

const ERROR_404 = { error: { message: 'File Not Found', type: 'not_found_error', code: 404 } };

suite(`real llama-server ${gate.bin ?? ''}`, () => {
  let dir = '';
  let modelPath = '';
  let srv: LlamaServer | undefined;
  let base = '';
  const CHAT = { messages: [{ role: 'user', content: 'hello world' }] };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'llmlb-real-'));
    // eosLogitScale 0: </s> is practically never sampled, so max_tokens decides the length.
    const info = await writeRandomLlamaGguf(join(dir, 'tiny.gguf'), {
      nEmbd: 64,
      nLayer: 2,
      nCtx: 4096,
      seed: 7,
      eosLogitScale: 0,
    });
    modelPath = info.path;
    srv = await startLlamaServer({ model: modelPath, ctxSize: 2048, parallel: 2, alias: 'llmlb-tiny' });
    base = srv.baseUrl;
  });

  afterAll(async () => {
    await srv?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers /health with Server: llama.cpp and a 5 s keep-alive', async () => {
    const r = await getJson(`${base}/health`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok' });
    expect(r.headers.get('server')).toBe('llama.cpp');
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(r.headers.get('keep-alive')).toBe('timeout=5, max=100');
  });

  it('reports per-slot n_ctx and total_slots in /props', async () => {
    const r = await getJson(`${base}/props`);
    expect(r.status).toBe(200);
    const dgs = r.body.default_generation_settings as Json;
    expect(dgs.n_ctx).toBe(1024); // -c 2048 split over -np 2
    expect(r.body.total_slots).toBe(2);
    expect(r.body.model_alias).toBe('llmlb-tiny');
    expect(r.body.model_path).toBe(modelPath);
    expect(typeof r.body.build_info).toBe('string');
    expect(r.body.endpoint_slots).toBe(true);
  });

  it('lists the model in both /v1/models shapes', async () => {
    const r = await getJson(`${base}/v1/models`);
    expect(r.status).toBe(200);
    expect(r.headers.get('server')).toBe('llama.cpp');
    expect(r.body.object).toBe('list');
    const data = r.body.data as Json[];
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({
      id: 'llmlb-tiny',
      aliases: ['llmlb-tiny'],
      object: 'model',
      owned_by: 'llamacpp',
      meta: { vocab_type: 1, n_vocab: 512, n_ctx: 1024, n_ctx_train: 4096, n_embd: 64, ftype: 'all F32' },
    });
    const models = r.body.models as Json[];
    expect(models).toHaveLength(1);
    expect(models[0]).toMatchObject({
      name: 'llmlb-tiny',
      model: 'llmlb-tiny',
      type: 'model',
      capabilities: ['completion'],
      details: { format: 'gguf' },
    });
  });

  it('has /slots (with --slots) but no /version or /api/tags', async () => {
    const slots = await getJson(`${base}/slots`);
    expect(slots.status).toBe(200);
    expect(slots.body).toEqual([
      { id: 0, n_ctx: 1024, speculative: false, is_processing: false },
      { id: 1, n_ctx: 1024, speculative: false, is_processing: false },
    ]);
    for (const p of ['/version', '/api/tags', '/api/version']) {
      const r = await getJson(`${base}${p}`);
      expect(r.status).toBe(404);
      expect(r.body).toEqual(ERROR_404);
      expect(r.headers.get('connection')).toBe('close');
    }
  });

  it('serves a non-streaming chat completion for any model name', async () => {
    const r = await getJson(`${base}/v1/chat/completions`, post({ model: 'no-such-model', ...CHAT, max_tokens: 8, seed: 1 }));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      object: 'chat.completion',
      model: 'llmlb-tiny',
      choices: [{ index: 0, finish_reason: 'length', message: { role: 'assistant' } }],
      usage: { completion_tokens: 8 },
    });
    expect(String(r.body.id)).toMatch(/^chatcmpl-/);
    expect(typeof r.body.created).toBe('number');
    expect(typeof r.body.system_fingerprint).toBe('string');
    const usage = r.body.usage as Json;
    expect(usage.total_tokens).toBe(Number(usage.prompt_tokens) + 8);
    expect(usage.prompt_tokens_details).toHaveProperty('cached_tokens');
    expect(r.body.timings).toHaveProperty('predicted_n', 8);
    const choice = (r.body.choices as Json[])[0]!;
    expect(typeof (choice.message as Json).content).toBe('string');
  });

  it('cuts at a stop string with finish_reason "stop"', async () => {
    const req = { model: 'x', ...CHAT, max_tokens: 16, temperature: 0 };
    const full = await getJson(`${base}/v1/chat/completions`, post(req));
    const text = String(((full.body.choices as Json[])[0]!.message as Json).content);
    expect(text.length).toBeGreaterThan(8);
    const stopAt = text.slice(6, 8);
    const cut = await getJson(`${base}/v1/chat/completions`, post({ ...req, stop: [stopAt] }));
    const choice = (cut.body.choices as Json[])[0]!;
    expect(choice.finish_reason).toBe('stop');
    expect((choice.message as Json).content).toBe(text.slice(0, text.indexOf(stopAt)));
  });

  it('streams SSE: role chunk, content deltas, finish chunk, usage chunk, [DONE]', async () => {
    const res = await fetch(
      `${base}/v1/chat/completions`,
      post({ model: 'whatever', ...CHAT, max_tokens: 8, seed: 3, stream: true, stream_options: { include_usage: true } }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('server')).toBe('llama.cpp');
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const data = sseData(await res.text());
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d) as Json);
    const id = chunks[0]!.id;
    for (const c of chunks) {
      expect(c).toMatchObject({ id, object: 'chat.completion.chunk', model: 'llmlb-tiny' });
    }
    // first: role only, content null
    expect(chunks[0]!.choices).toEqual([{ finish_reason: null, index: 0, delta: { role: 'assistant', content: null } }]);
    // last two: the finish_reason chunk (empty delta), then usage with choices: []
    const usageChunk = chunks.at(-1)!;
    const finishChunk = chunks.at(-2)!;
    expect(finishChunk.choices).toEqual([{ finish_reason: 'length', index: 0, delta: {} }]);
    expect(finishChunk).not.toHaveProperty('usage');
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage).toMatchObject({ completion_tokens: 8 });
    expect(usageChunk).toHaveProperty('timings');
    // between them: content deltas only
    const deltas = chunks.slice(1, -2);
    expect(deltas.length).toBeGreaterThan(0);
    for (const c of deltas) {
      const choices = c.choices as Json[];
      expect(choices).toHaveLength(1);
      expect(choices[0]!.finish_reason).toBeNull();
      expect(Object.keys(choices[0]!.delta as Json)).toEqual(['content']);
    }
  });

  it('puts timings (no usage chunk) on the finish chunk without include_usage', async () => {
    const res = await fetch(`${base}/v1/chat/completions`, post({ model: 'x', ...CHAT, max_tokens: 4, stream: true }));
    const data = sseData(await res.text());
    expect(data.at(-1)).toBe('[DONE]');
    const last = JSON.parse(data.at(-2)!) as Json;
    expect(last.choices).toEqual([{ finish_reason: 'length', index: 0, delta: {} }]);
    expect(last).not.toHaveProperty('usage');
    expect(last).toHaveProperty('timings');
  });

  it('rejects an over-long prompt with 400 exceed_context_size_error (also when streaming)', async () => {
    const long = { model: 'x', messages: [{ role: 'user', content: 'the '.repeat(3000) }], max_tokens: 4 };
    for (const stream of [false, true]) {
      const r = await getJson(`${base}/v1/chat/completions`, post({ ...long, stream }));
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(r.body).toEqual({
        error: {
          code: 400,
          message: `request (3022 tokens) exceeds the available context size (1024 tokens), try increasing it`,
          type: 'exceed_context_size_error',
          n_prompt_tokens: 3022,
          n_ctx: 1024,
        },
      });
    }
  });

  it('answers embeddings with 501 without --embeddings', async () => {
    const r = await getJson(`${base}/v1/embeddings`, post({ model: 'x', input: 'hello' }));
    expect(r.status).toBe(501);
    expect(r.body).toEqual({
      error: {
        code: 501,
        message: 'This server does not support embeddings. Start it with `--embeddings`',
        type: 'not_supported_error',
      },
    });
  });

  it('answers a malformed request with 400 invalid_request_error', async () => {
    const r = await getJson(`${base}/v1/chat/completions`, post({ model: 'x', messages: 'nope' }));
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: { code: 400, message: "Expected 'messages' to be an array", type: 'invalid_request_error' },
    });
  });

  it('with --api-key: /health public, the rest 401 unless Bearer or X-Api-Key', async () => {
    const s = await startLlamaServer({ model: modelPath, apiKey: 'sekret' });
    try {
      expect((await getJson(`${s.baseUrl}/health`)).status).toBe(200);
      for (const p of ['/v1/models', '/props']) {
        const r = await getJson(`${s.baseUrl}${p}`);
        expect(r.status).toBe(401);
        expect(r.body).toEqual({ error: { message: 'Invalid API Key', type: 'authentication_error', code: 401 } });
        expect(r.headers.get('server')).toBe('llama.cpp');
      }
      const wrong = await getJson(`${s.baseUrl}/v1/models`, { headers: { authorization: 'Bearer nope' } });
      expect(wrong.status).toBe(401);
      const bearer = await getJson(`${s.baseUrl}/v1/models`, { headers: { authorization: 'Bearer sekret' } });
      expect(bearer.status).toBe(200);
      const xApiKey = await getJson(`${s.baseUrl}/v1/models`, { headers: { 'x-api-key': 'sekret' } });
      expect(xApiKey.status).toBe(200);
    } finally {
      await s.stop();
    }
  });

  it('with --embeddings and a pooling model: float and base64 embeddings', async () => {
    const m = await writeRandomLlamaGguf(join(dir, 'embed.gguf'), { nEmbd: 64, nLayer: 2, poolingType: 'mean' });
    const s = await startLlamaServer({ model: m.path, embeddings: true, alias: 'emb' });
    try {
      const f = await getJson(`${s.baseUrl}/v1/embeddings`, post({ model: 'x', input: 'hello' }));
      expect(f.status).toBe(200);
      expect(f.body).toMatchObject({ model: 'x', object: 'list', usage: { prompt_tokens: 5, total_tokens: 5 } });
      const d0 = (f.body.data as Json[])[0]!;
      expect(d0).toMatchObject({ index: 0, object: 'embedding' });
      expect(d0.embedding).toHaveLength(64);
      const b = await getJson(`${s.baseUrl}/v1/embeddings`, post({ model: 'x', input: ['hello', 'world'], encoding_format: 'base64' }));
      expect(b.status).toBe(200);
      const items = b.body.data as Json[];
      expect(items).toHaveLength(2);
      expect(items[1]).toMatchObject({ index: 1, object: 'embedding', encoding_format: 'base64' });
      expect(Buffer.from(String(items[0]!.embedding), 'base64').length).toBe(64 * 4);
    } finally {
      await s.stop();
    }
  });

  it('answers 503 "Loading model" on every route while the model loads', async () => {
    // A ~100 MB model keeps the loader busy for tens of ms after the port opens.
    const big = await writeRandomLlamaGguf(join(dir, 'big.gguf'), { nEmbd: 512, nLayer: 8 });
    const s = await startLlamaServer({ model: big.path, waitReady: false });
    const loading: Array<{ path: string; status: number; body: string }> = [];
    try {
      const deadline = Date.now() + 30_000;
      let healthy = false;
      while (!healthy && Date.now() < deadline && !s.exited()) {
        for (const p of ['/health', '/v1/models']) {
          try {
            const res = await fetch(`${s.baseUrl}${p}`);
            const body = await res.text();
            if (res.status === 503) loading.push({ path: p, status: res.status, body });
            else if (p === '/health' && res.status === 200) healthy = true;
          } catch {
            /* not listening yet */
          }
        }
      }
      expect(healthy).toBe(true);
      // The HTTP listener opens before the model is loaded; polling back-to-back catches
      // the window every time here (tens of 503s per start).
      expect(loading.length).toBeGreaterThan(0);
      expect(loading.some((l) => l.path === '/health')).toBe(true);
      for (const l of loading) {
        expect(JSON.parse(l.body)).toEqual({ error: { message: 'Loading model', type: 'unavailable_error', code: 503 } });
      }
    } finally {
      await s.stop();
    }
  });
});
