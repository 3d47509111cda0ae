/** The in-memory ring of recent log entries behind `GET /v0/logs` (independent of the log files). */
import type { LogComponentName, LogEntryDTO, LogLevelName } from '../admin/types.js';
import { iso } from '../util/time.js';
import { isLogComponent, LEVEL_VALUE, levelName } from './levels.js';

/** Entries kept by default. */
export const DEFAULT_RING_SIZE = 2_000;

/** A parsed ring query (validated by the caller). */
export interface RingQuery {
  readonly minLevel?: LogLevelName;
  readonly component?: LogComponentName;
  /** Epoch ms: entries strictly after it. */
  readonly sinceMs?: number;
  readonly limit: number;
}

interface Slot {
  readonly ms: number;
  readonly level: number;
  readonly entry: LogEntryDTO;
}

// Fields of every pino line that the API does not show, or shows under its own name.
const SKIP = new Set(['time', 'level', 'component', 'msg', 'pid', 'hostname', 'v']);

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Turns one parsed pino line into an API entry (snake_case keys); null when it is not a log line. */
export function toEntry(line: Readonly<Record<string, unknown>>): { entry: LogEntryDTO; ms: number; level: number } | null {
  const lv = line.level;
  const level = typeof lv === 'number' ? lv : typeof lv === 'string' && lv in LEVEL_VALUE ? LEVEL_VALUE[lv as LogLevelName] : NaN;
  const ms = typeof line.time === 'number' ? line.time : Date.parse(String(line.time));
  if (Number.isNaN(level) || Number.isNaN(ms)) return null;
  const entry: Record<string, unknown> = {
    time: iso(ms),
    level: levelName(level),
    component: isLogComponent(line.component) ? line.component : null,
    msg: typeof line.msg === 'string' ? line.msg : '',
  };
  for (const [k, v] of Object.entries(line)) if (!SKIP.has(k) && v !== undefined) entry[snake(k)] = v;
  return { entry: entry as LogEntryDTO, ms, level };
}

/** A fixed-size ring of entries; the oldest are overwritten. */
export class LogRing {
  readonly #slots: (Slot | undefined)[];
  #next = 0;
  #count = 0;

  constructor(readonly capacity = DEFAULT_RING_SIZE) {
    this.#slots = new Array<Slot | undefined>(capacity);
  }

  /** Adds one entry. */
  push(entry: LogEntryDTO, ms: number, level: number): void {
    this.#slots[this.#next] = { ms, level, entry };
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#count < this.capacity) this.#count++;
  }

  /** Matching entries, oldest first: the newest `limit` of them. */
  query(q: RingQuery): LogEntryDTO[] {
    const min = q.minLevel ? LEVEL_VALUE[q.minLevel] : 0;
    const out: LogEntryDTO[] = [];
    // Walk newest → oldest so the limit keeps the newest, then reverse.
    for (let i = 1; i <= this.#count && out.length < q.limit; i++) {
      const s = this.#slots[(this.#next - i + this.capacity) % this.capacity]!;
      if (q.sinceMs !== undefined && s.ms <= q.sinceMs) continue;
      if (s.level < min || (q.component && s.entry.component !== q.component)) continue;
      out.push(s.entry);
    }
    return out.reverse();
  }

  /** Entries held. */
  size(): number {
    return this.#count;
  }
}
