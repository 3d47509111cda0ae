/** The one typed client the UI talks to: the admin operations of `AdminApi`, over HTTP or IPC. */
import type { AdminApi, DetectPreviewDTO, EndpointFilter } from '../../src-main/admin/api';
import type {
  ApiKeyDTO,
  CreateEndpointInput,
  CreatedApiKeyDTO,
  DiscoveredServerDTO,
  DownloadTaskDTO,
  EndpointDetailDTO,
  EndpointDTO,
  EndpointStatsDTO,
  HealthCheckDTO,
  LlmlbEvent,
  LogEntryDTO,
  LogQuery,
  ModelInfoDTO,
  ModelSummaryDTO,
  RequestLogDTO,
  SettingsDTO,
  SyncResultDTO,
  TestResultDTO,
  UpdateEndpointInput,
  UpdateSettingsInput,
} from '../../src-main/admin/types';

import type {
  CreateKeyInput,
  DetectPreviewInput as DetectInput,
  StartDownloadInput as DownloadInput,
} from '../../src-main/ipc/contract';
import type { AcceptSuggestionInput, AliasDTO, AliasSuggestionDTO, CreateAliasInput, UpdateAliasInput } from '../../src-main/aliases/types';

export type { CreateKeyInput, DetectInput, DetectPreviewDTO, DownloadInput, EndpointFilter };

/** State changes of the live-event connection (SSE reconnects; IPC is always open). */
export interface SubscribeOptions {
  /** Called on every (re)connection: a good moment to refetch what may have been missed. */
  readonly onOpen?: () => void;
  /** Called when the connection drops or is refused; `error.status` 401 means the key is wrong. */
  readonly onError?: (error: ClientError) => void;
}

/** Every admin operation, as plain promises that reject with a {@link ClientError}. */
export interface LlmlbClient {
  listEndpoints(filter?: EndpointFilter): Promise<{ endpoints: EndpointDTO[]; total: number }>;
  getEndpoint(id: string): Promise<EndpointDetailDTO>;
  createEndpoint(input: CreateEndpointInput): Promise<EndpointDTO>;
  updateEndpoint(id: string, input: UpdateEndpointInput): Promise<EndpointDTO>;
  deleteEndpoint(id: string): Promise<void>;
  detectPreview(input: DetectInput): Promise<DetectPreviewDTO>;
  testEndpoint(id: string): Promise<TestResultDTO>;
  syncEndpoint(id: string): Promise<SyncResultDTO>;
  healthHistory(id: string, query?: { since?: string; limit?: number }): Promise<{ checks: HealthCheckDTO[] }>;
  modelInfo(id: string, model: string): Promise<ModelInfoDTO>;
  startDownload(id: string, input: DownloadInput): Promise<DownloadTaskDTO>;
  downloadProgress(id: string): Promise<{ endpoint_id: string; tasks: DownloadTaskDTO[] }>;
  cancelDownload(id: string, taskId: string): Promise<void>;
  listDiscovered(): Promise<{ servers: DiscoveredServerDTO[] }>;
  addDiscovered(baseUrl: string): Promise<EndpointDTO>;
  dismissDiscovered(baseUrl: string): Promise<void>;
  listModels(): Promise<{ models: ModelSummaryDTO[] }>;
  listRequests(query?: { limit?: number; request_id?: string }): Promise<{ requests: RequestLogDTO[] }>;
  /** Recent log lines, oldest first (newest last); filters as `GET /v0/logs`. */
  listLogs(query?: LogQuery): Promise<{ logs: LogEntryDTO[] }>;
  stats(): Promise<{ endpoints: EndpointStatsDTO[] }>;
  listKeys(): Promise<{ keys: ApiKeyDTO[] }>;
  createKey(input: CreateKeyInput): Promise<CreatedApiKeyDTO>;
  revokeKey(id: string): Promise<void>;
  getSettings(): Promise<SettingsDTO>;
  updateSettings(input: UpdateSettingsInput): Promise<SettingsDTO>;
  listAliases(): Promise<{ aliases: AliasDTO[] }>;
  createAlias(input: CreateAliasInput): Promise<AliasDTO>;
  updateAlias(alias: string, input: UpdateAliasInput): Promise<AliasDTO>;
  deleteAlias(alias: string): Promise<void>;
  aliasSuggestions(): Promise<{ suggestions: AliasSuggestionDTO[] }>;
  acceptAliasSuggestion(input: AcceptSuggestionInput): Promise<AliasDTO>;
  /** Subscribe to live events; returns an unsubscribe. */
  subscribe(listener: (event: LlmlbEvent) => void, options?: SubscribeOptions): () => void;
}

// Compile-time guard: the client must keep every AdminApi method with compatible results.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : never;
const sameKeys: SameKeys<LlmlbClient, AdminApi> = true;
void sameKeys;
type ResultsMatch = {
  [K in keyof AdminApi]: ReturnType<LlmlbClient[K]> extends ReturnType<AdminApi[K]> ? true : never;
}[keyof AdminApi];
const resultsMatch: ResultsMatch = true;
void resultsMatch;

/** Codes the client itself reports (no answer, or an answer it cannot read); the UI has a message for each. */
export const CLIENT_ERROR_CODES = ['network_error', 'bad_response'] as const;

/** Stable admin error codes the UI may branch on (SPEC §2), plus transport-level ones. */
export type ClientErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'not_supported'
  | 'endpoint_unreachable'
  | 'internal_error'
  | 'network_error'
  | 'bad_response'
  | (string & {});

/** A failed admin call: the server's `{code, message}` and the HTTP status (or its IPC equivalent). */
export class ClientError extends Error {
  readonly code: ClientErrorCode;
  readonly status: number;

  constructor(code: ClientErrorCode, message: string, status: number) {
    super(message);
    this.name = 'ClientError';
    this.code = code;
    this.status = status;
  }
}

/** HTTP status that goes with an admin error code (used for IPC errors, which carry no status). */
export function statusOfCode(code: string): number {
  switch (code) {
    case 'invalid_request':
    case 'not_supported':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'payload_too_large':
      return 413;
    case 'endpoint_unreachable':
      return 503;
    case 'network_error':
      return 0;
    default:
      return 500;
  }
}

/** Turns anything a call rejected with into a ClientError (stores only ever see this class). */
export function toClientError(e: unknown): ClientError {
  if (e instanceof ClientError) return e;
  if (e instanceof Error) return new ClientError('internal_error', e.message, 500);
  return new ClientError('internal_error', String(e), 500);
}
