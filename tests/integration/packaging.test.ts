/**
 * Offline packaging: electron-builder.yml validates, and a Linux `dir` build with a stand-in Electron
 * produces an app.asar holding the compiled main, the preload, the renderer, the migrations and
 * production dependencies only. Everything is staged in a temp folder; the checkout is only read.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractAll, extractFile, listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const require = createRequire(join(ROOT, 'package.json'));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Top-level package names of the production closure, from package-lock.json. */
function productionPackages(): Set<string> {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean; optional?: boolean }>;
  };
  const names = new Set<string>();
  for (const [path, info] of Object.entries(lock.packages)) {
    const match = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(path);
    if (match && !info.dev && !info.devOptional) names.add(match[1]!);
  }
  return names;
}

/** Top-level package names inside the archive's node_modules. */
function packagesIn(files: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    const parts = file.split('/');
    if (parts[1] !== 'node_modules' || parts.length < 4) continue;
    names.add(parts[2]!.startsWith('@') ? `${parts[2]}/${parts[3]}` : parts[2]!);
  }
  return names;
}

describe('electron-builder.yml', () => {
  it('loads and passes electron-builder’s own schema validation', async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      getConfig(projectDir: string, configPath: string | null, fromOptions: unknown): Promise<Record<string, any>>;
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util/out/DebugLogger') as { DebugLogger: new (enabled: boolean) => unknown };
    const config = await getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null);
    await validateConfiguration(config, new DebugLogger(false));

    expect(config.appId).toBe('dev.llmlb.desktop');
    expect(config.productName).toBe('llmlb');
    expect(config.extraMetadata.main).toBe(pkg.main);
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**/*.node');
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    for (const platform of ['win', 'mac', 'linux']) expect(existsSync(join(ROOT, config[platform].icon))).toBe(true);
  });
});

describe('offline Linux dir build', () => {
  let stage = '';
  let asarPath = '';
  let files: string[] = [];
  const notes: string[] = [];

  beforeAll(() => {
    stage = mkdtempSync(join(tmpdir(), 'llmlb-pack-'));
    const app = join(stage, 'app');
    mkdirSync(join(app, 'dist'), { recursive: true });
    for (const f of ['package.json', 'package-lock.json', 'electron-builder.yml']) cpSync(join(ROOT, f), join(app, f));
    for (const d of ['build', 'migrations']) cpSync(join(ROOT, d), join(app, d), { recursive: true });
    // electron-builder walks a real node_modules tree (a symlink hides transitive packages); hard links are instant.
    try {
      execFileSync('cp', ['-al', join(ROOT, 'node_modules'), join(app, 'node_modules')]);
    } catch {
      cpSync(join(ROOT, 'node_modules'), join(app, 'node_modules'), { recursive: true });
    }

    // Compiled main: built fresh so the archive reflects the sources (tsc emits even if someone's file is mid-edit).
    try {
      execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.json'), '--outDir', join(app, 'dist')], { stdio: 'pipe' });
    } catch {
      notes.push('tsc reported errors; emitted output used anyway');
    }
    execFileSync(process.execPath, [join(ROOT, 'scripts/build-preload.mjs'), '--out-dir', join(app, 'dist/preload')], { stdio: 'pipe' });
    let renderer = false;
    try {
      // Another `vite build` may be emptying dist/renderer right now; then use the stand-in.
      if (existsSync(join(ROOT, 'dist/renderer/index.html'))) {
        cpSync(join(ROOT, 'dist/renderer'), join(app, 'dist/renderer'), { recursive: true });
        renderer = existsSync(join(app, 'dist/renderer/index.html'));
      }
    } catch {
      renderer = false;
    }
    if (!renderer) {
      // No renderer build yet: a stand-in page is enough to prove the files rule picks it up.
      mkdirSync(join(app, 'dist/renderer'), { recursive: true });
      writeFileSync(join(app, 'dist/renderer/index.html'), '<!doctype html><title>llmlb</title>\n');
      notes.push('dist/renderer missing: used a stand-in index.html');
    }

    const electronDist = join(stage, 'electron-dist');
    mkdirSync(electronDist);
    writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho stand-in electron\n');
    chmodSync(join(electronDist, 'electron'), 0o755);

    execFileSync(
      process.execPath,
      [
        require.resolve('electron-builder/cli.js'),
        '--linux',
        'dir',
        `-c.electronDist=${electronDist}`,
        '-c.npmRebuild=false',
        `-c.directories.output=${join(stage, 'release')}`,
      ],
      { cwd: app, stdio: 'pipe', env: { ...process.env, CI: 'true' } },
    );
    asarPath = join(stage, 'release/linux-unpacked/resources/app.asar');
    files = listPackage(asarPath, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    if (notes.length) console.warn(`packaging test: ${notes.join('; ')}`);
  }, 300_000);

  afterAll(() => {
    if (stage) rmSync(stage, { recursive: true, force: true });
  });

  it('holds the compiled main, with package.json pointing at it', () => {
    expect(files).toContain('/dist/src-main/main.js');
    expect(files).toContain('/dist/src-main/app.js');
    const packaged = JSON.parse(extractFile(asarPath, 'package.json').toString()) as { main: string; type: string };
    expect(packaged.main).toBe('dist/src-main/main.js');
    expect(packaged.type).toBe('module');
  });

  it('holds the shared catalogs the tray and dialogs speak from', () => {
    for (const f of ['i18n/index.js', 'i18n/locales/en.js', 'i18n/locales/ja.js']) expect(files).toContain(`/dist/src-shared/${f}`);
  });

  it('holds the bundled preload and the renderer', () => {
    expect(files).toContain('/dist/preload/preload.cjs');
    expect(files).toContain('/dist/renderer/index.html');
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('holds every migration', () => {
    for (const sql of readdirSync(join(ROOT, 'migrations')).filter((f) => f.endsWith('.sql'))) {
      expect(files).toContain(`/migrations/${sql}`);
    }
  });

  it('holds production dependencies only', () => {
    const inside = packagesIn(files);
    const production = productionPackages();
    for (const dep of Object.keys(pkg.dependencies)) expect(inside, dep).toContain(dep);
    expect(inside).toContain('bindings'); // better-sqlite3 loads its addon through it
    for (const name of inside) expect(production, `${name} is not a production dependency`).toContain(name);
    for (const dev of ['electron', 'electron-builder', 'vite', 'vitest', 'typescript', 'react', 'eslint']) {
      expect(inside, dev).not.toContain(dev);
    }
  });

  it('leaves sources, tests and build tooling out', () => {
    const stray = files.filter((f) => /^\/(src-main|src-renderer|src-shared|tests|bench|scripts|bin)\//.test(f) || /\.tsx?$/.test(f));
    expect(stray).toEqual([]);
    expect(files.some((f) => f.startsWith('/node_modules/better-sqlite3/deps/'))).toBe(false);
    expect(files.some((f) => f.startsWith('/node_modules/better-sqlite3/src/'))).toBe(false);
  });

  it('unpacks better-sqlite3’s native addon next to the archive', () => {
    expect(files).toContain('/node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    const unpacked = join(stage, 'release/linux-unpacked/resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(existsSync(unpacked)).toBe(true);
  });

  it('is complete enough to boot the core from the extracted archive (under Node)', () => {
    const extracted = join(stage, 'extracted');
    extractAll(asarPath, extracted);
    const script = `
      const { createApp } = await import(process.argv[1]);
      const app = await createApp({ dataDir: process.argv[2], host: '127.0.0.1', port: 0, discovery: false });
      const { url } = await app.start();
      const res = await fetch(url + '/v1/models');
      await app.stop({ drainMs: 0 });
      console.log(JSON.stringify({ url, status: res.status }));
    `;
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', script, join(extracted, 'dist/src-main/app.js'), join(stage, 'data')],
      { encoding: 'utf8', env: { ...process.env, LLMLB_ADMIN_KEY: '' } },
    );
    const result = JSON.parse(out.trim().split('\n').pop()!) as { url: string; status: number };
    expect(result.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(result.status).toBe(200);
  }, 60_000);
});
