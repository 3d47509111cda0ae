import { describe, expect, it } from 'vitest';
import { LogRing, toEntry } from '../../../src-main/logging/ring.js';
import { parseLogQuery, parseSince } from '../../../src-main/logging/service.js';
import { AppError } from '../../../src-main/util/errors.js';

const T0 = Date.parse('2026-03-10T12:00:00.000Z');

function push(ring: LogRing, i: number, level: string, component: string): void {
  const parsed = toEntry({ time: new Date(T0 + i * 1000).toISOString(), level, component, msg: `m${i}`, requestId: `r${i}`, pid: 1 })!;
  ring.push(parsed.entry, parsed.ms, parsed.level);
}

describe('log ring', () => {
  it('turns pino lines into API entries with snake_case fields and no pid', () => {
    const e = toEntry({ time: '2026-03-10T12:00:00.000Z', level: 'warn', component: 'gateway', msg: 'x', requestId: 'r', endpointId: 'e', endpointName: 'n', model: 'm', pid: 9, status: 503 })!;
    expect(e.entry).toEqual({ time: '2026-03-10T12:00:00.000Z', level: 'warn', component: 'gateway', msg: 'x', request_id: 'r', endpoint_id: 'e', endpoint_name: 'n', model: 'm', status: 503 });
    expect(e.level).toBe(40);
    expect(toEntry({ msg: 'no level' })).toBeNull();
    expect(toEntry({ time: 1, level: 30, component: 'nope', msg: 'x' })!.entry.component).toBeNull();
  });

  it('filters by minimum level, component and since; keeps the newest `limit`, newest last', () => {
    const ring = new LogRing(100);
    const levels = ['debug', 'info', 'warn', 'error'];
    for (let i = 0; i < 20; i++) push(ring, i, levels[i % 4]!, i % 2 === 0 ? 'gateway' : 'health');
    expect(ring.query({ limit: 1000 }).map((e) => e.msg)).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
    expect(ring.query({ minLevel: 'warn', limit: 1000 }).every((e) => e.level === 'warn' || e.level === 'error')).toBe(true);
    expect(ring.query({ component: 'health', limit: 1000 }).every((e) => e.component === 'health')).toBe(true);
    expect(ring.query({ limit: 3 }).map((e) => e.msg)).toEqual(['m17', 'm18', 'm19']);
    expect(ring.query({ sinceMs: T0 + 17_000, limit: 100 }).map((e) => e.msg)).toEqual(['m18', 'm19']);
    expect(ring.query({ minLevel: 'warn', component: 'gateway', limit: 2 }).map((e) => e.msg)).toEqual(['m14', 'm18']);
  });

  it('overwrites the oldest entries past its capacity', () => {
    const ring = new LogRing(5);
    for (let i = 0; i < 12; i++) push(ring, i, 'info', 'app');
    expect(ring.size()).toBe(5);
    expect(ring.query({ limit: 100 }).map((e) => e.msg)).toEqual(['m7', 'm8', 'm9', 'm10', 'm11']);
  });
});

describe('/v0/logs query', () => {
  const bad = (q: Record<string, unknown>, param: string) => {
    try {
      parseLogQuery(q);
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('invalid_request');
      expect((e as AppError).param).toBe(param);
      return;
    }
    throw new Error(`accepted ${JSON.stringify(q)}`);
  };

  it('defaults to 200 entries of every level and component', () => {
    expect(parseLogQuery(undefined)).toEqual({ limit: 200 });
    expect(parseLogQuery({ level: '', component: '', since: '', limit: '' })).toEqual({ limit: 200 });
  });

  it('accepts level, component, RFC 3339 or epoch-ms since, and limit 1–1000', () => {
    expect(parseLogQuery({ level: 'warn', component: 'gateway', since: '2026-03-10T12:00:00Z', limit: '5' })).toEqual({
      minLevel: 'warn',
      component: 'gateway',
      sinceMs: T0,
      limit: 5,
    });
    expect(parseLogQuery({ since: String(T0), limit: 1000 }).sinceMs).toBe(T0);
    expect(parseSince('2026-03-10T21:00:00+09:00')).toBe(T0);
  });

  it('refuses anything else with invalid_request naming the parameter', () => {
    bad({ level: 'verbose' }, 'level');
    bad({ level: 'silent' }, 'level');
    bad({ component: 'tray' }, 'component');
    bad({ since: 'yesterday' }, 'since');
    bad({ since: '2026-03-10' }, 'since');
    for (const limit of ['0', '1001', 'x', '1.5', '-1', 0]) bad({ limit }, 'limit');
  });
});
