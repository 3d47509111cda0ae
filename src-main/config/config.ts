/** Configuration: defaults → stored settings → environment → flags, validated once and frozen. */
import { z } from 'zod';
import type { LanguagePreference } from '../../src-shared/i18n/languages.js';
import type { CloudProvider } from '../admin/types.js';
import { logFolderOf } from '../logging/folder.js';
import { DEFAULT_LOG_LEVEL, LOG_LEVEL_SETTINGS, parseLogLevelSetting, type LogLevelSetting } from '../logging/levels.js';

/** One cloud provider's settings. */
export interface CloudConfig {
  readonly baseUrl: string;
  readonly apiKey: string | null;
}

/** The resolved, frozen configuration of one running llmlb. */
export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly adminKeyFromEnv: string | null;
  readonly requireApiKey: boolean;
  readonly allowedHosts: readonly string[];
  readonly corsOrigins: readonly string[];
  /** UI language of the desktop app and its tray ('system' follows the OS). */
  readonly language: LanguagePreference;
  readonly discovery: {
    readonly enabled: boolean;
    readonly autoAdd: boolean;
    readonly ports: readonly number[];
    readonly intervalSecs: number;
  };
  readonly cloud: Readonly<Record<CloudProvider, CloudConfig>>;
  readonly limits: {
    readonly maxBodyBytes: number;
    readonly maxHeaderBytes: number;
    readonly headersTimeoutMs: number;
  };
  readonly queue: {
    readonly maxLength: number;
    readonly maxWaitMs: number;
  };
  readonly startAtLogin: boolean;
  /** Structured logs: level, and the rotating file's folder and bounds. */
  readonly logs: LogsConfig;
}

/** Logging settings (flag → `LLMLB_LOG_*` env → defaults). */
export interface LogsConfig {
  readonly level: LogLevelSetting;
  /** `<dataDir>/logs`. */
  readonly dir: string;
  /** The file rotates at this size (and daily). */
  readonly maxFileBytes: number;
  /** Rotated files older than this are deleted. */
  readonly maxAgeDays: number;
  /** All log files together stay under this. */
  readonly maxTotalBytes: number;
}

const MB = 1024 * 1024;

/** Settings a user can store (the `settings` table); each may be absent. */
export interface StoredSettings {
  readonly require_api_key?: boolean;
  readonly discovery_enabled?: boolean;
  readonly discovery_auto_add?: boolean;
  readonly start_at_login?: boolean;
  readonly language?: LanguagePreference;
  readonly cors_origins?: string[];
  readonly cloud?: Partial<Record<CloudProvider, { api_key?: string | null; base_url?: string | null }>>;
}

/** Flags given on the command line (or by the desktop host). */
export interface ConfigFlags {
  readonly host?: string;
  readonly port?: number;
  readonly dataDir: string;
  readonly discovery?: boolean;
  /** `--log-level`; wins over `LLMLB_LOG_LEVEL`. */
  readonly logLevel?: LogLevelSetting;
}

/** Default cloud base URLs (OpenAI-compatible for openai/google, Messages API for anthropic). */
export const DEFAULT_CLOUD_BASE: Readonly<Record<CloudProvider, string>> = {
  openai: 'https://api.openai.com/v1',
  google: 'https://generativelanguage.googleapis.com/v1beta/openai',
  anthropic: 'https://api.anthropic.com/v1',
};

/** Default ports probed by discovery (SPEC §7). */
export const DEFAULT_DISCOVERY_PORTS: readonly number[] = [11434, 1234, 8080, 8000];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** True when `host` is a loopback bind address. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || host.startsWith('127.');
}

const portList = z
  .string()
  .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean).map(Number))
  .pipe(z.array(z.number().int().min(1).max(65535)));

/** Thrown for an invalid configuration; the message is one line for the user. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function envBool(v: string | undefined): boolean | undefined {
  if (v === undefined || v === '') return undefined;
  return ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());
}

function parseEnv<T>(name: string, value: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (value === undefined || value === '') return undefined;
  const r = schema.safeParse(value);
  if (!r.success) throw new ConfigError(`${name}: invalid value ${JSON.stringify(value)}`);
  return r.data;
}

/** Extracts the port of an `OLLAMA_HOST` value (`host`, `host:port`, `http://host:port`). */
export function ollamaHostPort(value: string | undefined): number | null {
  if (!value) return null;
  try {
    const u = new URL(value.includes('://') ? value : `http://${value}`);
    const host = u.hostname;
    if (!isLoopbackHost(host) && host !== '0.0.0.0') return null;
    return u.port ? Number(u.port) : 11434;
  } catch {
    return null;
  }
}

