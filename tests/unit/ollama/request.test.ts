import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/util/errors.js';
import {
  chatBody,
  embedBody,
  generateBody,
  isLoadOnly,
  openAiOptions,
  parseOllamaRequest,
  responseFormat,
  translateRequest,
} from '../../../src-main/gateway/ollama/request.js';

const req = (kind: 'chat' | 'generate' | 'embed' | 'embeddings', body: unknown) => parseOllamaRequest(kind, Buffer.from(JSON.stringify(body)));

describe('parseOllamaRequest', () => {
  it('streams by default for chat and generate, never for embeddings', () => {
    expect(req('chat', { model: 'm', messages: [] }).stream).toBe(true);
    expect(req('chat', { model: 'm', stream: false }).stream).toBe(false);
    expect(req('generate', { model: 'm', stream: true }).stream).toBe(true);
    expect(req('embed', { model: 'm', input: 'x' }).stream).toBe(false);
    expect(req('embeddings', { model: 'm', prompt: 'x', stream: true }).stream).toBe(false);
  });

  it('takes the legacy `name`, rejects bad JSON, non-objects and a missing model with 400', () => {
    expect(req('generate', { name: 'old' }).model).toBe('old');
    const bad = (raw: string) => {
      try {
        parseOllamaRequest('chat', Buffer.from(raw));
      } catch (e) {
        return e as AppError;
      }
      throw new Error('no error');
    };
    expect(bad('{nope').status).toBe(400);
    expect(bad('[1,2]').message).toMatch(/JSON object/);
    expect(bad('{"messages":[]}').message).toBe('model is required');
  });

  it('recognises load-only requests', () => {
    expect(isLoadOnly(req('chat', { model: 'm' }))).toBe(true);
    expect(isLoadOnly(req('chat', { model: 'm', messages: [] }))).toBe(true);
    expect(isLoadOnly(req('generate', { model: 'm', prompt: '' }))).toBe(true);
    expect(isLoadOnly(req('generate', { model: 'm', prompt: 'hi' }))).toBe(false);
    expect(isLoadOnly(req('embed', { model: 'm', input: [] }))).toBe(true);
    expect(isLoadOnly(req('embeddings', { model: 'm' }))).toBe(true);
  });
});

describe('options and format', () => {
  it('maps the OpenAI sampling options and ignores server settings', () => {
    const opts = { temperature: 0.3, top_p: 0.9, seed: 7, frequency_penalty: 0.1, presence_penalty: 0.2, num_predict: 64, stop: ['\n\n', ''], num_ctx: 8192, num_gpu: 1 };
    expect(openAiOptions(opts, 'openai_compatible')).toEqual({ temperature: 0.3, top_p: 0.9, seed: 7, frequency_penalty: 0.1, presence_penalty: 0.2, max_tokens: 64, stop: ['\n\n'] });
  });

  it('drops num_predict -1/-2 and wraps a single stop string', () => {
    expect(openAiOptions({ num_predict: -1, stop: 'END' }, 'vllm')).toEqual({ stop: ['END'] });
  });

  it('sends top_k, min_p and the repeat penalty only to servers that take them', () => {
    const o = { top_k: 40, min_p: 0.05, repeat_penalty: 1.1 };
    expect(openAiOptions(o, 'openai_compatible')).toEqual({});
    expect(openAiOptions(o, 'llama_cpp')).toEqual({ top_k: 40, min_p: 0.05, repeat_penalty: 1.1 });
    expect(openAiOptions(o, 'vllm')).toEqual({ top_k: 40, min_p: 0.05, repetition_penalty: 1.1 });
  });

  it('format: "json" → json_object, a schema → json_schema, anything else → none', () => {
    expect(responseFormat('json')).toEqual({ type: 'json_object' });
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };
    expect(responseFormat(schema)).toEqual({ type: 'json_schema', json_schema: { name: 'response', schema } });
    expect(responseFormat('')).toBeUndefined();
    expect(responseFormat(undefined)).toBeUndefined();
  });
});

describe('bodies', () => {
  it('chat: messages, tools, usage in streams, format and options; keep_alive and think are ignored', () => {
    const tools = [{ type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object', properties: {} } } }];
    const body = chatBody(
      req('chat', { model: 'm', messages: [{ role: 'user', content: 'hi' }], tools, format: 'json', options: { temperature: 0 }, keep_alive: '5m', think: true }),
      'vllm',
    );
    expect(body).toEqual({
      model: 'm',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
      response_format: { type: 'json_object' },
      messages: [{ role: 'user', content: 'hi' }],
      tools,
    });
    expect(chatBody(req('chat', { model: 'm', messages: [], stream: false }), 'vllm')).not.toHaveProperty('stream_options');
  });

  it('generate: system + prompt (+ images) as chat messages by default', () => {
    const { path, body } = generateBody(req('generate', { model: 'm', prompt: 'why?', system: 'be brief', images: ['iVBORw0KGgoAAA'], stream: false }), 'vllm');
    expect(path).toBe('/v1/chat/completions');
    expect(body.messages).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: [{ type: 'text', text: 'why?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgoAAA' } }] },
    ]);
  });

  it('generate: raw or suffix → /v1/completions with the prompt verbatim', () => {
    const raw = generateBody(req('generate', { model: 'm', prompt: '<s>[INST] x', raw: true, options: { num_predict: 5 } }), 'llama_cpp');
    expect(raw).toEqual({ path: '/v1/completions', body: { model: 'm', stream: true, stream_options: { include_usage: true }, max_tokens: 5, prompt: '<s>[INST] x' } });
    const fim = generateBody(req('generate', { model: 'm', prompt: 'def f(', suffix: '    return x' }), 'vllm');
    expect(fim.path).toBe('/v1/completions');
    expect(fim.body.suffix).toBe('    return x');
  });

  it('embed: input and dimensions; legacy embeddings: prompt → input; bad input is a 400', () => {
    expect(embedBody(req('embed', { model: 'e', input: ['a', 'b'], dimensions: 4, truncate: true }))).toEqual({ model: 'e', input: ['a', 'b'], dimensions: 4 });
    expect(translateRequest(req('embeddings', { model: 'e', prompt: 'a' }), 'vllm')).toEqual({ path: '/v1/embeddings', body: { model: 'e', input: 'a' } });
    expect(() => embedBody(req('embed', { model: 'e', input: [1, 2] }))).toThrow(/invalid input type/);
  });
});
