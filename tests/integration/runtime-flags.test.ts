import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { V8_FLAGS } from '../../src-main/util/runtime-flags.js';
// @ts-expect-error -- a plain .mjs build script without types
import { launcherNodeFlags } from '../../scripts/node-flags.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/llmlb.js');

describe('llmlb node flags', () => {
  it('the launcher shebang, npm run serve and V8_FLAGS agree', () => {
    expect(launcherNodeFlags()).toEqual([...V8_FLAGS]);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.serve).toContain(`node ${V8_FLAGS.join(' ')} bin/llmlb.js serve`);
  });

  it('reads no flags from a plain node shebang', () => {
    expect(launcherNodeFlags(new URL('../../scripts/ensure-built.mjs', import.meta.url))).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')('bin/llmlb.js runs through its shebang, with the flags applied', () => {
    const r = spawnSync(BIN, ['--help'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('serve');
    // The same shebang line on a script that prints the flags node started with.
    const dir = mkdtempSync(join(tmpdir(), 'llmlb-shebang-'));
    const probe = join(dir, 'probe.mjs');
    writeFileSync(probe, `${readFileSync(BIN, 'utf8').split('\n', 1)[0]}\nconsole.log(process.execArgv.join(' '));\n`, { mode: 0o755 });
    const out = spawnSync(probe, [], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    rmSync(dir, { recursive: true, force: true });
    expect(out.stdout.trim()).toBe(V8_FLAGS.join(' '));
  });
});
