/** A real registry on a temp SQLite file, and a lifecycle built on it with fake transports (no sockets). */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src-main/db/open.js';
import { loadMigrations, migrate } from '../../../src-main/db/migrate.js';
import { EventBus } from '../../../src-main/events/bus.js';
import type { DetectionResult } from '../../../src-main/detect/types.js';
import type { ProbeOutcome } from '../../../src-main/health/classify.js';
import { HealthHistory } from '../../../src-main/health/history.js';
import type { HealthProbe } from '../../../src-main/health/probe.js';
import { EndpointRepository, type EndpointRecord } from '../../../src-main/registry/endpoints.js';
import { EndpointLifecycle } from '../../../src-main/registry/lifecycle.js';
import type { LifecycleDeps, StoredModel } from '../../../src-main/registry/lifecycle-deps.js';
import { AesGcmSecretBox } from '../../../src-main/registry/secrets.js';
import { migrationsDir } from '../../../src-main/util/paths.js';
import { ManualClock } from './manual-clock.js';
import { noopLogger } from '../../../src-main/logging/logger.js';

/** A registry + lifecycle whose probe answers whatever `outcome` holds at call time. */
export interface Rig {
  readonly db: Db;
  readonly repo: EndpointRepository;
  readonly history: HealthHistory;
  readonly events: EventBus;
  readonly clock: ManualClock;
  readonly lifecycle: EndpointLifecycle;
  /** The outcome the next probes get. */
  outcome: ProbeOutcome;
  /** Probes made so far. */
  probes: number;
  /** When set, probes take their outcome on arrival but answer only once this settles (a slow upstream). */
  gate: Promise<void> | null;
  add(patch?: Partial<EndpointRecord>): EndpointRecord;
  close(): void;
}

/** Builds a rig; `overrides` swaps any lifecycle dependency. */
export function rig(overrides: Partial<LifecycleDeps> = {}): Rig {
  const dir = mkdtempSync(join(tmpdir(), 'llmlb-health-'));
  const db = openDatabase(join(dir, 'db.sqlite'));
  migrate(db, loadMigrations(migrationsDir()));
  const repo = new EndpointRepository(db, new AesGcmSecretBox(randomBytes(32)));
  const history = new HealthHistory(db);
  const events = new EventBus();
  const clock = new ManualClock();
  const models: StoredModel[] = [];
  const r: Rig = {
    db,
    repo,
    history,
    events,
    clock,
    outcome: { kind: 'http', status: 200, json: { object: 'list', data: [] }, text: '{}', latencyMs: 5, expectJson: true },
    probes: 0,
    gate: null,
    lifecycle: undefined as unknown as EndpointLifecycle,
    add(patch = {}) {
      const rec: EndpointRecord = {
        id: randomUUID(),
        name: `ep-${randomUUID().slice(0, 8)}`,
        base_url: `http://127.0.0.1:${10000 + Math.floor(Math.random() * 50000)}`,
        endpoint_type: 'openai_compatible',
        endpoint_type_source: 'detected',
        status: 'online',
        api_key_enc: null,
        health_check_interval_secs: 30,
        inference_timeout_secs: 120,
        max_concurrency: null,
        learned_concurrency: null,
        latency_ms: null,
        last_seen: null,
        last_error: null,
        error_count: 0,
        registered_at: new Date(clock.now()).toISOString(),
        notes: null,
        source: 'manual',
        version: null,
        last_synced_at: new Date(clock.now()).toISOString(),
        ...patch,
      };
      return repo.insert(rec);
    },
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const unknown: DetectionResult = { type: 'unknown', version: null, reachable: false, error: 'unreachable', signals: [] };
  const deps: LifecycleDeps = {
    repo,
    history,
    events,
    clock,
    logger: noopLogger,
    detect: async () => unknown,
    probe: async (): Promise<HealthProbe> => {
      r.probes++;
      const outcome = r.outcome;
      await new Promise((res) => setImmediate(res)); // a real probe is never synchronous
      if (r.gate) await r.gate;
      return { outcome, response: null };
    },
    models: {
      list: async () => models,
      info: async () => null,
      diff: () => ({ added: [], removed: [], updated: [] }),
    },
    slots: async () => null,
    ...overrides,
  };
  (r as { lifecycle: EndpointLifecycle }).lifecycle = new EndpointLifecycle(deps);
  return r;
}
