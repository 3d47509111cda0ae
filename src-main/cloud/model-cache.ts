/** Cloud model listing with a per-provider cache; failures are tolerated (empty for that provider). */
import { request, type Dispatcher } from 'undici';
import type { CloudProvider } from '../admin/types.js';
import type { CloudConfig } from '../config/config.js';
import { ANTHROPIC_VERSION } from './anthropic.js';
import { parseModelList } from './models.js';
import type { OpenAiModel } from '../gateway/proxy/types.js';
import { CLOUD_PROVIDERS } from './types.js';
import { readCapped } from './upstream.js';

/** How long a successful listing is reused. */
export const MODELS_TTL_MS = 10 * 60_000;
/** How long a failed listing is remembered before trying again. */
export const MODELS_FAILURE_TTL_MS = 60_000;
const LIST_TIMEOUT_MS = 5_000;

interface Entry {
  readonly key: string;
  readonly until: number;
  readonly models: Promise<OpenAiModel[]>;
}

/** Lists cloud models of every provider with a key, cached per provider, key and base URL. */
export class CloudModelCache {
  readonly #entries = new Map<CloudProvider, Entry>();

  constructor(
    private readonly cloud: () => Readonly<Record<CloudProvider, CloudConfig>>,
    private readonly dispatcher: Dispatcher,
    private readonly now: () => number,
  ) {}

  /** Prefixed models of every configured provider; never throws. */
  async list(): Promise<OpenAiModel[]> {
    const lists = await Promise.all(CLOUD_PROVIDERS.map((p) => this.#provider(p)));
    return lists.flat();
  }

  /** Forgets every cached listing. */
  clear(): void {
    this.#entries.clear();
  }

  #provider(p: CloudProvider): Promise<OpenAiModel[]> {
    const cfg = this.cloud()[p];
    if (!cfg.apiKey) return Promise.resolve([]);
    const key = `${cfg.baseUrl}\n${cfg.apiKey}`;
    const now = this.now();
    const hit = this.#entries.get(p);
    if (hit && hit.key === key && hit.until > now) return hit.models;
    // Concurrent callers share one fetch; the entry's lifetime is set when it settles.
    const models = this.#fetch(p, cfg).then(
      (list) => {
        this.#settle(p, models, { key, until: this.now() + MODELS_TTL_MS, models });
        return list;
      },
      () => {
        this.#settle(p, models, { key, until: this.now() + MODELS_FAILURE_TTL_MS, models: Promise.resolve([]) });
        return [];
      },
    );
    this.#entries.set(p, { key, until: Number.POSITIVE_INFINITY, models });
    return models;
  }

  /** Replaces the pending entry, unless a newer one (new key, clear()) took its place. */
  #settle(p: CloudProvider, pending: Promise<OpenAiModel[]>, entry: Entry): void {
    if (this.#entries.get(p)?.models === pending) this.#entries.set(p, entry);
  }

  async #fetch(p: CloudProvider, cfg: CloudConfig): Promise<OpenAiModel[]> {
    const auth: Record<string, string> =
      p === 'anthropic' ? { 'x-api-key': cfg.apiKey ?? '', 'anthropic-version': ANTHROPIC_VERSION } : { authorization: `Bearer ${cfg.apiKey}` };
    const res = await request(`${cfg.baseUrl}/models${p === 'anthropic' ? '?limit=1000' : ''}`, {
      headers: { accept: 'application/json', ...auth },
      dispatcher: this.dispatcher,
      signal: AbortSignal.timeout(LIST_TIMEOUT_MS),
    });
    const body = await readCapped(res.body, 8 * 1024 * 1024);
    if (res.statusCode !== 200) throw new Error(`${p} models: HTTP ${res.statusCode}`);
    return parseModelList(p, JSON.parse(body.toString('utf8')), Math.floor(this.now() / 1000));
  }
}
