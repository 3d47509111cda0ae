/**
 * A throwaway in-memory imitation of the `/v0` admin API plus the real static handler, so the UI can be
 * exercised in Chromium before (and independently of) `llmlb serve`. Test helper only: not product code,
 * and deliberately loose about validation; the real contract is checked by tests/e2e/dashboard.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  ApiKeyDTO,
  DiscoveredServerDTO,
  DownloadTaskDTO,
  EndpointDetailDTO,
  EndpointModelDTO,
  EndpointStatsDTO,
  EndpointStatus,
  EndpointType,
  HealthCheckDTO,
  LlmlbEvent,
  RequestLogDTO,
  SettingsDTO,
} from '../../../src-main/admin/types.js';
import { createStaticHandler } from '../../../src-main/gateway/static.js';
import type { AliasDTO } from '../../../src-main/aliases/types.js';

/** The admin key the mock accepts. */
export const MOCK_KEY = 'llmlb_mock_admin_key';

/** A running mock. */
export interface MockAdmin {
  readonly url: string;
  readonly endpoints: Map<string, EndpointDetailDTO>;
  /** Pushes an event to every connected /v0/events client. */
  emit(event: LlmlbEvent): void;
  /** Changes an endpoint's status and pushes the event, like the health checker would. */
  setStatus(id: string, status: EndpointStatus): void;
  /** Sets what `/v0/stats` reports as an endpoint's requests in flight and queued (default: 1 when online, 0). */
  setLoad(id: string, inFlight: number, queueDepth: number): void;
  /** Every parsed POST/PUT body under `/v0`, oldest first (to check what the UI sent). */
  readonly writes: { method: string; path: string; body: Record<string, unknown> }[];
  /** `/v0` path prefixes that answer 500 (to see error states). */
  readonly failing: Set<string>;
  /** Delay of every `/v0` answer in ms (to see loading states). */
  delayMs: number;
  stop(): Promise<void>;
}

const NOW = Date.now();
const iso = (msAgo: number): string => new Date(NOW - msAgo).toISOString();

function model(id: string, caps: EndpointModelDTO['capabilities'], max: number | null, ctx: number | null): EndpointModelDTO {
  return { model_id: id, capabilities: caps, max_tokens: max, context_length: ctx, last_checked: iso(120_000) };
}

/** The limit in force without an override, as the core's capacity defaults give it. */
function defaultLimit(type: EndpointType): number | null {
  return type === 'ollama' || type === 'llama_cpp' ? 4 : null;
}

function endpoint(
  name: string,
  base_url: string,
  type: EndpointType,
  status: EndpointStatus,
  latency: number | null,
  models: EndpointModelDTO[],
  extra: Partial<EndpointDetailDTO> = {},
): EndpointDetailDTO {
  return {
    id: randomUUID(),
    name,
    base_url,
    endpoint_type: type,
    endpoint_type_source: 'detected',
    status,
    api_key_set: false,
    health_check_interval_secs: 30,
    inference_timeout_secs: 120,
    max_concurrency: defaultLimit(type),
    latency_ms: latency,
    last_seen: status === 'online' ? iso(8_000) : iso(3_600_000),
    last_error: status === 'error' ? 'HTTP 401 from upstream: the API key is wrong' : status === 'offline' ? 'connect ECONNREFUSED 127.0.0.1:8080' : null,
    error_count: status === 'online' ? 0 : 2,
    registered_at: iso(86_400_000 * 3),
    notes: null,
    source: 'manual',
    version: type === 'ollama' ? '0.12.3' : type === 'vllm' ? '0.10.1' : null,
    model_count: models.length,
    models,
    ...extra,
  };
}

