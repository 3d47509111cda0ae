// `npm run dist`: build, package with electron-builder (arguments forwarded), then make sure
// node_modules' better-sqlite3 still loads under Node: electron-builder's npmRebuild recompiles it
// in place for Electron, which would break `npm test` and `llmlb serve` until rebuilt.
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });

/** True when better-sqlite3 opens a database under this Node. */
function sqliteLoadsUnderNode() {
  const probe = "const D = require('better-sqlite3'); new D(':memory:').close();";
  return spawnSync(process.execPath, ['-e', probe], { cwd: root, stdio: 'ignore' }).status === 0;
}

let status = 0;
try {
  run('npm', ['run', '--silent', 'build']);
  run(process.execPath, [join(root, 'scripts', 'build-preload.mjs')]);
  run(process.execPath, [require.resolve('electron-builder/cli.js'), ...process.argv.slice(2)]);
} catch (err) {
  status = typeof err.status === 'number' ? err.status : 1;
} finally {
  if (!sqliteLoadsUnderNode()) {
    console.error('llmlb: restoring the Node build of better-sqlite3 (packaging rebuilt it for Electron)');
    run('npm', ['rebuild', 'better-sqlite3']);
  }
}
process.exit(status);
