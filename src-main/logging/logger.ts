/** The logger seam every subsystem receives: a small structural subset of pino's logger. */
import type { LogLevelName } from '../admin/types.js';

/** Structured fields of one line (camelCase keys, e.g. `endpointId`, `requestId`, `model`, `code`, `reason`). */
export type LogFields = Readonly<Record<string, unknown>>;

/** Writes one line at a level: fields first (optional), then the message. */
export interface LogFn {
  (fields: LogFields, msg: string): void;
  (msg: string): void;
}

/** A structured logger; `child` adds bindings (e.g. `{component: 'gateway'}`) to every line it writes. */
export interface Logger {
  readonly trace: LogFn;
  readonly debug: LogFn;
  readonly info: LogFn;
  readonly warn: LogFn;
  readonly error: LogFn;
  readonly fatal: LogFn;
  child(bindings: LogFields): Logger;
  /** Guards lines that cost something to build (e.g. per-request debug lines). */
  isLevelEnabled(level: LogLevelName): boolean;
}

const nothing = (): void => undefined;

/** A logger that writes nothing (tests and optional dependencies). */
export const noopLogger: Logger = {
  trace: nothing,
  debug: nothing,
  info: nothing,
  warn: nothing,
  error: nothing,
  fatal: nothing,
  child: () => noopLogger,
  isLevelEnabled: () => false,
};

/** The message of an unknown thrown value, without a stack. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Fields describing a thrown value: its stable `code` when it has one, and a short `reason`. */
export function errorFields(e: unknown): { code?: string; reason: string } {
  const code = (e as { code?: unknown } | null)?.code;
  const reason = errorText(e).slice(0, 300);
  return typeof code === 'string' ? { code, reason } : { reason };
}
