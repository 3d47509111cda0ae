/** The runtime channel table of the IPC contract; no electron import, so the preload bundle and tests share it. */
import type { BridgeMethod, EventChannel, IpcChannel, IpcMethod } from './contract.js';

/** Each invokable channel and the bridge method that calls it (exhaustive by type). */
export const CHANNEL_METHODS = {
  'endpoints:list': 'listEndpoints',
  'endpoints:get': 'getEndpoint',
  'endpoints:create': 'createEndpoint',
  'endpoints:update': 'updateEndpoint',
  'endpoints:delete': 'deleteEndpoint',
  'endpoints:detect': 'detectPreview',
  'endpoints:test': 'testEndpoint',
  'endpoints:sync': 'syncEndpoint',
  'endpoints:health': 'healthHistory',
  'models:info': 'modelInfo',
  'downloads:start': 'startDownload',
  'downloads:progress': 'downloadProgress',
  'downloads:cancel': 'cancelDownload',
  'discovery:list': 'listDiscovered',
  'discovery:add': 'addDiscovered',
  'discovery:dismiss': 'dismissDiscovered',
  'models:list': 'listModels',
  'requests:list': 'listRequests',
  'logs:list': 'listLogs',
  'stats:get': 'stats',
  'keys:list': 'listKeys',
  'keys:create': 'createKey',
  'keys:revoke': 'revokeKey',
  'settings:get': 'getSettings',
  'settings:update': 'updateSettings',
  'aliases:list': 'listAliases',
  'aliases:create': 'createAlias',
  'aliases:update': 'updateAlias',
  'aliases:delete': 'deleteAlias',
  'aliases:suggest': 'aliasSuggestions',
  'aliases:accept': 'acceptAliasSuggestion',
  'app:gateway-url': 'gatewayUrl',
  'app:open-external': 'openExternal',
  'app:open-log-folder': 'openLogFolder',
} as const satisfies { readonly [C in IpcChannel]: IpcMethod<C> };

/** Every invokable channel, in contract order. */
export const IPC_CHANNELS: readonly IpcChannel[] = Object.freeze(Object.keys(CHANNEL_METHODS) as IpcChannel[]);

/** Every bridge method that maps to a channel. */
export const BRIDGE_METHODS: readonly BridgeMethod[] = Object.freeze(Object.values(CHANNEL_METHODS));

/** The channel main pushes core events on. */
export const EVENT_CHANNEL: EventChannel = 'events:push';

/** True when `name` is one of the contract's invokable channels. */
export function isIpcChannel(name: unknown): name is IpcChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CHANNEL_METHODS, name);
}
