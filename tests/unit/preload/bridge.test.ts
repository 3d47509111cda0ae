/** The preload bridge, both as source and as the bundled sandbox-ready preload.cjs. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { BRIDGE_METHODS, CHANNEL_METHODS, EVENT_CHANNEL } from '../../../src-main/ipc/channels.js';
import { buildBridge, type RendererIpc } from '../../../src-main/preload/bridge.js';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc(answer: (channel: string, args: unknown[]) => Promise<unknown>) {
  const invoked: [string, unknown[]][] = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc: RendererIpc = {
    invoke: (channel, ...args) => {
      invoked.push([channel, args]);
      return answer(channel, args);
    },
    on: (channel, l) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l)),
    removeListener: (channel, l) => listeners.get(channel)?.delete(l),
  };
  const push = (channel: string, payload: unknown) =>
    listeners.get(channel)?.forEach((l) => l({ sender: 'secret-ipc-event' }, payload));
  return { ipc, invoked, listeners, push };
}

describe('buildBridge', () => {
  it('has one method per channel plus onEvent, and nothing generic', () => {
    const bridge = buildBridge(fakeIpc(async () => ({ ok: true, value: 1 })).ipc);
    expect(Object.keys(bridge).sort()).toEqual([...BRIDGE_METHODS, 'onEvent'].sort());
    expect(bridge).not.toHaveProperty('invoke');
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it.each(Object.entries(CHANNEL_METHODS))('invokes %s for %s with the given arguments', async (channel, method) => {
    const { ipc, invoked } = fakeIpc(async () => ({ ok: true, value: 'v' }));
    const fn = (buildBridge(ipc) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
    expect(await fn('a', 1)).toEqual({ ok: true, value: 'v' });
    expect(invoked).toEqual([[channel, ['a', 1]]]);
  });

  it('turns a failed invoke into an IpcResult', async () => {
    const { ipc } = fakeIpc(async () => {
      throw new Error("No handler registered for 'stats:get'");
    });
    expect(await buildBridge(ipc).stats()).toEqual({
      ok: false,
      error: { code: 'ipc_failed', message: 'IPC call stats:get failed' },
    });
  });

  it('delivers events without the IpcRendererEvent and unsubscribes', () => {
    const { ipc, push, listeners } = fakeIpc(async () => null);
    const seen: unknown[][] = [];
    const off = buildBridge(ipc).onEvent((...args: unknown[]) => seen.push(args));
    push(EVENT_CHANNEL, { type: 'endpoint.deleted', endpoint_id: 'x' });
    expect(seen).toEqual([[{ type: 'endpoint.deleted', endpoint_id: 'x' }]]);
    off();
    expect(listeners.get(EVENT_CHANNEL)?.size).toBe(0);
    push(EVENT_CHANNEL, { type: 'endpoint.deleted', endpoint_id: 'y' });
    expect(seen).toHaveLength(1);
  });
});

describe('bundled preload.cjs', () => {
  const out = mkdtempSync(join(tmpdir(), 'llmlb-preload-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('is one CommonJS file that requires only electron and exposes window.llmlb', async () => {
    execFileSync(process.execPath, ['scripts/build-preload.mjs', '--out-dir', out], { stdio: 'pipe' });
    const code = readFileSync(join(out, 'preload.cjs'), 'utf8');
    expect([...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(code).not.toMatch(/^\s*(import|export)\s/m);

    const exposed: [string, Record<string, unknown>][] = [];
    const { ipc, invoked } = fakeIpc(async () => ({ ok: true, value: [] }));
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push([key, api]) },
      ipcRenderer: ipc,
    };
    // A sandboxed preload gets a `require` that knows only a few modules; give it electron alone.
    const sandboxRequire = (name: string) => {
      if (name === 'electron') return electron;
      throw new Error(`module ${name} not available in a sandboxed preload`);
    };
    runInNewContext(code, { require: sandboxRequire, module: { exports: {} }, exports: {} });
    expect(exposed.map(([k]) => k)).toEqual(['llmlb']);
    const api = exposed[0]![1];
    expect(Object.keys(api).sort()).toEqual([...BRIDGE_METHODS, 'onEvent'].sort());
    await (api.listEndpoints as (f?: unknown) => Promise<unknown>)({ status: 'online' });
    expect(invoked).toEqual([['endpoints:list', [{ status: 'online' }]]]);
  });
});
