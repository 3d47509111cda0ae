import { afterEach, describe, expect, it } from 'vitest';
import type { DetectionResult } from '../../../src-main/detect/types.js';
import type { StoredModel } from '../../../src-main/registry/lifecycle-deps.js';
import { rig, type Rig } from './fixtures.js';

let r: Rig;
afterEach(() => r?.close());

const model = (id: string): StoredModel => ({
  model_id: id,
  capabilities: ['chat'],
  max_tokens: null,
  context_length: null,
  metadata_source: 'test',
  details: {},
  last_checked: null,
});

/** A rig whose model list and detection are counted. */
function counting(detected: DetectionResult['type'] = 'vllm') {
  const calls = { list: 0, detect: 0, slots: 0 };
  const rg = rig({
    detect: async () => {
      calls.detect++;
      return { type: detected, version: '1.2.3', reachable: true, error: null, signals: [] };
    },
    models: {
      list: async () => {
        calls.list++;
        return [model('m1')];
      },
      info: async () => null,
      diff: (old, fresh) => ({
        added: fresh.filter((m) => !old.some((o) => o.model_id === m.model_id)).map((m) => m.model_id),
        removed: old.filter((o) => !fresh.some((m) => m.model_id === o.model_id)).map((m) => m.model_id),
        updated: [],
      }),
    },
    slots: async () => {
      calls.slots++;
      return 4;
    },
  });
  return { rg, calls };
}

describe('EndpointLifecycle checks', () => {
  it('re-syncs models on a good check at most every 15 minutes', async () => {
    const { rg, calls } = counting();
    r = rg;
    const ep = r.add();
    await r.lifecycle.check(ep.id);
    expect(calls.list).toBe(0); // synced at registration time, still fresh
    r.clock.advance(14 * 60_000);
    await r.lifecycle.check(ep.id);
    expect(calls.list).toBe(0);
    r.clock.advance(60_000);
    await r.lifecycle.check(ep.id);
    expect(calls.list).toBe(1);
    expect(r.repo.models(ep.id).map((m) => m.model_id)).toEqual(['m1']);
    expect(r.repo.get(ep.id)?.last_synced_at).toBe(new Date(r.clock.now()).toISOString());
    await r.lifecycle.check(ep.id);
    expect(calls.list).toBe(1);
  });

  it('re-syncs when an endpoint comes back online', async () => {
    const { rg, calls } = counting();
    r = rg;
    const ep = r.add({ status: 'offline', error_count: 2 });
    await r.lifecycle.check(ep.id);
    expect(calls.list).toBe(1);
    expect(r.repo.get(ep.id)?.status).toBe('online');
  });

  it('types an unknown endpoint when it answers, unless its type was set by hand', async () => {
    const { rg, calls } = counting('vllm');
    r = rg;
    const detected = r.add({ endpoint_type: 'unknown', status: 'offline' });
    const manual = r.add({ endpoint_type: 'unknown', endpoint_type_source: 'manual', status: 'offline' });
    await r.lifecycle.check(detected.id);
    await r.lifecycle.check(manual.id);
    expect(calls.detect).toBe(1);
    expect(r.repo.get(detected.id)).toMatchObject({ endpoint_type: 'vllm', version: '1.2.3', status: 'online' });
    expect(r.repo.get(manual.id)).toMatchObject({ endpoint_type: 'unknown', status: 'online' });
  });

  it('learns llama.cpp slots on sync', async () => {
    const { rg, calls } = counting();
    r = rg;
    const ep = r.add({ endpoint_type: 'llama_cpp', endpoint_type_source: 'manual', last_synced_at: null });
    await r.lifecycle.check(ep.id);
    expect(calls.slots).toBe(1);
    expect(r.repo.get(ep.id)?.learned_concurrency).toBe(4);
  });

  it('ignores a deleted endpoint and writes nothing after stop', async () => {
    const { rg } = counting();
    r = rg;
    const ep = r.add();
    r.repo.delete(ep.id);
    await expect(r.lifecycle.check(ep.id)).resolves.toBeUndefined();
    const live = r.add();
    r.outcome = { kind: 'network', code: 'refused', message: '' };
    let release!: () => void;
    r.gate = new Promise((res) => (release = res));
    const check = r.lifecycle.check(live.id);
    const stopped = r.lifecycle.stop(1000);
    release();
    await stopped;
    await check;
    expect(r.repo.get(live.id)).toMatchObject({ status: 'online', error_count: 0 });
    expect(r.history.list(live.id)).toEqual([]);
  });

  it('drops the outcome of a probe whose URL was changed while it ran', async () => {
    r = rig();
    const ep = r.add();
    r.outcome = { kind: 'network', code: 'refused', message: '' };
    let release!: () => void;
    r.gate = new Promise((res) => (release = res));
    const check = r.lifecycle.check(ep.id);
    await new Promise((res) => setTimeout(res, 5));
    r.repo.update(ep.id, { base_url: 'http://127.0.0.1:1', status: 'pending', error_count: 0 }); // what PUT does
    release();
    await check;
    expect(r.repo.get(ep.id)).toMatchObject({ status: 'pending', error_count: 0 });
    expect(r.history.list(ep.id)).toEqual([]);
  });

  it('stores every check with the status it led to', async () => {
    r = rig();
    const ep = r.add();
    await r.lifecycle.check(ep.id);
    r.outcome = { kind: 'http', status: 401, json: { error: 'nope' }, text: '', latencyMs: 3, expectJson: true };
    r.clock.advance(1000);
    await r.lifecycle.check(ep.id);
    expect(r.history.list(ep.id)).toEqual([
      { checked_at: expect.any(String), success: true, latency_ms: 5, status_after: 'online', error: null },
      { checked_at: expect.any(String), success: false, latency_ms: null, status_after: 'error', error: expect.stringMatching(/API key is wrong or missing \(nope\)/) },
    ]);
  });
});
