/** Start at login: OS login item on macOS/Windows, XDG autostart entry on Linux. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyStartAtLogin, autostartEntry } from '../../../src-main/desktop/login-item.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function host(platform: NodeJS.Platform, exec = '/opt/llmlb/llmlb') {
  const dir = mkdtempSync(join(tmpdir(), 'llmlb-autostart-'));
  dirs.push(dir);
  const calls: unknown[] = [];
  return { calls, autostartDir: join(dir, 'autostart'), platform, exec, setLoginItemSettings: (s: unknown) => calls.push(s) };
}

describe('applyStartAtLogin', () => {
  it.each(['darwin', 'win32'] as const)('%s: sets the OS login item with --hidden', (platform) => {
    const h = host(platform);
    expect(applyStartAtLogin(true, h)).toBe('login-item');
    applyStartAtLogin(false, h);
    expect(h.calls).toEqual([
      { openAtLogin: true, args: ['--hidden'] },
      { openAtLogin: false, args: ['--hidden'] },
    ]);
  });

  it('linux: writes and removes ~/.config/autostart/llmlb.desktop', () => {
    const h = host('linux');
    const file = join(h.autostartDir, 'llmlb.desktop');
    expect(applyStartAtLogin(true, h)).toBe('autostart');
    expect(readFileSync(file, 'utf8')).toContain('Exec=/opt/llmlb/llmlb --hidden\n');
    applyStartAtLogin(false, h);
    expect(existsSync(file)).toBe(false);
    applyStartAtLogin(false, h); // already off: no error
    expect(h.calls).toEqual([]);
  });
});

describe('autostartEntry', () => {
  it('is a valid Desktop Entry', () => {
    const text = autostartEntry('/usr/bin/llmlb');
    expect(text.split('\n')[0]).toBe('[Desktop Entry]');
    expect(text).toContain('Type=Application\n');
    expect(text).toContain('Name=llmlb\n');
  });

  it('quotes paths with spaces and escapes reserved characters', () => {
    expect(autostartEntry('/home/a b/llmlb.AppImage')).toContain('Exec="/home/a b/llmlb.AppImage" --hidden');
    expect(autostartEntry('/tmp/$x"y`z\\w/app')).toContain('Exec="/tmp/\\$x\\"y\\`z\\\\w/app" --hidden');
    expect(autostartEntry('/tmp/100%/app')).toContain('Exec="/tmp/100%%/app" --hidden');
  });
});
