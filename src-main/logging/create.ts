/**
 * Builds the logging of one app: a pino logger whose lines go, in-process (no transport worker
 * threads), to the console (pretty or JSON), the rotating file and the ring behind `/v0/logs`.
 */
import pino from 'pino';
import type { LogEntryDTO } from '../admin/types.js';
import type { ConsoleFormat } from './format.js';
import { openLogFile, type LogFile, type LogFileOptions } from './file.js';
import type { LogLevelSetting } from './levels.js';
import type { Logger } from './logger.js';
import { DEFAULT_RING_SIZE, LogRing, toEntry, type RingQuery } from './ring.js';
import { REDACT, scrubSecrets } from './secrets.js';

/** Where console lines go and how they look. */
export interface LogConsole {
  readonly stream: NodeJS.WritableStream;
  readonly format: ConsoleFormat;
}

/** Options of `createLogging`. */
export interface LoggingOptions {
  readonly level: LogLevelSetting;
  /** The rotating file; null for none. */
  readonly file: LogFileOptions | null;
  /** Console output; held back until `openConsole()` so nothing precedes the host's first stdout line. */
  readonly console: LogConsole | null;
  readonly ringSize?: number;
  readonly now?: () => number;
}

/** The logging of one app. */
export interface Logging {
  readonly logger: Logger;
  readonly level: LogLevelSetting;
  /** The log folder, or null without a file. */
  readonly dir: string | null;
  /** Recent entries from the ring (newest last). */
  query(q: RingQuery): LogEntryDTO[];
  /** Called with each entry as it is written; returns an unsubscribe. */
  onEntry(fn: (entry: LogEntryDTO, level: number) => void): () => void;
  /** Lets console lines through (and writes those held back so far, up to a bound). */
  openConsole(): void;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

const HELD_LINES = 500;

/** Holds console lines until opened. */
class ConsoleGate {
  #held: string[] | null = [];
  constructor(private readonly target: { write(s: string): unknown }) {}
  write(s: string): void {
    if (this.#held === null) this.target.write(s);
    else if (this.#held.length < HELD_LINES) this.#held.push(s);
  }
  open(): void {
    const held = this.#held ?? [];
    this.#held = null;
    for (const s of held) this.target.write(s);
  }
}

async function consoleTarget(c: LogConsole): Promise<{ write(s: string): unknown }> {
  if (c.format === 'json') return c.stream;
  // Loaded only for a terminal: the prettifier and its dependencies cost memory a server does not need.
  const { default: pretty } = await import('pino-pretty');
  return pretty({
    destination: c.stream,
    sync: true,
    colorize: !process.env.NO_COLOR,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,component',
    messageFormat: '{if component}{component}: {end}{msg}',
    singleLine: true,
  });
}

/** Builds the logger and its destinations. */
export async function createLogging(o: LoggingOptions): Promise<Logging> {
  const now = o.now ?? Date.now;
  const ring = new LogRing(o.ringSize ?? DEFAULT_RING_SIZE);
  const listeners = new Set<(entry: LogEntryDTO, level: number) => void>();
  let file: LogFile | null = null;
  const streams: pino.StreamEntry[] = [];
  let gate: ConsoleGate | null = null;
  if (o.console) {
    gate = new ConsoleGate(await consoleTarget(o.console));
    streams.push({ level: 'trace', stream: gate });
  }
  if (o.file) {
    file = openLogFile(o.file, now, (e) => process.stderr.write(`llmlb: log file unusable: ${e.message}\n`));
    streams.push({ level: 'trace', stream: file.stream });
  }
  streams.push({
    level: 'trace',
    stream: {
      write(s: string) {
        let parsed: ReturnType<typeof toEntry>;
        try {
          parsed = toEntry(JSON.parse(s) as Record<string, unknown>);
        } catch {
          return; // never let the ring break logging
        }
        if (!parsed) return;
        ring.push(parsed.entry, parsed.ms, parsed.level);
        for (const fn of listeners) fn(parsed.entry, parsed.level);
      },
    },
  });
  const logger = pino(
    {
      level: o.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACT.paths], censor: REDACT.censor },
      hooks: { streamWrite: scrubSecrets },
    },
    pino.multistream(streams),
  );
  return {
    logger,
    level: o.level,
    dir: o.file?.dir ?? null,
    query: (q) => ring.query(q),
    onEntry: (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    openConsole: () => gate?.open(),
    close: async () => {
      await file?.close();
    },
  };
}
