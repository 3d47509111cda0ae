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
