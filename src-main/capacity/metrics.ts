/** Capacity in `/metrics`: queue depth per model and per endpoint, wait times, slots in use against limits. */
import type { HistogramHandle, MetricsHook } from '../gateway/metrics.js';
import type { EndpointRecord } from '../registry/endpoints.js';
import type { CapacityAdmission, WaitOutcome } from './admission.js';
import { limitForDisplay } from './limits.js';

/** Buckets of the wait histogram, in seconds (a queue wait is bounded by the 1 h maximum). */
export const WAIT_BUCKETS = [0.005, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** The wait histogram (`llmlb_queue_wait_seconds{model,outcome}`) of requests that had to queue (refusals count as 0). */
export function addWaitHistogram(hook: MetricsHook): (model: string, waitedMs: number, outcome: WaitOutcome) => void {
  const h: HistogramHandle = hook.addHistogram({
    name: 'llmlb_queue_wait_seconds',
    help: 'Time requests that found every endpoint full waited for a slot, by how the wait ended',
    labelNames: ['model', 'outcome'],
    buckets: WAIT_BUCKETS,
  });
  return (model, waitedMs, outcome) => h.observe({ model, outcome }, waitedMs / 1000);
}

/** Gauges read on every scrape: queue depth by model, and per endpoint in-flight, limit and waiters. */
export function addCapacityGauges(hook: MetricsHook, cap: CapacityAdmission, endpoints: () => readonly EndpointRecord[]): void {
  hook.addGauge({
    name: 'llmlb_queue_depth',
    help: 'Requests waiting for a free slot, by requested model',
    labelNames: ['model'],
    collect: () => [...cap.queueDepths()].map(([model, value]) => ({ labels: { model }, value })),
  });
  const perEndpoint = (name: string, help: string, value: (e: EndpointRecord) => number | null): void =>
    hook.addGauge({
      name,
      help,
      labelNames: ['endpoint'],
      collect: () =>
        endpoints().flatMap((e) => {
          const v = value(e);
          return v === null ? [] : [{ labels: { endpoint: e.name }, value: v }];
        }),
    });
  perEndpoint('llmlb_endpoint_in_flight', 'Requests in flight to the endpoint', (e) => cap.inFlight(e.id));
  perEndpoint('llmlb_endpoint_max_concurrency', 'Requests the endpoint may have in flight (absent: unlimited)', (e) => limitForDisplay(e));
  perEndpoint('llmlb_endpoint_queue_depth', 'Requests waiting that could go to the endpoint', (e) => cap.queueDepth(e.id));
}
