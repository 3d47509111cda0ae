import { describe, expect, it } from 'vitest';
import type { RouteTarget } from '../../../src-main/balancer/types.js';
import type { RequestContext } from '../../../src-main/gateway/http.js';
import { prepare } from '../../../src-main/gateway/proxy/forward.js';
import type { ParsedRequest } from '../../../src-main/gateway/proxy/types.js';
import { translatesResponses, versionAtLeast } from '../../../src-main/gateway/v1/responses/route.js';
import { proxyOptions } from '../../../src-main/gateway/v1/routes.js';
import type { EndpointRecord } from '../../../src-main/registry/endpoints.js';

const target = (endpoint_type: EndpointRecord['endpoint_type'], version: string | null = null, upstreamModel = 'm'): RouteTarget =>
  ({ endpoint: { id: endpoint_type, name: endpoint_type, endpoint_type, version } as EndpointRecord, upstreamModel }) as RouteTarget;

const parsed = (json: Record<string, unknown>): ParsedRequest => ({
  raw: Buffer.from(JSON.stringify(json)),
  json,
  model: json.model as string,
  stream: json.stream === true,
  receivedAt: 1_700_000_000_123,
});

const ctx = {} as RequestContext;

describe('which endpoints get /v1/responses translated', () => {
  it('llama.cpp always, Ollama before 0.13.3 or of unknown version, the others never', () => {
    expect(translatesResponses({ endpoint_type: 'llama_cpp', version: 'b6123-1a2b3c4d' })).toBe(true);
    expect(translatesResponses({ endpoint_type: 'ollama', version: '0.12.6' })).toBe(true);
    expect(translatesResponses({ endpoint_type: 'ollama', version: null })).toBe(true);
    expect(translatesResponses({ endpoint_type: 'ollama', version: '0.13.3' })).toBe(false);
    expect(translatesResponses({ endpoint_type: 'ollama', version: '0.14.0-rc1' })).toBe(false);
    for (const t of ['vllm', 'openai_compatible', 'lm_studio', 'xllm', 'unknown'] as const) expect(translatesResponses({ endpoint_type: t, version: null })).toBe(false);
  });

  it('versionAtLeast compares numerically and refuses what it cannot read', () => {
    expect(versionAtLeast('0.13.10', [0, 13, 3])).toBe(true);
    expect(versionAtLeast('v1.0.0', [0, 13, 3])).toBe(true);
    expect(versionAtLeast('0.9.99', [0, 13, 3])).toBe(false);
    expect(versionAtLeast('dev', [0, 13, 3])).toBe(false);
  });
});

describe('proxyOptions for /v1/responses', () => {
  const p = parsed({ model: 'alias', input: 'hi', stream: true, max_output_tokens: 5 });
  const o = proxyOptions('responses', ctx, p);

  it('translated targets: chat path, chat body with the upstream model name, a stream transform', () => {
    const req = prepare(o, target('llama_cpp', null, 'tiny.gguf'));
    expect(req.path).toBe('/v1/chat/completions');
    expect(JSON.parse(String(req.body))).toEqual({
      model: 'tiny.gguf',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 5,
    });
    expect(req.transform?.kind).toBe('stream');
    expect(o.logPath).toBe('/v1/responses');
  });

  it('passthrough targets: the client bytes to /v1/responses, renamed only for an alias', () => {
    const same = prepare(o, target('vllm', null, 'alias'));
    expect(same.path).toBe('/v1/responses');
    expect(same.body).toBe(p.raw);
    expect(same.transform).toBeUndefined();
    const renamed = prepare(o, target('ollama', '0.13.5', 'llama3.2:latest'));
    expect(renamed.path).toBe('/v1/responses');
    expect(JSON.parse(String(renamed.body)).model).toBe('llama3.2:latest');
    expect(renamed.transform?.kind).toBe('stream');
  });

  it('a request the chat API cannot carry is a 400 only where it must be translated', () => {
    const bad = proxyOptions('responses', ctx, parsed({ model: 'm', input: 'x', previous_response_id: 'resp_1' }));
    expect(prepare(bad, target('vllm')).path).toBe('/v1/responses');
    expect(() => prepare(bad, target('llama_cpp'))).toThrow(/previous_response_id/);
  });

  it('other kinds are untouched', () => {
    expect(prepare(proxyOptions('chat', ctx, parsed({ model: 'm', messages: [] })), target('llama_cpp')).path).toBe('/v1/chat/completions');
  });
});
