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
    expect(tables).toEqual(expect.arrayContaining(['endpoints', 'endpoint_models', 'endpoint_health_checks', 'api_keys', 'request_log']));
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
