/** Concurrency limits in the UI: how an endpoint's load reads, and the "Max concurrency" form field's rules. */
import type { UpdateEndpointInput } from '../../src-main/admin/types';
import { NONE } from './format';

/** Requests holding a slot and requests waiting for one (see the requests store). */
export interface LoadCounts {
  readonly in_flight: number;
  readonly queue_depth: number;
}

/** How full an endpoint is: idle, serving, or every slot taken / requests waiting. */
export type LoadLevel = 'unknown' | 'idle' | 'busy' | 'full';

/** What the Load column and the detail page show. */
export interface LoadView {
  /** Short visible text: "2/4", "3 · no limit", "4/4 · 5 queued". */
  readonly text: string;
  /** The same as a sentence, for screen readers and tooltips. */
  readonly label: string;
  readonly level: LoadLevel;
}

/** Describes `load` against `limit` (the limit in force; null = unlimited). */
export function describeLoad(limit: number | null, load: LoadCounts | undefined): LoadView {
  if (!load) return { text: NONE, label: 'Load not known yet', level: 'unknown' };
  const { in_flight: n, queue_depth: q } = load;
  let text = limit === null ? `${n} · no limit` : `${n}/${limit}`;
  let label = limit === null ? `${n} in flight, no concurrency limit` : `${n} of ${limit} slots in use`;
  if (q > 0) {
    text += ` · ${q} queued`;
    label += `, ${q} waiting for a slot`;
  }
  const level: LoadLevel = q > 0 || (limit !== null && n >= limit) ? 'full' : n > 0 ? 'busy' : 'idle';
  return { text, label, level };
}

/** Bounds of a user-set limit, as the core validates them. */
export const MIN_CONCURRENCY = 1;
export const MAX_CONCURRENCY = 10_000;

/** The field's error, or undefined when it is empty (automatic / unchanged) or a whole number in bounds. */
export function validateConcurrency(text: string): string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const n = Number(t);
  if (!Number.isInteger(n) || n < MIN_CONCURRENCY || n > MAX_CONCURRENCY) return `A whole number from ${MIN_CONCURRENCY} to ${MAX_CONCURRENCY.toLocaleString('en-US')}.`;
  return undefined;
}

/**
 * What the form sends for `max_concurrency`. The GET value is the limit in force, which may be learned from
 * the server or a default by type, so it cannot prefill the field as if it were the user's override: an
 * empty field sends nothing (the current limit, whatever its origin, stays), a number sends that override,
 * and the explicit "Reset to automatic" box sends null, which drops any override.
 */
export function concurrencyPatch(text: string, reset: boolean): Pick<UpdateEndpointInput, 'max_concurrency'> {
  if (reset) return { max_concurrency: null };
  const t = text.trim();
  return t ? { max_concurrency: Number(t) } : {};
}
