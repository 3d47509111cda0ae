/** Wire types of the admin surface, shared by `/v0` (HTTP), IPC and the renderer. Types only. */
import type { LanguagePreference } from '../../src-shared/i18n/languages.js';

/** Kinds of backend llmlb knows how to talk to (SPEC §3). */
export type EndpointType =
  | 'xllm'
  | 'ollama'
  | 'vllm'
  | 'llama_cpp'
  | 'lm_studio'
  | 'openai_compatible'
  | 'unknown';

/** Every endpoint type, in detection priority order (unknown last). */
export const ENDPOINT_TYPES: readonly EndpointType[] = [
  'xllm',
  'lm_studio',
  'ollama',
  'llama_cpp',
  'vllm',
  'openai_compatible',
  'unknown',
];

/** Health status of an endpoint (SPEC §4). */
export type EndpointStatus = 'pending' | 'online' | 'offline' | 'error';

/** Every endpoint status. */
export const ENDPOINT_STATUSES: readonly EndpointStatus[] = ['pending', 'online', 'offline', 'error'];

/** Where an endpoint came from. */
export type EndpointSource = 'manual' | 'discovered';

/** How the endpoint type was decided. */
export type EndpointTypeSource = 'detected' | 'manual';

/** Model capability flags. */
export type Capability = 'chat' | 'completion' | 'embeddings' | 'vision' | 'tools';

/** One model served by one endpoint. */
export interface EndpointModelDTO {
  readonly model_id: string;
  readonly capabilities: readonly Capability[];
  readonly max_tokens: number | null;
  readonly context_length: number | null;
  readonly last_checked: string | null;
}

/** An endpoint as listed. */
export interface EndpointDTO {
  readonly id: string;
  readonly name: string;
  readonly base_url: string;
  readonly endpoint_type: EndpointType;
  readonly endpoint_type_source: EndpointTypeSource;
  readonly status: EndpointStatus;
  readonly api_key_set: boolean;
  readonly health_check_interval_secs: number;
  readonly inference_timeout_secs: number;
  readonly max_concurrency: number | null;
  readonly latency_ms: number | null;
  readonly last_seen: string | null;
  readonly last_error: string | null;
  readonly error_count: number;
  readonly registered_at: string;
  readonly notes: string | null;
  readonly source: EndpointSource;
  readonly version: string | null;
  readonly model_count: number;
}

/** An endpoint with its models (detail route). */
export interface EndpointDetailDTO extends EndpointDTO {
  readonly models: readonly EndpointModelDTO[];
}

/** Body of `POST /v0/endpoints`. */
export interface CreateEndpointInput {
  readonly name: string;
  readonly base_url: string;
  readonly api_key?: string | null;
  readonly health_check_interval_secs?: number;
  readonly inference_timeout_secs?: number;
  readonly max_concurrency?: number | null;
  readonly notes?: string | null;
  readonly endpoint_type?: EndpointType;
}

/** Body of `PUT /v0/endpoints/:id` (partial). */
export interface UpdateEndpointInput {
  readonly name?: string;
  readonly base_url?: string;
  readonly api_key?: string | null;
  readonly health_check_interval_secs?: number;
  readonly inference_timeout_secs?: number;
  readonly max_concurrency?: number | null;
  readonly notes?: string | null;
  readonly endpoint_type?: EndpointType;
}

/** Result of `POST /v0/endpoints/:id/test`. */
export interface TestResultDTO {
  readonly success: boolean;
  readonly latency_ms: number | null;
  readonly error: string | null;
  readonly endpoint_type: EndpointType;
  readonly models_found: number;
  readonly version: string | null;
}

/** Result of `POST /v0/endpoints/:id/sync`. */
export interface SyncResultDTO {
  readonly synced_models: number;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly updated: readonly string[];
}

/** One stored health check. */
export interface HealthCheckDTO {
  readonly checked_at: string;
  readonly success: boolean;
  readonly latency_ms: number | null;
  readonly status_after: EndpointStatus;
  readonly error: string | null;
}

/** Result of `GET /v0/endpoints/:id/models/:model/info`. */
export interface ModelInfoDTO {
  readonly model_id: string;
  readonly endpoint_id: string;
  readonly max_tokens: number | null;
  readonly context_length: number | null;
  readonly source: string;
  readonly last_checked: string | null;
}

/** Download task states. */
export type DownloadStatus = 'pending' | 'downloading' | 'completed' | 'failed' | 'cancelled';

