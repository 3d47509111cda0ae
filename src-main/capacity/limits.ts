/**
 * Per-endpoint concurrency limits. The user's `max_concurrency` wins; else what the server told us
 * (llama.cpp `/props` `total_slots`, kept in `learned_concurrency` by sync); else a default by type.
 */
import type { EndpointType } from '../admin/types.js';
import type { EndpointRecord } from '../registry/endpoints.js';

/** No limit: requests go straight through and the server batches or queues them itself. */
export const UNLIMITED = Number.POSITIVE_INFINITY;

/**
 * Limits assumed when neither the user nor the server gives one. Ollama cannot be asked for
 * OLLAMA_NUM_PARALLEL, so it gets 4; llama.cpp gets 4 (`-np auto`) until sync learns `total_slots`.
 * Everything else is unlimited: vLLM batches hundreds of sequences, and for a server we know nothing
 * about a guessed number would only throttle it, while leaving it unlimited is what llmlb did anyway.
 */
export const DEFAULT_LIMITS: Readonly<Record<EndpointType, number>> = {
  ollama: 4,
  llama_cpp: 4,
  vllm: UNLIMITED,
  xllm: UNLIMITED,
  lm_studio: UNLIMITED,
  openai_compatible: UNLIMITED,
  unknown: UNLIMITED,
};

/** The fields a limit is derived from. */
export type LimitSource = Pick<EndpointRecord, 'endpoint_type' | 'max_concurrency' | 'learned_concurrency'>;

/** How many requests may be in flight to an endpoint at once (`UNLIMITED` for no limit). */
export function concurrencyLimit(e: LimitSource): number {
  if (isCount(e.max_concurrency)) return e.max_concurrency;
  if (isCount(e.learned_concurrency)) return e.learned_concurrency;
  return DEFAULT_LIMITS[e.endpoint_type] ?? UNLIMITED;
}

/** The limit as the admin API shows it: a number, or null for unlimited. */
export function limitForDisplay(e: LimitSource): number | null {
  const n = concurrencyLimit(e);
  return Number.isFinite(n) ? n : null;
}

function isCount(n: number | null): n is number {
  return n !== null && Number.isInteger(n) && n > 0;
}
