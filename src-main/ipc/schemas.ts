/** Argument specs of every IPC channel: counts, types and bounds. Field-level rules stay in the AdminApi. */
import { ENDPOINT_STATUSES, ENDPOINT_TYPES } from '../admin/types.js';
import { LOG_COMPONENTS, LOG_LEVELS } from '../logging/levels.js';
import type { IpcChannel } from './contract.js';
import { LANGUAGE_PREFERENCES } from '../../src-shared/i18n/languages.js';
import { bool, int, isPlainObject, nullable, num, oneOf, record, text, uuid, type ArgSpec, type Check } from './validate.js';

/** Bounds on strings from the renderer; generous for real use, small enough to refuse abuse. */
export const LIMITS = {
  name: 200,
  url: 2048,
  secret: 4096,
  notes: 4000,
  model: 512,
  timestamp: 64,
} as const;

const endpointId: ArgSpec = { name: 'id', check: uuid };
const endpointType = oneOf(ENDPOINT_TYPES);

const endpointRequired: Record<string, Check> = { name: text(LIMITS.name), base_url: text(LIMITS.url) };
const endpointOptional: Record<string, Check> = {
  api_key: nullable(text(LIMITS.secret, 0)),
  health_check_interval_secs: num,
  inference_timeout_secs: num,
  max_concurrency: nullable(num),
  notes: nullable(text(LIMITS.notes, 0)),
  endpoint_type: endpointType,
};

const aliasName: ArgSpec = { name: 'alias', check: text(LIMITS.name) };
const aliasTarget = record({ endpoint_id: nullable(text(LIMITS.timestamp)), model: text(LIMITS.model) });
/** Up to 64 alias targets (the alias service checks the rest). */
const aliasTargets: Check = (v, path) =>
  Array.isArray(v) && v.length <= 64 ? (v.map((t, i) => aliasTarget(t, `${path}.${i}`)).find((e) => e !== null) ?? null) : `${path} must be a list of at most 64 targets`;
const createAlias = record({ alias: text(LIMITS.name), targets: aliasTargets }, { allow_shadow: bool });
const acceptById = record({ suggestion_id: text(LIMITS.timestamp) }, { alias: text(LIMITS.name) });

const cloudProvider = record({}, { api_key: nullable(text(LIMITS.secret, 0)), base_url: nullable(text(LIMITS.url, 0)) });

/** The positional arguments each channel accepts. */
export const ARG_SPECS: { readonly [C in IpcChannel]: readonly ArgSpec[] } = {
  'endpoints:list': [
    { name: 'filter', optional: true, check: record({}, { type: endpointType, status: oneOf(ENDPOINT_STATUSES) }) },
  ],
  'endpoints:get': [endpointId],
  'endpoints:create': [
    { name: 'input', check: record(endpointRequired, endpointOptional) },
  ],
  'endpoints:update': [endpointId, { name: 'input', check: record({}, { ...endpointRequired, ...endpointOptional }) }],
  'endpoints:delete': [endpointId],
  'endpoints:detect': [
    {
      name: 'input',
      check: record({ base_url: text(LIMITS.url) }, { api_key: nullable(text(LIMITS.secret, 0)) }),
    },
  ],
  'endpoints:test': [endpointId],
  'endpoints:sync': [endpointId],
  'endpoints:health': [
    endpointId,
    { name: 'query', optional: true, check: record({}, { since: text(LIMITS.timestamp), limit: int(1, 100_000) }) },
  ],
  'models:info': [endpointId, { name: 'model', check: text(LIMITS.model) }],
  'downloads:start': [
    endpointId,
    { name: 'input', check: record({ model: text(LIMITS.model) }, { filename: nullable(text(LIMITS.model)) }) },
  ],
  'downloads:progress': [endpointId],
  'downloads:cancel': [endpointId, { name: 'taskId', check: uuid }],
  'discovery:list': [],
  'discovery:add': [{ name: 'baseUrl', check: text(LIMITS.url) }],
  'discovery:dismiss': [{ name: 'baseUrl', check: text(LIMITS.url) }],
  'models:list': [],
  'requests:list': [{ name: 'query', optional: true, check: record({}, { limit: int(1, 100_000), request_id: text(128) }) }],
  'logs:list': [
    {
      name: 'query',
      optional: true,
      check: record({}, { level: oneOf(LOG_LEVELS), component: oneOf(LOG_COMPONENTS), since: text(LIMITS.timestamp), limit: int(1, 1000) }),
    },
  ],
  'stats:get': [],
  'keys:list': [],
  'keys:create': [
    { name: 'input', check: record({ name: text(LIMITS.name), role: oneOf(['admin', 'viewer', 'inference']) }) },
  ],
  'keys:revoke': [{ name: 'id', check: uuid }],
  'settings:get': [],
  'settings:update': [
    {
      name: 'input',
      check: record(
        {},
        {
          require_api_key: bool,
          discovery_enabled: bool,
          discovery_auto_add: bool,
          start_at_login: bool,
          language: oneOf(LANGUAGE_PREFERENCES),
          cloud: record({}, { openai: cloudProvider, google: cloudProvider, anthropic: cloudProvider }),
        },
      ),
    },
  ],
  'aliases:list': [],
  'aliases:create': [{ name: 'input', check: createAlias }],
  'aliases:update': [aliasName, { name: 'input', check: record({ targets: aliasTargets }, { allow_shadow: bool }) }],
  'aliases:delete': [aliasName],
  'aliases:suggest': [],
  'aliases:accept': [{ name: 'input', check: (v, p) => (isPlainObject(v) && 'suggestion_id' in v ? acceptById(v, p) : createAlias(v, p)) }],
  'app:gateway-url': [],
  'app:open-external': [{ name: 'url', check: text(LIMITS.url) }],
  'app:open-log-folder': [],
};
