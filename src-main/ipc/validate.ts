/** Small argument checkers for IPC: every value from the renderer is untrusted and checked before the core sees it. */

/** Returns null when `value` is acceptable, else a short reason naming `path`. */
export type Check = (value: unknown, path: string) => string | null;

/** One positional argument of a channel. */
export interface ArgSpec {
  readonly name: string;
  readonly check: Check;
  /** Optional arguments may be omitted or `undefined`. */
  readonly optional?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid string (endpoint, key and download task ids). */
export const uuid: Check = (v, path) => (typeof v === 'string' && UUID.test(v) ? null : `${path} must be a uuid`);

/** A string of at most `max` characters (at least `min`, default 1). */
export function text(max: number, min = 1): Check {
  return (v, path) =>
    typeof v === 'string' && v.length >= min && v.length <= max
      ? null
      : `${path} must be a string of ${min}–${max} characters`;
}

/** A finite number. */
export const num: Check = (v, path) => (typeof v === 'number' && Number.isFinite(v) ? null : `${path} must be a number`);

/** An integer in `[min, max]`. */
export function int(min: number, max: number): Check {
  return (v, path) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? null
      : `${path} must be an integer between ${min} and ${max}`;
}

/** A boolean. */
export const bool: Check = (v, path) => (typeof v === 'boolean' ? null : `${path} must be a boolean`);

/** One of `values`. */
export function oneOf(values: readonly string[]): Check {
  return (v, path) =>
    typeof v === 'string' && values.includes(v) ? null : `${path} must be one of ${values.join(', ')}`;
}

/** `check`, or null. */
export function nullable(check: Check): Check {
  return (v, path) => (v === null ? null : check(v, path));
}

/** True for `{}`-style objects (what structured clone gives main), not arrays, class instances or null. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A plain object with only the listed keys; `required` keys must be present, `optional` ones may be absent. */
export function record(required: Readonly<Record<string, Check>>, optional: Readonly<Record<string, Check>> = {}): Check {
  return (v, path) => {
    if (!isPlainObject(v)) return `${path} must be an object`;
    for (const key of Object.keys(v)) {
      if (!Object.hasOwn(required, key) && !Object.hasOwn(optional, key)) return `${path}.${key} is not allowed`;
    }
    for (const [key, check] of Object.entries(required)) {
      if (!Object.hasOwn(v, key) || v[key] === undefined) return `${path}.${key} is required`;
      const err = check(v[key], `${path}.${key}`);
      if (err) return err;
    }
    for (const [key, check] of Object.entries(optional)) {
      if (!Object.hasOwn(v, key) || v[key] === undefined) continue;
      const err = check(v[key], `${path}.${key}`);
      if (err) return err;
    }
    return null;
  };
}

/** Checks a whole argument list: count (missing and extra), then each argument. Null when valid. */
export function checkArgs(specs: readonly ArgSpec[], args: readonly unknown[]): string | null {
  const required = specs.filter((s) => !s.optional).length;
  if (args.length < required || args.length > specs.length) {
    return required === specs.length
      ? `expected ${specs.length} argument(s), got ${args.length}`
      : `expected ${required}–${specs.length} arguments, got ${args.length}`;
  }
  for (const [i, spec] of specs.entries()) {
    const value = args[i];
    if (value === undefined) {
      if (spec.optional) continue;
      return `${spec.name} is required`;
    }
    const err = spec.check(value, spec.name);
    if (err) return err;
  }
  return null;
}
