/**
 * src-main/main.ts under Node with a stand-in `electron`: the real core boots on port 0, IPC answers
 * only our window, events reach it, the tray follows endpoint changes, and Quit drains and stops.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppOptions } from '../../../src-main/app.js';
import { IPC_CHANNELS } from '../../../src-main/ipc/channels.js';
import type { IpcResult } from '../../../src-main/ipc/contract.js';
import * as electron from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));
// The desktop uses the default port; a test must not, so the real createApp gets port 0.
vi.mock('../../../src-main/app.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src-main/app.js')>();
  return {
    ...real,
    createApp: (opts: AppOptions) => real.createApp({ ...opts, host: '127.0.0.1', port: 0, discovery: false }),
  };
});

const { app, BrowserWindow, ipcMain, record, Tray } = electron;
const dataDir = mkdtempSync(join(tmpdir(), 'llmlb-desktop-'));
const AUTOSTART = join(dataDir, 'config', 'autostart', 'llmlb.desktop');
const LINUX = process.platform === 'linux';

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function win() {
  const w = BrowserWindow.windows[0];
  if (!w) throw new Error('no window');
  return w;
}

/** Calls a channel as a renderer frame would. */
async function invoke(channel: string, args: unknown[], frameUrl = 'app://llmlb/index.html', sender: unknown = win().webContents) {
  const handler = ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return (await handler({ sender, senderFrame: { url: frameUrl } }, ...structuredClone(args))) as IpcResult<unknown>;
}

/** The value of a successful call (fails the test otherwise). */
async function value(channel: string, args: unknown[]): Promise<unknown> {
  const res = await invoke(channel, args);
  if (!res.ok) throw new Error(`${channel} failed: ${res.error.code}`);
  return res.value;
}

