/** Endpoint type detection: every probe at once, each bounded, the whole bounded, then the priority rule. */
import { Agent } from 'undici';
import { ProbeError, joinUrl, probeGet } from '../util/probe.js';
import { TYPE_PROBES, decide } from './decide.js';
import type { DetectionResult, Outcome, ProbeSpec, TypeProbe } from './types.js';

/** Where to probe; `apiKey` is sent only to probes whose type checks keys. */
export interface DetectTarget {
  readonly baseUrl: string;
  readonly apiKey: string | null;
}

/** Time bounds of a detection (SPEC §3: 2 s a probe, 3 s in all). */
export interface DetectOptions {
  readonly probeTimeoutMs?: number;
  readonly totalTimeoutMs?: number;
  /** Cancels the detection (e.g. shutdown). */
  readonly signal?: AbortSignal;
}

/** Every distinct GET the type probes need; a path wanted with the key by any type is sent with it. */
export function probePlan(probes: readonly TypeProbe[] = TYPE_PROBES): ProbeSpec[] {
  const byPath = new Map<string, boolean>();
  for (const p of probes) for (const s of p.probes) byPath.set(s.path, (byPath.get(s.path) ?? false) || s.sendKey);
  return [...byPath].map(([path, sendKey]) => ({ path, sendKey }));
}

/** Detects what kind of server answers at `baseUrl`. Never throws; finishes within `totalTimeoutMs`. */
export async function detectEndpointType(target: DetectTarget, opts: DetectOptions = {}): Promise<DetectionResult> {
  const total = opts.totalTimeoutMs ?? 3000;
  const perProbe = Math.min(opts.probeTimeoutMs ?? 2000, total);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), total);
  const onAbort = (): void => deadline.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) deadline.abort();
  // A private agent: its sockets (a black hole's included) are destroyed when detection ends.
  const agent = new Agent({ connect: { timeout: perProbe }, keepAliveTimeout: 1000, headersTimeout: perProbe, bodyTimeout: perProbe });
  try {
    if (!/^https?:\/\/[^/]/i.test(target.baseUrl)) {
      return { type: 'unknown', version: null, reachable: false, error: 'invalid base URL', signals: [] };
    }
    const plan = probePlan();
    const settled = await Promise.all(
      plan.map(async (spec): Promise<[string, Outcome]> => {
        try {
          const result = await probeGet(joinUrl(target.baseUrl, spec.path), {
            timeoutMs: perProbe,
            apiKey: spec.sendKey ? target.apiKey : null,
            signal: deadline.signal,
            dispatcher: agent,
          });
          return [spec.path, { kind: 'response', keySent: spec.sendKey && !!target.apiKey, result }];
        } catch (e) {
          const err = e instanceof ProbeError ? e : new ProbeError('other', 'request failed', { cause: e });
          // Cut by the overall deadline rather than by the probe's own timer: still a timeout.
          const final = deadline.signal.aborted && err.code === 'other' ? new ProbeError('timeout', `no answer within ${total} ms`, { cause: e }) : err;
          return [spec.path, { kind: 'error', keySent: spec.sendKey && !!target.apiKey, error: final }];
        }
      }),
    );
    return decide(new Map(settled), !!target.apiKey);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    agent.destroy().catch(() => undefined);
  }
}
