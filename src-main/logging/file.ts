/** The rotating log file: `<dir>/llmlb.log`, rotated by size and daily, the folder kept within its bounds. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createStream } from 'rotating-file-stream';
import { CURRENT_LOG, pruneLogDir, rotatedName, type PruneLimits } from './prune.js';

/** Where and how big the log files may get. */
export interface LogFileOptions extends PruneLimits {
  readonly dir: string;
}

/** An open log file. */
export interface LogFile {
  /** What pino writes to; lines written after `close()` (late shutdown work) are dropped. */
  readonly stream: { write(line: string): void };
  readonly path: string;
  /** Applies the age and total-size bounds now (also done at open and after each rotation). */
  prune(): string[];
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/**
 * Opens (creating the folder, mode 0700) the log file. A file that cannot be written reports once on
 * `onError` and the app carries on without it: logging must never take the gateway down.
 */
export function openLogFile(o: LogFileOptions, now: () => number, onError: (e: Error) => void): LogFile {
  mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  const stream = createStream(rotatedName, {
    path: o.dir,
    size: `${Math.max(1, Math.floor(o.maxFileBytes))}B`,
    interval: '1d',
    mode: 0o600,
  });
  const prune = (): string[] => pruneLogDir(o.dir, o, now());
  let failed = false;
  stream.on('error', (e: Error) => {
    if (!failed) onError(e);
    failed = true;
  });
  stream.on('rotated', () => prune());
  prune();
  let closed = false;
  return {
    stream: {
      write: (line) => {
        if (!closed) stream.write(line);
      },
    },
    path: join(o.dir, CURRENT_LOG),
    prune,
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        if (stream.destroyed || stream.writableFinished) return resolve();
        const t = setTimeout(resolve, 2_000);
        t.unref();
        stream.once('error', () => resolve());
        stream.end(() => {
          clearTimeout(t);
          resolve();
        });
      }),
  };
}
