/**
 * Mounts capacity-aware admission: builds it from `config().queue`, follows the registry (limits,
 * endpoints going away), publishes `services.capacity` for `/v0/stats` and adds its metrics.
 * The gateway takes the returned admission (`mountOpenAiGateway(ctx, { admission })`).
 */
import type { Lifecycle } from '../app.js';
import type { AppServices } from '../app-services.js';
import type { Config } from '../config/config.js';
import type { MetricsHook } from '../gateway/metrics.js';
import type { EndpointRecord, RegistryChange } from '../registry/endpoints.js';
import type { Clock } from '../util/time.js';
import { CapacityAdmission } from './admission.js';
import { addCapacityGauges, addWaitHistogram } from './metrics.js';

/** The slice of the app context capacity needs (AppContext satisfies it). */
export interface CapacityDeps {
  readonly repo: { all(): readonly EndpointRecord[]; onChange(listener: (c: RegistryChange) => void): () => void };
  readonly services: AppServices;
  readonly config: () => Config;
  readonly clock: Clock;
  addLifecycle(part: Lifecycle): void;
}

/** Builds the admission, wires it to the registry, stats and metrics, and refuses waiters on stop. */
export function mountCapacity(deps: CapacityDeps): CapacityAdmission {
  const metrics = deps.services.metrics as MetricsHook | undefined;
  const admission = new CapacityAdmission({
    clock: deps.clock,
    queue: () => deps.config().queue,
    ...(metrics ? { observe: addWaitHistogram(metrics) } : {}),
  });
  if (metrics) addCapacityGauges(metrics, admission, () => deps.repo.all());
  const unsubscribe = deps.repo.onChange((c) => admission.onRegistryChange(c));
  deps.services.capacity = admission;
  deps.addLifecycle({
    stop: () => {
      unsubscribe();
      admission.close();
    },
  });
  return admission;
}
