/** The desktop transport: `window.llmlb` (the preload bridge), whose methods resolve to `IpcResult`s. */
import type { IpcResult, LlmlbBridge } from '../../src-main/ipc/contract';
import { ClientError, statusOfCode, type LlmlbClient } from './client';

/** Unwraps an IpcResult: the value, or a ClientError carrying the handler's code. */
async function unwrap<T>(pending: Promise<IpcResult<T>>): Promise<T> {
  let result: IpcResult<T>;
  try {
    result = await pending;
  } catch (e) {
    // Only a broken bridge throws (handlers never do): report it like a lost connection.
    throw new ClientError('network_error', e instanceof Error ? e.message : String(e), 0);
  }
  if (result.ok) return result.value;
  throw new ClientError(result.error.code, result.error.message, statusOfCode(result.error.code));
}

/** Creates the IPC client over the preload bridge. */
export function ipcClient(bridge: LlmlbBridge): LlmlbClient {
  return {
    listEndpoints: (filter) => unwrap(bridge.listEndpoints(filter)),
    getEndpoint: (id) => unwrap(bridge.getEndpoint(id)),
    createEndpoint: (input) => unwrap(bridge.createEndpoint(input)),
    updateEndpoint: (id, input) => unwrap(bridge.updateEndpoint(id, input)),
    deleteEndpoint: (id) => unwrap(bridge.deleteEndpoint(id)),
    detectPreview: (input) => unwrap(bridge.detectPreview(input)),
    testEndpoint: (id) => unwrap(bridge.testEndpoint(id)),
    syncEndpoint: (id) => unwrap(bridge.syncEndpoint(id)),
    healthHistory: (id, query) => unwrap(bridge.healthHistory(id, query)),
    modelInfo: (id, model) => unwrap(bridge.modelInfo(id, model)),
    startDownload: (id, input) => unwrap(bridge.startDownload(id, input)),
    downloadProgress: (id) => unwrap(bridge.downloadProgress(id)),
    cancelDownload: (id, taskId) => unwrap(bridge.cancelDownload(id, taskId)),
    listDiscovered: () => unwrap(bridge.listDiscovered()),
    addDiscovered: (baseUrl) => unwrap(bridge.addDiscovered(baseUrl)),
    dismissDiscovered: (baseUrl) => unwrap(bridge.dismissDiscovered(baseUrl)),
    listModels: () => unwrap(bridge.listModels()),
    listRequests: (query) => unwrap(bridge.listRequests(query)),
    listLogs: (query) => unwrap(bridge.listLogs(query)),
    stats: () => unwrap(bridge.stats()),
    listKeys: () => unwrap(bridge.listKeys()),
    createKey: (input) => unwrap(bridge.createKey(input)),
    revokeKey: (id) => unwrap(bridge.revokeKey(id)),
    getSettings: () => unwrap(bridge.getSettings()),
    updateSettings: (input) => unwrap(bridge.updateSettings(input)),
    listAliases: () => unwrap(bridge.listAliases()),
    createAlias: (input) => unwrap(bridge.createAlias(input)),
    updateAlias: (alias, input) => unwrap(bridge.updateAlias(alias, input)),
    deleteAlias: (alias) => unwrap(bridge.deleteAlias(alias)),
    aliasSuggestions: () => unwrap(bridge.aliasSuggestions()),
    acceptAliasSuggestion: (input) => unwrap(bridge.acceptAliasSuggestion(input)),
    subscribe: (listener, options) => {
      const off = bridge.onEvent(listener);
      // IPC has no connection to lose: it is open as soon as we listen.
      options?.onOpen?.();
      return off;
    },
  };
}
