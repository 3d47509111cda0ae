import { describe, expect, it } from 'vitest';
import { RateEstimator } from '../../../src-main/downloads/rate.js';

describe('RateEstimator', () => {
  it('is null until two samples far enough apart, then gives rate and ETA', () => {
    const r = new RateEstimator(0.5, 200);
    expect(r.sample(0, 0, 1000)).toEqual({ perSecond: null, etaSeconds: null });
    expect(r.sample(100, 50, 1000)).toEqual({ perSecond: null, etaSeconds: null }); // too close: ignored
    const e = r.sample(1000, 100, 1000);
    expect(e.perSecond).toBe(100);
    expect(e.etaSeconds).toBe(9);
  });

  it('smooths with the EWMA weight', () => {
    const r = new RateEstimator(0.5, 0);
    r.sample(0, 0, null);
    r.sample(1000, 100, null); // 100/s
    const e = r.sample(2000, 400, null); // 300/s → 0.5*300 + 0.5*100
    expect(e.perSecond).toBe(200);
    expect(e.etaSeconds).toBeNull(); // no total
  });

  it('treats a lower sample as a restarted transfer: new baseline, estimate kept', () => {
    const r = new RateEstimator(0.5, 0);
    r.sample(0, 0, 1000);
    const before = r.sample(1000, 500, 1000);
    expect(r.sample(1500, 10, 1000)).toEqual(before);
    expect(r.sample(2500, 110, 1000).perSecond).toBe(0.5 * 100 + 0.5 * 500);
  });

  it('gives no ETA while nothing moves', () => {
    const r = new RateEstimator(1, 0);
    r.sample(0, 10, 100);
    expect(r.sample(1000, 10, 100)).toEqual({ perSecond: 0, etaSeconds: null });
  });
});
