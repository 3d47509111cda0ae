/** The health probe of each endpoint type (SPEC §4), turned into a plain ProbeOutcome for classify(). */
import type { EndpointType } from '../admin/types.js';
import { Agent, type Dispatcher } from 'undici';
import { ProbeError, joinUrl, probeGet, type ProbeResult } from '../util/probe.js';
import type { ProbeOutcome } from './classify.js';

/** Bound on one health probe. */
export const HEALTH_TIMEOUT_MS = 5_000;

/** Where and how to reach an endpoint. */
export interface ProbeTarget {
  readonly baseUrl: string;
  readonly apiKey: string | null;
}

/** The route probed for a type, and whether it answers JSON. */
export function healthRoute(type: EndpointType): { readonly path: string; readonly expectJson: boolean } {
  switch (type) {
    case 'ollama':
      return { path: '/api/version', expectJson: true };
    case 'llama_cpp':
    case 'vllm':
      // vLLM's /health is an empty 200; both stay public when the server has --api-key.
      return { path: '/health', expectJson: false };
    default:
      return { path: '/v1/models', expectJson: true };
  }
}

/** A probe's outcome plus the raw response (for the version an Ollama probe reports). */
export interface HealthProbe {
  readonly outcome: ProbeOutcome;
  readonly response: ProbeResult | null;
}

/** Signature of the probe function, so tests and the lifecycle can swap transports. */
export type HealthProber = (target: ProbeTarget, type: EndpointType, signal?: AbortSignal) => Promise<HealthProbe>;

/**
 * A prober over `dispatcher`. Health checks should use one without keep-alive: a pooled socket the
 * server closed while idle would fail the next check with a false "connection reset".
 */
export function createHealthProber(dispatcher?: Dispatcher): HealthProber {
  return async (target, type, signal) => {
    const { path, expectJson } = healthRoute(type);
    try {
      const r = await probeGet(joinUrl(target.baseUrl, path), {
        timeoutMs: HEALTH_TIMEOUT_MS,
        apiKey: target.apiKey,
        ...(signal ? { signal } : {}),
        ...(dispatcher ? { dispatcher } : {}),
      });
      return {
        outcome: { kind: 'http', status: r.status, json: r.json, text: r.text, latencyMs: r.latencyMs, expectJson },
        response: r,
      };
    } catch (e) {
      const code = e instanceof ProbeError ? e.code : 'other';
      return { outcome: { kind: 'network', code, message: (e as Error).message ?? '' }, response: null };
    }
  };
}

/** An agent for health probes: a fresh connection per probe (see createHealthProber). */
export function healthAgent(): Agent {
  return new Agent({ pipelining: 0, connect: { timeout: HEALTH_TIMEOUT_MS } });
}

/** The `version` an Ollama `/api/version` answer carries, else null. */
export function versionOf(r: ProbeResult | null): string | null {
  const v = (r?.json as { version?: unknown } | null | undefined)?.version;
  return typeof v === 'string' && v !== '' ? v : null;
}
