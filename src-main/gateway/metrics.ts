/** `GET /metrics`: Prometheus text from a per-app prom-client registry, fed by the request log. */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestRecord } from '../app-services.js';
import type { EndpointRepository } from '../registry/endpoints.js';
import { isFailure } from '../requestlog/classify.js';
import type { GatewayServer } from './server.js';

/** A gauge another subsystem adds; `collect` runs on every scrape and returns the current samples. */
export interface GaugeSpec {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  collect(): Iterable<{ readonly labels: Readonly<Record<string, string>>; readonly value: number }>;
}

/** A histogram another subsystem adds and feeds itself (e.g. queue wait times). */
export interface HistogramSpec {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly buckets: readonly number[];
}

/** Feeds one added histogram. */
export interface HistogramHandle {
  observe(labels: Readonly<Record<string, string>>, value: number): void;
}

/** The metrics hook on `ctx.services.metrics`: add gauges (queue depth, in-flight, slots) without owning a registry. */
export interface MetricsHook {
  addGauge(spec: GaugeSpec): void;
  addHistogram(spec: HistogramSpec): HistogramHandle;
}

/** Most (endpoint, model) label pairs; later pairs report model "other" so cardinality stays bounded. */
export const MAX_SERIES = 500;
const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const TTFT_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];

/** The gateway's metrics; one instance (and registry) per app, so several apps can share a process. */
export class GatewayMetrics implements MetricsHook {
  readonly registry = new Registry();
  readonly #pairs = new Set<string>();
  readonly #requests;
  readonly #errors;
  readonly #duration;
  readonly #ttft;

  constructor(repo: EndpointRepository) {
    const registers = [this.registry];
    this.#requests = new Counter({ name: 'llmlb_requests_total', help: 'Proxied requests', labelNames: ['endpoint', 'model', 'status'], registers });
    this.#errors = new Counter({ name: 'llmlb_request_errors_total', help: 'Proxied requests that failed (5xx or network)', labelNames: ['endpoint', 'model'], registers });
    this.#duration = new Histogram({ name: 'llmlb_request_duration_seconds', help: 'Request latency', labelNames: ['endpoint', 'model'], buckets: DURATION_BUCKETS, registers });
    this.#ttft = new Histogram({ name: 'llmlb_ttft_seconds', help: 'Time to first token of streamed requests', labelNames: ['endpoint', 'model'], buckets: TTFT_BUCKETS, registers });
    new Gauge({
      name: 'llmlb_endpoint_up',
      help: '1 when the endpoint is online',
      labelNames: ['endpoint', 'type', 'status'],
      registers,
      collect() {
        this.reset();
        for (const e of repo.all()) this.set({ endpoint: e.name, type: e.endpoint_type, status: e.status }, e.status === 'online' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'llmlb_endpoint_health_latency_ms',
      help: 'Latency of the last successful health check',
      labelNames: ['endpoint'],
      registers,
      collect() {
        this.reset();
        for (const e of repo.all()) if (e.latency_ms !== null) this.set({ endpoint: e.name }, e.latency_ms);
      },
    });
  }

  /** Counts one request (called from the request log's fan-out, off the response path). */
  observe(r: RequestRecord): void {
    const labels = this.#labels(r);
    this.#requests.inc({ ...labels, status: String(r.status) });
    if (isFailure(r)) this.#errors.inc(labels);
    this.#duration.observe(labels, r.latencyMs / 1000);
    if (r.ttftMs !== null) this.#ttft.observe(labels, r.ttftMs / 1000);
  }

  #labels(r: RequestRecord): { endpoint: string; model: string } {
    // Unrouted requests (unknown models) must not mint a series per name a client makes up.
    if (!r.endpointName) return { endpoint: 'none', model: 'none' };
    const endpoint = r.api === 'cloud' ? `cloud:${r.endpointName}` : r.endpointName;
    const model = r.model ?? 'none';
    const pair = `${endpoint}\u0000${model}`;
    if (this.#pairs.has(pair)) return { endpoint, model };
    if (this.#pairs.size >= MAX_SERIES) return { endpoint, model: 'other' };
    this.#pairs.add(pair);
    return { endpoint, model };
  }

  addGauge(spec: GaugeSpec): void {
    new Gauge({
      name: spec.name,
      help: spec.help,
      labelNames: [...spec.labelNames],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const s of spec.collect()) this.set({ ...s.labels }, s.value);
      },
    });
  }

  addHistogram(spec: HistogramSpec): HistogramHandle {
    const h = new Histogram({ name: spec.name, help: spec.help, labelNames: [...spec.labelNames], buckets: [...spec.buckets], registers: [this.registry] });
    return { observe: (labels, value) => h.observe({ ...labels }, value) };
  }

  /** The Prometheus text exposition. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** Registers `GET /metrics`. */
export function registerMetricsRoute(server: GatewayServer, metrics: GatewayMetrics): void {
  server.route('GET', '/metrics', async (ctx) => {
    const { contentType, body } = await metrics.render();
    ctx.res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
    ctx.res.end(body);
  });
}
