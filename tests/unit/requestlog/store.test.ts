import { afterEach, describe, expect, it } from 'vitest';
import { logRig, rec, type LogRig } from './rig.js';

describe('RequestLogStore', () => {
  let rig: LogRig | null = null;
  afterEach(() => rig?.close());

  it('writes batches of any size (split into chunks of 500) with every field intact', () => {
    rig = logRig({ batchSize: 1_000 });
    const n = 1_203; // three chunks: 500, 500 and 203
    for (let i = 0; i < n; i++) {
      rig.log.record(
        rec({
          at: Date.parse('2025-01-01T00:00:00.000Z') + i,
          model: `m-${i}`,
          status: i % 2 ? 200 : 503,
          latencyMs: i + 0.25,
          ttftMs: i % 3 ? null : i,
          promptTokens: i % 5 ? i : null,
          stream: i % 2 === 0,
          error: i % 2 ? null : 'upstream answered 503',
        }),
      );
    }
    expect(rig.log.flush()).toBe(n);
    expect(rig.rows()).toBe(n);
    expect(rig.db.prepare("SELECT json_array_length(rows, '$.r') FROM request_log_chunks ORDER BY last_id").pluck().all()).toEqual([500, 500, 203]);
    const rows = rig.store.recent(n).reverse();
    rows.forEach((r, i) => {
      expect(r).toMatchObject({
        at: new Date(Date.parse('2025-01-01T00:00:00.000Z') + i).toISOString(),
        model: `m-${i}`,
        status: i % 2 ? 200 : 503,
        latency_ms: Math.round((i + 0.25) * 10) / 10,
        ttft_ms: i % 3 ? null : i,
        prompt_tokens: i % 5 ? i : null,
        completion_tokens: 5,
        stream: i % 2 === 0,
        error: i % 2 ? null : 'upstream answered 503',
        endpoint_id: 'ep-1',
        endpoint_name: 'one',
        api: 'openai',
        path: '/v1/chat/completions',
      });
    });
    expect(new Set(rows.map((r) => r.id)).size).toBe(n);
    // The view shows the same rows with the old columns.
    const viewed = rig.db.prepare('SELECT * FROM request_log ORDER BY id').all() as Record<string, unknown>[];
    expect(viewed.map((v) => ({ ...v, stream: v.stream === 1 }))).toEqual(rows);
  });

  it('stores each route (api, path, endpoint, model) once per chunk', () => {
    rig = logRig({ batchSize: 1_000 });
    for (let i = 0; i < 300; i++) rig.log.record(rec({ model: i % 3 === 0 ? 'a' : 'b', endpointId: i % 2 ? 'ep-1' : 'ep-2', requestId: `rid-${i}` }));
    rig.log.flush();
    const chunk = JSON.parse(rig.db.prepare('SELECT rows FROM request_log_chunks').pluck().get() as string) as { k: unknown[]; r: unknown[] };
    expect(chunk.k).toHaveLength(4);
    expect(chunk.r).toHaveLength(300);
    expect(rig.store.recent(300).map((r) => [r.model, r.endpoint_id, r.request_id]).reverse()).toEqual(
      Array.from({ length: 300 }, (_, i) => [i % 3 === 0 ? 'a' : 'b', i % 2 ? 'ep-1' : 'ep-2', `rid-${i}`]),
    );
  });
});

describe('RequestLogStore lookups by request id', () => {
  let rig: LogRig | null = null;
  afterEach(() => rig?.close());

  it('finds a request id among the newest rows, newest first, without an index on request_id', () => {
    rig = logRig({ batchSize: 10_000 });
    for (let i = 0; i < 300; i++) rig.log.record(rec({ requestId: i % 100 === 7 ? 'rid-7' : `rid-${i}` }));
    rig.log.flush();
    const found = rig.store.byRequestId('rid-7', 10);
    expect(found.map((r) => r.request_id)).toEqual(['rid-7', 'rid-7', 'rid-7']);
    expect(found[0]!.id).toBeGreaterThan(found[2]!.id);
    expect(rig.store.byRequestId('rid-7', 1)).toHaveLength(1);
    expect(rig.store.byRequestId('nope', 10)).toEqual([]);
    // One chunk row per flush, not one row per request.
    expect(rig.db.prepare('SELECT COUNT(*) FROM request_log_chunks').pluck().get()).toBe(1);
  });

  it('searches only the newest lookupRows rows', async () => {
    rig = logRig({ batchSize: 10_000 });
    for (let i = 0; i < 50; i++) rig.log.record(rec({ requestId: i === 0 ? 'old' : i === 45 ? 'new' : `r-${i}` }));
    rig.log.flush();
    const { RequestLogStore } = await import('../../../src-main/requestlog/store.js');
    const narrow = new RequestLogStore(rig.db, 10);
    expect(narrow.byRequestId('new', 5)).toHaveLength(1);
    expect(narrow.byRequestId('old', 5)).toHaveLength(0);
    expect(rig.store.byRequestId('old', 5)).toHaveLength(1);
  });
});

describe('RequestLogStore retention and replay', () => {
  let rig: LogRig | null = null;
  afterEach(() => rig?.close());

  const T0 = Date.parse('2025-01-01T00:00:00.000Z');
  const at = (min: number) => T0 + min * 60_000;

  it('prunes by row: whole chunks, rows of a chunk that straddles the cutoff, and never reuses ids', () => {
    rig = logRig({ batchSize: 10_000 });
    // Chunk 1: all old. Chunk 2: a long stream that arrived long ago, logged beside new requests.
    for (let i = 0; i < 3; i++) rig.log.record(rec({ at: at(i), model: `old-${i}` }));
    rig.log.flush();
    rig.log.record(rec({ at: at(100), model: 'new-a' }));
    rig.log.record(rec({ at: at(5), model: 'long-stream' }));
    rig.log.record(rec({ at: at(101), model: 'new-b' }));
    rig.log.flush();
    const cutoff = new Date(at(50)).toISOString();
    expect(rig.store.prune(cutoff)).toBe(4);
    expect(rig.store.recent(10).map((r) => r.model)).toEqual(['new-b', 'new-a']);
    expect([...rig.store.since(new Date(at(0)).toISOString())].map((r) => r.model)).toEqual(['new-a', 'new-b']);
    expect(rig.store.prune(cutoff)).toBe(0);
    // Everything goes: the next request still gets a new id.
    expect(rig.store.prune(new Date(at(1_000)).toISOString())).toBe(2);
    expect(rig.rows()).toBe(0);
    expect(rig.store.nextId()).toBe(7);
    rig.log.stop();
  });

  it('replays rows since a time in id order, across chunks', () => {
    rig = logRig({ batchSize: 10_000 });
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < 4; i++) rig.log.record(rec({ at: at(c * 10 + i), latencyMs: c * 10 + i }));
      rig.log.flush();
    }
    const replayed = [...rig.store.since(new Date(at(12)).toISOString())];
    expect(replayed.map((r) => r.latencyMs)).toEqual([12, 13, 20, 21, 22, 23]);
    expect(replayed[0]).toMatchObject({ at: at(12), endpointId: 'ep-1', stream: false, requestId: null });
  });
});
