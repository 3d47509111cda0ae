import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUNTIME_ENV, V8_FLAGS } from '../../src-main/util/runtime-flags.js';
// @ts-expect-error -- a plain .mjs build script without types
import { launcherEnv, launcherNodeFlags } from '../../scripts/node-flags.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/llmlb.js');

describe('llmlb node flags', () => {
  it('the launcher shebang agrees with V8_FLAGS and RUNTIME_ENV; npm run serve goes through the launcher script', () => {
    expect(launcherNodeFlags()).toEqual([...V8_FLAGS]);
    expect(launcherEnv()).toEqual({ ...RUNTIME_ENV });
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.serve).toBe('node scripts/start.mjs --headless');
  });

  it('reads no flags or environment from a plain node shebang, and both from any mix', () => {
    const plain = new URL('../../scripts/ensure-built.mjs', import.meta.url);
    expect(launcherNodeFlags(plain)).toEqual([]);
    expect(launcherEnv(plain)).toEqual({});
    const dir = mkdtempSync(join(tmpdir(), 'llmlb-shebang-'));
    const write = (line: string) => {
      const f = join(dir, `${Math.random()}.mjs`);
      writeFileSync(f, `${line}\n`);
      return f;
    };
    expect(launcherEnv(write('#!/usr/bin/env -S A=1 B_2=x=y node --a --b'))).toEqual({ A: '1', B_2: 'x=y' });
    expect(launcherNodeFlags(write('#!/usr/bin/env -S A=1 node --a --b'))).toEqual(['--a', '--b']);
    expect(launcherNodeFlags(write('#!/usr/bin/env -S A=1 node'))).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(process.platform === 'win32')('bin/llmlb.js runs through its shebang, with the flags applied', () => {
    const r = spawnSync(BIN, ['--help'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('serve');
    // The same shebang line on a script that prints the flags node started with.
    const dir = mkdtempSync(join(tmpdir(), 'llmlb-shebang-'));
    const probe = join(dir, 'probe.mjs');
    writeFileSync(probe, `${readFileSync(BIN, 'utf8').split('\n', 1)[0]}\nconsole.log(process.execArgv.join(' '), process.env.MALLOC_ARENA_MAX);\n`, { mode: 0o755 });
    const out = spawnSync(probe, [], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', MALLOC_ARENA_MAX: '' } });
    rmSync(dir, { recursive: true, force: true });
    expect(out.stdout.trim()).toBe(`${V8_FLAGS.join(' ')} ${RUNTIME_ENV.MALLOC_ARENA_MAX}`);
  });
});
