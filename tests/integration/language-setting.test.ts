/** The desktop's language choice as a core setting: default, validation, persistence across restarts, and the config it builds. */
import { afterAll, describe, expect, it } from 'vitest';
import { buildConfig } from '../../src-main/config/config.js';
import { call, startTestApp, tempDir, type TestApp } from '../helpers/app.js';

describe('language setting', () => {
  const dataDir = tempDir();
  let app: TestApp | null = null;
  afterAll(async () => app?.close());

  it('defaults to following the system, takes en/ja/system only, and survives a restart', async () => {
    app = await startTestApp({ dataDir });
    expect((await call(app.url, 'GET', '/v0/settings')).body.language).toBe('system');
    for (const bad of ['fr', 'EN', '', 7, null]) {
      const res = await call(app.url, 'PUT', '/v0/settings', { language: bad });
      expect(res.status, String(bad)).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    const put = await call(app.url, 'PUT', '/v0/settings', { language: 'ja' });
    expect(put.status).toBe(200);
    expect(put.body.language).toBe('ja');
    await app.close(true);
    app = await startTestApp({ dataDir });
    expect((await call(app.url, 'GET', '/v0/settings')).body.language).toBe('ja');
    expect((await call(app.url, 'PUT', '/v0/settings', { language: 'system' })).body.language).toBe('system');
  });

  it('is part of the frozen config', () => {
    expect(buildConfig({ dataDir: '/tmp/x' }, {}, {}).language).toBe('system');
    expect(buildConfig({ dataDir: '/tmp/x' }, { language: 'en' }, {}).language).toBe('en');
  });
});
