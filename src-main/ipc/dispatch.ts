/** The dispatch table from IPC channel to AdminApi call (or host operation). No electron import. */
import type { AdminApi } from '../admin/api.js';
import type { SettingsDTO } from '../admin/types.js';
import { AppError } from '../util/errors.js';
import { isExternalHttpUrl } from '../windows/navigation.js';
import type { IpcArgs, IpcChannel, IpcValue } from './contract.js';

/** What the desktop host adds to the admin operations. */
export interface HostOps {
  /** The gateway's base URL. */
  gatewayUrl(): string;
  /** Opens a URL in the user's browser (already checked to be http/https). */
  openExternal(url: string): Promise<void>;
  /** Opens the log folder in the file manager; resolves with its path. */
  openLogFolder(): Promise<string>;
  /** Told after every successful settings update (e.g. to apply start-at-login). */
  settingsChanged?(settings: SettingsDTO): void;
}

/** One implementation per channel, typed by the contract. */
export type Handlers = { readonly [C in IpcChannel]: (...args: IpcArgs<C>) => Promise<IpcValue<C>> };

/** Builds the handler table over an AdminApi and the host. Arguments arrive already validated. */
export function createHandlers(admin: AdminApi, host: HostOps): Handlers {
  return {
    'endpoints:list': (filter) => admin.listEndpoints(filter),
    'endpoints:get': (id) => admin.getEndpoint(id),
    'endpoints:create': (input) => admin.createEndpoint(input),
    'endpoints:update': (id, input) => admin.updateEndpoint(id, input),
    'endpoints:delete': (id) => admin.deleteEndpoint(id),
    'endpoints:detect': (input) => admin.detectPreview(input),
    'endpoints:test': (id) => admin.testEndpoint(id),
    'endpoints:sync': (id) => admin.syncEndpoint(id),
    'endpoints:health': (id, query) => admin.healthHistory(id, query),
    'models:info': (id, model) => admin.modelInfo(id, model),
    'downloads:start': (id, input) => admin.startDownload(id, input),
    'downloads:progress': (id) => admin.downloadProgress(id),
    'downloads:cancel': (id, taskId) => admin.cancelDownload(id, taskId),
    'discovery:list': () => admin.listDiscovered(),
    'discovery:add': (baseUrl) => admin.addDiscovered(baseUrl),
    'discovery:dismiss': (baseUrl) => admin.dismissDiscovered(baseUrl),
    'models:list': () => admin.listModels(),
    'requests:list': (query) => admin.listRequests(query),
    'logs:list': (query) => admin.listLogs(query),
    'stats:get': () => admin.stats(),
    'keys:list': () => admin.listKeys(),
    'keys:create': (input) => admin.createKey(input),
    'keys:revoke': (id) => admin.revokeKey(id),
    'settings:get': () => admin.getSettings(),
    'settings:update': async (input) => {
      const settings = await admin.updateSettings(input);
      host.settingsChanged?.(settings);
      return settings;
    },
    'aliases:list': () => admin.listAliases(),
    'aliases:create': (input) => admin.createAlias(input),
    'aliases:update': (alias, input) => admin.updateAlias(alias, input),
    'aliases:delete': (alias) => admin.deleteAlias(alias),
    'aliases:suggest': () => admin.aliasSuggestions(),
    'aliases:accept': (input) => admin.acceptAliasSuggestion(input),
    'app:gateway-url': async () => host.gatewayUrl(),
    'app:open-external': async (url) => {
      if (!isExternalHttpUrl(url)) throw new AppError('invalid_request', 'only http and https links can be opened');
      await host.openExternal(url);
    },
    'app:open-log-folder': () => host.openLogFolder(),
  };
}
