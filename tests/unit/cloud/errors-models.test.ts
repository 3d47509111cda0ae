import { describe, expect, it } from 'vitest';
import { convertEmbeddings, floatsToBase64 } from '../../../src-main/cloud/embeddings.js';
import { toOpenAiError } from '../../../src-main/cloud/errors.js';
import { parseModelList } from '../../../src-main/cloud/models.js';
import { keyEnvVar, parseCloudModel } from '../../../src-main/cloud/types.js';

describe('toOpenAiError', () => {
  it('keeps OpenAI-shaped errors, naming the provider', () => {
    const body = JSON.stringify({ error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
    expect(toOpenAiError('openai', 401, body)).toEqual({
      error: { message: 'openai: Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
    });
  });

  it("unwraps Gemini's list-wrapped errors", () => {
    const body = JSON.stringify([{ error: { code: 400, message: 'API key not valid.', status: 'INVALID_ARGUMENT' } }]);
    expect(toOpenAiError('google', 400, body)).toEqual({
      error: { message: 'google: API key not valid.', type: 'invalid_request_error', param: null, code: 'INVALID_ARGUMENT' },
    });
  });

  it("maps Anthropic's error types", () => {
    const err = (status: number, type: string) => toOpenAiError('anthropic', status, JSON.stringify({ type: 'error', error: { type, message: 'm' } })).error;
    expect(err(401, 'authentication_error')).toEqual({ message: 'anthropic: m', type: 'authentication_error', param: null, code: 'authentication_error' });
    expect(err(404, 'not_found_error').type).toBe('invalid_request_error');
    expect(err(429, 'rate_limit_error').type).toBe('rate_limit_error');
    expect(err(529, 'overloaded_error').type).toBe('server_error');
  });

  it('wraps non-JSON bodies with a type from the status', () => {
    expect(toOpenAiError('openai', 502, '<html>Bad gateway</html>').error).toEqual({
      message: 'openai: <html>Bad gateway</html>',
      type: 'server_error',
      param: null,
      code: null,
    });
    expect(toOpenAiError('openai', 503, '').error.message).toBe('openai: HTTP 503');
  });
});

describe('parseModelList', () => {
  it('prefixes ids, strips Gemini models/ and reads created / created_at', () => {
    expect(parseModelList('openai', { data: [{ id: 'gpt-4o', created: 5 }] }, 9)).toEqual([{ id: 'openai:gpt-4o', object: 'model', created: 5, owned_by: 'openai' }]);
    expect(parseModelList('google', { data: [{ id: 'models/gemini-2.5-flash' }, { id: 'models/gemini-2.5-flash' }] }, 9)).toEqual([
      { id: 'google:gemini-2.5-flash', object: 'model', created: 9, owned_by: 'google' },
    ]);
    expect(parseModelList('anthropic', { data: [{ id: 'claude-x', created_at: '2025-09-29T00:00:00Z' }] }, 9)[0]!.created).toBe(1759104000);
  });

  it('gives [] for unknown shapes', () => {
    expect(parseModelList('openai', null, 1)).toEqual([]);
    expect(parseModelList('openai', { models: [] }, 1)).toEqual([]);
  });
});

describe('cloud model names', () => {
  it('splits only known prefixes', () => {
    expect(parseCloudModel('anthropic:claude-x')).toEqual({ provider: 'anthropic', model: 'claude-x' });
    expect(parseCloudModel('google:gemini-2.5-flash')).toEqual({ provider: 'google', model: 'gemini-2.5-flash' });
    expect(parseCloudModel('openai:ft:gpt-4o:org::id')).toEqual({ provider: 'openai', model: 'ft:gpt-4o:org::id' });
    expect(parseCloudModel('llama3:8b')).toBeNull();
    expect(parseCloudModel('gpt-4o')).toBeNull();
    expect(keyEnvVar('anthropic')).toBe('ANTHROPIC_API_KEY');
  });
});

describe('convertEmbeddings', () => {
  it('turns float vectors into base64 float32 and leaves base64 alone', () => {
    const b64 = floatsToBase64([1, -0.5]);
    expect(Buffer.from(b64, 'base64').readFloatLE(4)).toBe(-0.5);
    expect(convertEmbeddings({ object: 'list', data: [{ index: 0, embedding: [1, -0.5] }] })).toEqual({ object: 'list', data: [{ index: 0, embedding: b64 }] });
    expect(convertEmbeddings({ data: [{ embedding: 'AAAA' }] })).toBeNull();
  });
});
