/**
 * The typed IPC contract between Electron main and the renderer. Types only: main's handler table,
 * the preload bridge and the renderer's client are all typed from `IpcContract`.
 */
import type { AdminApi, EndpointFilter } from '../admin/api.js';
import type {
  CreateEndpointInput,
  KeyRole,
  LlmlbEvent,
  LogQuery,
  UpdateEndpointInput,
  UpdateSettingsInput,
} from '../admin/types.js';
import type { AcceptSuggestionInput, CreateAliasInput, UpdateAliasInput } from '../aliases/types.js';

/** What an AdminApi method resolves to. */
type Result<M extends keyof AdminApi> = Awaited<ReturnType<AdminApi[M]>>;

/** Body of the add dialog's detection preview (`endpoints:detect`). */
export interface DetectPreviewInput {
  readonly base_url: string;
  readonly api_key?: string | null;
}

/** Body of `downloads:start`. */
export interface StartDownloadInput {
  readonly model: string;
  readonly filename?: string | null;
}

/** Body of `keys:create`. */
export interface CreateKeyInput {
  readonly name: string;
  readonly role: KeyRole;
}

/** Query of `endpoints:health`. */
export interface HealthHistoryQuery {
  readonly since?: string;
  readonly limit?: number;
}

/** Query of `requests:list`. */
export interface RequestListQuery {
  readonly limit?: number;
  /** Only the rows of this `x-request-id`. */
  readonly request_id?: string;
}

/** Query of `logs:list` (the same filters as `GET /v0/logs`). */
export type LogListQuery = LogQuery;

/**
 * Every invokable channel (`domain:verb`): the bridge method that calls it, its arguments and its
 * result. Admin channels carry the AdminApi method of the same name.
 */
export interface IpcContract {
  'endpoints:list': { method: 'listEndpoints'; args: [filter?: EndpointFilter]; result: Result<'listEndpoints'> };
  'endpoints:get': { method: 'getEndpoint'; args: [id: string]; result: Result<'getEndpoint'> };
  'endpoints:create': { method: 'createEndpoint'; args: [input: CreateEndpointInput]; result: Result<'createEndpoint'> };
  'endpoints:update': {
    method: 'updateEndpoint';
    args: [id: string, input: UpdateEndpointInput];
    result: Result<'updateEndpoint'>;
  };
  'endpoints:delete': { method: 'deleteEndpoint'; args: [id: string]; result: Result<'deleteEndpoint'> };
  'endpoints:detect': { method: 'detectPreview'; args: [input: DetectPreviewInput]; result: Result<'detectPreview'> };
  'endpoints:test': { method: 'testEndpoint'; args: [id: string]; result: Result<'testEndpoint'> };
  'endpoints:sync': { method: 'syncEndpoint'; args: [id: string]; result: Result<'syncEndpoint'> };
  'endpoints:health': {
    method: 'healthHistory';
    args: [id: string, query?: HealthHistoryQuery];
    result: Result<'healthHistory'>;
  };
  'models:info': { method: 'modelInfo'; args: [id: string, model: string]; result: Result<'modelInfo'> };
  'downloads:start': {
    method: 'startDownload';
    args: [id: string, input: StartDownloadInput];
    result: Result<'startDownload'>;
  };
  'downloads:progress': { method: 'downloadProgress'; args: [id: string]; result: Result<'downloadProgress'> };
  'downloads:cancel': { method: 'cancelDownload'; args: [id: string, taskId: string]; result: Result<'cancelDownload'> };
  'discovery:list': { method: 'listDiscovered'; args: []; result: Result<'listDiscovered'> };
  'discovery:add': { method: 'addDiscovered'; args: [baseUrl: string]; result: Result<'addDiscovered'> };
  'discovery:dismiss': { method: 'dismissDiscovered'; args: [baseUrl: string]; result: Result<'dismissDiscovered'> };
  'models:list': { method: 'listModels'; args: []; result: Result<'listModels'> };
  'requests:list': { method: 'listRequests'; args: [query?: RequestListQuery]; result: Result<'listRequests'> };
  'logs:list': { method: 'listLogs'; args: [query?: LogListQuery]; result: Result<'listLogs'> };
  'stats:get': { method: 'stats'; args: []; result: Result<'stats'> };
  'keys:list': { method: 'listKeys'; args: []; result: Result<'listKeys'> };
  'keys:create': { method: 'createKey'; args: [input: CreateKeyInput]; result: Result<'createKey'> };
  'keys:revoke': { method: 'revokeKey'; args: [id: string]; result: Result<'revokeKey'> };
  'settings:get': { method: 'getSettings'; args: []; result: Result<'getSettings'> };
  'settings:update': { method: 'updateSettings'; args: [input: UpdateSettingsInput]; result: Result<'updateSettings'> };
  'aliases:list': { method: 'listAliases'; args: []; result: Result<'listAliases'> };
  'aliases:create': { method: 'createAlias'; args: [input: CreateAliasInput]; result: Result<'createAlias'> };
  'aliases:update': { method: 'updateAlias'; args: [alias: string, input: UpdateAliasInput]; result: Result<'updateAlias'> };
  'aliases:delete': { method: 'deleteAlias'; args: [alias: string]; result: Result<'deleteAlias'> };
  'aliases:suggest': { method: 'aliasSuggestions'; args: []; result: Result<'aliasSuggestions'> };
  'aliases:accept': { method: 'acceptAliasSuggestion'; args: [input: AcceptSuggestionInput]; result: Result<'acceptAliasSuggestion'> };
  /** The gateway's base URL (e.g. `http://127.0.0.1:32768`). */
  'app:gateway-url': { method: 'gatewayUrl'; args: []; result: string };
  /** Opens an http(s) URL in the user's browser; other schemes are refused. */
  'app:open-external': { method: 'openExternal'; args: [url: string]; result: void };
  /** Opens the log folder in the system file manager; resolves with its path. */
  'app:open-log-folder': { method: 'openLogFolder'; args: []; result: string };
}

/** Every invokable channel name. */
export type IpcChannel = keyof IpcContract;

/** Arguments of a channel. */
export type IpcArgs<C extends IpcChannel> = IpcContract[C]['args'];

/** Result of a channel (inside `IpcResult`). */
export type IpcValue<C extends IpcChannel> = IpcContract[C]['result'];

/** The bridge method name of a channel. */
export type IpcMethod<C extends IpcChannel> = IpcContract[C]['method'];

/** Every bridge method name that maps to a channel. */
export type BridgeMethod = IpcContract[IpcChannel]['method'];

/** The channel a bridge method calls. */
export type ChannelOf<M extends BridgeMethod> = { [C in IpcChannel]: IpcContract[C]['method'] extends M ? C : never }[IpcChannel];

/** An error as it crosses IPC (thrown errors lose their fields, so handlers never throw). */
export interface IpcError {
  readonly code: string;
  readonly message: string;
}

/** What every handler resolves to. */
export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

/** The one-way channel main uses to push core events to the window. */
export type EventChannel = 'events:push';

/**
 * `window.llmlb`, exposed by the preload: one named method per operation, each resolving to an
 * `IpcResult`, plus `onEvent`, whose return value unsubscribes.
 */
export type LlmlbBridge = {
  readonly [C in IpcChannel as IpcContract[C]['method']]: (...args: IpcContract[C]['args']) => Promise<IpcResult<IpcContract[C]['result']>>;
} & {
  /** Listens to live core events; returns an unsubscribe. */
  readonly onEvent: (listener: (event: LlmlbEvent) => void) => () => void;
};

export type { LlmlbEvent };
