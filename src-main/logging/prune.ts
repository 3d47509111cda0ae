/**
 * Age and total-size bounds of the log folder. rotating-file-stream rotates by size and interval but
 * has no age limit, and its own size limit only knows the files in its history file; this prunes the
 * rotated files of every run, by modification time, with an injected clock.
 */
import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Bounds of the log folder. */
export interface PruneLimits {
  /** Rotated files last written before `now - maxAgeMs` are deleted. */
  readonly maxAgeMs: number;
  /** Upper bound of all log files together, the current one included. */
  readonly maxTotalBytes: number;
  /** Size at which the current file rotates (reserved in the total for it to grow into). */
  readonly maxFileBytes: number;
}

/** Name of the file being written. */
export const CURRENT_LOG = 'llmlb.log';

/** Rotated files: `llmlb-<UTC time>-<n>.log`. */
export const ROTATED_LOG = /^llmlb-\d{8}T\d{6}Z-\d+\.log$/;

/** The rotated file name for a rotation time and index (rotating-file-stream's generator). */
export function rotatedName(time: Date | number | null, index?: number): string {
  if (time === null) return CURRENT_LOG;
  const t = new Date(time).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `llmlb-${t}-${index ?? 1}.log`;
}

/**
 * Deletes rotated files older than the age limit, then the oldest until they fit beside the current
 * file in `maxTotalBytes`. Returns the names deleted. Errors on single files are skipped.
 */
export function pruneLogDir(dir: string, limits: PruneLimits, now: number): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => ROTATED_LOG.test(n));
  } catch {
    return [];
  }
  const files: { name: string; size: number; mtime: number }[] = [];
  for (const name of names) {
    try {
      const st = statSync(join(dir, name));
      if (st.isFile()) files.push({ name, size: st.size, mtime: st.mtimeMs });
    } catch {
      // gone meanwhile
    }
  }
  files.sort((a, b) => a.mtime - b.mtime || a.name.localeCompare(b.name));
  const deleted: string[] = [];
  const remove = (name: string): void => {
    try {
      unlinkSync(join(dir, name));
      deleted.push(name);
    } catch {
      // already gone or not ours to delete
    }
  };
  // Room for the current file: what it holds now, or what it may grow to before it rotates, whichever is more.
  let current = 0;
  try {
    current = statSync(join(dir, CURRENT_LOG)).size;
  } catch {
    // not created yet
  }
  const budget = Math.max(0, limits.maxTotalBytes - Math.max(limits.maxFileBytes, current));
  let total = 0;
  for (const f of files) total += f.size;
  for (const f of files) {
    if (now - f.mtime > limits.maxAgeMs || total > budget) {
      remove(f.name);
      total -= f.size;
    }
  }
  return deleted;
}
