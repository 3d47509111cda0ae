/** An alias service over a real temp SQLite database and endpoint registry; routing pushes are captured. */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EndpointType } from '../../../src-main/admin/types.js';
import { AliasService } from '../../../src-main/aliases/service.js';
import { AliasStore } from '../../../src-main/aliases/store.js';
import { loadMigrations, migrate } from '../../../src-main/db/migrate.js';
import { openDatabase, type Db } from '../../../src-main/db/open.js';
import type { AliasDefinition } from '../../../src-main/gateway/routing.js';
import { EndpointRepository, type EndpointRecord } from '../../../src-main/registry/endpoints.js';
import { AesGcmSecretBox } from '../../../src-main/registry/secrets.js';
import { migrationsDir } from '../../../src-main/util/paths.js';

/** The parts a test drives. */
export interface AliasRig {
  readonly db: Db;
  readonly repo: EndpointRepository;
  readonly service: AliasService;
  /** Every definition list pushed to routing, oldest first. */
  readonly pushes: AliasDefinition[][];
  /** Registers an endpoint listing `models` (with optional details per model); returns its id. */
  endpoint(name: string, type: EndpointType, models: (string | { id: string; details?: Record<string, unknown>; max_tokens?: number })[]): string;
  close(): void;
}

/** Builds a rig. */
export function aliasRig(): AliasRig {
  const dir = mkdtempSync(join(tmpdir(), 'llmlb-alias-'));
  const db = openDatabase(join(dir, 'db.sqlite'));
  migrate(db, loadMigrations(migrationsDir()));
  const repo = new EndpointRepository(db, new AesGcmSecretBox(randomBytes(32)));
  const pushes: AliasDefinition[][] = [];
  const service = new AliasService(new AliasStore(db), repo, (d) => pushes.push(d), () => Date.parse('2026-03-01T00:00:00Z'));
  return {
    db,
    repo,
    service,
    pushes,
    endpoint(name, type, models) {
      const rec: EndpointRecord = {
        id: randomUUID(), name, base_url: `http://127.0.0.1:1/${name}`, endpoint_type: type, endpoint_type_source: 'detected',
        status: 'online', api_key_enc: null, health_check_interval_secs: 30, inference_timeout_secs: 120, max_concurrency: null,
        learned_concurrency: null, latency_ms: null, last_seen: null, last_error: null, error_count: 0,
        registered_at: new Date().toISOString(), notes: null, source: 'manual', version: null, last_synced_at: null,
      };
      repo.insert(rec);
      repo.replaceModels(
        rec.id,
        models.map((m) => {
          const o = typeof m === 'string' ? { id: m } : m;
          return { model_id: o.id, capabilities: ['chat'], max_tokens: o.max_tokens ?? null, context_length: null, metadata_source: null, details: o.details ?? {}, last_checked: null };
        }),
      );
      return rec.id;
    },
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
