import { describe, expect, it } from 'vitest';
import { queueTimeoutOf } from '../../../src-main/capacity/header.js';
import { AppError } from '../../../src-main/util/errors.js';

describe('x-llmlb-queue-timeout', () => {
  it('reads seconds into ms, absent means the default', () => {
    expect(queueTimeoutOf({})).toEqual({});
    expect(queueTimeoutOf({ 'x-llmlb-queue-timeout': '2.5' })).toEqual({ maxWaitMs: 2500 });
    expect(queueTimeoutOf({ 'x-llmlb-queue-timeout': ' 0 ' })).toEqual({ maxWaitMs: 0 });
    expect(queueTimeoutOf({ 'x-llmlb-queue-timeout': '3600' })).toEqual({ maxWaitMs: 3_600_000 });
  });

  it('refuses what is not a number of seconds from 0 to 3600 with 400', () => {
    for (const bad of ['', 'soon', '-1', '1e3', '3601', 'Infinity']) {
      const e = (() => {
        try {
          queueTimeoutOf({ 'x-llmlb-queue-timeout': bad });
        } catch (err) {
          return err;
        }
        return null;
      })();
      expect(e, bad).toBeInstanceOf(AppError);
      expect((e as AppError).status).toBe(400);
    }
  });
});
