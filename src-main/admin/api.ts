/** The admin operations of llmlb: one interface behind both `/v0` (HTTP) and the desktop IPC. */
import type {
  ApiKeyDTO,
  CreateEndpointInput,
  CreatedApiKeyDTO,
  DiscoveredServerDTO,
  DownloadTaskDTO,
  EndpointDetailDTO,
  EndpointDTO,
  EndpointStatsDTO,
  EndpointStatus,
  EndpointType,
  HealthCheckDTO,
  KeyRole,
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
} from './types.js';
import type { AliasDTO, AliasSuggestionDTO } from '../aliases/types.js';

/** Filters of the endpoint list. */
export interface EndpointFilter {
  readonly type?: EndpointType;
  readonly status?: EndpointStatus;
}

/** Result of a detection run without registering (the add dialog's preview). */
export interface DetectPreviewDTO {
  readonly base_url: string;
  readonly endpoint_type: EndpointType;
  readonly version: string | null;
  readonly models_found: number;
  readonly reachable: boolean;
  readonly error: string | null;
}

/**
 * Every admin operation. Methods throw `AppError` (src-main/util/errors.ts) with a stable code;
 * the HTTP layer and the IPC wrapper turn those into their own error shapes.
 */
export interface AdminApi {
  listEndpoints(filter?: EndpointFilter): Promise<{ endpoints: EndpointDTO[]; total: number }>;
  getEndpoint(id: string): Promise<EndpointDetailDTO>;
  createEndpoint(input: unknown): Promise<EndpointDTO>;
  updateEndpoint(id: string, input: unknown): Promise<EndpointDTO>;
  deleteEndpoint(id: string): Promise<void>;
  detectPreview(input: unknown): Promise<DetectPreviewDTO>;
  testEndpoint(id: string): Promise<TestResultDTO>;
  syncEndpoint(id: string): Promise<SyncResultDTO>;
  healthHistory(id: string, query?: { since?: string; limit?: number }): Promise<{ checks: HealthCheckDTO[] }>;
  modelInfo(id: string, model: string): Promise<ModelInfoDTO>;
  startDownload(id: string, input: unknown): Promise<DownloadTaskDTO>;
  downloadProgress(id: string): Promise<{ endpoint_id: string; tasks: DownloadTaskDTO[] }>;
  cancelDownload(id: string, taskId: string): Promise<void>;
  listDiscovered(): Promise<{ servers: DiscoveredServerDTO[] }>;
  addDiscovered(baseUrl: string): Promise<EndpointDTO>;
  dismissDiscovered(baseUrl: string): Promise<void>;
  listModels(): Promise<{ models: ModelSummaryDTO[] }>;
  /** Recent request log rows, newest first; `request_id` keeps the rows of one `x-request-id`. */
  listRequests(query?: { limit?: number; request_id?: string }): Promise<{ requests: RequestLogDTO[] }>;
  /** Recent log lines from the in-memory ring, oldest first (newest last); see `LogQuery`. */
  listLogs(query?: LogQuery): Promise<{ logs: LogEntryDTO[] }>;
  stats(): Promise<{ endpoints: EndpointStatsDTO[] }>;
  listKeys(): Promise<{ keys: ApiKeyDTO[] }>;
  createKey(input: unknown): Promise<CreatedApiKeyDTO>;
  revokeKey(id: string): Promise<void>;
  getSettings(): Promise<SettingsDTO>;
  updateSettings(input: unknown): Promise<SettingsDTO>;
  listAliases(): Promise<{ aliases: AliasDTO[] }>;
  createAlias(input: unknown): Promise<AliasDTO>;
  updateAlias(alias: string, input: unknown): Promise<AliasDTO>;
  deleteAlias(alias: string): Promise<void>;
  aliasSuggestions(): Promise<{ suggestions: AliasSuggestionDTO[] }>;
  /** Accepts a suggestion (`{suggestion_id, alias?}`) or creates `{alias, targets}`. */
  acceptAliasSuggestion(input: unknown): Promise<AliasDTO>;
  /** Subscribe to live events; returns an unsubscribe. */
  subscribe(listener: (event: LlmlbEvent) => void): () => void;
}

export type { CreateEndpointInput, UpdateEndpointInput, UpdateSettingsInput, KeyRole };
