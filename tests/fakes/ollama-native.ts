/** Ollama's native `/api/*` routes: version, tags, ps, show, chat, generate, embed(dings), pull, delete. */
import { createHash } from 'node:crypto';
import { type FakeContext, type FakeModel, type Route, countTokens, embedVector, replyPieces, route } from './common.js';
import type { OllamaFake, OllamaOptions } from './ollama.js';
import { NDJSON_HEADERS, ndjson, sendJson, sendJsonNow, sendStream } from './send.js';
import type { FakeHandle } from './server.js';

type Body = Record<string, unknown>;

const EMBED_NAME = /embed|bge|minilm|e5/i;

function digest(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** Finds a model as Ollama does: exact name, or the name with `:latest` added. */
export function findOllamaModel(models: readonly FakeModel[], name: unknown): FakeModel | undefined {
  if (typeof name !== 'string' || name === '') return undefined;
  return models.find((m) => m.id === name) ?? models.find((m) => m.id === `${name}:latest`);
}

function details(m: FakeModel): Record<string, unknown> {
  const family = m.family ?? m.arch ?? (EMBED_NAME.test(m.id) ? 'nomic-bert' : 'llama');
  return {
    parent_model: '',
    format: 'gguf',
    family,
    families: [family],
    parameter_size: m.parameterSize ?? (EMBED_NAME.test(m.id) ? '137M' : '3.2B'),
    quantization_level: m.quantization ?? (EMBED_NAME.test(m.id) ? 'F16' : 'Q4_K_M'),
  };
}

function tag(m: FakeModel): Record<string, unknown> {
  return {
    name: m.id,
    model: m.id,
    modified_at: '2025-06-01T12:00:00.123456789Z',
    size: m.size ?? 2_019_393_189,
    digest: digest(m.id),
    details: details(m),
  };
}

function body(ctx: FakeContext): Body {
  return typeof ctx.body === 'object' && ctx.body !== null ? (ctx.body as Body) : {};
}

/** Ollama reports durations in nanoseconds. */
function timings(promptTokens: number, evalCount: number): Record<string, number> {
  return {
    total_duration: 123_456_789,
    load_duration: 12_345_678,
    prompt_eval_count: promptTokens,
    prompt_eval_duration: 23_456_789,
    eval_count: evalCount,
    eval_duration: 87_654_321,
  };
}

function now(): string {
  return new Date().toISOString().replace('Z', '123456Z');
}

/** The native routes of an Ollama fake. */
export function ollamaNativeRoutes(f: FakeHandle<OllamaOptions>, loaded: OllamaFake['loaded']): Route[] {
  const o = f.options;
  const err = (ctx: FakeContext, status: number, message: string): void => sendJsonNow(ctx, status, { error: message });
  const model = (ctx: FakeContext, field: unknown): FakeModel | undefined => {
    const m = findOllamaModel(f.models, field);
    if (!m) err(ctx, 404, `model "${String(field)}" not found, try pulling it first`);
    return m;
  };

  /** One generation (chat or generate): NDJSON stream by default, single JSON with `stream:false`. */
  const generate = async (ctx: FakeContext, kind: 'chat' | 'generate'): Promise<void> => {
    const b = body(ctx);
    const m = model(ctx, b.model);
    if (!m) return;
    const caps = m.capabilities ?? (EMBED_NAME.test(m.id) ? ['embedding'] : ['completion']);
    if (!caps.includes('completion')) return err(ctx, 400, `"${m.id}" does not support ${kind}`);
    loaded.add(m.id);
    const input = kind === 'chat' ? b.messages : b.prompt;
    // An empty request only loads the model.
    if (input === undefined || input === '' || (Array.isArray(input) && input.length === 0)) {
      const out = { model: m.id, created_at: now(), ...(kind === 'chat' ? { message: { role: 'assistant', content: '' } } : { response: '' }), done_reason: 'load', done: true };
      return void (await sendJson(ctx, 200, out));
    }
    const opts = (b.options ?? {}) as { num_predict?: number };
    const pieces = replyPieces(o, opts.num_predict);
    const part = (text: string): Record<string, unknown> =>
      kind === 'chat' ? { message: { role: 'assistant', content: text } } : { response: text };
    const last = {
      model: m.id,
      created_at: now(),
      ...part(''),
      done_reason: opts.num_predict !== undefined && opts.num_predict < replyPieces(o).length ? 'length' : 'stop',
      done: true,
      ...(kind === 'generate' ? { context: [128006, 882, 128007] } : {}),
      ...timings(countTokens(input), pieces.length),
    };
    if (b.stream === false) {
      await sendJson(ctx, 200, { ...last, ...part(pieces.join('')) });
      return;
    }
    const lines = pieces.map((p) => ndjson({ model: m.id, created_at: now(), ...part(p), done: false }));
    await sendStream(ctx, { headers: NDJSON_HEADERS, pieces: [...lines, ndjson(last)] });
  };

  const pull = async (ctx: FakeContext): Promise<void> => {
    const b = body(ctx);
    const name = typeof b.model === 'string' ? b.model : typeof b.name === 'string' ? b.name : '';
    if (!name) return err(ctx, 400, 'model is required');
    const layers = Math.max(1, o.pullLayers ?? 2);
    const steps = 4;
    const lines: string[] = [ndjson({ status: 'pulling manifest' })];
    for (let l = 0; l < layers; l++) {
      const d = digest(`${name}#${l}`);
      const total = 1_000_000 * (l + 1);
      for (let s = 0; s <= steps; s++) {
        lines.push(ndjson({ status: `pulling ${d.slice(0, 12)}`, digest: `sha256:${d}`, total, completed: Math.round((total * s) / steps) }));
      }
    }
    lines.push(ndjson({ status: 'verifying sha256 digest' }), ndjson({ status: 'writing manifest' }), ndjson({ status: 'success' }));
    const duration = o.pullDurationMs ?? 300;
    if (o.pullFail) lines.splice(Math.floor(lines.length / 2), lines.length, ndjson({ error: o.pullFail }));
    const finish = (): void => {
      if (!o.pullFail && !findOllamaModel(f.models, name)) f.models.push({ id: name.includes(':') ? name : `${name}:latest` });
    };
    if (b.stream === false) {
      await ctx.sleep(duration);
      if (ctx.closed()) return;
      if (o.pullFail) return err(ctx, 500, o.pullFail);
      finish();
      return void (await sendJson(ctx, 200, { status: 'success' }));
    }
    const complete = await sendStream(ctx, { headers: NDJSON_HEADERS, pieces: lines, delayMs: duration / lines.length });
    if (complete) finish();
  };

  return [
    route('GET', '/api/version', (ctx) => sendJson(ctx, 200, { version: o.version ?? '0.12.6' })),
    route('GET', '/api/tags', (ctx) => sendJson(ctx, 200, { models: f.models.map(tag) })),
    route('GET', '/api/ps', (ctx) =>
      sendJson(ctx, 200, {
        models: f.models
          .filter((m) => loaded.has(m.id))
          .map((m) => ({ ...tag(m), expires_at: new Date(Date.now() + 300_000).toISOString(), size_vram: m.size ?? 2_019_393_189, context_length: m.numCtx ?? 4096 })),
      }),
    ),
    route('POST', '/api/show', (ctx) => {
      const b = body(ctx);
      const field = b.model ?? b.name;
      if (!field) return err(ctx, 400, 'model is required');
      const m = findOllamaModel(f.models, field);
      if (!m) return err(ctx, 404, `model '${String(field)}' not found`);
      const arch = m.arch ?? m.family ?? (EMBED_NAME.test(m.id) ? 'nomic-bert' : 'llama');
      // Ollama pads parameter names to a column; `parameters` is absent when nothing is set.
      const parameters = m.numCtx !== undefined ? `${'num_ctx'.padEnd(30)} ${m.numCtx}\n${'stop'.padEnd(30)} "<|eot_id|>"` : undefined;
      return sendJson(ctx, 200, {
        license: 'LICENSE TEXT',
        modelfile: `FROM ${m.id}\n`,
        ...(parameters !== undefined ? { parameters } : {}),
        template: '{{ .Prompt }}',
        details: details(m),
        model_info: {
          'general.architecture': arch,
          'general.parameter_count': 3_212_749_888,
          [`${arch}.context_length`]: m.contextLength ?? 131072,
          [`${arch}.embedding_length`]: 3072,
        },
        capabilities: m.capabilities ?? (EMBED_NAME.test(m.id) ? ['embedding'] : ['completion', 'tools']),
        modified_at: '2025-06-01T12:00:00.123456789Z',
      });
    }),
    route('POST', '/api/chat', (ctx) => generate(ctx, 'chat')),
    route('POST', '/api/generate', (ctx) => generate(ctx, 'generate')),
    route('POST', '/api/embed', async (ctx) => {
      const b = body(ctx);
      const m = model(ctx, b.model);
      if (!m) return;
      const inputs = typeof b.input === 'string' ? [b.input] : Array.isArray(b.input) ? b.input : [];
      if (inputs.length === 0) return err(ctx, 400, 'invalid input type');
      loaded.add(m.id);
      const dims = o.embeddingDims ?? 8;
      await sendJson(ctx, 200, {
        model: m.id,
        embeddings: inputs.map((x) => embedVector(x, dims)),
        total_duration: 14_143_917,
        load_duration: 1_019_500,
        prompt_eval_count: countTokens(b.input),
      });
    }),
    route('POST', '/api/embeddings', async (ctx) => {
      const b = body(ctx);
      const m = model(ctx, b.model);
      if (!m) return;
      loaded.add(m.id);
      await sendJson(ctx, 200, { embedding: embedVector(b.prompt ?? '', o.embeddingDims ?? 8) });
    }),
    route('POST', '/api/pull', pull),
    route('DELETE', '/api/delete', (ctx) => {
      const b = body(ctx);
      const field = b.model ?? b.name;
      const i = f.models.findIndex((m) => m === findOllamaModel(f.models, field));
      if (i === -1) return err(ctx, 404, `model '${String(field)}' not found`);
      f.models.splice(i, 1);
      loaded.delete(String(field));
      ctx.res.writeHead(200).end();
    }),
  ];
}
