/**
 * A gateway on port 0 over a real registry (temp SQLite) with only the `/v1` subsystem mounted, so
 * tests decide endpoint status themselves instead of waiting for the health checker.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EndpointType } from '../../src-main/admin/types.js';
import type { Lifecycle } from '../../src-main/app.js';
import type { AppServices, PassiveFailure, RequestRecord } from '../../src-main/app-services.js';
import { KeyStore } from '../../src-main/auth/keys.js';
import { buildConfig } from '../../src-main/config/config.js';
import { loadMigrations, migrate } from '../../src-main/db/migrate.js';
import { openDatabase } from '../../src-main/db/open.js';
import { GatewayServer } from '../../src-main/gateway/server.js';
import { mountOpenAiGateway, type OpenAiGateway, type OpenAiGatewayOptions } from '../../src-main/gateway/v1/mount.js';
import { EndpointRepository, type EndpointRecord } from '../../src-main/registry/endpoints.js';
import { AesGcmSecretBox } from '../../src-main/registry/secrets.js';
import { migrationsDir } from '../../src-main/util/paths.js';
import { systemClock } from '../../src-main/util/time.js';
import { noopLogger } from '../../src-main/logging/logger.js';
import { textLogger } from '../helpers/logger.js';

/** Options of one registered endpoint. */
export interface EndpointSpec {
  readonly models: readonly string[];
  readonly name?: string;
  readonly type?: EndpointType;
  readonly status?: EndpointRecord['status'];
  readonly latencyMs?: number | null;
  readonly timeoutSecs?: number;
  readonly apiKey?: string;
}

/** A running test gateway. */
export interface TestGateway {
  readonly url: string;
  /** The HTTP server, for tests that mount extra routes (e.g. an `/api` route using `proxyToModel`). */
  readonly server: GatewayServer;
  readonly repo: EndpointRepository;
  readonly gateway: OpenAiGateway;
  readonly services: AppServices;
  /** Everything the recorder got. */
  readonly records: RequestRecord[];
  /** Passive health reports, in order. */
  readonly health: { readonly id: string; readonly ok: boolean; readonly failure?: PassiveFailure }[];
  /** Registers an online endpoint serving `models` at `baseUrl`; returns its id. */
  add(baseUrl: string, spec: EndpointSpec): string;
  close(): Promise<void>;
}

/** Starts a gateway; `log` lines are collected in `logs` if given. */
export async function startGateway(opts: OpenAiGatewayOptions & { logs?: string[] } = {}): Promise<TestGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'llmlb-gw-'));
  const db = openDatabase(join(dir, 'llmlb.db'));
  migrate(db, loadMigrations(migrationsDir()));
  const repo = new EndpointRepository(db, AesGcmSecretBox.fromDataDir(dir));
  const config = buildConfig({ dataDir: dir, port: 0 }, {}, {});
  const logger = opts.logs ? textLogger(opts.logs) : noopLogger;
  const server = new GatewayServer({ getConfig: () => config, keys: new KeyStore(db, null), logger });
  const records: RequestRecord[] = [];
  const health: { id: string; ok: boolean; failure?: PassiveFailure }[] = [];
  const services: AppServices = {
    recorder: { record: (r) => records.push(r) },
    passiveHealth: {
      failure: (id, failure) => health.push({ id, ok: false, failure }),
      success: (id) => health.push({ id, ok: true }),
    },
  };
  const parts: Lifecycle[] = [];
  const gateway = mountOpenAiGateway(
    { server, repo, services, config: () => config, clock: systemClock, logger, addLifecycle: (p) => parts.push(p) },
    { connectTimeoutMs: 1000, ...opts },
  );
  const addr = await server.listen('127.0.0.1', 0);
  let n = 0;
  return {
    url: `http://127.0.0.1:${addr.port}`,
    server,
    repo,
    gateway,
    services,
    records,
    health,
    add(baseUrl, spec) {
      const id = randomUUID();
      repo.insert({
        id,
        name: spec.name ?? `ep-${++n}`,
        base_url: baseUrl,
        endpoint_type: spec.type ?? 'openai_compatible',
        endpoint_type_source: 'detected',
        status: spec.status ?? 'online',
        api_key_enc: repo.encryptKey(spec.apiKey ?? null),
        health_check_interval_secs: 30,
        // The registry's API allows 10–600 s; tests write the record directly to use shorter ones.
        inference_timeout_secs: spec.timeoutSecs ?? 30,
        max_concurrency: null,
        learned_concurrency: null,
        latency_ms: spec.latencyMs ?? null,
        last_seen: null,
        last_error: null,
        error_count: 0,
        registered_at: new Date().toISOString(),
        notes: null,
        source: 'manual',
        version: null,
        last_synced_at: null,
      });
      repo.replaceModels(
        id,
        spec.models.map((model_id) => ({
          model_id,
          capabilities: [],
          max_tokens: null,
          context_length: null,
          metadata_source: null,
          details: {},
          last_checked: null,
        })),
      );
      return id;
    },
    async close() {
      await server.close(500);
      for (const p of parts.reverse()) await p.stop?.();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs JSON to the gateway and returns status, headers and the parsed (or raw) body. */
export async function post(url: string, path: string, body: unknown): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}
