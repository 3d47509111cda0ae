import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pruneLogDir, rotatedName, ROTATED_LOG } from '../../../src-main/logging/prune.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-10T12:00:00Z');
let dir: string;

function file(name: string, bytes: number, ageMs: number): void {
  writeFileSync(join(dir, name), 'x'.repeat(bytes));
  const t = (NOW - ageMs) / 1000;
  utimesSync(join(dir, name), t, t);
}

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('log folder pruning', () => {
  it('names rotated files by UTC time and index, and recognises only those', () => {
    expect(rotatedName(null)).toBe('llmlb.log');
    expect(rotatedName(Date.parse('2026-03-10T01:02:03.456Z'), 2)).toBe('llmlb-20260310T010203Z-2.log');
    expect(ROTATED_LOG.test('llmlb-20260310T010203Z-2.log')).toBe(true);
    expect(ROTATED_LOG.test('llmlb.log')).toBe(false);
    expect(ROTATED_LOG.test('notes.txt')).toBe(false);
  });

  it('deletes rotated files older than the age limit, keeps newer ones, the current file and foreign files', () => {
    dir = mkdtempSync(join(tmpdir(), 'llmlb-prune-'));
    file('llmlb.log', 100, 10 * DAY);
    file(rotatedName(NOW - 9 * DAY, 1), 100, 9 * DAY);
    file(rotatedName(NOW - 8 * DAY, 1), 100, 8 * DAY);
    file(rotatedName(NOW - 6 * DAY, 1), 100, 6 * DAY);
    file(rotatedName(NOW - 1 * DAY, 1), 100, 1 * DAY);
    file('keep-me.txt', 100, 30 * DAY);
    const deleted = pruneLogDir(dir, { maxAgeMs: 7 * DAY, maxTotalBytes: 1_000_000, maxFileBytes: 1000 }, NOW);
    expect(deleted.sort()).toEqual([rotatedName(NOW - 9 * DAY, 1), rotatedName(NOW - 8 * DAY, 1)].sort());
    expect(readdirSync(dir).sort()).toEqual(['keep-me.txt', 'llmlb.log', rotatedName(NOW - 6 * DAY, 1), rotatedName(NOW - 1 * DAY, 1)].sort());
  });

  it('deletes the oldest rotated files until everything fits in the total bound, room kept for the current file', () => {
    dir = mkdtempSync(join(tmpdir(), 'llmlb-prune-'));
    file('llmlb.log', 500, 0);
    for (let i = 1; i <= 10; i++) file(rotatedName(NOW - i * 3_600_000, 1), 1000, i * 3_600_000);
    pruneLogDir(dir, { maxAgeMs: 7 * DAY, maxTotalBytes: 5000, maxFileBytes: 1000 }, NOW);
    const left = readdirSync(dir).filter((n) => ROTATED_LOG.test(n)).sort();
    // 5000 total - 1000 reserved for the current file = 4 rotated files of 1000, the newest.
    expect(left).toEqual([1, 2, 3, 4].map((i) => rotatedName(NOW - i * 3_600_000, 1)).sort());
    const total = readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    expect(total).toBeLessThanOrEqual(5000);
  });

  it('a missing folder prunes nothing', () => {
    dir = mkdtempSync(join(tmpdir(), 'llmlb-prune-'));
    expect(pruneLogDir(join(dir, 'nope'), { maxAgeMs: DAY, maxTotalBytes: 10, maxFileBytes: 5 }, NOW)).toEqual([]);
  });
});
