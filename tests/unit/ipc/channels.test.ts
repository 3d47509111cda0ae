/** Every contract channel has a handler, an argument spec and a preload method, wired end to end. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AdminApi } from '../../../src-main/admin/api.js';
import { BRIDGE_METHODS, CHANNEL_METHODS, EVENT_CHANNEL, IPC_CHANNELS } from '../../../src-main/ipc/channels.js';
import type { BridgeMethod, IpcChannel, LlmlbBridge } from '../../../src-main/ipc/contract.js';
import { createHandlers } from '../../../src-main/ipc/dispatch.js';
import { createInvoker } from '../../../src-main/ipc/handle.js';
import { registerIpc } from '../../../src-main/ipc/register.js';
import { ARG_SPECS } from '../../../src-main/ipc/schemas.js';
import { buildBridge, type RendererIpc } from '../../../src-main/preload/bridge.js';
import { APP_ENTRY_URL, APP_ORIGIN } from '../../../src-main/windows/app-url.js';
import { fakeAdmin, SAMPLE_ARGS } from './fake-admin.js';

const HOST_CHANNELS: readonly IpcChannel[] = ['app:gateway-url', 'app:open-external', 'app:open-log-folder'];
const EXPECTED: readonly IpcChannel[] = [
  'endpoints:list', 'endpoints:get', 'endpoints:create', 'endpoints:update', 'endpoints:delete',
  'endpoints:detect', 'endpoints:test', 'endpoints:sync', 'endpoints:health', 'models:info',
  'downloads:start', 'downloads:progress', 'downloads:cancel', 'discovery:list', 'discovery:add',
  'discovery:dismiss', 'models:list', 'requests:list', 'stats:get', 'keys:list', 'keys:create',
  'keys:revoke', 'settings:get', 'settings:update', 'app:gateway-url', 'app:open-external', 'app:open-log-folder', 'logs:list',
  'aliases:list', 'aliases:create', 'aliases:update', 'aliases:delete', 'aliases:suggest', 'aliases:accept',
];

/** A fake ipcMain + ipcRenderer pair connected in memory, sending as our window from `frameUrl`. */
function wire(frameUrl = APP_ENTRY_URL) {
  const fake = fakeAdmin();
  const opened: string[] = [];
  const handlers = createHandlers(fake.admin, {
    gatewayUrl: () => 'http://127.0.0.1:32768',
    openExternal: async (url) => {
      opened.push(url);
    },
    openLogFolder: async () => '/tmp/llmlb/logs',
  });
  const registered = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const ipcMain = {
    handle: (channel: string, fn: (event: never, ...args: unknown[]) => unknown) => {
      registered.set(channel, fn as (event: unknown, ...args: unknown[]) => unknown);
    },
    removeHandler: (channel: string) => registered.delete(channel),
  };
  const ourContents = { isDestroyed: () => false, send: () => undefined };
  const dispose = registerIpc(ipcMain, createInvoker(handlers, { trustedOrigin: APP_ORIGIN }), () => ourContents as never);
  const rendererIpc: RendererIpc = {
    invoke: async (channel, ...args) => {
      const fn = registered.get(channel);
      if (!fn) throw new Error(`No handler registered for '${channel}'`);
      // Structured clone, as Electron does between processes.
      return fn({ sender: ourContents, senderFrame: { url: frameUrl } }, ...structuredClone(args));
    },
    on: () => undefined,
    removeListener: () => undefined,
  };
  return { fake, opened, registered, dispose, bridge: buildBridge(rendererIpc) };
}

describe('IPC channel table', () => {
  it('lists exactly the contract channels, each with a distinct bridge method', () => {
    expect([...IPC_CHANNELS].sort()).toEqual([...EXPECTED].sort());
    expect(new Set(BRIDGE_METHODS).size).toBe(IPC_CHANNELS.length);
    expect(EVENT_CHANNEL).toBe('events:push');
    for (const channel of IPC_CHANNELS) expect(channel).toMatch(/^[a-z]+:[a-z-]+$/);
  });

  it('names admin bridge methods exactly like the AdminApi methods (type level)', () => {
    type AdminChannelMethods = Exclude<BridgeMethod, 'gatewayUrl' | 'openExternal' | 'openLogFolder'>;
    expectTypeOf<AdminChannelMethods>().toEqualTypeOf<Exclude<keyof AdminApi, 'subscribe'>>();
    expectTypeOf<Exclude<keyof LlmlbBridge, 'onEvent'>>().toEqualTypeOf<BridgeMethod>();
  });
});

describe.each(IPC_CHANNELS.map((c) => [c] as const))('channel %s', (channel) => {
  const method = CHANNEL_METHODS[channel];

  it('has an argument spec, a registered handler and a preload method', () => {
    const { registered, bridge } = wire();
    expect(ARG_SPECS[channel]).toBeDefined();
    expect(registered.has(channel)).toBe(true);
    expect(typeof (bridge as unknown as Record<string, unknown>)[method]).toBe('function');
  });

  it('goes from the preload method through the handler to the right operation', async () => {
    const { bridge, fake, opened } = wire();
    const call = (bridge as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
    const args = SAMPLE_ARGS[channel] as readonly unknown[];
    const result = await call(...args);
    expect(result).toMatchObject({ ok: true });
    if (HOST_CHANNELS.includes(channel)) {
      expect(fake.calls).toEqual([]);
      if (channel === 'app:open-external') expect(opened).toEqual(args);
      if (channel === 'app:gateway-url') expect(result).toEqual({ ok: true, value: 'http://127.0.0.1:32768' });
      if (channel === 'app:open-log-folder') expect(result).toEqual({ ok: true, value: '/tmp/llmlb/logs' });
    } else {
      expect(fake.calls).toEqual([{ method, args }]);
    }
  });
});

describe('registration', () => {
  it('removes every handler on dispose', () => {
    const { registered, dispose } = wire();
    expect(registered.size).toBe(IPC_CHANNELS.length);
    dispose();
    expect(registered.size).toBe(0);
  });
});
