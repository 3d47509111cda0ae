// `npm start`: the desktop app when Electron's binary is installed, else the headless gateway.
// `npm run serve` runs this with --headless: always the headless gateway.
// Never `require('electron')` here: under Node its index tries to download the missing binary.
import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launcherEnv, launcherNodeFlags } from './node-flags.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const headless = process.argv[2] === '--headless';
const args = process.argv.slice(headless ? 3 : 2);

/** Path of the Electron executable when it is really installed, else null. */
function electronBinary() {
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(pkgDir, 'path.txt');
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const bin = override ? join(override, rel || 'electron') : rel ? join(pkgDir, 'dist', rel) : null;
  return bin && existsSync(bin) ? { bin, version: JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version } : null;
}

/** Runs a command in the checkout, inheriting stdio; throws on failure. */
function run(cmd, cmdArgs) {
  execFileSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
}

/**
 * better-sqlite3 in node_modules is compiled for Node (tests, `llmlb serve`). Electron needs a build
 * against its own ABI: compile one copy per Electron version into node_modules/.cache and point the
 * core at it with LLMLB_SQLITE_BINDING, leaving the Node build untouched.
 */
function electronSqliteBinding(electronVersion) {
  const cacheDir = join(root, 'node_modules', '.cache', 'llmlb');
  const file = join(cacheDir, `better_sqlite3-electron-${electronVersion}-${process.platform}-${process.arch}.node`);
  if (existsSync(file)) return file;
  console.error(`llmlb: compiling better-sqlite3 for Electron ${electronVersion} (once; needs Electron's headers)`);
  const source = join(root, 'node_modules', 'better-sqlite3');
  const work = mkdtempSync(join(tmpdir(), 'llmlb-sqlite-electron-'));
  try {
    cpSync(source, work, { recursive: true, filter: (p) => relative(source, p).split(sep)[0] !== 'build' });
    execFileSync(
      process.execPath,
      [
        require.resolve('node-gyp/bin/node-gyp.js'),
        'rebuild',
        '--release',
        `--target=${electronVersion}`,
        '--dist-url=https://electronjs.org/headers',
        `--devdir=${join(homedir(), '.electron-gyp')}`,
      ],
      { cwd: work, stdio: 'inherit' },
    );
    mkdirSync(cacheDir, { recursive: true });
    copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), file);
    return file;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Runs `cmd`, forwarding SIGINT/SIGTERM to it, and exits with its status. */
function supervise(cmd, cmdArgs, env = process.env) {
  const child = spawn(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env });
  // Ctrl+C reaches the whole process group; a SIGTERM sent to us alone must still reach the child.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (err) => {
    console.error(`llmlb: cannot run ${cmd}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1)));
}

const electron = headless ? null : electronBinary();
if (!electron) {
  if (!headless) console.error("llmlb: Electron's binary is not installed; starting the headless gateway instead (open the dashboard URL below).");
  run(process.execPath, [join(root, 'scripts', 'ensure-built.mjs')]);
  supervise(process.execPath, [...launcherNodeFlags(), join(root, 'bin', 'llmlb.js'), 'serve', ...args], { ...process.env, ...launcherEnv() });
} else {
  run('npm', ['run', '--silent', 'build']);
  run(process.execPath, [join(root, 'scripts', 'build-preload.mjs')]);
  let binding;
  try {
    binding = electronSqliteBinding(electron.version);
  } catch (err) {
    console.error(`llmlb: could not compile better-sqlite3 for Electron (${err.message}); see docs/desktop.md`);
    process.exit(1);
  }
  supervise(electron.bin, ['.', ...args], { ...process.env, ...launcherEnv(), LLMLB_SQLITE_BINDING: binding });
}
