/** A recording AdminApi for IPC tests: every call is logged and answers `{ method, args }`. */
import type { AdminApi } from '../../../src-main/admin/api.js';
import type { LlmlbEvent } from '../../../src-main/admin/types.js';
import type { IpcArgs, IpcChannel } from '../../../src-main/ipc/contract.js';

/** One recorded call. */
export interface Call {
  readonly method: string;
  readonly args: unknown[];
}

/** The fake plus its call log and a way to emit events. */
export interface FakeAdmin {
  readonly admin: AdminApi;
  readonly calls: Call[];
  emit(event: LlmlbEvent): void;
  /** Makes the next call of `method` throw `error`. */
  failNext(method: string, error: unknown): void;
}

/** Builds the fake. */
export function fakeAdmin(): FakeAdmin {
  const calls: Call[] = [];
  const listeners = new Set<(e: LlmlbEvent) => void>();
  const failures = new Map<string, unknown>();
  const admin = new Proxy({} as AdminApi, {
    get(_target, prop) {
      if (prop === 'subscribe') {
        return (listener: (e: LlmlbEvent) => void) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        };
      }
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      return async (...args: unknown[]) => {
        calls.push({ method: prop, args });
        if (failures.has(prop)) {
          const error = failures.get(prop);
          failures.delete(prop);
          throw error;
        }
        if (prop === 'updateSettings') return { start_at_login: true };
        return { method: prop, args };
      };
    },
  });
  return {
    admin,
    calls,
    emit: (event) => listeners.forEach((l) => l(event)),
    failNext: (method, error) => failures.set(method, error),
  };
}

/** A valid uuid for endpoint ids. */
export const ID = '3f2b8c1e-6a4d-4e8f-9b0a-1c2d3e4f5a6b';

/** One valid argument list per channel (type-checked against the contract). */
export const SAMPLE_ARGS: { readonly [C in IpcChannel]: IpcArgs<C> } = {
  'endpoints:list': [{ type: 'ollama', status: 'online' }],
  'endpoints:get': [ID],
  'endpoints:create': [{ name: 'Local Ollama', base_url: 'http://127.0.0.1:11434', api_key: null, notes: 'x' }],
  'endpoints:update': [ID, { name: 'Renamed', health_check_interval_secs: 60 }],
  'endpoints:delete': [ID],
  'endpoints:detect': [{ base_url: 'http://127.0.0.1:8080' }],
  'endpoints:test': [ID],
  'endpoints:sync': [ID],
  'endpoints:health': [ID, { since: '2025-01-01T00:00:00Z', limit: 100 }],
  'models:info': [ID, 'llama3.2:latest'],
  'downloads:start': [ID, { model: 'llama3.2', filename: null }],
  'downloads:progress': [ID],
  'downloads:cancel': [ID, 'c0ffee00-1111-4222-8333-444455556666'],
  'discovery:list': [],
  'discovery:add': ['http://127.0.0.1:1234'],
  'discovery:dismiss': ['http://127.0.0.1:1234'],
  'models:list': [],
  'requests:list': [{ limit: 50 }],
  'logs:list': [{ level: 'warn', component: 'gateway', limit: 50 }],
  'stats:get': [],
  'keys:list': [],
  'keys:create': [{ name: 'ci', role: 'inference' }],
  'keys:revoke': ['0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d'],
  'settings:get': [],
  'settings:update': [{ start_at_login: true, cloud: { openai: { api_key: 'sk-x', base_url: null } } }],
  'aliases:list': [],
  'aliases:create': [{ alias: 'team/llama:3b', targets: [{ endpoint_id: ID, model: 'llama3.2:3b' }, { endpoint_id: null, model: 'meta-llama/Llama-3.2-3B-Instruct' }] }],
  'aliases:update': ['team/llama:3b', { targets: [{ endpoint_id: null, model: 'llama3.2:3b' }], allow_shadow: false }],
  'aliases:delete': ['team/llama:3b'],
  'aliases:suggest': [],
  'aliases:accept': [{ suggestion_id: '0123456789abcdef', alias: 'llama-3b' }],
  'app:gateway-url': [],
  'app:open-external': ['https://github.com/'],
  'app:open-log-folder': [],
};