/** Seeds a believable set of endpoints, checks, requests and keys. */
function seed() {
  const list = [
    endpoint('Ollama workstation', 'http://127.0.0.1:11434', 'ollama', 'online', 14, [
      model('llama3.2:3b', ['chat', 'completion', 'tools'], 4096, 131072),
      model('qwen2.5-coder:7b', ['chat', 'completion'], 8192, 32768),
      model('nomic-embed-text:latest', ['embeddings'], 2048, 2048),
    ]),
    endpoint('vLLM GPU box', 'http://10.0.0.12:8000', 'vllm', 'online', 42, [model('meta-llama/Llama-3.1-8B-Instruct', ['chat', 'completion'], 32768, 32768)]),
    endpoint('llama.cpp laptop', 'http://127.0.0.1:8080', 'llama_cpp', 'offline', null, [model('gemma-3-4b-it-Q4_K_M.gguf', ['chat'], 8192, 8192)]),
    endpoint('LM Studio', 'http://127.0.0.1:1234', 'lm_studio', 'pending', null, []),
    endpoint('xLLM node 1', 'http://10.0.0.20:32769', 'xllm', 'online', 9, [model('Qwen/Qwen2.5-0.5B-Instruct', ['chat'], 32768, 32768)], { version: '1.4.0' }),
    endpoint('Together proxy', 'https://api.example.com', 'openai_compatible', 'error', 220, [model('mistral-small', ['chat'], null, null)], { api_key_set: true }),
    endpoint('Mystery box', 'http://192.168.1.50:5000', 'unknown', 'offline', null, []),
  ];
  const health = new Map<string, HealthCheckDTO[]>();
  for (const e of list) {
    const checks: HealthCheckDTO[] = [];
    for (let i = 60; i >= 0; i--) {
      const fail = e.status !== 'online' ? i < 8 : i % 23 === 7;
      const base = e.latency_ms ?? 25;
      checks.push({
        checked_at: iso(i * 30_000),
        success: !fail,
        latency_ms: fail ? null : Math.round(base * (0.7 + 0.6 * Math.abs(Math.sin(i * 1.7)))),
        status_after: fail ? 'offline' : 'online',
        error: fail ? 'connect ECONNREFUSED' : null,
      });
    }
    health.set(e.id, checks);
  }
  const requests: RequestLogDTO[] = [];
  const online = list.filter((e) => e.status === 'online');
  for (let i = 0; i < 80; i++) {
    const e = online[i % online.length]!;
    const m = e.models[i % e.models.length]!;
    const stream = i % 2 === 0;
    const failed = i % 17 === 5;
    requests.push({
      id: 1000 - i,
      at: iso(i * 45_000 + 3_000),
      api: i % 4 === 0 ? 'ollama' : 'openai',
      path: i % 4 === 0 ? '/api/chat' : m.capabilities.includes('embeddings') ? '/v1/embeddings' : '/v1/chat/completions',
      endpoint_id: e.id,
      endpoint_name: e.name,
      model: m.model_id,
      status: failed ? 502 : 200,
      latency_ms: Math.round(300 + 900 * Math.abs(Math.sin(i))),
      ttft_ms: stream ? Math.round(60 + 140 * Math.abs(Math.cos(i))) : null,
      prompt_tokens: 120 + i,
      completion_tokens: failed ? null : 40 + ((i * 7) % 300),
      stream,
      error: failed ? 'upstream closed the connection' : null,
      request_id: `req-${1000 - i}`,
    });
  }
  const keys: ApiKeyDTO[] = [
    { id: randomUUID(), name: 'dashboard', role: 'admin', prefix: 'llmlb_a1b2', created_at: iso(86_400_000 * 3), last_used_at: iso(5_000) },
    { id: randomUUID(), name: 'open-webui', role: 'inference', prefix: 'llmlb_9f3c', created_at: iso(86_400_000), last_used_at: iso(600_000) },
    { id: randomUUID(), name: 'grafana', role: 'viewer', prefix: 'llmlb_77de', created_at: iso(3_600_000), last_used_at: null },
  ];
  const discovered: DiscoveredServerDTO[] = [
    { base_url: 'http://127.0.0.1:8001', endpoint_type: 'vllm', suggested_name: 'vLLM 127.0.0.1:8001', version: '0.10.1', models_found: 1, found_at: iso(40_000) },
    { base_url: 'http://127.0.0.1:1235', endpoint_type: 'lm_studio', suggested_name: 'LM Studio 127.0.0.1:1235', version: null, models_found: 4, found_at: iso(200_000) },
  ];
  const settings: SettingsDTO = {
    require_api_key: false,
    discovery_enabled: true,
    discovery_auto_add: false,
    start_at_login: false,
    language: 'system',
    gateway_url: 'http://127.0.0.1:32768',
    bind_host: '127.0.0.1',
    port: 32768,
    cloud: {
      openai: { key_set: true, base_url: 'https://api.openai.com/v1' },
      google: { key_set: false, base_url: 'https://generativelanguage.googleapis.com/v1beta' },
      anthropic: { key_set: false, base_url: 'https://api.anthropic.com' },
    },
  };
  return { list, health, requests, keys, discovered, settings };
}

