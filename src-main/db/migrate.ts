/** Migration runner over `migrations/NNNN_name.sql`: one transaction each, checksums recorded and verified. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './open.js';

/** One migration file. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

const FILE_RE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Thrown when the database and the migration files disagree; the app must not start. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/** Reads and orders the migration files of `dir`. */
export function loadMigrations(dir: string): Migration[] {
  const out: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = FILE_RE.exec(file);
    if (!m) continue;
    const sql = readFileSync(join(dir, file), 'utf8');
    out.push({
      version: Number(m[1]),
      name: m[2] ?? file,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  out.forEach((mig, i) => {
    if (mig.version !== i + 1) throw new MigrationError(`migration numbering has a gap or duplicate at ${mig.version}_${mig.name}`);
  });
  return out;
}

/** Applies pending migrations; refuses when an applied file changed or the database is newer than the files. */
export function migrate(db: Db, migrations: readonly Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = db
    .prepare<[], { version: number; name: string; checksum: string }>('SELECT version, name, checksum FROM schema_migrations ORDER BY version')
    .all();
  for (const row of applied) {
    const file = migrations.find((m) => m.version === row.version);
    if (!file) throw new MigrationError(`database has migration ${row.version}_${row.name}, which this llmlb does not know (newer version?)`);
    if (file.checksum !== row.checksum) {
      throw new MigrationError(`migration ${row.version}_${row.name} was changed after it was applied (checksum mismatch)`);
    }
  }
  const insert = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  const done: number[] = [];
  for (const mig of migrations) {
    if (applied.some((a) => a.version === mig.version)) continue;
    db.transaction(() => {
      db.exec(mig.sql);
      insert.run(mig.version, mig.name, mig.checksum, new Date().toISOString());
    })();
    done.push(mig.version);
  }
  return done;
}
