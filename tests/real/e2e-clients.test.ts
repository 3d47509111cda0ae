// The published client libraries through llmlb to real llama-servers: the openai SDK, the Vercel
// AI SDK, LangChain and compatcanary.
//
// Skips without the binary unless LLMLB_REAL=1 (then a missing binary fails).

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { createOpenAI } from '@ai-sdk/openai';
import { ChatOpenAI, OpenAI as LangChainOpenAI } from '@langchain/openai';
import { generateText, streamText } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, waitFor, type TestApp } from '../helpers/app.js';
import { gate, removeModels, startLlmlb, startServers, stopAll, writeModels, type ModelFiles } from './fleet.js';
import type { LlamaServer } from './llama-server.js';

if (gate.skipReason) console.warn(`[e2e-clients] skipped: ${gate.skipReason}`);
const suite = gate.bin ? describe : describe.skip;

const TINY = 'llmlb-tiny';
const FINISH = ['stop', 'length'];

suite('client libraries through llmlb to real llama-servers', () => {
  let models: ModelFiles | undefined;
  let chatSrv: LlamaServer | undefined;
  let embedSrv: LlamaServer | undefined;
  let app: TestApp | undefined;
  let base = '';
  /** Without -a, llama-server names the model by the -m path as given: slashes and all. */
  let embedModel = '';
  let oa: OpenAI;

  beforeAll(async () => {
    models = await writeModels(['tiny', 'embed']);
    embedModel = models.embed;
    [chatSrv, embedSrv] = await startServers([
      { model: models.tiny, alias: TINY, ctxSize: 2048, parallel: 2 },
      { model: models.embed, embeddings: true, pooling: 'mean' },
    ]);
    const started = await startLlmlb([
      { name: 'llama-chat', url: chatSrv!.baseUrl, model: TINY },
      { name: 'llama-embed', url: embedSrv!.baseUrl, model: embedModel },
    ]);
    app = started.app;
    base = app.url;
    oa = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'x', maxRetries: 0 });
  });

  interface LogRow {
    readonly id: number;
    readonly path: string;
    readonly stream: boolean;
    readonly status: number;
    readonly completion_tokens: number | null;
  }
  const requestLog = async (): Promise<LogRow[]> => (await call(base, 'GET', '/v0/requests?limit=500')).body.requests as LogRow[];
  /** The log once it holds `n` rows (it is written in batches). */
  const waitRows = (n: number): Promise<LogRow[]> => waitFor(async () => {
    const rows = await requestLog();
    return rows.length >= n ? rows : null;
  }, 5000, 100) as Promise<LogRow[]>;

  afterAll(async () => {
    await stopAll([chatSrv, embedSrv], app);
    await removeModels(models);
  });

  describe('openai SDK', () => {
    it('chat completion', async () => {
      const r = await oa.chat.completions.create({ model: TINY, messages: [{ role: 'user', content: 'hello' }], max_tokens: 8 });
      expect(r.object).toBe('chat.completion');
      expect(r.model).toBe(TINY);
      expect(typeof r.choices[0]!.message.content).toBe('string');
      expect(FINISH).toContain(r.choices[0]!.finish_reason);
      expect(r.usage).toMatchObject({ completion_tokens: expect.any(Number), prompt_tokens: expect.any(Number) });
    });

    it('streaming with include_usage: deltas, a finish reason, usage last', async () => {
      const stream = await oa.chat.completions.create({
        model: TINY,
        messages: [{ role: 'user', content: 'hello' }],
        max_tokens: 12,
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let finish: string | null = null;
      let usage: OpenAI.CompletionUsage | null | undefined;
      for await (const c of stream) {
        text += c.choices[0]?.delta?.content ?? '';
        finish = c.choices[0]?.finish_reason ?? finish;
        if (c.usage) usage = c.usage;
      }
      expect(text.length).toBeGreaterThan(0);
      expect(FINISH).toContain(finish);
      expect(usage?.completion_tokens).toBeGreaterThan(0);
      expect(usage!.completion_tokens).toBeLessThanOrEqual(12);
    });

    it('embeddings with the default base64 decode to the same vectors llama-server gives as floats', async () => {
      const e = await oa.embeddings.create({ model: embedModel, input: ['hello world', 'load balancer'] });
      expect(e.data).toHaveLength(2);
      expect(e.data[0]!.embedding).toHaveLength(64);
      const direct = (await (
        await fetch(`${embedSrv!.baseUrl}/v1/embeddings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'x', input: ['hello world', 'load balancer'] }),
        })
      ).json()) as { data: Array<{ embedding: number[] }> };
      for (let i = 0; i < 2; i++) {
        const want = direct.data[i]!.embedding;
        e.data[i]!.embedding.forEach((v, j) => expect(v).toBeCloseTo(want[j]!, 5));
      }
      const floats = await oa.embeddings.create({ model: embedModel, input: 'hello world', encoding_format: 'float' });
      expect(floats.data[0]!.embedding[0]).toBeCloseTo(direct.data[0]!.embedding[0]!, 5);
    });

    it('models.list and models.retrieve (a path-shaped id included)', async () => {
      const ids: string[] = [];
      for await (const m of oa.models.list()) ids.push(m.id);
      expect(ids).toEqual(expect.arrayContaining([TINY, embedModel]));
      expect((await oa.models.retrieve(TINY)).id).toBe(TINY);
      expect((await oa.models.retrieve(embedModel)).id).toBe(embedModel);
    });

    it('responses.create plain and streamed (translated to chat completions for llama.cpp)', async () => {
      const plain = await oa.responses.create({ model: TINY, input: 'hello', max_output_tokens: 8 });
      expect(plain).toMatchObject({ object: 'response', model: TINY });
      expect(['completed', 'incomplete']).toContain(plain.status);
      expect(plain.output_text.length).toBeGreaterThan(0);
      const types: string[] = [];
      let text = '';
      for await (const e of await oa.responses.create({ model: TINY, input: 'hello', max_output_tokens: 8, stream: true })) {
        types.push(e.type);
        if (e.type === 'response.output_text.delta') text += e.delta;
      }
      expect(text.length).toBeGreaterThan(0);
      expect(types[0]).toBe('response.created');
      expect(types.at(-1)).toBe('response.completed');
    });
  });

  describe('Vercel AI SDK', () => {
    // llama-server's own Responses stream lacks output_index, sequence_number and created_at/model,
    // which the AI SDK's default provider requires; llmlb translates /v1/responses to chat completions
    // for llama.cpp endpoints, so both work.
    const provider = () => createOpenAI({ baseURL: `${base}/v1`, apiKey: 'x' });

    it('generateText over the Responses API', async () => {
      const r = await generateText({ model: provider()(TINY), prompt: 'hello', maxOutputTokens: 8, maxRetries: 0 });
      expect(r.text.length).toBeGreaterThan(0);
      expect(FINISH).toContain(r.finishReason);
      expect(r.usage.outputTokens).toBeGreaterThan(0);
    });

    it('streamText over the Responses API ends with a finish reason, no error', async () => {
      const errors: unknown[] = [];
      const r = streamText({ model: provider()(TINY), prompt: 'hello', maxOutputTokens: 8, maxRetries: 0, onError: (e) => void errors.push(e) });
      let text = '';
      for await (const t of r.textStream) text += t;
      expect(errors).toEqual([]);
      expect(text.length).toBeGreaterThan(0);
      expect(FINISH).toContain(await r.finishReason);
      const usage = await r.usage;
      expect(usage.outputTokens).toBeGreaterThan(0);
      expect(usage.outputTokens).toBeLessThanOrEqual(8);
    });

    it('generateText and streamText over chat completions (.chat)', async () => {
      const g = await generateText({ model: provider().chat(TINY), prompt: 'hello', maxOutputTokens: 8, maxRetries: 0 });
      expect(g.text.length).toBeGreaterThan(0);
      expect(FINISH).toContain(g.finishReason);
      const s = streamText({ model: provider().chat(TINY), prompt: 'hello', maxOutputTokens: 8, maxRetries: 0 });
      let text = '';
      for await (const t of s.textStream) text += t;
      expect(text.length).toBeGreaterThan(0);
      expect(FINISH).toContain(await s.finishReason);
      expect((await s.usage).outputTokens).toBeGreaterThan(0);
    });
  });

  describe('LangChain', () => {
    const opts = () => ({ model: TINY, apiKey: 'x', configuration: { baseURL: `${base}/v1` }, maxRetries: 0, maxTokens: 8 });

    it('ChatOpenAI invoke and stream (usage from include_usage)', async () => {
      const chat = new ChatOpenAI(opts());
      const m = await chat.invoke('hello');
      expect(typeof m.content).toBe('string');
      expect(m.usage_metadata?.output_tokens).toBeGreaterThan(0);
      let text = '';
      let outputTokens = 0;
      for await (const c of await chat.stream('hello')) {
        text += typeof c.content === 'string' ? c.content : '';
        outputTokens += c.usage_metadata?.output_tokens ?? 0;
      }
      expect(text.length).toBeGreaterThan(0);
      expect(outputTokens).toBeGreaterThan(0);
    });

    it('OpenAI completions: invoke (array prompt), batch and stream', async () => {
      const llm = new LangChainOpenAI(opts());
      expect(typeof (await llm.invoke('Once upon a time'))).toBe('string');
      const two = await llm.batch(['Once', 'upon']);
      expect(two).toHaveLength(2);
      let text = '';
      for await (const t of await new LangChainOpenAI({ ...opts(), streaming: true }).stream('Once upon a time')) text += t;
      expect(text.length).toBeGreaterThan(0);
    });
  });

  it('logs tokens of streamed chat and completions (usage on llama.cpp\'s finish chunk) in the request log', async () => {
    const before = await requestLog();
    const chat = await oa.chat.completions.create({ model: TINY, messages: [{ role: 'user', content: 'hi' }], max_tokens: 5, stream: true, stream_options: { include_usage: true } });
    for await (const _ of chat) void _;
    // llama.cpp puts usage on the finish chunk of /v1/completions streams, include_usage or not.
    const cmpl = await oa.completions.create({ model: TINY, prompt: 'Once', max_tokens: 7, stream: true });
    for await (const _ of cmpl) void _;
    const seen = new Set(before.map((r) => r.id));
    const rows = (await waitRows(before.length + 2)).filter((r) => !seen.has(r.id));
    expect(rows.find((r) => r.path === '/v1/chat/completions' && r.stream)).toMatchObject({ status: 200, completion_tokens: 5 });
    expect(rows.find((r) => r.path === '/v1/completions' && r.stream)).toMatchObject({ status: 200, completion_tokens: 7 });
  });

  it('compatcanary (modern profile): every probe passes except the forced tool call', async () => {
    const cli = join(process.cwd(), 'node_modules', 'compatcanary', 'src', 'cli.js');
    const out = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [cli, 'scan', '--base-url', `${base}/v1`, '--model', TINY, '--profile', 'modern', '--format', 'json'],
        { timeout: 60_000, env: { ...process.env, OPENAI_API_KEY: '' } },
        // Exit 1 = a required probe failed (the tool call); anything else is a scanner error.
        (err, stdout, stderr) => (err && err.code !== 1 ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
      );
    });
    const report = JSON.parse(out) as { schemaVersion: string; results: Array<{ id: string; status: string; summary: string }> };
    expect(report.schemaVersion).toBe('compatcanary.report.v1');
    const byId = Object.fromEntries(report.results.map((r) => [r.id, `${r.status}: ${r.summary}`]));
    expect(Object.keys(byId).sort()).toEqual(
      ['chat.basic', 'chat.streaming', 'chat.structured_output', 'chat.tool_call', 'models.list', 'responses.basic', 'responses.streaming'].sort(),
    );
    for (const r of report.results) {
      // Random weights never choose to call a tool, and llama-server ignores an object tool_choice.
      if (r.id === 'chat.tool_call') expect(r.status).toBe('fail');
      else expect(`${r.id} ${byId[r.id]}`).toMatch(new RegExp(`^${r.id.replace('.', '\\.')} pass: `));
    }
  });
});
