/**
 * Passive health: outcomes of real traffic move an endpoint's status at once (SPEC §4). Called on the
 * gateway's hot path, so each report is a map lookup; the write happens later, through the same
 * per-endpoint serialiser as checks, and only when the status would change.
 */
import type { PassiveFailure, PassiveHealthSink } from '../app-services.js';
import type { EndpointStatus } from '../admin/types.js';
import { LOADING_REASON, type CheckResult } from './classify.js';

/** A report waiting for its endpoint's serialiser. */
export type PassiveReport = { readonly kind: 'failure'; readonly failure: PassiveFailure } | { readonly kind: 'success' };

/** What the sink needs: a cheap status read and a serialised apply. */
export interface PassiveDeps {
  /** Current status from the in-memory registry (no I/O). */
  status(id: string): EndpointStatus | undefined;
  /** Applies the latest report inside the endpoint's serialiser; `take` hands it over. */
  apply(id: string, take: () => PassiveReport | undefined): Promise<void>;
  /** Runs an active health check soon (used when a failure may be the client's fault). */
  verify?(id: string): void;
  /** Epoch ms, for spacing verifications. */
  now?(): number;
}

/** Minimum spacing of verification checks triggered by ambiguous failures, per endpoint. */
export const VERIFY_GAP_MS = 2000;

/**
 * True when a failed request says little about the endpoint's health: an HTTP 500 is what llama.cpp
 * answers to many malformed client requests (an image for a text model, a message without a role),
 * so marking the endpoint down would let one bad client empty the rotation. Such failures trigger an
 * immediate active check instead, which decides honestly within one probe.
 */
export function isAmbiguous(f: PassiveFailure): boolean {
  return f.kind === 'status' && f.status === 500;
}

/** The meaning of a failed proxied request, as a check result (pure). */
export function passiveResult(f: PassiveFailure): CheckResult {
  const said = f.message ? `: ${f.message}` : '';
  switch (f.kind) {
    case 'connect':
      return { kind: 'unreachable', reason: `request failed to connect${said}` };
    case 'timeout':
      return { kind: 'unreachable', reason: `request timed out${said}` };
    case 'status':
      if (f.status === 503) return { kind: 'loading', reason: `${LOADING_REASON} (HTTP 503 on a request${said})` };
      return { kind: 'failed', reason: `HTTP ${f.status ?? 'error'} on a request${said}` };
  }
}

/** Whether a report can change this status; anything else is dropped without queuing. */
export function reportMatters(status: EndpointStatus | undefined, r: PassiveReport): boolean {
  // Pending endpoints get no traffic and are about to be checked; a late report could be about an old URL.
  if (status === undefined || status === 'pending') return false;
  if (r.kind === 'success') return status === 'error' || status === 'offline';
  return status !== 'offline';
}

/** The PassiveHealthSink: coalesces bursts per endpoint so only the newest report is applied. */
export class PassiveHealth implements PassiveHealthSink {
  readonly #deps: PassiveDeps;
  readonly #latest = new Map<string, PassiveReport>();
  readonly #verifiedAt = new Map<string, number>();

  constructor(deps: PassiveDeps) {
    this.#deps = deps;
  }

  /** A proxied request failed (connect, timeout, 5xx). */
  failure(endpointId: string, failure: PassiveFailure): void {
    if (isAmbiguous(failure) && this.#deps.verify) {
      const now = this.#deps.now?.() ?? Date.now();
      const last = this.#verifiedAt.get(endpointId);
      if (last !== undefined && now - last < VERIFY_GAP_MS) return;
      this.#verifiedAt.set(endpointId, now);
      this.#deps.verify(endpointId);
      return;
    }
    this.#report(endpointId, { kind: 'failure', failure });
  }

  /** A proxied request succeeded; latency is not used (request time includes generation). */
  success(endpointId: string, _latencyMs: number): void {
    this.#report(endpointId, { kind: 'success' });
  }

  #report(id: string, r: PassiveReport): void {
    if (!reportMatters(this.#deps.status(id), r)) return;
    const queued = this.#latest.has(id);
    this.#latest.set(id, r);
    if (queued) return; // the queued apply will take this newer report
    void this.#deps
      .apply(id, () => {
        const latest = this.#latest.get(id);
        this.#latest.delete(id);
        return latest;
      })
      .catch(() => this.#latest.delete(id));
  }
}
