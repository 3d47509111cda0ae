// Builds dist/ when it is missing or older than the sources, so `npm run serve` and `npm test` always run current code.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** Newest modification time of any file under `dir`. */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return max;
}

function stamp(file) {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

const mainStamp = join(root, 'dist/src-main/cli.js');
if (Math.max(newest(join(root, 'src-main')), newest(join(root, 'src-shared'))) > stamp(mainStamp)) {
  execSync('npm run --silent build:main', { cwd: root, stdio: 'inherit' });
}
const preloadStamp = join(root, 'dist/preload/preload.cjs');
const preloadSrc = Math.max(newest(join(root, 'src-main/preload')), newest(join(root, 'src-main/ipc')));
if (preloadSrc > stamp(preloadStamp)) {
  execSync('npm run --silent build:preload', { cwd: root, stdio: 'inherit' });
}
if (process.argv.includes('--main-only')) process.exit(0);
const rendererStamp = join(root, 'dist/renderer/index.html');
const rendererSrc = Math.max(newest(join(root, 'src-renderer')), newest(join(root, 'src-shared')), stamp(join(root, 'vite.config.ts')));
if (existsSync(join(root, 'src-renderer/index.html')) && rendererSrc > stamp(rendererStamp)) {
  execSync('npm run --silent build:renderer', { cwd: root, stdio: 'inherit' });
}
