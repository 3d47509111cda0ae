import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/db/open.js';
import { loadMigrations, migrate } from '../../../src-main/db/migrate.js';
import { IgnoredStore, discoveryKey } from '../../../src-main/discovery/ignored.js';
import { migrationsDir } from '../../../src-main/util/paths.js';
import { tempDir } from '../../helpers/app.js';

const dirs: string[] = [];
const dbs: Db[] = [];

function open(dir: string): Db {
  const db = openDatabase(join(dir, 'llmlb.db'));
  migrate(db, loadMigrations(migrationsDir()));
  dbs.push(db);
  return db;
}

afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('discoveryKey', () => {
  it('maps every loopback spelling and a trailing /v1 to one key', () => {
    const k = 'http://127.0.0.1:11434';
    expect(discoveryKey('http://localhost:11434')).toBe(k);
    expect(discoveryKey('http://[::1]:11434/')).toBe(k);
    expect(discoveryKey('HTTP://LOCALHOST:11434/v1')).toBe(k);
  });
});

describe('IgnoredStore', () => {
  it('remembers a URL under any loopback spelling, across a reopen', () => {
    const dir = tempDir();
    dirs.push(dir);
    const db = open(dir);
    const store = new IgnoredStore(db);
    expect(store.has('http://127.0.0.1:1234')).toBe(false);
    store.add('http://localhost:1234', 'deleted', new Date('2025-01-01T00:00:00Z'));
    expect(store.has('http://127.0.0.1:1234')).toBe(true);
    db.close();
    const again = new IgnoredStore(open(dir));
    expect(again.has('http://[::1]:1234')).toBe(true);
    expect(again.list()).toEqual([{ base_url: 'http://127.0.0.1:1234', reason: 'deleted', at: '2025-01-01T00:00:00.000Z' }]);
  });

  it('keeps one row per URL, with the latest reason', () => {
    const dir = tempDir();
    dirs.push(dir);
    const store = new IgnoredStore(open(dir));
    store.add('http://127.0.0.1:8080', 'dismissed');
    store.add('http://localhost:8080', 'deleted');
    expect(store.list().map((r) => [r.base_url, r.reason])).toEqual([['http://127.0.0.1:8080', 'deleted']]);
  });
});
