/** A fake LlmlbClient for store tests: canned answers, recorded calls, and an `emit` for live events. */
import { vi, type Mock } from 'vitest';
import type { LlmlbClient, SubscribeOptions } from '../../../src-renderer/api/client.js';
import type { EndpointDTO, EndpointDetailDTO, LlmlbEvent, DownloadTaskDTO } from '../../../src-main/admin/types.js';
import { renderMsg, type Msg } from '../../../src-renderer/i18n/message.js';
import { createI18n } from '../../../src-shared/i18n/index.js';

/** Translators for asserting on what the UI would show. */
export const en = createI18n('en').t;
export const ja = createI18n('ja').t;

/** A store message worded in English. */
export function say(m: Msg): string {
  return renderMsg(en, m);
}

/** An endpoint DTO with overridable fields. */
export function ep(over: Partial<EndpointDTO> = {}): EndpointDTO {
  return {
    id: 'e1',
    name: 'Ollama box',
    base_url: 'http://127.0.0.1:11434',
    endpoint_type: 'ollama',
    endpoint_type_source: 'detected',
    status: 'online',
    api_key_set: false,
    health_check_interval_secs: 30,
    inference_timeout_secs: 120,
    max_concurrency: null,
    latency_ms: 12,
    last_seen: '2026-01-01T00:00:00Z',
    last_error: null,
    error_count: 0,
    registered_at: '2026-01-01T00:00:00Z',
    notes: null,
    source: 'manual',
    version: '0.12.3',
    model_count: 1,
    ...over,
  };
}

/** A detail DTO for `ep(over)` with one model. */
export function detail(over: Partial<EndpointDetailDTO> = {}): EndpointDetailDTO {
  return {
    ...ep(over),
    models: [{ model_id: 'llama3.2:1b', capabilities: ['chat'], max_tokens: 4096, context_length: 131072, last_checked: null }],
    ...over,
  };
}

/** A download task. */
export function task(over: Partial<DownloadTaskDTO> = {}): DownloadTaskDTO {
  return {
    task_id: 't1',
    endpoint_id: 'e1',
    model: 'llama3.2:1b',
    filename: null,
    status: 'downloading',
    progress: 10,
    speed_mbps: 20,
    eta_seconds: 30,
    error: null,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    ...over,
  };
}

/** The fake and its live-event controls. */
export interface FakeClient {
  readonly client: { [K in keyof LlmlbClient]: Mock<LlmlbClient[K]> };
  emit(event: LlmlbEvent): void;
  open(): void;
  readonly listeners: Set<(e: LlmlbEvent) => void>;
  readonly options: SubscribeOptions[];
}

/** Creates a fake client; `over` replaces individual methods. */
export function fakeClient(over: Partial<LlmlbClient> = {}): FakeClient {
  const listeners = new Set<(e: LlmlbEvent) => void>();
  const options: SubscribeOptions[] = [];
  const base: LlmlbClient = {
    listEndpoints: async () => ({ endpoints: [ep()], total: 1 }),
    getEndpoint: async (id) => detail({ id }),
    createEndpoint: async (input) => ep({ id: 'new', name: input.name, base_url: input.base_url, status: 'pending', endpoint_type: 'unknown', model_count: 0 }),
    updateEndpoint: async (id, input) => ep({ id, ...(input as Partial<EndpointDTO>) }),
    deleteEndpoint: async () => undefined,
    detectPreview: async (input) => ({ base_url: input.base_url, endpoint_type: 'ollama', version: '0.12.3', models_found: 2, reachable: true, error: null }),
    testEndpoint: async () => ({ success: true, latency_ms: 9, error: null, endpoint_type: 'ollama', models_found: 2, version: '0.12.3' }),
    syncEndpoint: async () => ({ synced_models: 3, added: ['a', 'b'], removed: [], updated: [] }),
    healthHistory: async () => ({ checks: [{ checked_at: '2026-01-01T00:00:00Z', success: true, latency_ms: 10, status_after: 'online', error: null }] }),
    modelInfo: async (id, model) => ({ model_id: model, endpoint_id: id, max_tokens: 4096, context_length: 8192, source: 'api', last_checked: null }),
    startDownload: async (id, input) => task({ endpoint_id: id, model: input.model, progress: 0, status: 'pending' }),
    downloadProgress: async (id) => ({ endpoint_id: id, tasks: [] }),
    cancelDownload: async () => undefined,
    listDiscovered: async () => ({ servers: [] }),
    addDiscovered: async (url) => ep({ id: 'disc', base_url: url, source: 'discovered' }),
    dismissDiscovered: async () => undefined,
    listModels: async () => ({ models: [] }),
    listRequests: async () => ({ requests: [] }),
    listLogs: async () => ({ logs: [] }),
    stats: async () => ({ endpoints: [] }),
    listKeys: async () => ({ keys: [] }),
    createKey: async (input) => ({ id: 'k1', name: input.name, role: input.role, key: 'llmlb_secret' }),
    revokeKey: async () => undefined,
    getSettings: async () => settings(),
    updateSettings: async (input) => ({ ...settings(), ...(input as object) }) as ReturnType<typeof settings>,
    listAliases: async () => ({ aliases: [] }),
    createAlias: async (input) => ({ alias: input.alias, targets: input.targets, allow_shadow: input.allow_shadow ?? false, created_at: '2026-01-01T00:00:00Z' }),
    updateAlias: async (alias, input) => ({ alias, targets: input.targets, allow_shadow: input.allow_shadow ?? false, created_at: '2026-01-01T00:00:00Z' }),
    deleteAlias: async () => undefined,
    aliasSuggestions: async () => ({ suggestions: [] }),
    acceptAliasSuggestion: async (input) => ({ alias: 'alias' in input && input.alias ? input.alias : 'suggested', targets: [], allow_shadow: false, created_at: '2026-01-01T00:00:00Z' }),
    subscribe: (listener, opts) => {
      listeners.add(listener);
      if (opts) options.push(opts);
      return () => listeners.delete(listener);
    },
    ...over,
  };
  const client = {} as Record<string, unknown>;
  for (const [k, fn] of Object.entries(base)) client[k] = vi.fn(fn as (...a: unknown[]) => unknown);
  return {
    client: client as unknown as FakeClient['client'],
    emit: (e) => {
      for (const l of listeners) l(e);
    },
    open: () => {
      for (const o of options) o.onOpen?.();
    },
    listeners,
    options,
  };
}

/** Default settings. */
export function settings() {
  return {
    require_api_key: false,
    discovery_enabled: true,
    discovery_auto_add: false,
    start_at_login: false,
    language: 'system' as const,
    gateway_url: 'http://127.0.0.1:32768',
    bind_host: '127.0.0.1',
    port: 32768,
    cloud: {
      openai: { key_set: false, base_url: 'https://api.openai.com/v1' },
      google: { key_set: false, base_url: 'https://generativelanguage.googleapis.com/v1beta' },
      anthropic: { key_set: false, base_url: 'https://api.anthropic.com' },
    },
  };
}

/** Waits for pending promise callbacks. */
export const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
