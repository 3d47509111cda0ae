/** The log folder of a data dir, and opening it for the user (the opener is injected: Electron's shell in main). */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../util/errors.js';

/** `<dataDir>/logs`: where `llmlb.log` and its rotated files live. */
export function logFolderOf(dataDir: string): string {
  return join(dataDir, 'logs');
}

/**
 * Makes sure the folder exists and asks `open` to show it; resolves with the path. `open` follows
 * Electron's `shell.openPath`: it resolves with an error message, or '' on success.
 */
export async function openLogFolder(dataDir: string, open: (path: string) => Promise<string>): Promise<string> {
  const dir = logFolderOf(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const error = await open(dir);
  if (error) throw new AppError('internal_error', `cannot open the log folder: ${error}`);
  return dir;
}
