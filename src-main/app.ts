/** Composition root: builds every service of the core and returns { start, stop }. Never imports electron. */
import { accessSync, constants, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdminApi } from './admin/api.js';
import { AdminService } from './admin/service.js';
import { EndpointsAdmin, type EndpointHooks } from './admin/endpoints-admin.js';
import { KeyStore } from './auth/keys.js';
import { buildConfig, ConfigError, type Config } from './config/config.js';
import { SettingsService } from './config/settings-service.js';
import { SettingsStore } from './config/settings-store.js';
import { openDatabase, type Db } from './db/open.js';
import { loadMigrations, migrate } from './db/migrate.js';
import { EventBus } from './events/bus.js';
import { registerAdminRoutes } from './gateway/admin/routes.js';
import { GatewayServer } from './gateway/server.js';
import { EndpointRepository } from './registry/endpoints.js';
import { AesGcmSecretBox, type SecretBox } from './registry/secrets.js';
import { migrationsDir } from './util/paths.js';
import { systemClock, type Clock } from './util/time.js';
import { bridgeRegistryEvents } from './events/registry-events.js';
import { mountOptional } from './app-parts.js';
import type { AppServices } from './app-services.js';
import { createLogging, type LogConsole, type Logging } from './logging/create.js';
import type { LogLevelSetting } from './logging/levels.js';
import { errorFields, type Logger } from './logging/logger.js';
import { LogsService } from './logging/service.js';
import { LiveLogPublisher } from './logging/live.js';

/** How a host (CLI or Electron) builds the core. */
export interface AppOptions {
  readonly dataDir: string;
  readonly host?: string;
  readonly port?: number;
  readonly discovery?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  /** Desktop: a safeStorage-backed box. Headless: AES-256-GCM with a key file. */
  readonly secretBox?: SecretBox;
  /** `--log-level` (wins over `LLMLB_LOG_LEVEL`; default `info`). */
  readonly logLevel?: LogLevelSetting;
  /** Console log output, held back until `openConsoleLog()`; none by default (the file and `/v0/logs` always get lines). */
  readonly logConsole?: LogConsole | null;
  readonly clock?: Clock;
}

/** A running (or startable) llmlb core. */
export interface App {
  readonly admin: AdminApi;
  readonly dataDir: string;
  /** Path of the first-start admin key file, when this start created it. */
  readonly adminKeyFile: string | null;
  start(): Promise<{ url: string; host: string; port: number }>;
  stop(opts?: { drainMs?: number }): Promise<void>;
  inFlight(): number;
  config(): Config;
  /** The app's logger (hosts add their own component child). */
  readonly logger: Logger;
  /** The folder of the rotating log file. */
  readonly logFolder: string;
  /** Lets console log lines through (the headless host calls it after its first stdout line). */
  openConsoleLog(): void;
}

/** A background part of the app with a lifecycle. */
export interface Lifecycle {
  start?(): void | Promise<void>;
  stop?(): void | Promise<void>;
}

/** Everything subsystems may need when they are mounted. */
export interface AppContext {
  readonly db: Db;
  readonly repo: EndpointRepository;
  readonly events: EventBus;
  readonly admin: AdminService;
  readonly endpoints: EndpointsAdmin;
  readonly server: GatewayServer;
  readonly keys: KeyStore;
  readonly settings: SettingsStore;
  readonly secrets: SecretBox;
  readonly clock: Clock;
  /** The root logger; subsystems take `logger.child({ component })`. */
  readonly logger: Logger;
  readonly logging: Logging;
  readonly config: () => Config;
  /** Registers a callback for config changes (after `PUT /v0/settings`). */
  onReconfigure(fn: (cfg: Config) => void): void;
  /** Registers a background part started/stopped with the app. */
  addLifecycle(part: Lifecycle): void;
  /** Sets the endpoint hooks (detection/health/sync) used after registry writes. */
  setEndpointHooks(hooks: EndpointHooks): void;
  /** The gateway's base URL once listening. */
  gatewayUrl(): string;
  /** Services subsystems offer each other; read lazily at call time, since mount order varies. */
  readonly services: AppServices;
}

/** Makes sure the data dir exists and is writable; throws ConfigError with one line otherwise. */
export function prepareDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    accessSync(dir, constants.W_OK | constants.R_OK);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new ConfigError(`data dir ${dir} is not usable (${reason})`);
  }
}

const NO_HOOKS: EndpointHooks = { created() {}, connectionChanged() {}, deleted() {} };

