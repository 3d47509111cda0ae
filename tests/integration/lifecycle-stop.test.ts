import { describe, expect, it } from 'vitest';
import { startBlackHole, startFakeOpenAi } from '../fakes/index.js';
import { call, startTestApp, waitFor } from '../helpers/app.js';
import { ManualClock } from '../unit/health/manual-clock.js';

describe('health lifecycle stop', () => {
  it('stops promptly with a check hanging, and nothing runs afterwards', async () => {
    const clock = new ManualClock(Date.now());
    const t = await startTestApp({ clock });
    const hole = await startBlackHole();
    const f = await startFakeOpenAi();
    try {
      const ok = await call(t.url, 'POST', '/v0/endpoints', { name: 'ok', base_url: f.url, health_check_interval_secs: 10 });
      await waitFor(async () => (await call(t.url, 'GET', `/v0/endpoints/${ok.body.id}`)).body.status === 'online');
      await call(t.url, 'POST', '/v0/endpoints', { name: 'hang', base_url: hole.url });
      await waitFor(() => hole.connections() > 0); // its detection is in flight and will not be answered
      const started = Date.now();
      await t.close();
      expect(Date.now() - started).toBeLessThan(1500);
      const seen = f.requests.length;
      clock.advance(3_600_000);
      await new Promise((r) => setTimeout(r, 100));
      expect(f.requests.length).toBe(seen);
      await waitFor(() => hole.open() === 0, 2000); // the aborted probes let go of their sockets
    } finally {
      await hole.close();
      await f.close();
    }
  });
});
