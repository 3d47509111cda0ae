import { afterEach, describe, expect, it } from 'vitest';
import { logRig, rec, type LogRig } from './rig.js';

describe('RequestLogStore', () => {
  let rig: LogRig | null = null;
  afterEach(() => rig?.close());

  it('writes batches of any size (multi-row statements plus single rows) with every field intact', () => {
    rig = logRig({ batchSize: 1_000 });
    const n = 53; // two 25-row statements and three single rows
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
    // Only the time and primary-key indexes remain: every other index would cost each request a B-tree insert.
    const indexes = rig.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'request_log' AND sql IS NOT NULL").pluck().all();
    expect(indexes).toEqual(['request_log_at']);
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
