/** The web transport: `/v0` over fetch with `Authorization: Bearer <admin key>`. */
import type { LlmlbEvent } from '../../src-main/admin/types';
import { ClientError, type LlmlbClient, type SubscribeOptions } from './client';
import { openEventStream } from './sse';

/** How the HTTP client finds the admin key (read on every call, so a new key applies at once). */
export type KeySource = () => string | null;

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Builds a query string from the defined values only. */
function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Reads a `{"error":{code,message}}` body into a ClientError; falls back to the status text. */
async function errorOf(res: Response): Promise<ClientError> {
  let code = res.status === 401 ? 'unauthorized' : 'internal_error';
  let message = res.statusText || `HTTP ${res.status}`;
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // Not JSON (a proxy page, an empty body): keep the status-derived error.
  }
  return new ClientError(code, message, res.status);
}

/** Creates the HTTP client for the admin API at `baseUrl` ('' = same origin). */
export function httpClient(baseUrl: string, getKey: KeySource, fetchImpl: typeof fetch = fetch.bind(globalThis)): LlmlbClient {
  const root = baseUrl.replace(/\/+$/, '');

  function headers(withBody: boolean): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json' };
    const key = getKey();
    if (key) h.authorization = `Bearer ${key}`;
    if (withBody) h['content-type'] = 'application/json';
    return h;
  }

  async function call<T>(method: Method, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetchImpl(`${root}${path}`, {
        method,
        headers: headers(body !== undefined),
        body: body === undefined ? null : JSON.stringify(body),
      });
    } catch (e) {
      throw new ClientError('network_error', `Cannot reach llmlb: ${e instanceof Error ? e.message : String(e)}`, 0);
    }
    if (!res.ok) throw await errorOf(res);
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ClientError('bad_response', 'The server sent a response that is not JSON', res.status);
    }
  }

  const id = (s: string): string => encodeURIComponent(s);

  return {
    listEndpoints: (f) => call('GET', `/v0/endpoints${query({ type: f?.type, status: f?.status })}`),
    getEndpoint: (eid) => call('GET', `/v0/endpoints/${id(eid)}`),
    createEndpoint: (input) => call('POST', '/v0/endpoints', input),
    updateEndpoint: (eid, input) => call('PUT', `/v0/endpoints/${id(eid)}`, input),
    deleteEndpoint: (eid) => call('DELETE', `/v0/endpoints/${id(eid)}`),
    detectPreview: (input) => call('POST', '/v0/endpoints/detect', input),
    testEndpoint: (eid) => call('POST', `/v0/endpoints/${id(eid)}/test`, {}),
    syncEndpoint: (eid) => call('POST', `/v0/endpoints/${id(eid)}/sync`, {}),
    healthHistory: (eid, q) => call('GET', `/v0/endpoints/${id(eid)}/health${query({ since: q?.since, limit: q?.limit })}`),
    modelInfo: (eid, model) => call('GET', `/v0/endpoints/${id(eid)}/models/${id(model)}/info`),
    startDownload: (eid, input) => call('POST', `/v0/endpoints/${id(eid)}/download`, input),
    downloadProgress: (eid) => call('GET', `/v0/endpoints/${id(eid)}/download/progress`),
    cancelDownload: (eid, taskId) => call('DELETE', `/v0/endpoints/${id(eid)}/download/${id(taskId)}`),
    listDiscovered: () => call('GET', '/v0/discovery'),
    addDiscovered: (baseUrl) => call('POST', '/v0/discovery/add', { base_url: baseUrl }),
    dismissDiscovered: (baseUrl) => call('POST', '/v0/discovery/dismiss', { base_url: baseUrl }),
    listModels: () => call('GET', '/v0/models'),
    listRequests: (q) => call('GET', `/v0/requests${query({ limit: q?.limit, request_id: q?.request_id })}`),
    listLogs: (q) => call('GET', `/v0/logs${query({ level: q?.level, component: q?.component, since: q?.since, limit: q?.limit })}`),
    stats: () => call('GET', '/v0/stats'),
    listKeys: () => call('GET', '/v0/keys'),
    createKey: (input) => call('POST', '/v0/keys', input),
    revokeKey: (kid) => call('DELETE', `/v0/keys/${id(kid)}`),
    getSettings: () => call('GET', '/v0/settings'),
    updateSettings: (input) => call('PUT', '/v0/settings', input),
    listAliases: () => call('GET', '/v0/aliases'),
    createAlias: (input) => call('POST', '/v0/aliases', input),
    updateAlias: (alias, input) => call('PUT', `/v0/aliases/${id(alias)}`, input),
    deleteAlias: (alias) => call('DELETE', `/v0/aliases/${id(alias)}`),
    aliasSuggestions: () => call('GET', '/v0/aliases/suggestions'),
    acceptAliasSuggestion: (input) => call('POST', '/v0/aliases/suggestions/accept', input),
    subscribe: (listener: (event: LlmlbEvent) => void, options?: SubscribeOptions) =>
      openEventStream({ url: `${root}/v0/events`, headers: () => headers(false), fetchImpl, listener, ...options }),
  };
}
