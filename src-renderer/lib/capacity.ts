/** Concurrency limits in the UI: how an endpoint's load reads, and the "Max concurrency" form field's rules. */
import type { TFunction } from 'i18next';
import type { UpdateEndpointInput } from '../../src-main/admin/types';
import { msg, type Msg } from '../i18n/message';
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

/** Describes `load` against `limit` (the limit in force; null = unlimited), in `t`'s language. */
export function describeLoad(limit: number | null, load: LoadCounts | undefined, t: TFunction): LoadView {
  if (!load) return { text: NONE, label: t('load.unknown'), level: 'unknown' };
  const { in_flight: n, queue_depth: q } = load;
  let text: string = limit === null ? t('load.textUnlimited', { inFlight: n }) : `${n}/${limit}`;
  let label: string = limit === null ? t('load.labelUnlimited', { inFlight: n }) : t('load.labelLimited', { inFlight: n, limit });
  if (q > 0) {
    text = t('load.textQueued', { text, count: q });
    label = t('load.labelQueued', { label, count: q });
  }
  const level: LoadLevel = q > 0 || (limit !== null && n >= limit) ? 'full' : n > 0 ? 'busy' : 'idle';
  return { text, label, level };
}

/** Bounds of a user-set limit, as the core validates them. */
export const MIN_CONCURRENCY = 1;
export const MAX_CONCURRENCY = 10_000;

/** The field's error, or undefined when it is empty (automatic / unchanged) or a whole number in bounds. */
export function validateConcurrency(text: string): Msg | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const n = Number(t);
  if (!Number.isInteger(n) || n < MIN_CONCURRENCY || n > MAX_CONCURRENCY) return msg('concurrency.invalid', { min: MIN_CONCURRENCY, max: MAX_CONCURRENCY });
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
