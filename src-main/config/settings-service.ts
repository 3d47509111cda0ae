/** Settings operations of the admin API: validate, store, rebuild the config, reconfigure. */
import { z } from 'zod';
import type { CloudProvider, SettingsDTO } from '../admin/types.js';
import type { SettingsOps } from '../admin/service.js';
import { parseInput } from '../registry/validation.js';
import { LANGUAGE_PREFERENCES } from '../../src-shared/i18n/languages.js';
import { AppError } from '../util/errors.js';
import type { Config } from './config.js';
import type { SettingsStore } from './settings-store.js';

const httpUrl = z
  .string()
  .max(2048)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

const cloudEntry = z.strictObject({
  api_key: z.string().min(1).max(4096).nullable().optional(),
  base_url: httpUrl.nullable().optional(),
});

const updateSchema = z.strictObject({
  require_api_key: z.boolean().optional(),
  discovery_enabled: z.boolean().optional(),
  discovery_auto_add: z.boolean().optional(),
  start_at_login: z.boolean().optional(),
  language: z.enum(LANGUAGE_PREFERENCES).optional(),
  cloud: z
    .strictObject({ openai: cloudEntry.optional(), google: cloudEntry.optional(), anthropic: cloudEntry.optional() })
    .optional(),
});

/** Settings service. `reconfigure` rebuilds the frozen config from stored settings and applies it. */
export class SettingsService implements SettingsOps {
  constructor(
    private readonly store: SettingsStore,
    private readonly config: () => Config,
    private readonly reconfigure: () => void,
    private readonly gatewayUrl: () => string,
  ) {}

  async get(): Promise<SettingsDTO> {
    const cfg = this.config();
    const cloud = {} as Record<CloudProvider, { key_set: boolean; base_url: string }>;
    for (const p of ['openai', 'google', 'anthropic'] as const) {
      cloud[p] = { key_set: cfg.cloud[p].apiKey !== null, base_url: cfg.cloud[p].baseUrl };
    }
    return {
      require_api_key: cfg.requireApiKey,
      discovery_enabled: cfg.discovery.enabled,
      discovery_auto_add: cfg.discovery.autoAdd,
      start_at_login: cfg.startAtLogin,
      language: cfg.language,
      gateway_url: this.gatewayUrl(),
      bind_host: cfg.host,
      port: Number(new URL(this.gatewayUrl()).port) || cfg.port,
      cloud,
    };
  }

  async update(input: unknown): Promise<SettingsDTO> {
    const body = parseInput(updateSchema, input);
    if (body.require_api_key === false && this.config().requireApiKey && !isLoopbackBind(this.config().host)) {
      throw new AppError('invalid_request', 'require_api_key cannot be turned off while bound to a non-loopback address');
    }
    for (const k of ['require_api_key', 'discovery_enabled', 'discovery_auto_add', 'start_at_login', 'language'] as const) {
      if (body[k] !== undefined) this.store.put(k, body[k]);
    }
    for (const p of ['openai', 'google', 'anthropic'] as const) {
      const entry = body.cloud?.[p];
      if (!entry) continue;
      if (entry.api_key !== undefined) this.store.putCloudKey(p, entry.api_key);
      if (entry.base_url !== undefined) this.store.put(`cloud.${p}.base_url`, entry.base_url);
    }
    this.reconfigure();
    return this.get();
  }
}

function isLoopbackBind(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
