/** `TrafficOps` for the admin API: recent requests, rolling statistics, and models with their endpoints. */
import type { Capability, EndpointStatsDTO, ModelSummaryDTO, RequestLogDTO } from '../admin/types.js';
import type { TrafficOps } from '../admin/service.js';
import type { EndpointRepository } from '../registry/endpoints.js';
import type { RequestLog } from './recorder.js';
import { WINDOWS, type RollingStats, type WindowName } from './stats.js';

/** Live load of an endpoint, offered later by the capacity subsystem on `ctx.services.capacity`. */
export interface CapacityView {
  inFlight(endpointId: string): number;
  queueDepth(endpointId: string): number;
  /** Smoothed wait of queued requests this endpoint took, or null when none waited. */
  avgWaitMs?(endpointId: string): number | null;
}

/** Default and largest `limit` of `/v0/requests`. */
export const DEFAULT_REQUEST_LIMIT = 100;
const MAX_REQUEST_LIMIT = 1000;
const CLOUD_PREFIX = 'cloud:';

/** The traffic part of the admin service. */
export class Traffic implements TrafficOps {
  constructor(
    private readonly log: RequestLog,
    private readonly windows: RollingStats,
    private readonly repo: EndpointRepository,
    private readonly now: () => number,
    private readonly capacity: () => CapacityView | undefined,
  ) {}

  async requests(query: { limit?: number; request_id?: string }): Promise<{ requests: RequestLogDTO[] }> {
    const limit = Math.min(Math.max(1, Math.floor(query.limit ?? DEFAULT_REQUEST_LIMIT)), MAX_REQUEST_LIMIT);
    if (query.request_id) return { requests: this.log.byRequestId(query.request_id, limit) };
    return { requests: this.log.recent(limit) };
  }

  /** Every registered endpoint (and each cloud provider with traffic) × 5m/1h/24h. */
  async stats(): Promise<{ endpoints: EndpointStatsDTO[] }> {
    const now = this.now();
    this.windows.sweep(now);
    const cap = this.capacity();
    const rows: EndpointStatsDTO[] = [];
    const add = (id: string, name: string, w: WindowName, live: boolean) =>
      rows.push({
        endpoint_id: id,
        name,
        window: w,
        ...this.windows.endpoint(id, w, now),
        in_flight: live && cap ? cap.inFlight(id) : 0,
        queue_depth: live && cap ? cap.queueDepth(id) : 0,
        queue_wait_ms: live && cap?.avgWaitMs ? cap.avgWaitMs(id) : null,
      });
    for (const e of this.repo.all()) for (const w of WINDOWS) add(e.id, e.name, w, true);
    for (const key of this.windows.endpointKeys().filter((k) => k.startsWith(CLOUD_PREFIX)).sort()) {
      for (const w of WINDOWS) add(key, key.slice(CLOUD_PREFIX.length), w, false);
    }
    return { endpoints: rows };
  }

  /** Every model in the registry with the endpoints serving it, capabilities united. */
  async models(): Promise<{ models: ModelSummaryDTO[] }> {
    const byModel = new Map<string, { caps: Set<Capability>; endpoints: ModelSummaryDTO['endpoints'][number][] }>();
    for (const e of this.repo.all()) {
      for (const m of this.repo.models(e.id)) {
        let entry = byModel.get(m.model_id);
        if (!entry) byModel.set(m.model_id, (entry = { caps: new Set(), endpoints: [] }));
        for (const c of m.capabilities) entry.caps.add(c);
        entry.endpoints.push({
          endpoint_id: e.id,
          name: e.name,
          endpoint_type: e.endpoint_type,
          status: e.status,
          max_tokens: m.max_tokens,
          context_length: m.context_length,
        });
      }
    }
    const models = [...byModel.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([model_id, v]) => ({ model_id, capabilities: [...v.caps].sort(), endpoints: v.endpoints }));
    return { models };
  }
}
