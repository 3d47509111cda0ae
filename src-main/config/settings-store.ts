/** Persists user settings in the `settings` table; cloud API keys are encrypted with the SecretBox. */
import type { Db } from '../db/open.js';
import type { SecretBox } from '../registry/secrets.js';
import { isLanguagePreference } from '../../src-shared/i18n/languages.js';
import type { StoredSettings } from './config.js';
import type { CloudProvider } from '../admin/types.js';

const PROVIDERS: readonly CloudProvider[] = ['openai', 'google', 'anthropic'];

/** Reads and writes stored settings. */
export class SettingsStore {
  readonly #get;
  readonly #set;
  readonly #del;

  constructor(
    db: Db,
    private readonly secrets: SecretBox,
  ) {
    this.#get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.#set = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.#del = db.prepare('DELETE FROM settings WHERE key = ?');
  }

  /** A raw JSON value, or undefined. */
  get<T>(key: string): T | undefined {
    const row = this.#get.get(key);
    if (!row) return undefined;
    try {
      return JSON.parse(row.value) as T;
    } catch {
      return undefined;
    }
  }

  /** Stores a JSON value (undefined or null deletes it). */
  put(key: string, value: unknown): void {
    if (value === undefined || value === null) this.#del.run(key);
    else this.#set.run(key, JSON.stringify(value));
  }

  /** Everything the config builder needs, cloud keys decrypted. */
  load(): StoredSettings {
    const cloud: NonNullable<StoredSettings['cloud']> = {};
    for (const p of PROVIDERS) {
      const enc = this.get<string>(`cloud.${p}.api_key`);
      let apiKey: string | null = null;
      if (enc) {
        try {
          apiKey = this.secrets.decrypt(enc);
        } catch {
          apiKey = null; // written by another host's box (e.g. safeStorage); treat as unset rather than crash
        }
      }
      cloud[p] = { api_key: apiKey, base_url: this.get<string>(`cloud.${p}.base_url`) ?? null };
    }
    const out: StoredSettings = {
      require_api_key: this.get<boolean>('require_api_key'),
      discovery_enabled: this.get<boolean>('discovery_enabled'),
      discovery_auto_add: this.get<boolean>('discovery_auto_add'),
      start_at_login: this.get<boolean>('start_at_login'),
      // A value this version does not know (written by a newer one) falls back to following the system.
      language: isLanguagePreference(this.get('language')) ? this.get('language') : undefined,
      cors_origins: this.get<string[]>('cors_origins'),
      cloud,
    };
    return out;
  }

  /** Stores a cloud key encrypted (null clears it). */
  putCloudKey(provider: CloudProvider, apiKey: string | null): void {
    this.put(`cloud.${provider}.api_key`, apiKey ? this.secrets.encrypt(apiKey) : null);
  }
}