/** Builds the frozen configuration. Throws ConfigError with a one-line message when something is invalid. */
export function buildConfig(flags: ConfigFlags, stored: StoredSettings, env: NodeJS.ProcessEnv): Config {
  const host = flags.host ?? '127.0.0.1';
  const port = flags.port ?? 32768;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`invalid port: ${port}`);

  const cloud = {} as Record<CloudProvider, CloudConfig>;
  for (const p of ['openai', 'google', 'anthropic'] as const) {
    const s = stored.cloud?.[p];
    const envKey = env[`${p.toUpperCase()}_API_KEY`];
    const envBase = env[`LLMLB_${p.toUpperCase()}_BASE_URL`];
    cloud[p] = {
      baseUrl: (envBase || s?.base_url || DEFAULT_CLOUD_BASE[p]).replace(/\/+$/, ''),
      apiKey: s?.api_key || envKey || null,
    };
  }

  const envPorts = parseEnv('LLMLB_DISCOVERY_PORTS', env.LLMLB_DISCOVERY_PORTS, portList);
  const xllmPorts = parseEnv('LLMLB_XLLM_PORTS', env.LLMLB_XLLM_PORTS, portList) ?? [];
  const ollamaPort = ollamaHostPort(env.OLLAMA_HOST);
  const ports = envPorts ?? [...new Set([...DEFAULT_DISCOVERY_PORTS, ...(ollamaPort ? [ollamaPort] : []), ...xllmPorts])];
  const intervalSecs =
    parseEnv('LLMLB_DISCOVERY_INTERVAL_SECS', env.LLMLB_DISCOVERY_INTERVAL_SECS, z.coerce.number().min(0.05).max(86_400)) ?? 60;

  const loopback = isLoopbackHost(host);
  const requireApiKey = !loopback || (envBool(env.LLMLB_REQUIRE_API_KEY) ?? stored.require_api_key ?? false);
  const corsOrigins = (env.LLMLB_CORS_ORIGINS?.split(',').map((s) => s.trim()).filter(Boolean) ?? stored.cors_origins ?? []).map(
    (o) => o.replace(/\/+$/, '').toLowerCase(),
  );
  const allowedHosts = env.LLMLB_ALLOWED_HOSTS?.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean) ?? [];

  const config: Config = {
    host,
    port,
    dataDir: flags.dataDir,
    adminKeyFromEnv: env.LLMLB_ADMIN_KEY?.trim() || null,
    requireApiKey,
    allowedHosts,
    corsOrigins,
    language: stored.language ?? 'system',
    discovery: {
      enabled: (flags.discovery ?? true) && (envBool(env.LLMLB_DISCOVERY) ?? stored.discovery_enabled ?? true),
      autoAdd: stored.discovery_auto_add ?? true,
      ports,
      intervalSecs,
    },
    cloud,
    limits: { maxBodyBytes: 20 * 1024 * 1024, maxHeaderBytes: 16 * 1024, headersTimeoutMs: 10_000 },
    queue: {
      maxLength: parseEnv('LLMLB_QUEUE_MAX', env.LLMLB_QUEUE_MAX, z.coerce.number().int().min(0).max(100_000)) ?? 100,
      maxWaitMs: (parseEnv('LLMLB_QUEUE_WAIT_SECS', env.LLMLB_QUEUE_WAIT_SECS, z.coerce.number().min(0).max(3600)) ?? 60) * 1000,
    },
    startAtLogin: stored.start_at_login ?? false,
    logs: buildLogsConfig(flags, env),
  };
  return deepFreeze(config);
}

/** Log level and file bounds; sizes in MB (decimals allowed), age in days. */
function buildLogsConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv): LogsConfig {
  let level = flags.logLevel;
  if (level === undefined && env.LLMLB_LOG_LEVEL) {
    const parsed = parseLogLevelSetting(env.LLMLB_LOG_LEVEL);
    if (!parsed) throw new ConfigError(`LLMLB_LOG_LEVEL: invalid value ${JSON.stringify(env.LLMLB_LOG_LEVEL)} (one of ${LOG_LEVEL_SETTINGS.join(', ')})`);
    level = parsed;
  }
  const fileMb = parseEnv('LLMLB_LOG_FILE_MAX_MB', env.LLMLB_LOG_FILE_MAX_MB, z.coerce.number().min(0.01).max(1024)) ?? 10;
  const totalMb = parseEnv('LLMLB_LOG_TOTAL_MAX_MB', env.LLMLB_LOG_TOTAL_MAX_MB, z.coerce.number().min(0.02).max(100 * 1024)) ?? Math.max(70, fileMb * 2);
  if (totalMb < fileMb * 2) throw new ConfigError(`LLMLB_LOG_TOTAL_MAX_MB (${totalMb}) must be at least twice LLMLB_LOG_FILE_MAX_MB (${fileMb})`);
  const maxAgeDays = parseEnv('LLMLB_LOG_MAX_AGE_DAYS', env.LLMLB_LOG_MAX_AGE_DAYS, z.coerce.number().min(0.01).max(365)) ?? 7;
  return {
    level: level ?? DEFAULT_LOG_LEVEL,
    dir: logFolderOf(flags.dataDir),
    maxFileBytes: Math.round(fileMb * MB),
    maxAgeDays,
    maxTotalBytes: Math.round(totalMb * MB),
  };
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
