/** Locations inside the installed package (works from src via vitest and from dist/ when compiled). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/** The folder holding llmlb's package.json. */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'migrations'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot locate the llmlb package root');
    dir = up;
  }
  cached = dir;
  return dir;
}

/** The SQL migrations folder. */
export function migrationsDir(): string {
  return join(packageRoot(), 'migrations');
}

/** The built web dashboard folder. */
export function rendererDir(): string {
  return join(packageRoot(), 'dist', 'renderer');
}
