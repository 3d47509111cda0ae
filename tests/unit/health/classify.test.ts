import { describe, expect, it } from 'vitest';
import type { EndpointStatus } from '../../../src-main/admin/types.js';
import { classify, nextState, type CheckResult, type ProbeOutcome } from '../../../src-main/health/classify.js';

const http = (status: number, json: unknown, opts: { text?: string; expectJson?: boolean } = {}): ProbeOutcome => ({
  kind: 'http',
  status,
  json,
  text: opts.text ?? (json === undefined ? '' : JSON.stringify(json)),
  latencyMs: 12,
  expectJson: opts.expectJson ?? true,
});

describe('classify', () => {
  const cases: [string, ProbeOutcome, CheckResult['kind'], RegExp?][] = [
    ['200 JSON', http(200, { version: '0.5.1' }), 'ok'],
    ['200 empty body on a non-JSON route (vLLM /health)', http(200, undefined, { expectJson: false }), 'ok'],
    ['200 garbage on a JSON route', http(200, undefined, { text: '<<not json>>' }), 'failed', /not JSON/],
    ['200 with an error field (LM Studio unknown route)', http(200, { error: 'Unexpected endpoint or method. (GET /api/version)' }), 'failed', /Unexpected endpoint/],
    ['401', http(401, { error: { message: 'Invalid API Key' } }), 'auth', /API key is wrong or missing/],
    ['403', http(403, { error: 'forbidden' }), 'auth', /HTTP 403.*wrong or missing/],
    ['llama.cpp loading 503', http(503, { error: { message: 'Loading model', type: 'unavailable_error', code: 503 } }), 'loading', /^model loading$/],
    ['Ollama busy 503', http(503, { error: 'server busy, please try again.' }), 'loading', /^model loading \(HTTP 503: server busy/],
    ['vLLM 503 with empty body', http(503, undefined, { text: '' }), 'loading', /^model loading$/],
    ['503 with a non-JSON body (probeGet gives json null)', http(503, null, { text: 'Service Unavailable' }), 'loading', /^model loading \(HTTP 503: Service Unavailable\)$/],
    ['200 non-JSON with json null', http(200, null, { text: '<<not json>>' }), 'failed', /not JSON/],
    ['500', http(500, { error: { message: 'Internal server error' } }), 'failed', /HTTP 500: Internal server error/],
    ['404 text', http(404, undefined, { text: 'File Not Found' }), 'failed', /HTTP 404: File Not Found/],
    ['refused', { kind: 'network', code: 'refused', message: 'ECONNREFUSED' }, 'unreachable', /connection refused/],
    ['reset', { kind: 'network', code: 'reset', message: 'socket hang up' }, 'unreachable', /connection reset/],
    ['timeout', { kind: 'network', code: 'timeout', message: '' }, 'unreachable', /timed out/],
    ['dns', { kind: 'network', code: 'dns', message: 'nowhere.invalid' }, 'unreachable', /host not found/],
  ];
  it.each(cases)('%s', (_name, outcome, kind, reason) => {
    const r = classify(outcome);
    expect(r.kind).toBe(kind);
    if (reason) expect('reason' in r ? r.reason : '').toMatch(reason);
    if (r.kind === 'ok') expect(r.latencyMs).toBe(12);
  });
});

describe('nextState', () => {
  const NOW = '2025-01-01T00:00:00.000Z';
  const ok: CheckResult = { kind: 'ok', latencyMs: 7 };
  const down: CheckResult = { kind: 'unreachable', reason: 'connection refused' };
  const bad: CheckResult = { kind: 'failed', reason: 'HTTP 500' };
  const auth: CheckResult = { kind: 'auth', reason: "API key rejected (HTTP 401): the endpoint's API key is wrong or missing" };
  const loading: CheckResult = { kind: 'loading', reason: 'model loading' };

  const table: [EndpointStatus, number, CheckResult, EndpointStatus, number][] = [
    // success always → online, errors reset
    ['pending', 0, ok, 'online', 0],
    ['online', 0, ok, 'online', 0],
    ['error', 1, ok, 'online', 0],
    ['offline', 5, ok, 'online', 0],
    // failure: pending → offline; online → error; a second consecutive failure → offline
    ['pending', 0, down, 'offline', 1],
    ['online', 0, down, 'error', 1],
    ['error', 1, down, 'offline', 2],
    ['offline', 2, down, 'offline', 3],
    ['online', 0, bad, 'error', 1],
    ['error', 1, bad, 'offline', 2],
    // a wrong key is an error, never offline
    ['pending', 0, auth, 'error', 1],
    ['online', 0, auth, 'error', 1],
    ['error', 1, auth, 'error', 2],
    ['offline', 3, auth, 'error', 4],
    // loading stays pending while pending, else error
    ['pending', 0, loading, 'pending', 1],
    ['online', 0, loading, 'error', 1],
    ['error', 1, loading, 'error', 2],
    ['offline', 2, loading, 'error', 3],
  ];
  it.each(table)('%s(%i) + %o → %s(%i)', (status, errors, result, expected, expectedErrors) => {
    const next = nextState({ status, error_count: errors }, result, NOW);
    expect(next.status).toBe(expected);
    expect(next.error_count).toBe(expectedErrors);
    if (result.kind === 'ok') {
      expect(next.last_error).toBeNull();
      expect(next.last_seen).toBe(NOW);
      expect(next.latency_ms).toBe(7);
    } else {
      expect(next.last_error).toBe(result.reason);
      expect(next).not.toHaveProperty('last_seen');
      expect(next).not.toHaveProperty('latency_ms');
    }
  });
});
