/** Builds `window.llmlb` from the channel table. No electron import: preload.ts passes ipcRenderer in. */
import type { LlmlbEvent } from '../admin/types.js';
import { CHANNEL_METHODS, EVENT_CHANNEL } from '../ipc/channels.js';
import type { IpcResult, LlmlbBridge } from '../ipc/contract.js';

/** The part of `ipcRenderer` the bridge uses. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Codes the bridge itself reports (besides the handlers' AppError codes); the UI has a message for each. */
export const BRIDGE_ERROR_CODES = ['ipc_failed'] as const;

/** Calls one channel; a failed invoke (no handler, main gone) still resolves to an IpcResult. */
async function call(ipc: RendererIpc, channel: string, args: unknown[]): Promise<IpcResult<unknown>> {
  try {
    return (await ipc.invoke(channel, ...args)) as IpcResult<unknown>;
  } catch {
    return { ok: false, error: { code: BRIDGE_ERROR_CODES[0], message: `IPC call ${channel} failed` } };
  }
}

/** One named method per operation plus `onEvent`; the IpcRendererEvent never reaches the page. */
export function buildBridge(ipc: RendererIpc): LlmlbBridge {
  const methods: Record<string, unknown> = {};
  for (const [channel, method] of Object.entries(CHANNEL_METHODS)) {
    methods[method] = (...args: unknown[]) => call(ipc, channel, args);
  }
  methods.onEvent = (listener: (event: LlmlbEvent) => void) => {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
    const wrapped = (_event: unknown, payload: unknown): void => listener(payload as LlmlbEvent);
    ipc.on(EVENT_CHANNEL, wrapped);
    return () => {
      ipc.removeListener(EVENT_CHANNEL, wrapped);
    };
  };
  return Object.freeze(methods) as LlmlbBridge;
}
