/** Plays Electron's preload and main for a page: `window.llmlb` whose calls go to the mock admin API through the HTTP client. */
import type { Page } from 'playwright-core';
import { CHANNEL_METHODS } from '../../../src-main/ipc/channels.js';
import { httpClient } from '../../../src-renderer/api/http.js';
import { MOCK_KEY, type MockAdmin } from './mock-admin.js';

/** Installs the bridge on `page` (before its scripts run); returns the function that stops forwarding events. */
export async function installIpcBridge(page: Page, mock: MockAdmin): Promise<() => void> {
  // Main's side of the bridge, played by Node: each channel call goes to the mock through the HTTP client.
  const upstream = httpClient(mock.url, () => MOCK_KEY);
  await page.exposeFunction('__llmlbInvoke', async (channel: string, args: unknown[]) => {
    const method = (CHANNEL_METHODS as Record<string, string>)[channel];
    if (method === 'gatewayUrl') return { ok: true, value: mock.url };
    if (method === 'openExternal') return { ok: true, value: null };
    // A test browser has no file manager: main's handler would fail like this (the UI shows a toast).
    if (method === 'openLogFolder') return { ok: false, error: { code: 'internal_error', message: 'cannot open the log folder: no file manager' } };
    try {
      const fn = (upstream as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method!]!;
      return { ok: true, value: (await fn(...args)) ?? null };
    } catch (e) {
      const err = e as { code?: string; message?: string };
      return { ok: false, error: { code: err.code ?? 'internal_error', message: err.message ?? 'failed' } };
    }
  });
  // The preload's shape: one named method per channel, onEvent returning an unsubscribe.
  await page.addInitScript((methods: Record<string, string>) => {
    const w = window as unknown as Record<string, unknown>;
    const listeners = new Set<(e: unknown) => void>();
    w.__llmlbPush = (e: unknown) => listeners.forEach((l) => l(e));
    const bridge: Record<string, unknown> = {};
    for (const [channel, method] of Object.entries(methods)) {
      bridge[method] = (...args: unknown[]) => (w.__llmlbInvoke as (c: string, a: unknown[]) => Promise<unknown>)(channel, args);
    }
    bridge.onEvent = (l: (e: unknown) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    };
    w.llmlb = Object.freeze(bridge);
  }, CHANNEL_METHODS as unknown as Record<string, string>);
  return upstream.subscribe((event) => void page.evaluate((e) => (window as unknown as { __llmlbPush: (x: unknown) => void }).__llmlbPush(e), event).catch(() => {}));
}
