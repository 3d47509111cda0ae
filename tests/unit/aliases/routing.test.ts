import { describe, expect, it } from 'vitest';
import type { EndpointStatus } from '../../../src-main/admin/types.js';
import { estimateTokens, fitContext } from '../../../src-main/aliases/context-fit.js';
import type { RouteTarget } from '../../../src-main/balancer/types.js';
import { buildSnapshot } from '../../../src-main/gateway/routing.js';
import type { EndpointRecord, ModelRecord } from '../../../src-main/registry/endpoints.js';

function ep(id: string, status: EndpointStatus = 'online'): EndpointRecord {
  return {
    id, name: id, base_url: `http://127.0.0.1/${id}`, endpoint_type: 'vllm', endpoint_type_source: 'detected', status,
    api_key_enc: null, health_check_interval_secs: 30, inference_timeout_secs: 120, max_concurrency: null,
    learned_concurrency: null, latency_ms: null, last_seen: null, last_error: null, error_count: 0,
    registered_at: '2026-01-01T00:00:00.000Z', notes: null, source: 'manual', version: null, last_synced_at: null,
  };
}
const model = (endpoint_id: string, model_id: string, max_tokens: number | null = null): ModelRecord => ({
  endpoint_id, model_id, capabilities: [], max_tokens, context_length: null, metadata_source: null, details: {}, last_checked: null,
});

describe('alias routing in the snapshot', () => {
  const eps = [ep('o'), ep('v'), ep('l'), ep('off', 'offline')];
  const models: Record<string, ModelRecord[]> = {
    o: [model('o', 'llama3.2:3b', 4096), model('o', 'llama3.2:latest', 4096)],
    v: [model('v', 'meta-llama/Llama-3.2-3B-Instruct', 131072)],
    l: [model('l', 'llama-3.2-3b-instruct')],
    off: [model('off', 'llama3.2:3b')],
  };
  const of = (id: string) => models[id] ?? [];
  const pairs = (ts: readonly RouteTarget[]) => ts.map((t) => `${t.endpoint.id}:${t.upstreamModel}`);

  it('a null endpoint means every endpoint listing the model; one target per endpoint; windows carried', () => {
    const s = buildSnapshot(eps, of, 1, [
      { name: 'l3', targets: [{ endpointId: null, model: 'llama3.2:3b' }, { endpointId: 'o', model: 'llama3.2:latest' }, { endpointId: 'v', model: 'meta-llama/Llama-3.2-3B-Instruct' }] },
    ]);
    expect(pairs(s.resolve('l3'))).toEqual(['o:llama3.2:3b', 'v:meta-llama/Llama-3.2-3B-Instruct']);
    expect(s.resolve('l3').map((t) => t.contextWindow)).toEqual([4096, 131072]);
    expect(s.lookup('l3')!.endpoints.map((e) => e.id)).toEqual(['o', 'off', 'v']);
    expect(s.online.map((e) => e.name)).toContain('l3');
  });

  it('a target whose endpoint does not list the model routes nowhere', () => {
    const s = buildSnapshot(eps, of, 1, [{ name: 'x', targets: [{ endpointId: 'v', model: 'llama3.2:3b' }, { endpointId: 'l', model: 'llama-3.2-3b-instruct' }] }]);
    expect(pairs(s.resolve('x'))).toEqual(['l:llama-3.2-3b-instruct']);
    expect(s.lookup('nothing')).toBeUndefined();
  });

  it('the real model wins over an alias of its name unless the alias may shadow it', () => {
    const targets = [{ endpointId: null, model: 'llama3.2:3b' }, { endpointId: null, model: 'llama-3.2-3b-instruct' }];
    const plain = buildSnapshot(eps, of, 1, [{ name: 'llama-3.2-3b-instruct', targets }]);
    expect(pairs(plain.resolve('llama-3.2-3b-instruct'))).toEqual(['l:llama-3.2-3b-instruct']);
    const shadow = buildSnapshot(eps, of, 1, [{ name: 'llama-3.2-3b-instruct', targets, shadow: true }]);
    expect(pairs(shadow.resolve('llama-3.2-3b-instruct'))).toEqual(['o:llama3.2:3b', 'l:llama-3.2-3b-instruct']);
    expect(shadow.lookup('llama-3.2-3b-instruct')!.isAlias).toBe(true);
  });

  it('an alias whose targets are all offline is known (503), not unknown (404)', () => {
    const s = buildSnapshot(eps, of, 1, [{ name: 'down', targets: [{ endpointId: 'off', model: 'llama3.2:3b' }] }]);
    expect(() => s.resolve('down')).toThrowError(expect.objectContaining({ code: 'no_endpoint_available' }));
  });
});

describe('context windows', () => {
  it('estimates text / 4 plus reserved output, for OpenAI and Ollama bodies', () => {
    expect(estimateTokens({ messages: [{ role: 'user', content: 'x'.repeat(400) }], max_tokens: 100 })).toBe(200);
    expect(estimateTokens({ messages: [{ role: 'user', content: [{ type: 'text', text: 'x'.repeat(40) }, { type: 'image_url', image_url: { url: 'data:...' } }] }] })).toBe(10);
    expect(estimateTokens({ prompt: 'abcd', options: { num_predict: 50 } })).toBe(51);
    expect(estimateTokens({ input: ['abcd', 'efgh'], max_output_tokens: 2 })).toBe(4);
    expect(estimateTokens({})).toBe(0);
  });

  const t = (id: string, contextWindow?: number): RouteTarget => ({ endpoint: ep(id), upstreamModel: id, ...(contextWindow ? { contextWindow } : {}) });
  const ids = (ts: readonly RouteTarget[]) => ts.map((x) => x.endpoint.id);

  it('drops targets whose known window is too small when another fits; unknown windows fit', () => {
    const all = [t('small', 4096), t('big', 131072), t('unknown')];
    expect(ids(fitContext(all, 10_000))).toEqual(['big', 'unknown']);
    expect(fitContext(all, 1000)).toBe(all);
    expect(fitContext(all, undefined)).toBe(all);
    expect(ids(fitContext([t('small', 4096), t('mid', 8192)], 50_000))).toEqual(['mid']);
    const one = [t('small', 10)];
    expect(fitContext(one, 50_000)).toBe(one);
  });
});