beforeAll(async () => {
  app.setPaths({ userData: join(dataDir, 'user'), appData: join(dataDir, 'config') });
  await import('../../../src-main/main.js');
  await until(() => ipcMain.handlers.size === IPC_CHANNELS.length && Tray.current !== null && record.menus.length > 0, 'boot');
}, 30_000);

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('desktop main process', () => {
  it('registers the app:// scheme, hardens the session and opens a sandboxed window on it', () => {
    expect(record.schemes).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    expect(record.permissionDenials).toBe(1);
    expect(record.errorBoxes).toEqual([]);
    const prefs = win().options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String(prefs.preload)).toMatch(/dist[/\\]preload[/\\]preload\.cjs$/);
    expect(win().loadedUrl).toBe('app://llmlb/index.html?locale=en-US');
    // Linux: start at login is an XDG autostart file, absent while the setting is off.
    if (LINUX) expect(existsSync(AUTOSTART)).toBe(false);
    else expect(record.loginItems).toEqual([{ openAtLogin: false, args: ['--hidden'] }]);
  });

  it('serves the renderer with the CSP and refuses traversal', async () => {
    const handler = record.protocolHandlers.get('app')!;
    const res = await handler(new Request('app://llmlb/%2e%2e/secret.key'));
    expect(res.status).toBe(404);
    const index = await handler(new Request('app://llmlb/index.html'));
    if (index.status === 200) {
      expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    } else {
      expect(index.status).toBe(404); // dist/renderer not built in this checkout
    }
  });

  it('answers our window over IPC with the real core behind it', async () => {
    const url = String(await value('app:gateway-url', []));
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const models = await fetch(`${url}/v1/models`);
    expect(models.status).toBe(200);
    expect(await invoke('endpoints:list', [])).toEqual({ ok: true, value: { endpoints: [], total: 0 } });
  });

  it('refuses other senders and bad arguments', async () => {
    expect(await invoke('endpoints:list', [], 'https://evil.example/')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke('endpoints:list', [], 'app://llmlb/', { other: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke('endpoints:get', ['../../etc'])).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await invoke('endpoints:get', ['3f2b8c1e-6a4d-4e8f-9b0a-1c2d3e4f5a6b'])).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('pushes core events to the window and keeps the tray menu current', async () => {
    const created = await invoke('endpoints:create', [{ name: 'Tray test', base_url: 'http://127.0.0.1:9' }]);
    expect(created).toMatchObject({ ok: true, value: { name: 'Tray test' } });
    await until(() => win().webContents.sent.some(([ch, e]) => ch === 'events:push' && (e as { type: string }).type === 'endpoint.created'), 'event push');
    await until(() => (record.menus.at(-1) ?? []).some((i) => i.label?.startsWith('Tray test — ')), 'tray menu');
    expect(Tray.current!.tooltip).toMatch(/^llmlb: 0 of 1 endpoint online$/);
  });

  it('runs tray actions: copy URL, start at login', async () => {
    const menu = record.menus.at(-1)!;
    menu.find((i) => i.id === 'copy-url')!.click!({});
    expect(record.clipboard[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    menu.find((i) => i.id === 'start-at-login')!.click!({ checked: true });
    if (LINUX) {
      await until(() => existsSync(AUTOSTART), 'autostart entry');
      expect(readFileSync(AUTOSTART, 'utf8')).toContain('--hidden');
    } else {
      await until(() => record.loginItems.length === 2, 'login item');
      expect(record.loginItems[1]).toEqual({ openAtLogin: true, args: ['--hidden'] });
    }
    expect(await invoke('settings:get', [])).toMatchObject({ ok: true, value: { start_at_login: true } });
  });

  it('tells the window the OS locale and switches the tray language with the setting', async () => {
    expect(new URL(win().loadedUrl).searchParams.get('locale')).toBe('en-US');
    expect(await invoke('settings:update', [{ language: 'ja' }])).toMatchObject({ ok: true, value: { language: 'ja' } });
    await until(() => (record.menus.at(-1) ?? []).some((i) => i.id === 'quit' && i.label === 'llmlb を終了'), 'Japanese tray menu');
    expect(record.menus.at(-1)!.find((i) => i.label?.startsWith('Tray test — '))?.label).toMatch(/— (オフライン|確認中|エラー)$/);
    expect(Tray.current!.tooltip).toBe('llmlb: 1 件中 0 件がオンライン');
    expect(await invoke('settings:update', [{ language: 'klingon' }])).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    await value('settings:update', [{ language: 'system' }]);
    await until(() => (record.menus.at(-1) ?? []).some((i) => i.id === 'quit' && i.label === 'Quit llmlb'), 'menu back in English');
  });

  it('opens the log folder from the tray and over IPC; a failure is logged, not thrown', async () => {
    const folder = join(dataDir, 'user', 'logs');
    record.menus.at(-1)!.find((i) => i.id === 'open-log-folder')!.click!({});
    await until(() => record.openedPaths.length === 1, 'tray: open log folder');
    expect(record.openedPaths).toEqual([folder]);
    expect(await invoke('app:open-log-folder', [])).toEqual({ ok: true, value: folder });
    record.openPathError = 'no file manager';
    try {
      record.menus.at(-1)!.find((i) => i.id === 'open-log-folder')!.click!({});
      await until(() => record.openedPaths.length === 3, 'tray: failing open');
      expect(await invoke('app:open-log-folder', [])).toMatchObject({ ok: false, error: { code: 'internal_error' } });
    } finally {
      record.openPathError = '';
    }
  });

  it('sends only http(s) links to the browser', () => {
    expect(win().webContents.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(win().webContents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(record.opened).toEqual(['https://example.com/']);
  });

  it('hides instead of closing, and a second instance shows it again', () => {
    win().show();
    expect(win().tryClose()).toBe(false);
    expect(win().visible).toBe(false);
    app.emit('second-instance');
    expect(win().visible).toBe(true);
  });

  it('quits by draining the core, then closes for real', async () => {
    const base = String(await value('app:gateway-url', []));
    app.quit();
    await until(() => record.quits === 2, 'second quit after drain');
    expect(Tray.current!.destroyed).toBe(true);
    expect(ipcMain.handlers.size).toBe(0);
    await expect(fetch(`${base}/v1/models`)).rejects.toThrow();
    expect(win().tryClose()).toBe(true);
    expect(record.exits).toEqual([]);
  });
});
