/** Log level and component names, and their parsing (shared by the CLI, config, `/v0/logs` and IPC). */
import type { LogComponentName, LogLevelName } from '../admin/types.js';

/** Level names, least severe first. */
export const LOG_LEVELS: readonly LogLevelName[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** A configured level: a level name, or `silent` for no log lines at all. */
export type LogLevelSetting = LogLevelName | 'silent';

/** Every value `--log-level` / `LLMLB_LOG_LEVEL` accepts. */
export const LOG_LEVEL_SETTINGS: readonly LogLevelSetting[] = [...LOG_LEVELS, 'silent'];

/** pino's numeric value of each level. */
export const LEVEL_VALUE: Readonly<Record<LogLevelName, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/** Components that write log lines. */
export const LOG_COMPONENTS: readonly LogComponentName[] = ['app', 'gateway', 'health', 'detect', 'sync', 'downloads', 'discovery', 'ipc'];

/** The default level. */
export const DEFAULT_LOG_LEVEL: LogLevelSetting = 'info';

/** True for a level name (`trace` … `fatal`). */
export function isLogLevel(v: unknown): v is LogLevelName {
  return typeof v === 'string' && (LOG_LEVELS as readonly string[]).includes(v);
}

/** True for a component name. */
export function isLogComponent(v: unknown): v is LogComponentName {
  return typeof v === 'string' && (LOG_COMPONENTS as readonly string[]).includes(v);
}

/** Parses a level setting (case-insensitive, trimmed); null when it is not one. */
export function parseLogLevelSetting(v: string | undefined | null): LogLevelSetting | null {
  const s = v?.trim().toLowerCase();
  return s && (LOG_LEVEL_SETTINGS as readonly string[]).includes(s) ? (s as LogLevelSetting) : null;
}

/** The level name of a pino numeric level (rounded down to a known one). */
export function levelName(value: number): LogLevelName {
  let name: LogLevelName = 'trace';
  for (const l of LOG_LEVELS) if (value >= LEVEL_VALUE[l]) name = l;
  return name;
}
