/** What the endpoint lifecycle needs from detection, sync and storage: small interfaces, so tests can build it with fakes. */
import type { EndpointType } from '../admin/types.js';
import type { EventBus } from '../events/bus.js';
import type { DetectionResult } from '../detect/types.js';
import type { HealthHistory } from '../health/history.js';
import type { HealthProber, ProbeTarget } from '../health/probe.js';
import type { Clock } from '../util/time.js';
import type { EndpointRepository, ModelRecord } from './endpoints.js';
import type { Logger } from '../logging/logger.js';

/** A model as the lifecycle stores it (the endpoint id is added by the repository). */
export type StoredModel = Omit<ModelRecord, 'endpoint_id'>;

/** Fresh metadata of one model. */
export interface ModelMeta {
  readonly max_tokens: number | null;
  readonly context_length: number | null;
  /** Where it came from, e.g. `ollama:/api/show`. */
  readonly source: string;
}

/** Model lists and metadata from an upstream. */
export interface ModelSource {
  /** The endpoint's models; throws a ProbeError (no answer) or an error with an HTTP `status`. */
  list(target: ProbeTarget, type: EndpointType, signal: AbortSignal): Promise<readonly StoredModel[]>;
  /** Metadata of one model, or null when the type has none; throws like `list`. */
  info(target: ProbeTarget, type: EndpointType, model: string, signal: AbortSignal): Promise<ModelMeta | null>;
  /** Which model ids were added, removed or changed between two lists. */
  diff(old: readonly StoredModel[], fresh: readonly StoredModel[]): ModelDiff;
}

/** A model list diff. */
export interface ModelDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly updated: readonly string[];
}

/** Everything the lifecycle is built from. */
export interface LifecycleDeps {
  readonly repo: EndpointRepository;
  readonly history: HealthHistory;
  readonly events: EventBus;
  readonly clock: Clock;
  /** The root logger; the lifecycle writes as `health`, `detect` and `sync`. */
  readonly logger: Logger;
  detect(target: ProbeTarget, signal: AbortSignal): Promise<DetectionResult>;
  readonly probe: HealthProber;
  readonly models: ModelSource;
  /** llama.cpp `total_slots`, or null. */
  slots(target: ProbeTarget, signal: AbortSignal): Promise<number | null>;
}

/** Models are re-synced by a successful check at most this often (SPEC §4). */
export const RESYNC_MS = 15 * 60 * 1000;

/** Types with per-model metadata (SPEC §3 "max tokens" row). */
export const TYPES_WITH_METADATA: readonly EndpointType[] = ['xllm', 'ollama', 'vllm', 'llama_cpp', 'lm_studio'];
