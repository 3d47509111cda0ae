import { describe, expect, it } from 'vitest';
import { classifyUpstreamError, isFailoverStatus, isUnhealthyStatus } from '../../../src-main/gateway/proxy/errors.js';
import { lastEventEnd, SseFramer, sseErrorEvent } from '../../../src-main/gateway/proxy/sse.js';
import { clientHeaders } from '../../../src-main/gateway/proxy/respond.js';
import { chainBuffered, rewriteJsonModel, sseModelRewrite } from '../../../src-main/gateway/proxy/transform.js';
import { jsonUsageTap, sseUsageTap, usageOf, usageTapFor } from '../../../src-main/gateway/proxy/usage.js';
import { base64ToFloats, encodeBase64Embeddings, floatRequest, floatsToBase64 } from '../../../src-main/gateway/v1/embeddings.js';

const coded = (code: string, name = 'Error') => Object.assign(new Error('x'), { code, name });

describe('classifyUpstreamError', () => {
  it('sorts by code, never by message', () => {
    expect(classifyUpstreamError(coded('ECONNREFUSED')).kind).toBe('connect');
    expect(classifyUpstreamError(coded('UND_ERR_SOCKET')).kind).toBe('connect');
    expect(classifyUpstreamError(coded('UND_ERR_CONNECT_TIMEOUT')).kind).toBe('connect');
    expect(classifyUpstreamError(coded('UND_ERR_HEADERS_TIMEOUT')).kind).toBe('timeout');
    expect(classifyUpstreamError(coded('UND_ERR_BODY_TIMEOUT')).kind).toBe('timeout');
    expect(classifyUpstreamError(coded('UND_ERR_ABORTED')).kind).toBe('aborted');
    expect(classifyUpstreamError(new DOMException('aborted', 'AbortError')).kind).toBe('aborted');
    expect(classifyUpstreamError(Object.assign(new Error('wrapped'), { cause: { code: 'ECONNRESET' } })).kind).toBe('connect');
    expect(classifyUpstreamError(coded('UND_ERR_INVALID_ARG')).kind).toBe('other');
    expect(classifyUpstreamError(coded('ECONNRESET'), true).kind).toBe('aborted');
  });

  it('fails over on 502/503/504 only; 501 is not unhealthy', () => {
    expect([500, 501, 502, 503, 504, 400].map(isFailoverStatus)).toEqual([false, false, true, true, true, false]);
    expect([500, 501, 503, 404].map(isUnhealthyStatus)).toEqual([true, false, true, false]);
  });
});

describe('usage taps', () => {
  it('reads chat, embeddings and Responses API usage objects', () => {
    expect(usageOf({ usage: { prompt_tokens: 3, completion_tokens: 5 } })).toEqual({ promptTokens: 3, completionTokens: 5 });
    expect(usageOf({ usage: { prompt_tokens: 3, total_tokens: 3 } })).toEqual({ promptTokens: 3, completionTokens: null });
    expect(usageOf({ type: 'response.completed', response: { usage: { input_tokens: 2, output_tokens: 7 } } })).toEqual({
      promptTokens: 2,
      completionTokens: 7,
    });
    expect(usageOf({ usage: null })).toBeNull();
  });

  it('SSE: finds the usage chunk across arbitrary chunk boundaries', () => {
    const text =
      'data: {"choices":[{"delta":{"content":"hi"}}],"usage":null}\n\n' +
      'data: {"choices":[],"usage":{"prompt_tokens":11,"completion_tokens":4,"total_tokens":15}}\n\ndata: [DONE]\n\n';
    const tap = sseUsageTap();
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += 7) tap.push(bytes.subarray(i, i + 7));
    expect(tap.result()).toEqual({ promptTokens: 11, completionTokens: 4 });
  });

  it('JSON: reads usage from the tail, even after nested details and trailing fields', () => {
    const body = JSON.stringify({
      id: 'x',
      output: [{ text: 'y'.repeat(20_000) }],
      usage: { input_tokens: 9, input_tokens_details: { cached_tokens: 0 }, output_tokens: 6 },
      timings: { prompt_n: 1 },
    });
    const tap = jsonUsageTap();
    const b = Buffer.from(body);
    for (let i = 0; i < b.length; i += 4096) tap.push(b.subarray(i, i + 4096));
    expect(tap.result()).toEqual({ promptTokens: 9, completionTokens: 6 });
    expect(usageTapFor('application/x-ndjson')).toBeNull();
    expect(usageTapFor('text/event-stream; charset=utf-8')).not.toBeNull();
  });
});

describe('error events', () => {
  it('chat: data event with an OpenAI error object; responses: typed error event', () => {
    const f = { message: 'lost', code: 'upstream_error' as const };
    expect(sseErrorEvent(f)).toBe('data: {"error":{"message":"lost","type":"server_error","param":null,"code":"upstream_error"}}\n\n');
    const r = sseErrorEvent(f, true);
    expect(r.startsWith('event: error\ndata: ')).toBe(true);
    expect(JSON.parse(r.split('data: ')[1]!)).toMatchObject({ type: 'error', error: { message: 'lost', code: 'upstream_error' } });
  });
});

