/** The detection priority rule over hand-made probe outcomes. */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src-main/detect/decide.js';
import { probePlan } from '../../../src-main/detect/detect.js';
import type { Outcome, Outcomes } from '../../../src-main/detect/types.js';
import { ProbeError } from '../../../src-main/util/probe.js';

type Answer = number | { status?: number; json?: unknown; text?: string; headers?: Record<string, string> } | ProbeError;

/** Builds outcomes: a number is a bare status, an object a response, a ProbeError a failure. */
function outcomes(answers: Record<string, Answer>, headers: Record<string, string> = {}): Outcomes {
  const m = new Map<string, Outcome>();
  for (const [path, a] of Object.entries(answers)) {
    if (a instanceof ProbeError) {
      m.set(path, { kind: 'error', keySent: false, error: a });
      continue;
    }
    const r = typeof a === 'number' ? { status: a } : a;
    const status = r.status ?? 200;
    const text = r.text ?? (r.json === undefined ? '' : JSON.stringify(r.json));
    m.set(path, {
      kind: 'response',
      keySent: false,
      result: { ok: status < 300, status, headers: { ...headers, ...r.headers }, json: r.json ?? null, text, latencyMs: 1 },
    });
  }
  return m;
}

const list = (...items: Record<string, unknown>[]) => ({ json: { object: 'list', data: items } });

describe('decide', () => {
  it('xLLM wins over everything else', () => {
    const r = decide(outcomes({ '/v0/system': { json: { xllm_version: '1.0' } }, '/api/version': { json: { version: '0.1' } }, '/api/tags': { json: { models: [] } }, '/v1/models': list({ id: 'a' }) }), false);
    expect([r.type, r.version]).toEqual(['xllm', '1.0']);
  });

  it('LM Studio needs publisher and arch/architecture, and beats the generic /v1/models', () => {
    const v0 = { json: { data: [{ id: 'a', publisher: 'p', arch: 'llama' }] } };
    const v1 = { json: { models: [{ key: 'a', publisher: 'p', architecture: 'llama' }] } };
    expect(decide(outcomes({ '/api/v0/models': v0, '/v1/models': list({ id: 'a' }) }), false).type).toBe('lm_studio');
    expect(decide(outcomes({ '/api/v1/models': v1 }), false).type).toBe('lm_studio');
    expect(decide(outcomes({ '/api/v0/models': { json: { data: [{ id: 'a', arch: 'llama' }] } }, '/v1/models': list({ id: 'a' }) }), false).type).toBe('openai_compatible');
  });

  it('a 2xx body with an error field is "not supported" (LM Studio unknown routes)', () => {
    const lm = { json: { error: 'Unexpected endpoint or method. (GET /api/version)' } };
    const r = decide(outcomes({ '/api/version': lm, '/api/tags': lm, '/v0/system': lm, '/v1/models': list({ id: 'a', owned_by: 'organization_owner' }) }), false);
    expect(r.type).toBe('openai_compatible');
  });

  it('Ollama needs both /api/version and /api/tags', () => {
    expect(decide(outcomes({ '/api/version': { json: { version: '0.9.0' } }, '/api/tags': { json: { models: [] } } }), false)).toMatchObject({ type: 'ollama', version: '0.9.0' });
    expect(decide(outcomes({ '/api/version': { json: { version: '0.9.0' } }, '/api/tags': 404 }), false).type).toBe('unknown');
  });

  it('llama.cpp: header, owned_by or /props; its Ollama-like models array does not make it Ollama', () => {
    const dual = { json: { models: [{ name: 'm' }], data: [{ id: 'm', owned_by: 'llamacpp' }] } };
    expect(decide(outcomes({ '/v1/models': dual, '/api/tags': 404, '/api/version': 404 }), false).type).toBe('llama_cpp');
    expect(decide(outcomes({ '/health': 401 }, { server: 'llama.cpp' }), true).type).toBe('llama_cpp');
    const props = { json: { default_generation_settings: { n_ctx: 4096 }, build_info: 'b1' } };
    expect(decide(outcomes({ '/props': props }), false)).toMatchObject({ type: 'llama_cpp', version: 'b1' });
  });

  it('vLLM: owned_by vllm; uvicorn alone is not enough, uvicorn + /version is', () => {
    expect(decide(outcomes({ '/v1/models': list({ id: 'm', owned_by: 'vllm' }), '/version': { json: { version: '0.10' } } }), false)).toMatchObject({ type: 'vllm', version: '0.10' });
    expect(decide(outcomes({ '/v1/models': list({ id: 'm', owned_by: 'x' }) }, { server: 'uvicorn' }), false).type).toBe('openai_compatible');
    expect(decide(outcomes({ '/v1/models': 401, '/version': { json: { version: '0.10' } } }, { server: 'uvicorn' }), true).type).toBe('vllm');
  });

  it('explains unreachable endpoints by the most telling failure', () => {
    const r = decide(outcomes({ '/a': new ProbeError('timeout', 'timed out after 2000 ms'), '/b': new ProbeError('refused', 'connection refused') }), false);
    expect(r).toMatchObject({ type: 'unknown', reachable: false, error: 'unreachable: connection refused' });
  });

  it('words key errors by whether a key was given', () => {
    expect(decide(outcomes({ '/v1/models': 401, '/api/tags': 401 }), false).error).toBe('API key required (HTTP 401)');
    expect(decide(outcomes({ '/v1/models': 403, '/health': 200 }, { server: 'llama.cpp' }), true)).toMatchObject({ type: 'llama_cpp', error: 'API key rejected (HTTP 403)' });
  });

  it('reports server errors when every answer is 5xx', () => {
    const r = decide(outcomes({ '/v1/models': { status: 503, json: { error: { message: 'Loading model' } } }, '/health': 503 }), false);
    expect(r).toMatchObject({ reachable: true, error: 'HTTP 503: Loading model' });
  });

  it('plans each path once, with the key where any type needs it', () => {
    const plan = probePlan();
    const paths = plan.map((p) => p.path);
    expect(new Set(paths).size).toBe(paths.length);
    const key = Object.fromEntries(plan.map((p) => [p.path, p.sendKey]));
    expect(key).toMatchObject({ '/v1/models': true, '/api/version': false, '/api/tags': false, '/version': false, '/health': false });
  });
});
