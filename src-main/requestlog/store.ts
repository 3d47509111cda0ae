/** SQLite side of the request log: batched inserts, recent rows, retention, and the start-up replay. */
import type { RequestLogDTO } from '../admin/types.js';
import type { RequestRecord } from '../app-services.js';
import type { Db } from '../db/open.js';

interface Row {
  id: number;
  at: string;
  api: RequestLogDTO['api'];
  path: string;
  endpoint_id: string | null;
  endpoint_name: string | null;
  model: string | null;
  status: number;
  latency_ms: number;
  ttft_ms: number | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  stream: number;
  error: string | null;
  request_id: string | null;
}

const COLS = 'id, at, api, path, endpoint_id, endpoint_name, model, status, latency_ms, ttft_ms, prompt_tokens, completion_tokens, stream, error, request_id';
const FIELDS = 15;
const ROW_PLACEHOLDERS = `(${Array<string>(FIELDS).fill('?').join(', ')})`;
/** Rows per multi-row INSERT (15 × 25 = 375 parameters, well under SQLite's limit). */
const BATCH_ROWS = 25;

/** Writes a row's values into `args` at `at`, in COLS order. */
function putRow(args: unknown[], at: number, r: RequestLogDTO): void {
  args[at] = r.id;
  args[at + 1] = r.at;
  args[at + 2] = r.api;
  args[at + 3] = r.path;
  args[at + 4] = r.endpoint_id;
  args[at + 5] = r.endpoint_name;
  args[at + 6] = r.model;
  args[at + 7] = r.status;
  args[at + 8] = r.latency_ms;
  args[at + 9] = r.ttft_ms;
  args[at + 10] = r.prompt_tokens;
  args[at + 11] = r.completion_tokens;
  args[at + 12] = r.stream ? 1 : 0;
  args[at + 13] = r.error;
  args[at + 14] = r.request_id;
}

/** The `request_log` table, statements prepared once. */
export class RequestLogStore {
  readonly #insert;
  readonly #insertBatch;
  readonly #batchArgs: unknown[] = new Array<unknown>(BATCH_ROWS * FIELDS);
  readonly #recent;
  readonly #prune;
  readonly #since;
  readonly #byRequestId;
  readonly #insertMany;

  constructor(
    private readonly db: Db,
    /** How many of the newest rows a lookup by request id searches. */
    private readonly lookupRows = 200_000,
  ) {
    // Positional parameters, and BATCH_ROWS rows per statement: binding by name and one statement
    // run per row cost about twice as much CPU per row.
    this.#insert = db.prepare(`INSERT INTO request_log (${COLS}) VALUES ${ROW_PLACEHOLDERS}`);
    this.#insertBatch = db.prepare(`INSERT INTO request_log (${COLS}) VALUES ${Array<string>(BATCH_ROWS).fill(ROW_PLACEHOLDERS).join(', ')}`);
    this.#recent = db.prepare<[number], Row>(`SELECT ${COLS} FROM request_log ORDER BY id DESC LIMIT ?`);
    this.#prune = db.prepare<[string]>('DELETE FROM request_log WHERE at < ?');
    // No index on request_id: random ids would make every insert touch a random B-tree page (about
    // 4× the cost of a row). Lookups walk the newest `lookupRows` rows by rowid instead.
    this.#byRequestId = db.prepare<[number, string, number], Row>(
      `SELECT ${COLS} FROM request_log WHERE id > (SELECT IFNULL(MAX(id), 0) FROM request_log) - ? AND request_id = ? ORDER BY id DESC LIMIT ?`,
    );
    this.#since = db.prepare<[string], Row>(`SELECT ${COLS} FROM request_log WHERE at >= ? ORDER BY id`);
    this.#insertMany = db.transaction((rows: readonly RequestLogDTO[]) => {
      const args = this.#batchArgs;
      let i = 0;
      for (; i + BATCH_ROWS <= rows.length; i += BATCH_ROWS) {
        for (let j = 0; j < BATCH_ROWS; j++) putRow(args, j * FIELDS, rows[i + j]!);
        this.#insertBatch.run(args);
      }
      const one = new Array<unknown>(FIELDS);
      for (; i < rows.length; i++) {
        putRow(one, 0, rows[i]!);
        this.#insert.run(one);
      }
    });
  }

  /** The id the next row should get (rows get ids before they are written, so unflushed rows have one). */
  nextId(): number {
    const seq = this.db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'request_log'").get();
    const max = this.db.prepare<[], { m: number | null }>('SELECT MAX(id) AS m FROM request_log').get();
    return Math.max(seq?.seq ?? 0, max?.m ?? 0) + 1;
  }

  /** Writes rows in one transaction. */
  insertMany(rows: readonly RequestLogDTO[]): void {
    this.#insertMany(rows);
  }

  /** The newest rows, newest first. */
  recent(limit: number): RequestLogDTO[] {
    return this.#recent.all(limit).map(toDTO);
  }

  /** The newest rows of one request id among the newest `lookupRows` rows, newest first. */
  byRequestId(requestId: string, limit: number): RequestLogDTO[] {
    return this.#byRequestId.all(this.lookupRows, requestId, limit).map(toDTO);
  }

  /** Deletes rows that arrived before `cutoffIso`; returns how many. */
  prune(cutoffIso: string): number {
    return this.#prune.run(cutoffIso).changes;
  }

  /** Rows since `sinceIso`, oldest first, as records (to rebuild the in-memory windows at start). */
  *since(sinceIso: string): Generator<RequestRecord> {
    for (const row of this.#since.iterate(sinceIso)) yield toRecord(row);
  }
}

function toDTO(row: Row): RequestLogDTO {
  return { ...row, stream: row.stream === 1 };
}

function toRecord(row: Row): RequestRecord {
  return {
    at: Date.parse(row.at),
    api: row.api,
    path: row.path,
    endpointId: row.endpoint_id,
    endpointName: row.endpoint_name,
    model: row.model,
    status: row.status,
    latencyMs: row.latency_ms,
    ttftMs: row.ttft_ms,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    stream: row.stream === 1,
    error: row.error,
    requestId: row.request_id,
  };
}
