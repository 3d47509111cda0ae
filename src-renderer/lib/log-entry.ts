/** What a log line shows beside its message: the request, endpoint and model it is about, and its other fields compactly. */
import type { LogEntryDTO } from '../../src-main/admin/types';

/** Fields with a column or a place of their own; every other field is listed as `key=value`. */
const OWN = new Set(['time', 'level', 'component', 'msg', 'request_id', 'endpoint_id', 'endpoint_name', 'model']);

/** Longest value shown inline; the whole value is in the tooltip. */
export const FIELD_MAX = 120;

/** One extra field of a line. */
export interface LogField {
  readonly key: string;
  /** The value as shown: logfmt-style (quoted when it has spaces, `=` or quotes), one line, at most {@link FIELD_MAX} characters. */
  readonly text: string;
  /** The whole value, for the tooltip. */
  readonly full: string;
}

/** The details of a line. */
export interface LogDetails {
  readonly requestId: string | null;
  /** The endpoint the line is about: its id when known (for a link) and the name to show (the id when the line has no name). */
  readonly endpoint: { readonly id: string | null; readonly name: string } | null;
  readonly model: string | null;
  readonly fields: readonly LogField[];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** A field value as one logfmt-style token: strings quoted only when needed, everything else as JSON. */
export function fieldValue(value: unknown): string {
  if (typeof value === 'string') {
    const flat = value.replace(/\s+/g, ' ').trim();
    return flat === '' || /[\s="]/.test(flat) ? JSON.stringify(flat) : flat;
  }
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Shortens `text` to `max` characters, ending with "…" when cut. */
export function shorten(text: string, max = FIELD_MAX): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Splits a line into the details shown under its message. */
export function logDetails(entry: LogEntryDTO): LogDetails {
  const endpointId = str(entry.endpoint_id);
  const endpointName = str(entry.endpoint_name);
  const fields: LogField[] = [];
  for (const [key, value] of Object.entries(entry)) {
    if (OWN.has(key) || value === undefined) continue;
    const full = fieldValue(value);
    fields.push({ key, text: shorten(full), full });
  }
  return {
    requestId: str(entry.request_id),
    endpoint: endpointId || endpointName ? { id: endpointId, name: (endpointName ?? endpointId)! } : null,
    model: str(entry.model),
    fields,
  };
}
