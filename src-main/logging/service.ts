/** The logs part of the admin API: validates a `/v0/logs` query and reads the ring. */
import type { LogEntryDTO, LogQuery } from '../admin/types.js';
import { AppError } from '../util/errors.js';
import { isLogComponent, isLogLevel, LOG_COMPONENTS, LOG_LEVELS } from './levels.js';
import type { RingQuery } from './ring.js';

/** Entries returned when no limit is given. */
export const DEFAULT_LOG_LIMIT = 200;
/** The largest limit accepted. */
export const MAX_LOG_LIMIT = 1_000;

/** Parses `since`: RFC 3339 or epoch milliseconds; null when it is neither. */
export function parseSince(v: string): number | null {
  const s = v.trim();
  if (/^\d{1,16}$/.test(s)) return Number(s);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(s)) return null;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : ms;
}

/** Turns a query (strings from HTTP, or typed values from IPC) into a ring query; 400 `invalid_request` when invalid. */
export function parseLogQuery(q: Readonly<Record<string, unknown>> | undefined): RingQuery {
  const bad = (param: string, message: string): never => {
    throw new AppError('invalid_request', message, { param });
  };
  const out: { -readonly [K in keyof RingQuery]: RingQuery[K] } = { limit: DEFAULT_LOG_LIMIT };
  const { level, component, since, limit } = q ?? {};
  if (level !== undefined && level !== '') {
    if (!isLogLevel(level)) bad('level', `level must be one of ${LOG_LEVELS.join(', ')}`);
    out.minLevel = level as RingQuery['minLevel'];
  }
  if (component !== undefined && component !== '') {
    if (!isLogComponent(component)) bad('component', `component must be one of ${LOG_COMPONENTS.join(', ')}`);
    out.component = component as RingQuery['component'];
  }
  if (since !== undefined && since !== '') {
    const ms = typeof since === 'number' ? since : typeof since === 'string' ? parseSince(since) : null;
    if (ms === null || !Number.isFinite(ms)) bad('since', 'since must be an RFC 3339 timestamp or epoch milliseconds');
    out.sinceMs = ms as number;
  }
  if (limit !== undefined && limit !== '') {
    const n = typeof limit === 'number' ? limit : typeof limit === 'string' && /^\d+$/.test(limit) ? Number(limit) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > MAX_LOG_LIMIT) bad('limit', `limit must be an integer between 1 and ${MAX_LOG_LIMIT}`);
    out.limit = n;
  }
  return out;
}

/** Serves `/v0/logs` (and the `logs:list` IPC channel) from the in-memory ring. */
export class LogsService {
  constructor(private readonly source: { query(q: RingQuery): LogEntryDTO[] }) {}

  /** Recent entries matching the query, oldest first (newest last, ready to append while following). */
  async list(query?: LogQuery | Readonly<Record<string, unknown>>): Promise<{ logs: LogEntryDTO[] }> {
    return { logs: this.source.query(parseLogQuery(query as Readonly<Record<string, unknown>> | undefined)) };
  }
}
