import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogging } from '../../../src-main/logging/create.js';
import { ROTATED_LOG } from '../../../src-main/logging/prune.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function dirBytes(d: string): number {
  return readdirSync(d).reduce((n, f) => n + statSync(join(d, f)).size, 0);
}

describe('rotating log file', () => {
  it('rotates by size and keeps the folder under its total bound while lines keep coming', async () => {
    dir = mkdtempSync(join(tmpdir(), 'llmlb-logfile-'));
    const logs = join(dir, 'logs');
    const bound = { maxFileBytes: 4096, maxTotalBytes: 16_384, maxAgeMs: 7 * 86_400_000 };
    const logging = await createLogging({ level: 'info', console: null, file: { dir: logs, ...bound } });
    const log = logging.logger.child({ component: 'gateway' });
    let peak = 0;
    for (let i = 0; i < 400; i++) {
      log.info({ n: i, pad: 'p'.repeat(120) }, `line ${i}`);
      // Let the file stream write and rotate now and then, as a running app would.
      if (i % 20 === 19) {
        await new Promise((r) => setTimeout(r, 5));
        peak = Math.max(peak, dirBytes(logs));
      }
    }
    await logging.close();
    const files = readdirSync(logs);
    expect(files).toContain('llmlb.log');
    expect(files.filter((f) => ROTATED_LOG.test(f)).length).toBeGreaterThan(1);
    expect(dirBytes(logs)).toBeLessThanOrEqual(bound.maxTotalBytes);
    expect(peak).toBeLessThanOrEqual(bound.maxTotalBytes + 4096);
    // The newest line is in the current file, as JSON with time, level and component.
    const last = readFileSync(join(logs, 'llmlb.log'), 'utf8').trim().split('\n').at(-1)!;
    expect(JSON.parse(last)).toMatchObject({ level: 'info', component: 'gateway', msg: 'line 399', n: 399 });
    expect(new Date(JSON.parse(last).time).toISOString()).toBe(JSON.parse(last).time);
  });

  it('honours the level in the file and the ring alike', async () => {
    dir = mkdtempSync(join(tmpdir(), 'llmlb-logfile-'));
    const logging = await createLogging({ level: 'warn', console: null, file: { dir, maxFileBytes: 1 << 20, maxTotalBytes: 4 << 20, maxAgeMs: 86_400_000 } });
    logging.logger.info('not me');
    logging.logger.warn('me');
    await logging.close();
    const text = readFileSync(join(dir, 'llmlb.log'), 'utf8');
    expect(text).toContain('"msg":"me"');
    expect(text).not.toContain('not me');
    expect(logging.query({ limit: 10 }).map((e) => e.msg)).toEqual(['me']);
  });
});

describe('log file after close', () => {
  it('drops lines written after close instead of failing the stream', async () => {
    dir = mkdtempSync(join(tmpdir(), 'llmlb-logfile-'));
    const errors: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => (errors.push(String(s)), true)) as typeof process.stderr.write;
    try {
      const logging = await createLogging({ level: 'info', console: null, file: { dir, maxFileBytes: 1 << 20, maxTotalBytes: 4 << 20, maxAgeMs: 86_400_000 } });
      logging.logger.info('before');
      await logging.close();
      logging.logger.info('after');
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      process.stderr.write = original;
    }
    expect(errors).toEqual([]);
    const text = readFileSync(join(dir, 'llmlb.log'), 'utf8');
    expect(text).toContain('before');
    expect(text).not.toContain('after');
  });
});