function guessType(url: string): EndpointType {
  if (url.includes(':1143')) return 'ollama';
  if (url.includes('8000') || url.includes('8001')) return 'vllm';
  if (url.includes('8080')) return 'llama_cpp';
  if (url.includes('1234')) return 'lm_studio';
  if (url.includes('32769')) return 'xllm';
  return 'unknown';
}

/** Starts the mock on 127.0.0.1:0 serving `rootDir` (dist/renderer) at `/`; `empty` starts with nothing registered. */
export async function startMockAdmin(rootDir: string, opts: { empty?: boolean } = {}): Promise<MockAdmin> {
  const data = seed();
  if (opts.empty) {
    data.list.length = 0;
    data.requests.length = 0;
    data.discovered = [];
  }
  const failing = new Set<string>();
  const control = { delayMs: 0 };
  const load = new Map<string, { in_flight: number; queue_depth: number }>();
  const writes: MockAdmin['writes'] = [];
  const endpoints = new Map(data.list.map((e) => [e.id, e]));
  // Something to see in the Load column: one endpoint full with a queue, one idle.
  for (const e of data.list) {
    if (e.name === 'Ollama workstation') load.set(e.id, { in_flight: 4, queue_depth: 2 });
    if (e.name === 'xLLM node 1') load.set(e.id, { in_flight: 0, queue_depth: 0 });
  }
  const downloads = new Map<string, DownloadTaskDTO>();
  let aliases: AliasDTO[] = [];
  const clients = new Set<ServerResponse>();
  const timers = new Set<ReturnType<typeof setInterval>>();
  const serveStatic = createStaticHandler(rootDir);

  const emit = (event: LlmlbEvent): void => {
    for (const c of clients) c.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  };
  const summary = (e: EndpointDetailDTO) => {
    const { models: _m, ...rest } = e;
    void _m;
    return { ...rest, model_count: e.models.length };
  };
  const setStatus = (id: string, status: EndpointStatus): void => {
    const e = endpoints.get(id);
    if (!e) return;
    const previous = e.status;
    const next = { ...e, status, last_error: status === 'online' ? null : 'connect ECONNREFUSED' };
    endpoints.set(id, next);
    emit({ type: 'endpoint.status', endpoint_id: id, status, previous, latency_ms: e.latency_ms, error: next.last_error });
  };

  function send(res: ServerResponse, status: number, body?: unknown): void {
    if (body === undefined) {
      res.writeHead(status);
      res.end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(text);
  }
  const fail = (res: ServerResponse, status: number, code: string, message: string) => send(res, status, { error: { code, message } });

  async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
    let text = '';
    for await (const c of req) text += String(c);
    const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    writes.push({ method: req.method ?? '', path: new URL(req.url ?? '/', 'http://x').pathname, body: parsed });
    return parsed;
  }

  function startDownload(endpointId: string, modelName: string): DownloadTaskDTO {
    const task: DownloadTaskDTO = {
      task_id: randomUUID(),
      endpoint_id: endpointId,
      model: modelName,
      filename: null,
      status: 'downloading',
      progress: 0,
      speed_mbps: 48.2,
      eta_seconds: 12,
      error: null,
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
    };
    downloads.set(task.task_id, task);
    const t = setInterval(() => {
      const cur = downloads.get(task.task_id);
      if (!cur || cur.status !== 'downloading') {
        clearInterval(t);
        timers.delete(t);
        return;
      }
      const progress = Math.min(100, cur.progress + 20);
      const done = progress >= 100;
      const next: DownloadTaskDTO = {
        ...cur,
        progress,
        status: done ? 'completed' : 'downloading',
        eta_seconds: done ? 0 : Math.round((100 - progress) / 10),
        speed_mbps: done ? null : 40 + progress / 5,
        updated_at: new Date().toISOString(),
      };
      downloads.set(cur.task_id, next);
      if (done) {
        const e = endpoints.get(endpointId);
        if (e) {
          endpoints.set(endpointId, { ...e, models: [...e.models, model(modelName, ['chat'], 8192, 131072)], model_count: e.models.length + 1 });
          emit({ type: 'endpoint.models', endpoint_id: endpointId, result: { synced_models: e.models.length + 1, added: [modelName], removed: [], updated: [] } });
        }
      }
      emit({ type: 'download.progress', task: next });
    }, 400);
    timers.add(t);
    return task;
  }

  async function admin(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    if (req.headers.authorization !== `Bearer ${MOCK_KEY}`) return fail(res, 401, 'unauthorized', 'missing or invalid admin key');
    if (control.delayMs > 0 && !path.startsWith('/v0/events')) await new Promise((r) => setTimeout(r, control.delayMs));
    for (const prefix of failing) if (path.startsWith(prefix)) return fail(res, 500, 'internal_error', 'Internal error');
    const m = req.method ?? 'GET';
    const parts = path.split('/').filter(Boolean).slice(1).map(decodeURIComponent); // drop "v0"
    const [a, id, b, c] = parts;
    if (a === 'events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write(': connected\n\n');
      clients.add(res);
      const ka = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      res.on('close', () => {
        clearInterval(ka);
        clients.delete(res);
      });
      return;
    }
    if (a === 'endpoints' && id === 'detect' && m === 'POST') {
      const input = await body(req);
      const url = String(input.base_url ?? '');
      const type = guessType(url);
      await new Promise((r) => setTimeout(r, 300));
      return send(res, 200, {
        base_url: url.replace(/\/+$/, ''),
        endpoint_type: type,
        version: type === 'ollama' ? '0.12.3' : null,
        models_found: type === 'unknown' ? 0 : 3,
        reachable: type !== 'unknown',
        error: type === 'unknown' ? 'connect ECONNREFUSED' : null,
      });
    }
    if (a === 'endpoints' && !id) {
      if (m === 'GET') {
        const all = [...endpoints.values()].map(summary);
        return send(res, 200, { endpoints: all, total: all.length });
      }
      if (m === 'POST') {
        const input = await body(req);
        const url = String(input.base_url ?? '').replace(/\/+$/, '');
        if ([...endpoints.values()].some((e) => e.base_url === url)) return fail(res, 409, 'conflict', `an endpoint with URL ${url} already exists`);
        const e = endpoint(String(input.name), url, 'unknown', 'pending', null, [], typeof input.max_concurrency === 'number' ? { max_concurrency: input.max_concurrency } : {});
        endpoints.set(e.id, e);
        send(res, 201, summary(e));
        emit({ type: 'endpoint.created', endpoint: summary(e) });
        setTimeout(() => {
          const cur = endpoints.get(e.id);
          if (!cur) return;
          const type = guessType(url);
          endpoints.set(e.id, { ...cur, endpoint_type: type, max_concurrency: cur.max_concurrency ?? defaultLimit(type), latency_ms: 11, models: type === 'unknown' ? [] : [model('llama3.2:1b', ['chat'], 4096, 131072)] });
          emit({ type: 'endpoint.type', endpoint_id: e.id, endpoint_type: type });
          setStatus(e.id, type === 'unknown' ? 'offline' : 'online');
        }, 600);
        return;
      }
    }
    const e = id ? endpoints.get(id) : undefined;
    if (a === 'endpoints' && id) {
      if (!e) return fail(res, 404, 'not_found', `no endpoint ${id}`);
      if (!b && m === 'GET') return send(res, 200, { ...e, model_count: e.models.length });
      if (!b && m === 'PUT') {
        const input = await body(req);
        const next = { ...e, ...(input as Partial<EndpointDetailDTO>) };
        // Like the core: the DTO shows the limit in force, so clearing the override falls back to the default.
        if (input.max_concurrency === null) next.max_concurrency = defaultLimit(next.endpoint_type);
        endpoints.set(e.id, next);
        emit({ type: 'endpoint.updated', endpoint: summary(next) });
        return send(res, 200, summary(next));
      }
      if (!b && m === 'DELETE') {
        endpoints.delete(e.id);
        emit({ type: 'endpoint.deleted', endpoint_id: e.id });
        return send(res, 204);
      }
      if (b === 'test') return send(res, 200, { success: e.status === 'online', latency_ms: e.latency_ms, error: e.status === 'online' ? null : e.last_error, endpoint_type: e.endpoint_type, models_found: e.models.length, version: e.version });
      if (b === 'sync') {
        if (e.status !== 'online') return fail(res, 503, 'endpoint_unreachable', `${e.name} is not reachable`);
        return send(res, 200, { synced_models: e.models.length, added: [], removed: [], updated: [] });
      }
      if (b === 'health') return send(res, 200, { checks: (data.health.get(e.id) ?? []).slice(-Number(query.get('limit') ?? 200)) });
      if (b === 'download' && !c && m === 'POST') {
        if (e.endpoint_type !== 'ollama' && e.endpoint_type !== 'xllm') return fail(res, 400, 'not_supported', 'downloads need xLLM or Ollama');
        const input = await body(req);
        return send(res, 202, startDownload(e.id, String(input.model)));
      }
      if (b === 'download' && c === 'progress') return send(res, 200, { endpoint_id: e.id, tasks: [...downloads.values()].filter((t) => t.endpoint_id === e.id) });
      if (b === 'download' && c && m === 'DELETE') {
        const t = downloads.get(c);
        if (t) {
          const next = { ...t, status: 'cancelled' as const };
          downloads.set(c, next);
          emit({ type: 'download.progress', task: next });
        }
        return send(res, 204);
      }
    }
    if (a === 'models' && m === 'GET') {
      const byModel = new Map<string, { model_id: string; capabilities: EndpointModelDTO['capabilities']; endpoints: unknown[] }>();
      for (const ep of endpoints.values()) {
        for (const mm of ep.models) {
          const entry = byModel.get(mm.model_id) ?? { model_id: mm.model_id, capabilities: mm.capabilities, endpoints: [] };
          entry.endpoints.push({ endpoint_id: ep.id, name: ep.name, endpoint_type: ep.endpoint_type, status: ep.status, max_tokens: mm.max_tokens, context_length: mm.context_length });
          byModel.set(mm.model_id, entry);
        }
      }
      return send(res, 200, { models: [...byModel.values()] });
    }
    if (a === 'requests') return send(res, 200, { requests: data.requests.slice(0, Number(query.get('limit') ?? 100)) });
    if (a === 'logs') {
      // Oldest first, as the real route: failed requests show as gateway warnings, plus a few lines of other levels.
      const failed = data.requests
        .filter((r) => r.status >= 500)
        .map((r) => ({ time: r.at, level: 'warn', component: 'gateway', msg: `upstream attempt failed: ${r.endpoint_name ?? ''}: ${r.error ?? ''}`, request_id: r.request_id, endpoint_id: r.endpoint_id, endpoint_name: r.endpoint_name, model: r.model, status: r.status, reason: r.error, retrying: false }));
      const offline = data.list.find((e) => e.status === 'offline');
      const other: Record<string, unknown>[] = [
        { time: iso(3_700_000), level: 'info', component: 'app', msg: 'llmlb started', url: data.settings.gateway_url, log_level: 'info' },
        ...(offline
          ? [
              { time: iso(3_600_000), level: 'info', component: 'health', msg: `${offline.name} is offline (was online)`, endpoint_id: offline.id, endpoint_name: offline.name, status: 'offline', previous: 'online', reason: offline.last_error },
              // Named by id only, as some core lines are: the page shows the endpoint's current name.
              { time: iso(1_000), level: 'error', component: 'sync', msg: 'model sync failed', endpoint_id: offline.id, reason: 'connect ECONNREFUSED 127.0.0.1:8080' },
            ]
          : []),
        { time: iso(500), level: 'debug', component: 'gateway', msg: 'request done', request_id: 'req-1000', status: 200, latency_ms: 412 },
      ];
      const order = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
      const min = order.indexOf(query.get('level') ?? 'info');
      const component = query.get('component');
      const logs = [...failed, ...other]
        .filter((l) => order.indexOf(String(l.level)) >= min && (!component || l.component === component))
        .sort((x, y) => Date.parse(String(x.time)) - Date.parse(String(y.time)));
      return send(res, 200, { logs: logs.slice(-Number(query.get('limit') ?? 200)) });
    }
    if (a === 'stats') {
      const out: EndpointStatsDTO[] = [];
      for (const ep of endpoints.values()) {
        for (const [w, k] of [['5m', 1], ['1h', 8], ['24h', 60]] as const) {
          const mine = data.requests.filter((r) => r.endpoint_id === ep.id);
          out.push({ endpoint_id: ep.id, name: ep.name, window: w, requests: mine.length * k, errors: mine.filter((r) => r.status >= 400).length * k, p50_ms: mine.length ? 640 : null, p95_ms: mine.length ? 1180 : null, ttft_p50_ms: mine.length ? 110 : null, ttft_p95_ms: mine.length ? 190 : null, in_flight: load.get(ep.id)?.in_flight ?? (ep.status === 'online' ? 1 : 0), queue_depth: load.get(ep.id)?.queue_depth ?? 0, queue_wait_ms: load.get(ep.id)?.queue_depth ? 850 : null });
        }
      }
      return send(res, 200, { endpoints: out });
    }
    if (a === 'discovery') {
      if (!id) return send(res, 200, { servers: data.discovered });
      const input = await body(req);
      const url = String(input.base_url);
      const found = data.discovered.find((s) => s.base_url === url);
      data.discovered = data.discovered.filter((s) => s.base_url !== url);
      if (id === 'dismiss') return send(res, 204);
      const ep = endpoint(found?.suggested_name ?? url, url, found?.endpoint_type ?? 'unknown', 'online', 20, [], { source: 'discovered' });
      endpoints.set(ep.id, ep);
      emit({ type: 'endpoint.created', endpoint: summary(ep) });
      return send(res, 201, summary(ep));
    }
    if (a === 'aliases') {
      // Kept in memory, no suggestions: enough for the Models page's aliases card.
      const name = parts.slice(1).join('/');
      if (m === 'GET') return send(res, 200, id === 'suggestions' ? { suggestions: [] } : { aliases });
      if (m === 'POST' && !id) {
        const input = await body(req);
        const alias: AliasDTO = { alias: String(input.alias), targets: input.targets as AliasDTO['targets'], allow_shadow: input.allow_shadow === true, created_at: new Date().toISOString() };
        aliases = [...aliases, alias];
        return send(res, 201, alias);
      }
      if (m === 'DELETE' && name) {
        aliases = aliases.filter((x) => x.alias !== name);
        return send(res, 204);
      }
    }
    if (a === 'keys') {
      if (m === 'GET') return send(res, 200, { keys: data.keys });
      if (m === 'POST') {
        const input = await body(req);
        const key = { id: randomUUID(), name: String(input.name), role: input.role as ApiKeyDTO['role'], prefix: 'llmlb_n3w1', created_at: new Date().toISOString(), last_used_at: null };
        data.keys = [...data.keys, key];
        return send(res, 201, { id: key.id, name: key.name, role: key.role, key: `llmlb_n3w1${randomUUID().replaceAll('-', '')}` });
      }
      if (m === 'DELETE' && id) {
        data.keys = data.keys.filter((k) => k.id !== id);
        return send(res, 204);
      }
    }
    if (a === 'settings') {
      if (m === 'PUT') {
        const input = (await body(req)) as Record<string, unknown> & { cloud?: Record<string, { api_key?: string | null }> };
        const cloud = { ...data.settings.cloud };
        for (const [p, v] of Object.entries(input.cloud ?? {})) {
          const k = p as keyof SettingsDTO['cloud'];
          if (v.api_key !== undefined) cloud[k] = { ...cloud[k], key_set: v.api_key !== null };
        }
        const { cloud: _c, ...flat } = input;
        void _c;
        data.settings = { ...data.settings, ...(flat as Partial<SettingsDTO>), cloud };
      }
      return send(res, 200, data.settings);
    }
    return fail(res, 404, 'not_found', `no route for ${m} ${path}`);
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/v0' || url.pathname.startsWith('/v0/')) {
      admin(req, res, url.pathname, url.searchParams).catch((e: unknown) => fail(res, 500, 'internal_error', String(e)));
      return;
    }
    if (!serveStatic(req, res)) fail(res, 404, 'not_found', 'not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    endpoints,
    emit,
    setStatus,
    setLoad: (id, in_flight, queue_depth) => void load.set(id, { in_flight, queue_depth }),
    writes,
    failing,
    get delayMs() {
      return control.delayMs;
    },
    set delayMs(ms: number) {
      control.delayMs = ms;
    },
    stop: async () => {
      for (const t of timers) clearInterval(t);
      for (const c of clients) c.end();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
