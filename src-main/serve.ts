/** Headless host: build the core, listen, print the address, stop cleanly on SIGINT/SIGTERM. */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp } from './app.js';
import { ConfigError } from './config/config.js';
import { chooseConsoleFormat } from './logging/format.js';
import type { LogLevelSetting } from './logging/levels.js';

/** Flags of `llmlb serve`. */
export interface ServeFlags {
  readonly host: string;
  readonly port: number;
  readonly dataDir?: string;
  readonly discovery: boolean;
  /** `--log-level`; unset: `$LLMLB_LOG_LEVEL`, else `info`. */
  readonly logLevel?: LogLevelSetting;
}

/** Data dir: the flag, else `$LLMLB_DATA_DIR`, else `~/.llmlb`. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return resolve(flag ?? (env.LLMLB_DATA_DIR || join(homedir(), '.llmlb')));
}

/** Fails with one line on stderr and exit code 2. */
export function fail(message: string): never {
  process.stderr.write(`llmlb: ${message}\n`);
  process.exit(2);
}

/** Runs `llmlb serve` until a signal arrives. */
export async function runServe(flags: ServeFlags): Promise<void> {
  const dataDir = resolveDataDir(flags.dataDir, process.env);
  // Log lines go to stderr (pretty on a terminal, JSON otherwise), held back until the stdout lines are out.
  const logConsole = { stream: process.stderr, format: chooseConsoleFormat(process.stderr.isTTY, process.env.LLMLB_LOG_FORMAT) };
  let app;
  try {
    app = await createApp({
      dataDir,
      host: flags.host,
      port: flags.port,
      discovery: flags.discovery,
      logConsole,
      ...(flags.logLevel ? { logLevel: flags.logLevel } : {}),
    });
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
  let url: string;
  try {
    ({ url } = await app.start());
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    await app.stop({ drainMs: 0 }).catch(() => undefined);
    if (code === 'EADDRINUSE') fail(`port ${flags.port} on ${flags.host} is already in use`);
    if (code === 'EACCES') fail(`not allowed to listen on ${flags.host}:${flags.port}`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') fail(`cannot bind to ${flags.host} (address not available)`);
    fail(`cannot listen on ${flags.host}:${flags.port}: ${(e as Error).message}`);
  }
  const lines = [`llmlb listening on ${url}`, `dashboard: ${url}/`, `data dir: ${dataDir}`];
  if (app.adminKeyFile) lines.push(`admin key written to ${app.adminKeyFile} (mode 0600; use it as Authorization: Bearer <key>)`);
  process.stdout.write(`${lines.join('\n')}\n`);
  app.openConsoleLog();
  const log = app.logger.child({ component: 'app' });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, inFlight: app.inFlight() }, `${signal} received: draining in-flight requests (up to 10 s)`);
    app
      .stop({ drainMs: 10_000 })
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        process.stderr.write(`llmlb: shutdown error: ${(e as Error).message}\n`);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
