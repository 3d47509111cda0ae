import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../../src-main/db/open.js';
import { loadMigrations, migrate, MigrationError } from '../../../src-main/db/migrate.js';
import { migrationsDir } from '../../../src-main/util/paths.js';
import { tempDir } from '../../helpers/app.js';

function dirWith(files: Record<string, string>): string {
  const d = join(tempDir(), 'migrations');
  mkdirSync(d);
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(d, name), sql);
  return d;
}

describe('migrations', () => {
  it('applies every shipped migration on a fresh temp database, in WAL mode, idempotently', () => {
    const db = openDatabase(join(tempDir(), 'x.db'));
    const all = loadMigrations(migrationsDir());
    expect(all.length).toBeGreaterThan(0);
    expect(migrate(db, all)).toEqual(all.map((m) => m.version));
    expect(migrate(db, all)).toEqual([]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all().map((r: any) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['endpoints', 'endpoint_models', 'endpoint_health_checks', 'api_keys', 'request_log_chunks']));
    const views = db.prepare("SELECT name FROM sqlite_master WHERE type='view'").pluck().all();
    expect(views).toEqual(['request_log']);
    db.close();
  });

  it('0004 moves request log rows into chunks of 500, in id order, and keeps the id high-water mark', async () => {
    const db = openDatabase(join(tempDir(), 'x.db'));
    const all = loadMigrations(migrationsDir());
    migrate(db, all.filter((m) => m.version < 4));
    const insert = db.prepare(
      `INSERT INTO request_log (at, api, path, endpoint_id, endpoint_name, model, status, latency_ms, ttft_ms, prompt_tokens, completion_tokens, stream, error, request_id)
       VALUES (?, 'openai', '/v1/chat/completions', 'ep-1', 'one', ?, ?, ?, ?, 3, 5, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (let i = 1; i <= 1_203; i++) {
        const at = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
        insert.run(at, `m-"${i}"`, i % 2 ? 200 : 503, i + 0.5, i % 3 ? null : i, i % 2, i % 2 ? null : 'upstream answered 503', `rid-${i}`);
      }
    })();
    // The newest rows were pruned: the next id must still be past them.
    db.exec('DELETE FROM request_log WHERE id > 1200');
    migrate(db, all);
    expect(db.prepare("SELECT last_id, json_array_length(rows, '$.r') AS n FROM request_log_chunks ORDER BY last_id").all()).toEqual([
      { last_id: 500, n: 500 },
      { last_id: 1000, n: 500 },
      { last_id: 1200, n: 200 },
      { last_id: 1203, n: 0 },
    ]);
    const { RequestLogStore } = await import('../../../src-main/requestlog/store.js');
    const store = new RequestLogStore(db);
    expect(store.nextId()).toBe(1204);
    const newest = store.recent(1_300);
    expect(newest.map((r) => r.id)).toEqual(Array.from({ length: 1200 }, (_, i) => 1200 - i));
    expect(newest.find((r) => r.id === 6)).toEqual({
      id: 6, at: new Date(Date.UTC(2026, 0, 1) + 6000).toISOString(), api: 'openai', path: '/v1/chat/completions', endpoint_id: 'ep-1',
      endpoint_name: 'one', model: 'm-"6"', status: 503, latency_ms: 6.5, ttft_ms: 6, prompt_tokens: 3, completion_tokens: 5,
      stream: false, error: 'upstream answered 503', request_id: 'rid-6',
    });
    expect(store.byRequestId('rid-777', 5).map((r) => r.id)).toEqual([777]);
    // The view keeps the old table's columns for anyone querying the file.
    expect(db.prepare('SELECT id, model, stream, request_id FROM request_log WHERE id = 7').get()).toEqual({ id: 7, model: 'm-"7"', stream: 1, request_id: 'rid-7' });
    db.close();
  });

  it('records checksums and refuses to start when an applied file changed', () => {
    const file = join(tempDir(), 'y.db');
    const d1 = dirWith({ '0001_a.sql': 'CREATE TABLE a (x INTEGER);' });
    let db = openDatabase(file);
    migrate(db, loadMigrations(d1));
    db.close();
    const d2 = dirWith({ '0001_a.sql': 'CREATE TABLE a (x INTEGER, y TEXT);' });
    db = openDatabase(file);
    expect(() => migrate(db, loadMigrations(d2))).toThrow(MigrationError);
    db.close();
  });

  it('rolls back a failing migration as one transaction', () => {
    const db = openDatabase(join(tempDir(), 'z.db'));
    const d = dirWith({ '0001_ok.sql': 'CREATE TABLE ok (x);', '0002_bad.sql': 'CREATE TABLE half (x); INSERT INTO nope VALUES (1);' });
    expect(() => migrate(db, loadMigrations(d))).toThrow();
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all().map((r: any) => r.name);
    expect(tables).toContain('ok');
    expect(tables).not.toContain('half');
    const versions = db.prepare('SELECT version FROM schema_migrations').all().map((r: any) => r.version);
    expect(versions).toEqual([1]);
    db.close();
  });

  it('refuses gaps in numbering and a database newer than the files', () => {
    expect(() => loadMigrations(dirWith({ '0001_a.sql': 'SELECT 1;', '0003_c.sql': 'SELECT 1;' }))).toThrow(MigrationError);
    const db = openDatabase(join(tempDir(), 'w.db'));
    migrate(db, loadMigrations(dirWith({ '0001_a.sql': 'SELECT 1;', '0002_b.sql': 'SELECT 1;' })));
    expect(() => migrate(db, loadMigrations(dirWith({ '0001_a.sql': 'SELECT 1;' })))).toThrow(/does not know/);
    db.close();
  });
});
