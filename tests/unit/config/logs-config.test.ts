import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { buildConfig, ConfigError } from '../../../src-main/config/config.js';

const DIR = '/tmp/llmlb-data';
const MB = 1024 * 1024;

describe('log settings', () => {
  it('default to info, <dataDir>/logs, 10 MB files, 7 days, 70 MB in all', () => {
    expect(buildConfig({ dataDir: DIR }, {}, {}).logs).toEqual({
      level: 'info',
      dir: join(DIR, 'logs'),
      maxFileBytes: 10 * MB,
      maxAgeDays: 7,
      maxTotalBytes: 70 * MB,
    });
  });

  it('LLMLB_LOG_LEVEL sets the level; the --log-level flag wins over it', () => {
    expect(buildConfig({ dataDir: DIR }, {}, { LLMLB_LOG_LEVEL: 'DEBUG' }).logs.level).toBe('debug');
    expect(buildConfig({ dataDir: DIR, logLevel: 'warn' }, {}, { LLMLB_LOG_LEVEL: 'debug' }).logs.level).toBe('warn');
    expect(buildConfig({ dataDir: DIR, logLevel: 'silent' }, {}, {}).logs.level).toBe('silent');
  });

  it('refuses a bad LLMLB_LOG_LEVEL with one line naming the choices', () => {
    expect(() => buildConfig({ dataDir: DIR }, {}, { LLMLB_LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    expect(() => buildConfig({ dataDir: DIR }, {}, { LLMLB_LOG_LEVEL: 'loud' })).toThrow(/LLMLB_LOG_LEVEL.*trace, debug, info, warn, error, fatal, silent/);
  });

  it('file bounds come from LLMLB_LOG_FILE_MAX_MB, LLMLB_LOG_TOTAL_MAX_MB and LLMLB_LOG_MAX_AGE_DAYS, validated', () => {
    const logs = buildConfig({ dataDir: DIR }, {}, { LLMLB_LOG_FILE_MAX_MB: '0.5', LLMLB_LOG_TOTAL_MAX_MB: '2', LLMLB_LOG_MAX_AGE_DAYS: '1.5' }).logs;
    expect(logs).toMatchObject({ maxFileBytes: 0.5 * MB, maxTotalBytes: 2 * MB, maxAgeDays: 1.5 });
    for (const env of [
      { LLMLB_LOG_FILE_MAX_MB: '0' },
      { LLMLB_LOG_FILE_MAX_MB: 'big' },
      { LLMLB_LOG_MAX_AGE_DAYS: '400' },
      { LLMLB_LOG_FILE_MAX_MB: '10', LLMLB_LOG_TOTAL_MAX_MB: '15' },
    ]) {
      expect(() => buildConfig({ dataDir: DIR }, {}, env), JSON.stringify(env)).toThrow(ConfigError);
    }
  });
});
