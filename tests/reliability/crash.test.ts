/**
 * kill -9 of `llmlb serve` while endpoints are being registered one after another and proxied requests
 * are being logged. After each kill: `PRAGMA integrity_check` is ok and every registration that was
 * answered 201 is there. Request-log rows written in batches may be lost up to the batch window (1 s);
 * registrations may not.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, startFakeVllm, type FakeHandle } from '../fakes/index.js';
import { tempDir } from '../helpers/app.js';
import { adminCall, chat, Client, closeAdminClient, registerOnline, sleep } from './helpers.js';
import { ensureBuilt, killAllServe, type ServeProcess, startServe } from './serve-process.js';
import { Tally } from './tally.js';

const CYCLES = 3;
const tally = new Tally('crash');
let dir: string;
let fake: FakeHandle;
let client: Client;

beforeAll(async () => {
  ensureBuilt();
  dir = tempDir('llmlb-crash-');
  fake = await startFakeVllm({ models: ['m'] });
  client = new Client(8);
}, 180_000);

afterAll(async () => {
  tally.flush();
  killAllServe();
  await client?.close();
  await closeAdminClient();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What the database file says after a crash, read the way the next start would open it. */
function inspect(): { integrity: string; ids: Set<string>; logRows: number; logTimes: number[] } {
  const db = new Database(join(dir, 'llmlb.db'), { fileMustExist: true });
  try {
    return {
      integrity: db.prepare('PRAGMA integrity_check').pluck().get() as string,
      ids: new Set(db.prepare('SELECT id FROM endpoints').pluck().all() as string[]),
      logRows: db.prepare('SELECT count(*) FROM request_log').pluck().get() as number,
      logTimes: (db.prepare("SELECT at FROM request_log WHERE path = '/v1/chat/completions'").pluck().all() as string[]).map((a) => Date.parse(a)),
    };
  } finally {
    db.close();
  }
}

describe('kill -9 under writes', () => {
  it(`${CYCLES} cycles: registrations answered 201 survive, the database stays intact`, async () => {
    const confirmed = new Set<string>();
    const deadPort = await closedPort();
    let s: ServeProcess = await startServe(dir);
    await registerOnline(s.url, 'traffic', fake.url, 'm');
    let served = 0;
    let registered = 0;
    let inFlightAtKill = 0;
    const integrity: string[] = [];
    const sentTimes: number[] = [];
    let oldRowsChecked = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const base = s.url;
      const cycleStart = Date.now();
      let alive = true;
      // Sequential registrations, each answered 201 before the next is sent.
      const registrations = (async () => {
        for (let i = 0; alive && i < 2000; i++) {
          try {
            const r = await adminCall(base, 'POST', '/v0/endpoints', { name: `c${cycle}-${i}`, base_url: `http://127.0.0.1:${deadPort}/c${cycle}/${i}` });
            if (r.status === 201) {
              confirmed.add(r.body.id as string);
              registered++;
            } else if (alive) throw new Error(`unexpected ${r.status}: ${JSON.stringify(r.body)}`);
          } catch (e) {
            if (alive) throw e;
            inFlightAtKill++;
            return;
          }
        }
      })();
      // Proxied requests, so the request log has rows waiting in its batch.
      const traffic = [0, 1].map(async () => {
        for (let i = 0; alive && i < 5000; i++) {
          const sentAt = Date.now();
          const o = await client.send(base, 'POST', '/v1/chat/completions', chat('m', i % 2 === 0), { deadlineMs: 5000 });
          if (o.status === 200 && !o.error) {
            served++;
            sentTimes.push(sentAt);
          }
        }
      });
      // Kill at a different moment each cycle, but only once this cycle has written something (the
      // machine may be busy): at least 15 registrations and 5 proxied answers, or 6 s.
      const regs0 = registered;
      const served0 = served;
      const t0 = Date.now();
      await sleep([500, 900, 3000][cycle] ?? 1000);
      while ((registered - regs0 < 15 || served - served0 < 5) && Date.now() - t0 < 6000) await sleep(20);
      alive = false;
      const killAt = Date.now();
      s.proc.kill('SIGKILL');
      expect(await s.exited).toBeNull();
      await Promise.all([registrations, ...traffic]);

      const after = inspect();
      const missing = [...confirmed].filter((id) => !after.ids.has(id));
      integrity.push(after.integrity);
      expect(after.integrity).toBe('ok');
      expect(missing).toEqual([]);
      // Rows may be lost only from the last write batch (1 s, plus slack for a busy machine): every
      // answer of this cycle sent more than 2 s before the kill has its row.
      // (The server stamps a row when the request arrives, a few ms after the client sent it.)
      const old = (t: number) => t >= cycleStart && t < killAt - 2000;
      const oldRow = (t: number) => t >= cycleStart && t < killAt - 1800;
      expect(after.logTimes.filter(oldRow).length).toBeGreaterThanOrEqual(sentTimes.filter(old).length);
      oldRowsChecked += sentTimes.filter(old).length;
      // At most the one registration in flight at each kill may have landed without its 201.
      const registeredRows = [...after.ids].filter((id) => confirmed.has(id)).length;
      expect(after.ids.size - 1 /* traffic endpoint */ - registeredRows).toBeLessThanOrEqual(cycle + 1);
      if (cycle === CYCLES - 1) {
        const row = tally.row(`request log across ${CYCLES} kills`, `${served - after.logRows} rows lost, all from the 1 s write batch at a kill (documented); ${oldRowsChecked} answers older than 2 s at a kill: all logged`);
        row.requests = served;
        row.ok = after.logRows;
        if (served > after.logRows) row.errors['unlogged (not client-visible)'] = served - after.logRows;
        for (const id of confirmed) tally.count(`kill -9 during sequential registrations (${CYCLES} kills)`, after.ids.has(id), 'lost after 201');
        expect(after.logRows).toBeGreaterThan(0);
        expect(after.logRows).toBeLessThanOrEqual(served);
      }

      // The next start recovers the WAL and serves the same registry.
      s = await startServe(dir);
      const listed = (await adminCall(s.url, 'GET', '/v0/endpoints')).body;
      const listedIds = new Set((listed.endpoints as { id: string }[]).map((e) => e.id));
      expect([...confirmed].filter((id) => !listedIds.has(id))).toEqual([]);
      await closeAdminClient();
    }
    tally.row(
      `kill -9 during sequential registrations (${CYCLES} kills)`,
      `integrity_check after each kill: ${integrity.join(', ')}; every 201 present after each restart; ${inFlightAtKill} POSTs cut by a kill (no answer)`,
    );
    const stopped = s.exited;
    s.proc.kill('SIGTERM');
    expect(await stopped).toBe(0);
    expect(inspect().integrity).toBe('ok');
    expect(registered).toBeGreaterThanOrEqual(15 * CYCLES);
    expect(oldRowsChecked).toBeGreaterThan(0);
  }, 90_000);
});
