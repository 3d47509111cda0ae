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
}

const COLS = 'id, at, api, path, endpoint_id, endpoint_name, model, status, latency_ms, ttft_ms, prompt_tokens, completion_tokens, stream, error';

/** The `request_log` table, statements prepared once. */
export class RequestLogStore {
  readonly #insert;
  readonly #recent;
  readonly #prune;
  readonly #since;
  readonly #insertMany;

  constructor(private readonly db: Db) {
    this.#insert = db.prepare(
      `INSERT INTO request_log (${COLS}) VALUES (@id, @at, @api, @path, @endpoint_id, @endpoint_name, @model, @status, @latency_ms, @ttft_ms, @prompt_tokens, @completion_tokens, @stream, @error)`,
    );
    this.#recent = db.prepare<[number], Row>(`SELECT ${COLS} FROM request_log ORDER BY id DESC LIMIT ?`);
    this.#prune = db.prepare<[string]>('DELETE FROM request_log WHERE at < ?');
    this.#since = db.prepare<[string], Row>(`SELECT ${COLS} FROM request_log WHERE at >= ? ORDER BY id`);
    this.#insertMany = db.transaction((rows: readonly RequestLogDTO[]) => {
      for (const r of rows) this.#insert.run({ ...r, stream: r.stream ? 1 : 0 });
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
  };
}