describe('transforms', () => {
  it('rewrites the model name in SSE lines split anywhere', () => {
    const t = sseModelRewrite('org/real', 'alias');
    const s = t.kind === 'stream' ? t.open(200, 'text/event-stream') : null;
    const input = Buffer.from('data: {"model":"org/real","x":1}\n\ndata: {"model": "org/real"}\n\ndata: [DONE]\n\n');
    let out = '';
    for (let i = 0; i < input.length; i += 5) out += String(s!.push(input.subarray(i, i + 5)) ?? '');
    out += String(s!.end() ?? '');
    expect(out).toBe('data: {"model":"alias","x":1}\n\ndata: {"model": "alias"}\n\ndata: [DONE]\n\n');
    expect(t.kind === 'stream' && t.open(400, 'application/json')).toBeNull();
  });

  it('rewrites a JSON body model and leaves errors alone', () => {
    const t = chainBuffered(rewriteJsonModel('alias'));
    if (t.kind !== 'buffered') throw new Error('kind');
    expect(JSON.parse(String(t.apply(200, Buffer.from('{"model":"real","a":1}'), 'application/json').body))).toEqual({ model: 'alias', a: 1 });
    expect(String(t.apply(400, Buffer.from('{"model":"real"}'), undefined).body)).toBe('{"model":"real"}');
  });
});

describe('embeddings base64', () => {
  it('encodes little-endian float32 exactly as the openai SDK decodes it', () => {
    const v = [0.5, -1.25, 3.140625];
    const b64 = floatsToBase64(v);
    const dec = Buffer.from(b64, 'base64');
    expect(Array.from(new Float32Array(dec.buffer, dec.byteOffset, dec.length / 4))).toEqual(v);
    expect(base64ToFloats(b64)).toEqual(v);
  });

  it('strips encoding_format from the request and converts float answers only', () => {
    expect(floatRequest({ model: 'm', input: 'x', encoding_format: 'base64' })).toEqual({ model: 'm', input: 'x' });
    const body = { object: 'list', data: [{ index: 0, embedding: [1, 2] }, { index: 1, embedding: 'already' }], model: 'm' };
    const out = JSON.parse(String(encodeBase64Embeddings(200, Buffer.from(JSON.stringify(body))).body));
    expect(base64ToFloats(out.data[0].embedding)).toEqual([1, 2]);
    expect(out.data[1].embedding).toBe('already');
    expect(String(encodeBase64Embeddings(400, Buffer.from('{"error":"x"}')).body)).toBe('{"error":"x"}');
  });
});

describe('SseFramer', () => {
  it('passes whole events straight through and holds a split event until its end', () => {
    const f = new SseFramer();
    const whole = Buffer.from('data: {"a":1}\n\n');
    expect(f.push(whole)).toBe(whole);
    expect(f.push(Buffer.from('data: {"b":'))).toBeNull();
    expect(String(f.push(Buffer.from('2}\n\ndata: {"c"')))).toBe('data: {"b":2}\n\n');
    expect(String(f.push(Buffer.from(':3}\r\n\r\n')))).toBe('data: {"c":3}\r\n\r\n');
    expect(f.finish()).toBeNull();
  });

  it('at the end: truncated mid-line, or completes a last event missing its blank line', () => {
    const cut = new SseFramer();
    cut.push(Buffer.from('data: {"x":1}\n\ndata: {"y'));
    expect(cut.finish()).toBe('truncated');
    const lenient = new SseFramer();
    lenient.push(Buffer.from('data: [DONE]\n'));
    expect(String(lenient.finish())).toBe('data: [DONE]\n\n');
    expect(lastEventEnd(Buffer.from('a\n\nb\r\rc'))).toBe(6);
  });
});

describe('clientHeaders', () => {
  const endpoint = { id: 'ep-1', name: 'box één' } as Parameters<typeof clientHeaders>[1];

  it('drops hop-by-hop headers, names the endpoint, and puts our request id in place of an upstream one', () => {
    const out = clientHeaders(
      { 'content-type': 'application/json', 'content-length': '12', connection: 'keep-alive', 'transfer-encoding': 'chunked', 'x-request-id': 'upstream-own', 'x-custom': 'kept' },
      endpoint,
      true,
      undefined,
      'rid-ours',
    );
    expect(out).toEqual({
      'content-type': 'application/json',
      'content-length': '12',
      'x-custom': 'kept',
      'x-llmlb-endpoint': 'ep-1',
      'x-llmlb-endpoint-name': encodeURIComponent('box één'),
      'x-request-id': 'rid-ours',
    });
    expect(clientHeaders({ 'content-length': '12' }, endpoint, false, 'text/event-stream')).toEqual({
      'content-type': 'text/event-stream',
      'x-llmlb-endpoint': 'ep-1',
      'x-llmlb-endpoint-name': encodeURIComponent('box één'),
    });
  });
});
