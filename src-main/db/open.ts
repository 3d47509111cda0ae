/** Opens the SQLite database: WAL journal, foreign keys, sane busy timeout. */
import Database from 'better-sqlite3';

/** The database handle type used across the core. */
export type Db = Database.Database;

/** Opens (creating if needed) the database file and applies connection pragmas. */
export function openDatabase(file: string): Db {
  // The desktop host started from a checkout points at a better-sqlite3 build for Electron's ABI.
  const binding = process.env.LLMLB_SQLITE_BINDING;
  const db = new Database(file, binding ? { nativeBinding: binding } : {});
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode (only an OS crash can lose the last commits).
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}
