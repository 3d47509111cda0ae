/** Mounts the request log, statistics, `/metrics` and the traffic part of the admin API. */
import type { AppContext } from '../app.js';
import { GatewayMetrics, registerMetricsRoute } from '../gateway/metrics.js';
import { RequestLog, type RequestLogOptions } from './recorder.js';
import { RollingStats } from './stats.js';
import { RequestLogStore } from './store.js';
import { Traffic, type CapacityView } from './traffic.js';

const DAY_MS = 24 * 3_600_000;

/** What mounting returns (tests reach the parts through it). */
export interface TrafficParts {
  readonly log: RequestLog;
  readonly stats: RollingStats;
  readonly metrics: GatewayMetrics;
  readonly traffic: Traffic;
}

/** Builds the recorder, replays the last 24 h into the rolling windows, and plugs everything in. */
export function mountTraffic(ctx: AppContext, opts: RequestLogOptions = {}): TrafficParts {
  const store = new RequestLogStore(ctx.db);
  const log = new RequestLog(store, ctx.clock, ctx.events, ctx.logger.child({ component: 'gateway' }), opts);
  const stats = new RollingStats();
  for (const r of store.since(new Date(ctx.clock.now() - DAY_MS).toISOString())) stats.add(r);
  const metrics = new GatewayMetrics(ctx.repo);
  log.onRecord((r) => stats.add(r));
  log.onRecord((r) => metrics.observe(r));
  const traffic = new Traffic(log, stats, ctx.repo, () => ctx.clock.now(), () => ctx.services.capacity as CapacityView | undefined);
  ctx.services.recorder = log;
  ctx.services.metrics = metrics;
  ctx.admin.provide('traffic', traffic);
  registerMetricsRoute(ctx.server, metrics);
  ctx.addLifecycle({ start: () => log.start(), stop: () => log.stop() });
  return { log, stats, metrics, traffic };
}
