/** A Discovery over a real migrated database and registry, with a scripted prober (no sockets). */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EndpointType, LlmlbEvent } from '../../../src-main/admin/types.js';
import { EndpointsAdmin } from '../../../src-main/admin/endpoints-admin.js';
import type { Config } from '../../../src-main/config/config.js';
import { openDatabase } from '../../../src-main/db/open.js';
import { loadMigrations, migrate } from '../../../src-main/db/migrate.js';
import { Discovery } from '../../../src-main/discovery/discovery.js';
import { IgnoredStore } from '../../../src-main/discovery/ignored.js';
import type { ProbeHit } from '../../../src-main/discovery/types.js';
import { EndpointRepository } from '../../../src-main/registry/endpoints.js';
import { AesGcmSecretBox } from '../../../src-main/registry/secrets.js';
import { migrationsDir } from '../../../src-main/util/paths.js';
import { tempDir } from '../../helpers/app.js';
import { noopLogger } from '../../../src-main/logging/logger.js';

/** What a scripted port answers with. */
export interface Answer {
  readonly type: EndpointType;
  readonly version?: string;
  readonly models?: number;
}

/** The harness a test drives. */
export interface Harness {
  readonly discovery: Discovery;
  readonly repo: EndpointRepository;
  readonly endpoints: EndpointsAdmin;
  readonly ignored: IgnoredStore;
  readonly events: LlmlbEvent[];
  /** Ports probed, in order, across rounds. */
  readonly probed: number[];
  /** Mutable: what each port answers (absent = nothing listens). */
  readonly answers: Map<number, Answer>;
  cfg: Config['discovery'];
  gatewayPort: number | null;
  round(): Promise<void>;
  close(): void;
}

/** Builds a harness; `ports` default to every scripted port. */
export function harness(answers: Record<number, Answer>, cfg: Partial<Config['discovery']> = {}): Harness {
  const dir = tempDir('llmlb-discovery-');
  const db = openDatabase(join(dir, 'llmlb.db'));
  migrate(db, loadMigrations(migrationsDir()));
  const repo = new EndpointRepository(db, new AesGcmSecretBox(randomBytes(32)));
  const endpoints = new EndpointsAdmin(repo, () => ({ created() {}, connectionChanged() {}, deleted() {} }));
  const ignored = new IgnoredStore(db);
  const map = new Map(Object.entries(answers).map(([p, a]) => [Number(p), a] as const));
  const h: Harness = {
    discovery: undefined as unknown as Discovery,
    repo,
    endpoints,
    ignored,
    events: [],
    probed: [],
    answers: map,
    cfg: { enabled: true, autoAdd: true, ports: [...map.keys()], intervalSecs: 60, ...cfg },
    gatewayPort: null,
    round: () => h.discovery.round(new AbortController().signal),
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  (h as { discovery: Discovery }).discovery = new Discovery({
    config: () => h.cfg,
    gatewayPort: () => h.gatewayPort,
    registered: () => repo.all(),
    register: (input, type) => endpoints.create(input, { source: 'discovered', endpointType: type }),
    ignored,
    probe: async (port): Promise<ProbeHit | null> => {
      h.probed.push(port);
      const a = map.get(port);
      if (!a) return null;
      return { port, baseUrl: `http://127.0.0.1:${port}`, type: a.type, version: a.version ?? null, modelsFound: a.models ?? 0 };
    },
    publish: (e) => h.events.push(e),
    now: () => Date.parse('2025-06-01T12:00:00Z'),
    logger: noopLogger,
  });
  return h;
}
