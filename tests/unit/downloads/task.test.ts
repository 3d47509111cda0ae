import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { DownloadTaskDTO } from '../../../src-main/admin/types.js';
import { loadMigrations, migrate } from '../../../src-main/db/migrate.js';
import { openDatabase, type Db } from '../../../src-main/db/open.js';
import { DownloadStore, type TaskRow } from '../../../src-main/downloads/store.js';
import { TaskRun } from '../../../src-main/downloads/task.js';
import { migrationsDir } from '../../../src-main/util/paths.js';
import { tempDir } from '../../helpers/app.js';
import { ManualClock } from '../health/manual-clock.js';

const EP = '11111111-2222-3333-4444-555555555555';
let db: Db;
let store: DownloadStore;
let clock: ManualClock;
let events: DownloadTaskDTO[];

function row(over: Partial<TaskRow> = {}): TaskRow {
  const now = new Date(clock.now()).toISOString();
  return {
    task_id: 'aaaaaaaa-0000-0000-0000-000000000001', endpoint_id: EP, model: 'm', filename: null, status: 'pending', progress: 0,
    speed_mbps: null, eta_seconds: null, error: null, node_task_id: null, created_at: now, updated_at: now, ...over,
  };
}

beforeEach(() => {
  db = openDatabase(join(tempDir(), 'd.db'));
  migrate(db, loadMigrations(migrationsDir()));
  db.prepare("INSERT INTO endpoints (id, name, name_key, base_url, registered_at) VALUES (?, 'n', 'n', 'http://x', '2025-01-01')").run(EP);
  store = new DownloadStore(db);
  clock = new ManualClock();
  events = [];
});
afterEach(() => db.close());

function started(): TaskRun {
  const r = row();
  store.insert(r);
  return new TaskRun(r, { store, publish: (t) => events.push(t), clock });
}

describe('TaskRun', () => {
  it('publishes state changes at once and persists them', () => {
    const run = started();
    run.accepted('node-1');
    expect(events.map((e) => e.status)).toEqual(['downloading']);
    expect(store.get(run.row.task_id)).toMatchObject({ status: 'downloading', node_task_id: 'node-1' });
    expect(events[0]).not.toHaveProperty('node_task_id');
  });

  it('throttles progress to ~4 events/s and ~1 write/s, keeps it monotonic and below 100 until completed', () => {
    const run = started();
    run.accepted(null);
    events.length = 0;
    const total = 1_000_000_000;
    for (let i = 1; i <= 40; i++) {
      clock.advance(50); // 2 s of samples, 20 per second
      const pct = i === 20 ? 10 : Math.min(100, i * 2.6); // one sample goes backwards
      run.progress({ percent: pct, doneBytes: (pct / 100) * total, totalBytes: total });
    }
    clock.advance(1000); // trailing runs fire
    expect(events.length).toBeGreaterThanOrEqual(7);
    expect(events.length).toBeLessThanOrEqual(10);
    const ps = events.map((e) => e.progress);
    expect([...ps].sort((a, b) => a - b)).toEqual(ps);
    expect(Math.max(...ps)).toBe(99);
    expect(store.get(run.row.task_id)?.progress).toBe(99);
    expect(events.at(-1)?.speed_mbps).toBeGreaterThan(0);
    expect(events.at(-1)?.eta_seconds).not.toBeNull();
    run.finish('completed');
    expect(events.at(-1)).toMatchObject({ status: 'completed', progress: 100, speed_mbps: null, eta_seconds: 0 });
    expect(store.get(run.row.task_id)).toMatchObject({ status: 'completed', progress: 100 });
    expect(clock.pending()).toBe(0);
  });

  it('leaves speed null when the node gives no byte counts, but still estimates the ETA', () => {
    const run = started();
    for (let i = 1; i <= 5; i++) {
      clock.advance(500);
      run.progress({ percent: i * 10, doneBytes: null, totalBytes: null });
    }
    expect(run.row.speed_mbps).toBeNull();
    expect(run.row.eta_seconds).toBe(3); // 20 %/s with 50 % left: 2.5 s, rounded up
  });

  it('detach keeps the status for a restart; markGone stops every write', () => {
    const run = started();
    run.accepted(null);
    run.progress({ percent: 30, doneBytes: null, totalBytes: null });
    clock.advance(100);
    run.progress({ percent: 40, doneBytes: null, totalBytes: null });
    run.detach();
    expect(store.get(run.row.task_id)).toMatchObject({ status: 'downloading', progress: 40 });
    run.markGone();
    run.finish('failed', 'x');
    expect(store.get(run.row.task_id)?.status).toBe('downloading');
    expect(clock.pending()).toBe(0);
  });
});
