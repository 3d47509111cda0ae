/** Small shared pieces of the Ollama surface: version, name resolution, durations, the final-line statistics. */
import { AppError } from '../../util/errors.js';
import type { RoutingSnapshot } from '../routing.js';

/**
 * The version `/api/version` reports. Clients gate features on it (tools ≥ 0.3, `/api/embed` ≥ 0.3,
 * structured outputs ≥ 0.5, `think` ≥ 0.9), so it is a recent release whose API llmlb implements.
 */
export const OLLAMA_VERSION = '0.12.6';

/** The four inference routes of the Ollama API. */
export type OllamaKind = 'chat' | 'generate' | 'embed' | 'embeddings';

/** A JSON object, loosely typed. */
export type Json = Record<string, unknown>;

/** The value as a plain object, or null. */
export function asObject(v: unknown): Json | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null;
}

/** A finite number, or null. */
export function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Ollama's "unknown model" error (404), worded like Ollama so clients that match on it still work. */
export function modelNotFound(name: string): AppError {
  return new AppError('model_not_found', `model "${name}" not found, try pulling it first`);
}

/**
 * The name the routing snapshot knows for what an Ollama client asked: the exact name, else with
 * `:latest` added (`llama3.2` → `llama3.2:latest`), else without it (`gpt-4o:latest` → `gpt-4o`),
 * as Ollama itself treats a missing tag as `latest`. Unknown names come back unchanged.
 */
export function resolveModelName(snapshot: RoutingSnapshot, name: string): string {
  if (snapshot.lookup(name)) return name;
  if (!name.includes(':') && snapshot.lookup(`${name}:latest`)) return `${name}:latest`;
  if (name.endsWith(':latest') && snapshot.lookup(name.slice(0, -':latest'.length))) return name.slice(0, -':latest'.length);
  return name;
}

/** Milliseconds → Ollama's integer nanoseconds. */
export function ns(ms: number): number {
  return Math.max(0, Math.round(ms * 1e6));
}

/** Ollama's `done_reason` for an OpenAI `finish_reason` (tool calls end with "stop" in Ollama too). */
export function doneReason(finish: unknown): 'stop' | 'length' {
  return finish === 'length' ? 'length' : 'stop';
}

/** Token counts and timings of one reply, as far as they are known (milliseconds). */
export interface ReplyStats {
  readonly promptTokens: number | null;
  readonly evalTokens: number | null;
  readonly totalMs: number;
  readonly promptMs: number;
  readonly evalMs: number;
}

/** The statistics fields of Ollama's last line (`load_duration` is 0: llmlb never sees a load). */
export function statsFields(s: ReplyStats): Json {
  return {
    total_duration: ns(s.totalMs),
    load_duration: 0,
    prompt_eval_count: s.promptTokens ?? 0,
    prompt_eval_duration: ns(s.promptMs),
    eval_count: s.evalTokens ?? 0,
    eval_duration: ns(s.evalMs),
  };
}

/**
 * Splits a non-stream request's total time. llama.cpp reports `timings` (prompt_ms, predicted_ms);
 * without them the split is an estimate by token counts, so rates computed from it stay finite.
 */
export function splitDurations(totalMs: number, prompt: number | null, evalCount: number | null, timings: unknown): { promptMs: number; evalMs: number } {
  const t = asObject(timings);
  const pm = num(t?.prompt_ms);
  const em = num(t?.predicted_ms);
  if (pm !== null && em !== null) return { promptMs: pm, evalMs: em };
  const p = prompt ?? 0;
  const e = evalCount ?? 0;
  if (p + e === 0) return { promptMs: 0, evalMs: totalMs };
  const promptMs = (totalMs * p) / (p + e);
  return { promptMs, evalMs: totalMs - promptMs };
}

/** One NDJSON line. */
export function line(obj: unknown): string {
  return `${JSON.stringify(obj)}\n`;
}

/** The NDJSON error line that ends a failed stream (ollama-js throws on it). */
export function errorLine(message: string): string {
  return line({ error: message });
}