/** One download task. */
export interface DownloadTaskDTO {
  readonly task_id: string;
  readonly endpoint_id: string;
  readonly model: string;
  readonly filename: string | null;
  readonly status: DownloadStatus;
  readonly progress: number;
  readonly speed_mbps: number | null;
  readonly eta_seconds: number | null;
  readonly error: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

/** A local server found by discovery and not registered. */
export interface DiscoveredServerDTO {
  readonly base_url: string;
  readonly endpoint_type: EndpointType;
  readonly suggested_name: string;
  readonly version: string | null;
  readonly models_found: number;
  readonly found_at: string;
}

/** A model with the endpoints serving it (`GET /v0/models`). */
export interface ModelSummaryDTO {
  readonly model_id: string;
  readonly capabilities: readonly Capability[];
  readonly endpoints: readonly {
    readonly endpoint_id: string;
    readonly name: string;
    readonly endpoint_type: EndpointType;
    readonly status: EndpointStatus;
    readonly max_tokens: number | null;
    readonly context_length: number | null;
  }[];
}

/** One request log row. */
export interface RequestLogDTO {
  readonly id: number;
  readonly at: string;
  readonly api: 'openai' | 'ollama' | 'cloud';
  readonly path: string;
  readonly endpoint_id: string | null;
  readonly endpoint_name: string | null;
  readonly model: string | null;
  readonly status: number;
  readonly latency_ms: number;
  readonly ttft_ms: number | null;
  readonly prompt_tokens: number | null;
  readonly completion_tokens: number | null;
  readonly stream: boolean;
  readonly error: string | null;
  /** The request's `x-request-id` (null for rows written before ids were stored). */
  readonly request_id: string | null;
}

/** Log level names, least severe first. */
export type LogLevelName = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** The parts of llmlb that write log lines (`component` field). */
export type LogComponentName = 'app' | 'gateway' | 'health' | 'detect' | 'sync' | 'downloads' | 'discovery' | 'ipc';

/** One structured log line as served by `GET /v0/logs` (secrets never appear). */
export interface LogEntryDTO {
  /** RFC 3339 time. */
  readonly time: string;
  readonly level: LogLevelName;
  readonly component: LogComponentName | null;
  readonly msg: string;
  readonly request_id?: string;
  readonly endpoint_id?: string;
  readonly endpoint_name?: string;
  readonly model?: string;
  /** Other safe fields (e.g. `code`, `reason`, `status`, `attempt`), keys in snake_case. */
  readonly [field: string]: unknown;
}

/** Filters of `GET /v0/logs`: minimum level, one component, entries strictly after `since`, at most `limit` (newest last). */
export interface LogQuery {
  readonly level?: LogLevelName;
  readonly component?: LogComponentName;
  /** RFC 3339 timestamp or epoch milliseconds. */
  readonly since?: string;
  readonly limit?: number;
}

/** Per-endpoint statistics over a window. */
export interface EndpointStatsDTO {
  readonly endpoint_id: string;
  readonly name: string;
  readonly window: '5m' | '1h' | '24h';
  readonly requests: number;
  readonly errors: number;
  readonly p50_ms: number | null;
  readonly p95_ms: number | null;
  readonly ttft_p50_ms: number | null;
  readonly ttft_p95_ms: number | null;
  readonly in_flight: number;
  readonly queue_depth: number;
  /** Smoothed time (ms) queued requests waited before this endpoint took them; null when none waited. */
  readonly queue_wait_ms: number | null;
}

/** Key roles (SPEC §6). */
export type KeyRole = 'admin' | 'viewer' | 'inference';

/** A key as listed (no secret). */
export interface ApiKeyDTO {
  readonly id: string;
  readonly name: string;
  readonly role: KeyRole;
  readonly prefix: string;
  readonly created_at: string;
  readonly last_used_at: string | null;
}

/** A freshly created key: the only time the secret is shown. */
export interface CreatedApiKeyDTO {
  readonly id: string;
  readonly name: string;
  readonly role: KeyRole;
  readonly key: string;
}

/** Cloud provider ids. */
export type CloudProvider = 'openai' | 'google' | 'anthropic';

/** User-editable settings (`GET/PUT /v0/settings`). Cloud keys are write-only. */
export interface SettingsDTO {
  readonly require_api_key: boolean;
  readonly discovery_enabled: boolean;
  readonly discovery_auto_add: boolean;
  readonly start_at_login: boolean;
  /** Desktop UI and tray language; the web dashboard keeps its own choice per browser. */
  readonly language: LanguagePreference;
  readonly gateway_url: string;
  readonly bind_host: string;
  readonly port: number;
  readonly cloud: Readonly<Record<CloudProvider, { readonly key_set: boolean; readonly base_url: string }>>;
}

/** Body of `PUT /v0/settings` (partial). A cloud `api_key` of null clears it. */
export interface UpdateSettingsInput {
  readonly require_api_key?: boolean;
  readonly discovery_enabled?: boolean;
  readonly discovery_auto_add?: boolean;
  readonly start_at_login?: boolean;
  readonly language?: LanguagePreference;
  readonly cloud?: Partial<Record<CloudProvider, { readonly api_key?: string | null; readonly base_url?: string | null }>>;
}

/** Live events published by the core (SSE `/v0/events`, IPC). */
export type LlmlbEvent =
  | { readonly type: 'endpoint.created'; readonly endpoint: EndpointDTO }
  | { readonly type: 'endpoint.updated'; readonly endpoint: EndpointDTO }
  | { readonly type: 'endpoint.deleted'; readonly endpoint_id: string }
  | {
      readonly type: 'endpoint.status';
      readonly endpoint_id: string;
      readonly status: EndpointStatus;
      readonly previous: EndpointStatus;
      readonly latency_ms: number | null;
      readonly error: string | null;
    }
  | { readonly type: 'endpoint.type'; readonly endpoint_id: string; readonly endpoint_type: EndpointType }
  | { readonly type: 'endpoint.models'; readonly endpoint_id: string; readonly result: SyncResultDTO }
  | { readonly type: 'download.progress'; readonly task: DownloadTaskDTO }
  | { readonly type: 'discovery.found'; readonly server: DiscoveredServerDTO }
  | { readonly type: 'request.logged'; readonly request: RequestLogDTO }
  /** New log lines at `info` and above, batched; `dropped` counts lines left out of this batch to bound the rate. */
  | { readonly type: 'log'; readonly entries: readonly LogEntryDTO[]; readonly dropped: number };

/** The event type names. */
export type LlmlbEventType = LlmlbEvent['type'];
