/** Building the CLI before tests that run `bin/llmlb.js` as a child process. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;

/** Builds dist/ when the sources are newer (as `npm test` does first); throws with the compiler's output. */
export function ensureBuilt(): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/ensure-built.mjs'), '--main-only'], { cwd: ROOT, encoding: 'utf8', timeout: 170_000 });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr || r.stdout}`);
}
