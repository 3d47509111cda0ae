/** Loggers for tests: a real pino logger whose lines land in an array (parsed), or as text lines. */
import pino from 'pino';
import type { Logger } from '../../src-main/logging/logger.js';

/** One captured line (pino's JSON, level as its name). */
export type CapturedLine = Record<string, unknown> & { level: string; msg: string };

/** A logger at `level` (default trace) whose parsed lines are pushed to `lines`. */
export function captureLogger(level = 'trace'): { logger: Logger; lines: CapturedLine[] } {
  const lines: CapturedLine[] = [];
  const logger = pino(
    { level, base: undefined, formatters: { level: (label) => ({ level: label }) } },
    { write: (s: string) => void lines.push(JSON.parse(s) as CapturedLine) },
  );
  return { logger, lines };
}

/** A logger that pushes each line as `msg {fields…}` text into `into` (for tests that grep messages). */
export function textLogger(into: string[]): Logger {
  return pino(
    { level: 'trace', base: undefined, timestamp: false, formatters: { level: (label) => ({ level: label }) } },
    {
      write: (s: string) => {
        const { msg, ...rest } = JSON.parse(s) as { msg?: string };
        into.push(`${msg ?? ''} ${JSON.stringify(rest)}`);
      },
    },
  );
}
