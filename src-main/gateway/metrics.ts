/** `GET /metrics`: Prometheus text from a per-app prom-client registry, fed by the request log. */
import { Gauge, Registry } from 'prom-client';
import type { RequestRecord } from '../app-services.js';
import type { EndpointRepository } from '../registry/endpoints.js';
import { isFailure } from '../requestlog/classify.js';
import { type CounterSeries, FastCounter, FastHistogram, type HistogramSeries } from './metrics-series.js';
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

type PairLabels = Readonly<{ endpoint: string; model: string }> & Readonly<Record<string, string>>;

const NONE_KEY = 'none\u0000none';

/**
 * The series of one admitted (endpoint, model) pair, reached by two map lookups on strings the
 * request already has: no key string is built per request. (Series live as long as their metric;
 * nothing here resets them.)
 */
interface PairSeries {
  readonly key: string;
  readonly labels: PairLabels;
  readonly byStatus: Map<number, CounterSeries>;
  errors: CounterSeries | null;
  readonly duration: HistogramSeries;
  ttft: HistogramSeries | null;
}

/** The gateway's metrics; one instance (and registry) per app, so several apps can share a process. */
export class GatewayMetrics implements MetricsHook {
  readonly registry = new Registry();
  /** Labels of each (endpoint, model) series key: admitted pairs, per-endpoint "other" overflow, "none". */
  readonly #pairs = new Map<string, PairLabels>([[NONE_KEY, { endpoint: 'none', model: 'none' }]]);
  #admitted = 0;
  /** Cached pairs by endpoint name (cloud providers apart), then by model. */
  readonly #cache = { local: new Map<string, Map<string, PairSeries>>(), cloud: new Map<string, Map<string, PairSeries>>() };
  readonly #requests;
  readonly #errors;
  readonly #duration;
  readonly #ttft;

  constructor(repo: EndpointRepository) {
    const registers = [this.registry];
    this.#requests = new FastCounter('llmlb_requests_total', 'Proxied requests', this.registry);
    this.#errors = new FastCounter('llmlb_request_errors_total', 'Proxied requests that failed (5xx or network)', this.registry);
    this.#duration = new FastHistogram('llmlb_request_duration_seconds', 'Request latency', DURATION_BUCKETS, this.registry);
    this.#ttft = new FastHistogram('llmlb_ttft_seconds', 'Time to first token of streamed requests', TTFT_BUCKETS, this.registry);
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
    const p = this.#pairOf(r);
    let requests = p.byStatus.get(r.status);
    if (requests === undefined) {
      const status = String(r.status);
      requests = this.#requests.series(`${p.key}\u0000${status}`, { endpoint: p.labels.endpoint, model: p.labels.model, status });
      p.byStatus.set(r.status, requests);
    }
    requests.value++;
    if (isFailure(r)) (p.errors ??= this.#errors.series(p.key, p.labels)).value++;
    this.#duration.observe(p.duration, r.latencyMs / 1000);
    if (r.ttftMs !== null) this.#ttft.observe((p.ttft ??= this.#ttft.series(p.key, p.labels)), r.ttftMs / 1000);
  }

  /** The pair's series: cached for admitted pairs; the "none" and overflow ("other") pairs are looked up each time. */
  #pairOf(r: RequestRecord): PairSeries {
    const byEndpoint = r.endpointName ? (r.api === 'cloud' ? this.#cache.cloud : this.#cache.local) : null;
    const model = r.model ?? 'none';
    const cached = byEndpoint?.get(r.endpointName!)?.get(model);
    if (cached) return cached;
    const key = this.#key(r);
    const labels = this.#pairs.get(key)!;
    const p: PairSeries = { key, labels, byStatus: new Map(), errors: null, duration: this.#duration.series(key, labels), ttft: null };
    if (byEndpoint && labels.model === model) {
      let byModel = byEndpoint.get(r.endpointName!);
      if (!byModel) byEndpoint.set(r.endpointName!, (byModel = new Map()));
      byModel.set(model, p);
    }
    return p;
  }

  /** The series key of a record (endpoint NUL model); past MAX_SERIES pairs, new ones count as model "other". */
  #key(r: RequestRecord): string {
    // Unrouted requests (unknown models) must not mint a series per name a client makes up.
    if (!r.endpointName) return NONE_KEY;
    const endpoint = r.api === 'cloud' ? `cloud:${r.endpointName}` : r.endpointName;
    const model = r.model ?? 'none';
    const key = `${endpoint}\u0000${model}`;
    if (this.#pairs.has(key)) return key;
    if (this.#admitted >= MAX_SERIES) {
      const other = `${endpoint}\u0000other`;
      if (!this.#pairs.has(other)) this.#pairs.set(other, { endpoint, model: 'other' });
      return other;
    }
    this.#admitted++;
    this.#pairs.set(key, { endpoint, model });
    return key;
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
    const h = new FastHistogram(spec.name, spec.help, spec.buckets, this.registry);
    const names = [...spec.labelNames];
    return {
      observe: (labels, value) => {
        const key = names.map((n) => labels[n] ?? '').join('\u0000');
        h.observe(h.series(key, () => Object.fromEntries(names.map((n) => [n, labels[n] ?? '']))), value);
      },
    };
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
