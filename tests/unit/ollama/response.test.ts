import { describe, expect, it } from 'vitest';
import { floatsToBase64 } from '../../../src-main/gateway/v1/embeddings.js';
import { ollamaErrorResult, openAiToOllama } from '../../../src-main/gateway/ollama/transform-buffered.js';
import {
  completionToOllama,
  embeddingsToOllama,
  loadOnlyReply,
  type ReplyContext,
  upstreamErrorMessage,
} from '../../../src-main/gateway/ollama/response.js';

const rc = (kind: ReplyContext['kind']): ReplyContext => ({ kind, model: 'asked-name', now: () => 2_000, elapsed: () => 1_000 });

describe('completionToOllama', () => {
  const completion = {
    id: 'x',
    object: 'chat.completion',
    model: 'upstream-name',
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hello.' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 10, completion_tokens: 30, total_tokens: 40 },
  };

  it('chat: Ollama shape with the asked name, counts from usage and nanosecond durations', () => {
    const out = completionToOllama(completion, rc('chat'));
    expect(out).toEqual({
      model: 'asked-name',
      created_at: new Date(2_000).toISOString(),
      message: { role: 'assistant', content: 'Hello.' },
      done: true,
      done_reason: 'stop',
      total_duration: 1_000_000_000,
      load_duration: 0,
      prompt_eval_count: 10,
      prompt_eval_duration: 250_000_000,
      eval_count: 30,
      eval_duration: 750_000_000,
    });
  });

  it('uses llama.cpp timings when present; length → done_reason length; generate has response + context', () => {
    const out = completionToOllama(
      { ...completion, choices: [{ index: 0, text: 'abc', finish_reason: 'length' }], timings: { prompt_ms: 12.5, predicted_ms: 80 } },
      rc('generate'),
    );
    expect(out).toMatchObject({ response: 'abc', done: true, done_reason: 'length', context: [], prompt_eval_duration: 12_500_000, eval_duration: 80_000_000 });
    expect(out).not.toHaveProperty('message');
  });

  it('tool calls come back with object arguments; reasoning_content becomes thinking', () => {
    const out = completionToOllama(
      {
        choices: [
          {
            message: { role: 'assistant', content: null, reasoning_content: 'hmm', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"x":1}' } }] },
            finish_reason: 'tool_calls',
          },
        ],
      },
      rc('chat'),
    );
    expect(out.message).toEqual({ role: 'assistant', content: '', thinking: 'hmm', tool_calls: [{ id: 'c1', function: { index: 0, name: 'f', arguments: { x: 1 } } }] });
    expect(out.done_reason).toBe('stop');
  });
});

describe('embeddings', () => {
  const body = { object: 'list', data: [{ index: 1, embedding: [0.5, 0.25] }, { index: 0, embedding: floatsToBase64([1, 2]) }], usage: { prompt_tokens: 4 } };

  it('/api/embed: vectors in input order (base64 decoded), prompt_eval_count from usage', () => {
    expect(embeddingsToOllama(body, rc('embed'))).toEqual({
      model: 'asked-name',
      embeddings: [
        [1, 2],
        [0.5, 0.25],
      ],
      total_duration: 1_000_000_000,
      load_duration: 0,
      prompt_eval_count: 4,
    });
  });

  it('/api/embeddings (legacy): just the first vector', () => {
    expect(embeddingsToOllama(body, rc('embeddings'))).toEqual({ embedding: [1, 2] });
  });
});

describe('errors and load-only', () => {
  it('finds the message in every upstream error shape', () => {
    expect(upstreamErrorMessage(404, '{"error":{"message":"The model `x` does not exist.","type":"NotFoundError"}}')).toBe('The model `x` does not exist.');
    expect(upstreamErrorMessage(400, '{"error":"bad thing"}')).toBe('bad thing');
    expect(upstreamErrorMessage(404, '{"detail":"Not Found"}')).toBe('Not Found');
    expect(upstreamErrorMessage(500, 'plain text')).toBe('plain text');
    expect(upstreamErrorMessage(502, '<html>gateway</html>')).toBe('upstream answered HTTP 502');
  });

  it('buffered transform: errors keep the status in Ollama shape; invalid JSON is a 502', () => {
    const t = openAiToOllama(rc('chat'));
    if (t.kind !== 'buffered') throw new Error('expected buffered');
    expect(t.apply(400, Buffer.from('{"error":{"message":"too long"}}'), 'application/json')).toMatchObject({ status: 400, body: '{"error":"too long"}' });
    expect(t.apply(200, Buffer.from('<<not json'), 'text/plain')).toMatchObject({ status: 502 });
    expect(ollamaErrorResult(503, Buffer.from('')).body).toBe('{"error":"upstream answered HTTP 503"}');
  });

  it('load-only replies', () => {
    expect(loadOnlyReply(rc('chat'), false)).toMatchObject({ message: { role: 'assistant', content: '' }, done: true, done_reason: 'load' });
    expect(loadOnlyReply(rc('generate'), true)).toMatchObject({ response: '', done: true, done_reason: 'unload' });
    expect(loadOnlyReply(rc('embeddings'), false)).toEqual({ embedding: [] });
  });
});
