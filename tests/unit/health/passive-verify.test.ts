import { describe, expect, it } from 'vitest';
import { isAmbiguous, PassiveHealth, VERIFY_GAP_MS, type PassiveReport } from '../../../src-main/health/passive.js';

function harness() {
  const applied: PassiveReport[] = [];
  const verified: string[] = [];
  let now = 1_000;
  const sink = new PassiveHealth({
    status: () => 'online',
    apply: async (_id, take) => {
      const r = take();
      if (r) applied.push(r);
    },
    verify: (id) => verified.push(id),
    now: () => now,
  });
  return { sink, applied, verified, advance: (ms: number) => (now += ms) };
}

describe('ambiguous failures', () => {
  it('a 500 triggers a verification check instead of a failure; 502/503/504 and connect errors still count', async () => {
    expect(isAmbiguous({ kind: 'status', status: 500, message: '' })).toBe(true);
    for (const f of [
      { kind: 'status', status: 502 },
      { kind: 'status', status: 503 },
      { kind: 'connect' },
      { kind: 'timeout' },
    ] as const) {
      expect(isAmbiguous({ ...f, message: '' })).toBe(false);
    }
    const h = harness();
    h.sink.failure('e1', { kind: 'status', status: 500, message: 'bad image' });
    await Promise.resolve();
    expect(h.verified).toEqual(['e1']);
    expect(h.applied).toEqual([]);
    h.sink.failure('e1', { kind: 'connect', message: 'refused' });
    await new Promise((r) => setTimeout(r, 0));
    expect(h.applied).toHaveLength(1);
  });

  it('spaces verification checks per endpoint', () => {
    const h = harness();
    for (let i = 0; i < 10; i++) h.sink.failure('e1', { kind: 'status', status: 500, message: '' });
    h.sink.failure('e2', { kind: 'status', status: 500, message: '' });
    expect(h.verified).toEqual(['e1', 'e2']);
    h.advance(VERIFY_GAP_MS);
    h.sink.failure('e1', { kind: 'status', status: 500, message: '' });
    expect(h.verified).toEqual(['e1', 'e2', 'e1']);
  });
});
