import { describe, expect, it } from 'vitest';
import { mapXllmStatus, xllmSample } from '../../../src-main/downloads/xllm-status.js';

describe('mapXllmStatus', () => {
  it.each([
    ['downloading', 'running'],
    ['pending', 'running'],
    ['queued', 'running'],
    [undefined, 'running'],
    ['completed', 'completed'],
    ['COMPLETE', 'completed'],
    ['failed', 'failed'],
    ['error', 'failed'],
    ['cancelled', 'cancelled'],
    ['canceled', 'cancelled'],
  ])('%s → %s', (input, want) => {
    expect(mapXllmStatus(input)).toBe(want);
  });
});

describe('xllmSample', () => {
  it('prefers bytes when the node reports a total', () => {
    expect(xllmSample({ progress: 10, downloaded_bytes: 250, total_bytes: 1000 })).toEqual({ percent: 25, doneBytes: 250, totalBytes: 1000 });
  });
  it('falls back to progress (0–100), clamped', () => {
    expect(xllmSample({ progress: 42.5, total_bytes: 0 })).toEqual({ percent: 42.5, doneBytes: null, totalBytes: null });
    expect(xllmSample({ progress: 130 })?.percent).toBe(100);
  });
  it('is null without usable numbers', () => {
    expect(xllmSample({ status: 'downloading' })).toBeNull();
    expect(xllmSample({ progress: 'half' })).toBeNull();
  });
});
