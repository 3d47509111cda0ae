/** A request log on a temp SQLite file with a hand-driven clock. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestRecord } from '../../../src-main/app-services.js';
import { openDatabase, type Db } from '../../../src-main/db/open.js';
import { loadMigrations, migrate } from '../../../src-main/db/migrate.js';
import { EventBus } from '../../../src-main/events/bus.js';
import { RequestLog, type RequestLogOptions } from '../../../src-main/requestlog/recorder.js';
import { RequestLogStore } from '../../../src-main/requestlog/store.js';
import { migrationsDir } from '../../../src-main/util/paths.js';
import { ManualClock } from '../health/manual-clock.js';
import { textLogger } from '../../helpers/logger.js';

/** The parts a test drives. */
export interface LogRig {
  readonly db: Db;
  readonly file: string;
  readonly clock: ManualClock;
  readonly events: EventBus;
  readonly store: RequestLogStore;
  readonly log: RequestLog;
  readonly lines: string[];
  rows(): number;
  close(): void;
}

/** Builds a log rig. */
export function logRig(opts: RequestLogOptions = {}): LogRig {
  const dir = mkdtempSync(join(tmpdir(), 'llmlb-reqlog-'));
  const file = join(dir, 'db.sqlite');
  const db = openDatabase(file);
  migrate(db, loadMigrations(migrationsDir()));
  const clock = new ManualClock();
  const events = new EventBus();
  const store = new RequestLogStore(db);
  const lines: string[] = [];
  const log = new RequestLog(store, clock, events, textLogger(lines), opts);
  return {
    db,
    file,
    clock,
    events,
    store,
    log,
    lines,
    rows: () => (db.prepare('SELECT COUNT(*) AS n FROM request_log').get() as { n: number }).n,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A request record with sensible defaults. */
export function rec(patch: Partial<RequestRecord> = {}): RequestRecord {
  return {
    at: Date.parse('2025-01-01T00:00:00.000Z'),
    api: 'openai',
    path: '/v1/chat/completions',
    endpointId: 'ep-1',
    endpointName: 'one',
    model: 'm',
    status: 200,
    latencyMs: 100,
    ttftMs: null,
    promptTokens: 3,
    completionTokens: 5,
    stream: false,
    error: null,
    ...patch,
  };
}