/** Builds the core. Opens the database (migrating it) and creates the first admin key if needed. */
export async function createApp(opts: AppOptions): Promise<App> {
  const env = opts.env ?? process.env;
  const clock = opts.clock ?? systemClock;
  prepareDataDir(opts.dataDir);
  let db: Db;
  try {
    db = openDatabase(join(opts.dataDir, 'llmlb.db'));
  } catch (e) {
    throw new ConfigError(`cannot open database in ${opts.dataDir}: ${(e as Error).message}`);
  }
  let migrated: { versions: number[]; ms: number };
  try {
    const t0 = performance.now();
    migrated = { versions: migrate(db, loadMigrations(migrationsDir())), ms: Math.round(performance.now() - t0) };
  } catch (e) {
    db.close();
    throw new ConfigError(`database migration failed: ${(e as Error).message}`);
  }
  const secrets = opts.secretBox ?? AesGcmSecretBox.fromDataDir(opts.dataDir);
  const settings = new SettingsStore(db, secrets);
  const flags = {
    dataDir: opts.dataDir,
    ...(opts.host !== undefined ? { host: opts.host } : {}),
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.discovery !== undefined ? { discovery: opts.discovery } : {}),
    ...(opts.logLevel !== undefined ? { logLevel: opts.logLevel } : {}),
  };
  let config: Config;
  let logging: Logging;
  try {
    config = buildConfig(flags, settings.load(), env);
    const { level, dir, maxFileBytes, maxAgeDays, maxTotalBytes } = config.logs;
    logging = await createLogging({
      level,
      file: { dir, maxFileBytes, maxTotalBytes, maxAgeMs: maxAgeDays * 86_400_000 },
      console: opts.logConsole ?? null,
    });
  } catch (e) {
    db.close();
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`log folder in ${opts.dataDir} is not usable: ${(e as Error).message}`);
  }
  const logger = logging.logger;
  const appLog = logger.child({ component: 'app' });
  // A migration that moves data (0004 rewrites the request log) can make a start slow: say why.
  if (migrated.versions.length > 0) appLog.info({ migrations: migrated.versions, ms: migrated.ms }, 'database migrated');
  const reconfigureListeners: ((cfg: Config) => void)[] = [];

  const keys = new KeyStore(db, config.adminKeyFromEnv);
  let adminKeyFile: string | null = null;
  if (!config.adminKeyFromEnv && !keys.hasAdminKey()) {
    const created = keys.create('admin (first start)', 'admin');
    adminKeyFile = join(opts.dataDir, 'admin-key');
    writeFileSync(adminKeyFile, `${created.key}\n`, { mode: 0o600 });
  }

  const events = new EventBus();
  const repo = new EndpointRepository(db, secrets);
  bridgeRegistryEvents(repo, events);
  let hooks = NO_HOOKS;
  const endpoints = new EndpointsAdmin(repo, () => hooks, () => clock.now());
  const admin = new AdminService(endpoints, keys, events);
  const server = new GatewayServer({ getConfig: () => config, keys, logger: logger.child({ component: 'gateway' }) });
  const liveLogs = new LiveLogPublisher((e) => events.publish(e), () => events.size() > 0, clock);
  logging.onEntry((entry, level) => liveLogs.offer(entry, level));
  admin.provide('logs', new LogsService(logging));
  let boundUrl = `http://${config.host}:${config.port}`;
  const parts: Lifecycle[] = [];

  const ctx: AppContext = {
    db,
    repo,
    events,
    admin,
    endpoints,
    server,
    keys,
    settings,
    secrets,
    clock,
    logger,
    logging,
    config: () => config,
    onReconfigure: (fn) => reconfigureListeners.push(fn),
    addLifecycle: (p) => parts.push(p),
    setEndpointHooks: (h) => {
      hooks = h;
    },
    gatewayUrl: () => boundUrl,
    services: {},
  };

  const settingsService = new SettingsService(
    settings,
    () => config,
    () => {
      config = buildConfig(flags, settings.load(), env);
      for (const fn of reconfigureListeners) fn(config);
    },
    () => boundUrl,
  );
  admin.provide('settings', settingsService);
  registerAdminRoutes(server, admin, () => config.limits.maxBodyBytes);
  await mountOptional(ctx);

  const touchTimer = setInterval(() => keys.flushTouches(), 5_000);
  touchTimer.unref();
  let started = false;
  let stopped = false;

  return {
    admin,
    dataDir: opts.dataDir,
    adminKeyFile,
    config: () => config,
    logger,
    logFolder: config.logs.dir,
    openConsoleLog: () => logging.openConsole(),
    inFlight: () => server.inFlight(),
    async start() {
      if (started) throw new Error('already started');
      started = true;
      const addr = await server.listen(config.host, config.port);
      const host = addr.host.includes(':') ? `[${addr.host}]` : addr.host;
      boundUrl = `http://${host}:${addr.port}`;
      for (const p of parts) await p.start?.();
      appLog.info({ url: boundUrl, dataDir: opts.dataDir, logLevel: config.logs.level }, 'llmlb started');
      return { url: boundUrl, host: addr.host, port: addr.port };
    },
    async stop(stopOpts = {}) {
      if (stopped) return;
      stopped = true;
      clearInterval(touchTimer);
      if (started) await server.close(stopOpts.drainMs ?? 10_000);
      for (const p of [...parts].reverse()) {
        try {
          await p.stop?.();
        } catch (e) {
          appLog.error(errorFields(e), 'error while stopping');
        }
      }
      keys.flushTouches();
      db.close();
      liveLogs.stop();
      appLog.info('llmlb stopped');
      await logging.close();
    },
  };
}
