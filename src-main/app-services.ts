/** Small interfaces subsystems offer each other through the app context (types only, no singletons). */

/** Why a proxied request to an endpoint failed, as seen by the gateway. */
export interface PassiveFailure {
  /** `connect`: refused/reset/DNS before a response; `timeout`: no headers in time; `status`: a 5xx answer. */
  readonly kind: 'connect' | 'timeout' | 'status';
  readonly status?: number;
  readonly message: string;
}

/** Receives outcomes of real traffic so health reacts within one request (SPEC §4 passive health). */
export interface PassiveHealthSink {
  failure(endpointId: string, failure: PassiveFailure): void;
  success(endpointId: string, latencyMs: number): void;
}

/** One proxied request, for the request log, statistics and metrics. */
export interface RequestRecord {
  /** Epoch ms when the request arrived. */
  readonly at: number;
  readonly api: 'openai' | 'ollama' | 'cloud';
  readonly path: string;
  readonly endpointId: string | null;
  readonly endpointName: string | null;
  readonly model: string | null;
  readonly status: number;
  readonly latencyMs: number;
  readonly ttftMs: number | null;
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
  readonly stream: boolean;
  readonly error: string | null;
  /** The request's `x-request-id` (null when it did not pass through the gateway server). */
  readonly requestId?: string | null;
}

/** Records proxied requests off the hot path (batched writes). */
export interface RequestRecorder {
  record(r: RequestRecord): void;
}

/** The mutable bag of cross-subsystem services; each is set by the subsystem that owns it when mounted. */
export interface AppServices {
  passiveHealth?: PassiveHealthSink;
  recorder?: RequestRecorder;
  /** Extra metric lines appended to `/metrics` (e.g. queue depth), rendered on scrape. */
  [key: string]: unknown;
}
