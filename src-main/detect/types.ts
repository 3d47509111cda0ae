/** Types and JSON helpers shared by the detection probes (one module per endpoint type) and the decision. */
import type { EndpointType } from '../admin/types.js';
import type { ProbeError, ProbeResult } from '../util/probe.js';

/** What `detectEndpointType` reports. */
export interface DetectionResult {
  readonly type: EndpointType;
  readonly version: string | null;
  /** At least one probe got an HTTP response (any status). */
  readonly reachable: boolean;
  /** Why detection is doubtful or failed (unreachable, key rejected, loading…), else null. */
  readonly error: string | null;
  /** Human-readable evidence, e.g. `header server: llama.cpp`. */
  readonly signals: readonly string[];
}

/** Endpoint types a probe can positively identify. */
export type DetectableType = Exclude<EndpointType, 'unknown'>;

/** One GET a type needs; the key goes only where that type's server checks it. */
export interface ProbeSpec {
  readonly path: string;
  readonly sendKey: boolean;
}

/** What one probe got: an HTTP response of any status, or a network-level failure. */
export type Outcome =
  | { readonly kind: 'response'; readonly keySent: boolean; readonly result: ProbeResult }
  | { readonly kind: 'error'; readonly keySent: boolean; readonly error: ProbeError };

/** Outcomes by path. */
export type Outcomes = ReadonlyMap<string, Outcome>;

/** What the probes say about one type. */
export interface Evidence {
  readonly matched: boolean;
  readonly version: string | null;
  readonly signals: readonly string[];
}

/** A type's probe module: which GETs it needs and how to read their outcomes (pure). */
export interface TypeProbe {
  readonly type: DetectableType;
  readonly probes: readonly ProbeSpec[];
  read(outcomes: Outcomes): Evidence;
}

/** Evidence of nothing. */
export const NO_EVIDENCE: Evidence = { matched: false, version: null, signals: [] };

/** A plain JSON object, or null. */
export function asObject(x: unknown): Record<string, unknown> | null {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : null;
}

/**
 * The JSON object of a 2xx answer, or null. A 2xx body that carries an `error` field counts as
 * "not supported": LM Studio answers unknown routes with 200 + error.
 */
export function okJson(outcomes: Outcomes, path: string): Record<string, unknown> | null {
  const o = outcomes.get(path);
  if (!o || o.kind !== 'response' || !o.result.ok) return null;
  const obj = asObject(o.result.json);
  if (!obj || 'error' in obj) return null;
  return obj;
}

/** A non-empty string field, or null. */
export function str(x: unknown): string | null {
  return typeof x === 'string' && x !== '' ? x : null;
}

/** Items of `{data:[…]}` (OpenAI model list), or null when the shape is not there. */
export function dataItems(obj: Record<string, unknown> | null): Record<string, unknown>[] | null {
  const data = obj?.data;
  if (!Array.isArray(data)) return null;
  return data.map(asObject).filter((x): x is Record<string, unknown> => x !== null);
}

/** Values of a response header across every outcome (lower-case name). */
export function headerValues(outcomes: Outcomes, name: string): string[] {
  const out: string[] = [];
  for (const o of outcomes.values()) {
    if (o.kind === 'response' && o.result.headers[name] !== undefined) out.push(o.result.headers[name]!);
  }
  return out;
}
