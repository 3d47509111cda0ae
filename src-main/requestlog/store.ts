/** SQLite side of the request log: chunked inserts, recent rows, retention, and the start-up replay. */
import type { RequestLogDTO } from '../admin/types.js';
import type { RequestRecord } from '../app-services.js';
import type { Db } from '../db/open.js';
import { iso } from '../util/time.js';

/** Who served a request: the same for most requests of a chunk, so a chunk stores each once. */
type Route = [api: RequestLogDTO['api'], path: string, endpoint_id: string | null, endpoint_name: string | null, model: string | null];

/** A request as stored: `at` in epoch ms, `route` an index into the chunk's routes, `stream` as 0/1. */
type Packed = [
  id: number,
  at: number,
  route: number,
  status: number,
  latency_ms: number,
  ttft_ms: number | null,
  prompt_tokens: number | null,
  completion_tokens: number | null,
  stream: 0 | 1,
  error: string | null,
  request_id: string | null,
];

/** A chunk's JSON: `{"k": routes, "r": requests in id order}`. */
interface Chunk {
  readonly k: Route[];
  readonly r: Packed[];
}

const EMPTY_CHUNK = '{"k":[],"r":[]}';

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

function sameRoute(a: RequestRecord, b: RequestRecord): boolean {
  return a.model === b.model && a.endpointId === b.endpointId && a.path === b.path && a.endpointName === b.endpointName && a.api === b.api;
}

/**
 * Encodes records as one chunk. Each distinct route is written once (most chunks have one or a few,
 * found by a short scan without building keys); a request is then about 90 bytes of JSON.
 */
function packChunk(firstId: number, records: readonly RequestRecord[], from: number, to: number): string {
  const routes: RequestRecord[] = [];
  const parts = new Array<string>(to - from);
  let last = -1;
  for (let i = from; i < to; i++) {
    const r = records[i]!;
    let k = last >= 0 && sameRoute(routes[last]!, r) ? last : -1;
    if (k === -1) {
      k = routes.findIndex((x) => sameRoute(x, r));
      if (k === -1) k = routes.push(r) - 1;
      last = k;
    }
    parts[i - from] = JSON.stringify([
      firstId + i, r.at, k, r.status, tenth(r.latencyMs), r.ttftMs === null ? null : tenth(r.ttftMs),
      r.promptTokens, r.completionTokens, r.stream ? 1 : 0, r.error, r.requestId ?? null,
    ] satisfies Packed);
  }
  const k = JSON.stringify(routes.map((x): Route => [x.api, x.path, x.endpointId, x.endpointName, x.model]));
  return `{"k":${k},"r":[${parts.join(',')}]}`;
}

function unpack(text: string): Chunk {
  return JSON.parse(text) as Chunk;
}

/**
 * The request log in SQLite: one `request_log_chunks` row per flush, holding its requests as JSON
 * (one insert per flush instead of one per request); `request_log` is a view over it.
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
    this.#prunable = db.prepare<[string], { n: number | null }>("SELECT SUM(json_array_length(rows, '$.r')) AS n FROM request_log_chunks WHERE max_at < ?");
    // The newest chunk is emptied, not deleted: it keeps the id high-water mark, so ids never repeat.
    this.#prune = db.prepare<[string]>('DELETE FROM request_log_chunks WHERE max_at < ? AND last_id < (SELECT MAX(last_id) FROM request_log_chunks)');
    this.#emptyNewest = db.prepare<[string, string, string]>("UPDATE request_log_chunks SET rows = ?, min_at = '', max_at = '' WHERE max_at < ? AND rows <> ?");
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
      const c = unpack(rows);
      for (let i = c.r.length - 1; i >= 0; i--) {
        out.push(toDTO(c.r[i]!, c.k));
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
      const c = unpack(rows);
      for (let i = c.r.length - 1; i >= 0; i--) {
        const p = c.r[i]!;
        if (p[10] !== requestId || p[0] < oldest) continue;
        out.push(toDTO(p, c.k));
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  /** Deletes rows that arrived before `cutoffIso`; returns how many. */
  prune(cutoffIso: string): number {
    const cutoff = Date.parse(cutoffIso);
    return this.db.transaction(() => {
      // Whole chunks in SQL; then the few chunks left with older rows (a long stream logged beside
      // newer requests, or the chunk at the cutoff) are rewritten without them.
      let n = this.#prunable.get(cutoffIso)?.n ?? 0;
      this.#prune.run(cutoffIso);
      this.#emptyNewest.run(EMPTY_CHUNK, cutoffIso, EMPTY_CHUNK);
      for (const s of this.#straddling.all(cutoffIso, cutoffIso)) {
        const c = unpack(s.rows);
        const keep = c.r.filter((p) => p[1] >= cutoff);
        n += c.r.length - keep.length;
        const ats = keep.map((p) => p[1]);
        const [minAt, maxAt] = ats.length === 0 ? ['', ''] : [iso(Math.min(...ats)), iso(Math.max(...ats))];
        this.#rewrite.run(minAt, maxAt, JSON.stringify({ k: c.k, r: keep } satisfies Chunk), s.last_id);
      }
      return n;
    })();
  }

  /** Rows since `sinceIso`, oldest first, as records (to rebuild the in-memory windows at start). */
  *since(sinceIso: string): Generator<RequestRecord> {
    const since = Date.parse(sinceIso);
    for (const { rows } of this.#since.iterate(sinceIso)) {
      const c = unpack(rows);
      for (const p of c.r) if (p[1] >= since) yield toRecord(p, c.k);
    }
  }

  #insertChunk(firstId: number, records: readonly RequestRecord[], from: number, to: number): void {
    let minAt = records[from]!.at;
    let maxAt = minAt;
    for (let i = from + 1; i < to; i++) {
      const at = records[i]!.at;
      if (at < minAt) minAt = at;
      else if (at > maxAt) maxAt = at;
    }
    this.#insert.run(firstId + to - 1, iso(minAt), iso(maxAt), packChunk(firstId, records, from, to));
  }
}

function toDTO(p: Packed, routes: readonly Route[]): RequestLogDTO {
  const k = routes[p[2]]!;
  return {
    id: p[0], at: iso(p[1]), api: k[0], path: k[1], endpoint_id: k[2], endpoint_name: k[3], model: k[4], status: p[3], latency_ms: p[4],
    ttft_ms: p[5], prompt_tokens: p[6], completion_tokens: p[7], stream: p[8] === 1, error: p[9], request_id: p[10],
  };
}

function toRecord(p: Packed, routes: readonly Route[]): RequestRecord {
  const k = routes[p[2]]!;
  return {
    at: p[1],
    api: k[0],
    path: k[1],
    endpointId: k[2],
    endpointName: k[3],
    model: k[4],
    status: p[3],
    latencyMs: p[4],
    ttftMs: p[5],
    promptTokens: p[6],
    completionTokens: p[7],
    stream: p[8] === 1,
    error: p[9],
    requestId: p[10],
  };
}
