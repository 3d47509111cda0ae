/** SQLite side of the request log: chunked inserts, recent rows, retention, and the start-up replay. */
import type { RequestLogDTO } from '../admin/types.js';
import type { RequestRecord } from '../app-services.js';
import type { Db } from '../db/open.js';
import { iso } from '../util/time.js';

/** A request as stored in a chunk: the values of `RequestLogDTO` in this order, `stream` as 0/1. */
type Packed = [
  id: number,
  at: string,
  api: RequestLogDTO['api'],
  path: string,
  endpoint_id: string | null,
  endpoint_name: string | null,
  model: string | null,
  status: number,
  latency_ms: number,
  ttft_ms: number | null,
  prompt_tokens: number | null,
  completion_tokens: number | null,
  stream: 0 | 1,
  error: string | null,
  request_id: string | null,
];

/** Requests per chunk at most (a flush after an outage may hold thousands). */
const CHUNK_ROWS = 500;

/** Latencies are kept to 0.1 ms. */
function tenth(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** The request-log row of a record. */
export function toRow(id: number, r: RequestRecord): RequestLogDTO {
  return {
    id,
    at: iso(r.at),
    api: r.api,
    path: r.path,
    endpoint_id: r.endpointId,
    endpoint_name: r.endpointName,
    model: r.model,
    status: r.status,
    latency_ms: tenth(r.latencyMs),
    ttft_ms: r.ttftMs === null ? null : tenth(r.ttftMs),
    prompt_tokens: r.promptTokens,
    completion_tokens: r.completionTokens,
    stream: r.stream,
    error: r.error,
    request_id: r.requestId ?? null,
  };
}

/** The stored form of a record (the same values as `toRow`, without building the row object). */
function pack(id: number, r: RequestRecord): string {
  return JSON.stringify([
    id, iso(r.at), r.api, r.path, r.endpointId, r.endpointName, r.model, r.status, tenth(r.latencyMs), r.ttftMs === null ? null : tenth(r.ttftMs),
    r.promptTokens, r.completionTokens, r.stream ? 1 : 0, r.error, r.requestId ?? null,
  ] satisfies Packed);
}

function unpack(text: string): Packed[] {
  return JSON.parse(text) as Packed[];
}

/**
 * The request log in SQLite: one `request_log_chunks` row per flush, holding its requests as a JSON
 * array (one insert per flush instead of one per request); `request_log` is a view over it.
 */
export class RequestLogStore {
  readonly #insert;
  readonly #newest;
  readonly #maxId;
  readonly #prunable;
  readonly #prune;
  readonly #emptyNewest;
  readonly #straddling;
  readonly #rewrite;
  readonly #since;
  readonly #withText;
  readonly #insertMany;

  constructor(
    private readonly db: Db,
    /** How many of the newest requests a lookup by request id searches. */
    private readonly lookupRows = 200_000,
  ) {
    this.#insert = db.prepare<[number, string, string, string]>('INSERT INTO request_log_chunks (last_id, min_at, max_at, rows) VALUES (?, ?, ?, ?)');
    this.#newest = db.prepare<[], { rows: string }>('SELECT rows FROM request_log_chunks ORDER BY last_id DESC');
    this.#maxId = db.prepare<[], { m: number | null }>('SELECT MAX(last_id) AS m FROM request_log_chunks');
    this.#prunable = db.prepare<[string], { n: number | null }>('SELECT SUM(json_array_length(rows)) AS n FROM request_log_chunks WHERE max_at < ?');
    // The newest chunk is emptied, not deleted: it keeps the id high-water mark, so ids never repeat.
    this.#prune = db.prepare<[string]>('DELETE FROM request_log_chunks WHERE max_at < ? AND last_id < (SELECT MAX(last_id) FROM request_log_chunks)');
    this.#emptyNewest = db.prepare<[string]>("UPDATE request_log_chunks SET rows = '[]', min_at = '', max_at = '' WHERE max_at < ? AND rows <> '[]'");
    this.#straddling = db.prepare<[string, string], { last_id: number; rows: string }>(
      'SELECT last_id, rows FROM request_log_chunks WHERE min_at < ? AND max_at >= ?',
    );
    this.#rewrite = db.prepare<[string, string, string, number]>('UPDATE request_log_chunks SET min_at = ?, max_at = ?, rows = ? WHERE last_id = ?');
    this.#since = db.prepare<[string], { rows: string }>('SELECT rows FROM request_log_chunks WHERE max_at >= ? ORDER BY last_id');
    // instr() skips, inside SQLite, every chunk that does not contain the id's JSON text at all.
    this.#withText = db.prepare<[number, string], { rows: string }>(
      'SELECT rows FROM request_log_chunks WHERE last_id > (SELECT IFNULL(MAX(last_id), 0) FROM request_log_chunks) - ? AND instr(rows, ?) > 0 ORDER BY last_id DESC',
    );
    this.#insertMany = db.transaction((firstId: number, records: readonly RequestRecord[]) => {
      for (let i = 0; i < records.length; i += CHUNK_ROWS) this.#insertChunk(firstId, records, i, Math.min(records.length, i + CHUNK_ROWS));
    });
  }

  /** The id the next row should get (rows get ids before they are written, so unflushed rows have one). */
  nextId(): number {
    return (this.#maxId.get()?.m ?? 0) + 1;
  }

  /** Writes records in one transaction; their ids run from `firstId` up. */
  insertMany(firstId: number, records: readonly RequestRecord[]): void {
    if (records.length > 0) this.#insertMany(firstId, records);
  }

  /** The newest rows, newest first. */
  recent(limit: number): RequestLogDTO[] {
    const out: RequestLogDTO[] = [];
    if (limit <= 0) return out;
    for (const { rows } of this.#newest.iterate()) {
      const packed = unpack(rows);
      for (let i = packed.length - 1; i >= 0; i--) {
        out.push(toDTO(packed[i]!));
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  /** The newest rows of one request id among the newest `lookupRows` rows, newest first. */
  byRequestId(requestId: string, limit: number): RequestLogDTO[] {
    const out: RequestLogDTO[] = [];
    if (limit <= 0) return out;
    const oldest = this.nextId() - this.lookupRows;
    for (const { rows } of this.#withText.iterate(this.lookupRows, JSON.stringify(requestId))) {
      const packed = unpack(rows);
      for (let i = packed.length - 1; i >= 0; i--) {
        const p = packed[i]!;
        if (p[14] !== requestId || p[0] < oldest) continue;
        out.push(toDTO(p));
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  /** Deletes rows that arrived before `cutoffIso`; returns how many. */
  prune(cutoffIso: string): number {
    return this.db.transaction(() => {
      // Whole chunks in SQL; then the few chunks left with older rows (a long stream logged beside
      // newer requests, or the chunk at the cutoff) are rewritten without them.
      let n = this.#prunable.get(cutoffIso)?.n ?? 0;
      this.#prune.run(cutoffIso);
      this.#emptyNewest.run(cutoffIso);
      for (const c of this.#straddling.all(cutoffIso, cutoffIso)) {
        const packed = unpack(c.rows);
        const keep = packed.filter((p) => p[1] >= cutoffIso);
        n += packed.length - keep.length;
        const ats = keep.map((p) => p[1]).sort();
        this.#rewrite.run(ats[0] ?? '', ats.at(-1) ?? '', JSON.stringify(keep), c.last_id);
      }
      return n;
    })();
  }

  /** Rows since `sinceIso`, oldest first, as records (to rebuild the in-memory windows at start). */
  *since(sinceIso: string): Generator<RequestRecord> {
    for (const { rows } of this.#since.iterate(sinceIso)) {
      for (const p of unpack(rows)) if (p[1] >= sinceIso) yield toRecord(p);
    }
  }

  #insertChunk(firstId: number, records: readonly RequestRecord[], from: number, to: number): void {
    const parts = new Array<string>(to - from);
    let minAt = records[from]!.at;
    let maxAt = minAt;
    for (let i = from; i < to; i++) {
      const r = records[i]!;
      if (r.at < minAt) minAt = r.at;
      else if (r.at > maxAt) maxAt = r.at;
      parts[i - from] = pack(firstId + i, r);
    }
    this.#insert.run(firstId + to - 1, iso(minAt), iso(maxAt), `[${parts.join(',')}]`);
  }
}

function toDTO(p: Packed): RequestLogDTO {
  return {
    id: p[0], at: p[1], api: p[2], path: p[3], endpoint_id: p[4], endpoint_name: p[5], model: p[6], status: p[7], latency_ms: p[8],
    ttft_ms: p[9], prompt_tokens: p[10], completion_tokens: p[11], stream: p[12] === 1, error: p[13], request_id: p[14],
  };
}

function toRecord(p: Packed): RequestRecord {
  return {
    at: Date.parse(p[1]),
    api: p[2],
    path: p[3],
    endpointId: p[4],
    endpointName: p[5],
    model: p[6],
    status: p[7],
    latencyMs: p[8],
    ttftMs: p[9],
    promptTokens: p[10],
    completionTokens: p[11],
    stream: p[12] === 1,
    error: p[13],
    requestId: p[14],
  };
}
