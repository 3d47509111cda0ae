/** Display formatters per locale, all on Intl; every one shows an em dash for "no value". */

/** The placeholder for a missing value. */
export const NONE = '—';

/** Formatters for one locale (see {@link formatFor}). */
export interface Format {
  readonly locale: string;
  /** "123 ms", "1.24 s" (ja: "123 ミリ秒", "1.24 秒"). */
  ms(ms: number | null | undefined): string;
  /** A whole number with grouping: "8,192". */
  int(n: number | null | undefined): string;
  /** A percentage clamped to 0–100 and rounded down: "42%". */
  percent(p: number | null | undefined): string;
  /** A download speed in megabytes per second: "12.3 MB/s". */
  speed(mbps: number | null | undefined): string;
  /** A byte count: "512 B", "3.4 MB", "1.2 GB". */
  bytes(n: number | null | undefined): string;
  /** A whole number of seconds as a unit: "30 sec" (ja: "30 秒"). */
  seconds(s: number | null | undefined): string;
  /** A remaining time: "45s", "3m 5s", "1h 2m" (ja: "3分5秒"). */
  duration(seconds: number | null | undefined): string;
  /** How long ago: "now", "5 minutes ago", "3 hours ago"; the date for anything older than a day. */
  ago(iso: string | null | undefined, now?: number): string;
  /** Local time of day, 24-hour, with seconds. */
  time(iso: string | number): string;
  /** Local time of day, 24-hour, with milliseconds (log lines): "14:03:07.042". */
  timeMs(iso: string | number): string;
  /** Local date and time, for tooltips and tables. */
  dateTime(iso: string | null | undefined): string;
}

const missing = (v: number | null | undefined): v is null | undefined => v === null || v === undefined || !Number.isFinite(v);

function unit(locale: string, name: string, digits: number, display: 'short' | 'narrow' = 'short'): Intl.NumberFormat {
  return new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: display, maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Builds the formatters of `locale` (prefer {@link formatFor}, which caches them). */
export function createFormat(locale: string): Format {
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const ms = unit(locale, 'millisecond', 0);
  const secs = [unit(locale, 'second', 2), unit(locale, 'second', 1), unit(locale, 'second', 0)] as const;
  const speed = [unit(locale, 'megabyte-per-second', 1), unit(locale, 'megabyte-per-second', 0)] as const;
  const sizes = (['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const).map((u, i) => unit(locale, u, i === 0 ? 0 : 1));
  const parts = { h: unit(locale, 'hour', 0), m: unit(locale, 'minute', 0), s: unit(locale, 'second', 0) };
  const list = new Intl.ListFormat(locale, { type: 'unit', style: 'short' });
  const rel = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'long' });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const timeMs = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hourCycle: 'h23' });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', hourCycle: 'h23' });
  const parse = (iso: string | number): Date | null => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? null : d;
  };
  return {
    locale,
    ms: (v) => (missing(v) ? NONE : v < 1000 ? ms.format(Math.round(v)) : secs[v < 10_000 ? 0 : 1].format(v / 1000)),
    int: (n) => (missing(n) ? NONE : int.format(Math.round(n))),
    percent: (p) => (missing(p) ? NONE : pct.format(Math.max(0, Math.min(100, Math.floor(p))) / 100)),
    speed: (v) => (missing(v) ? NONE : speed[v < 10 ? 0 : 1].format(v)),
    bytes: (n) => {
      if (missing(n) || n < 0) return NONE;
      let i = 0;
      let v = n;
      while (v >= 1000 && i < sizes.length - 1) {
        v /= 1000;
        i++;
      }
      return sizes[i]!.format(v);
    },
    seconds: (s) => (missing(s) ? NONE : secs[2].format(s)),
    duration: (seconds) => {
      if (missing(seconds) || seconds < 0) return NONE;
      const s = Math.round(seconds);
      if (s < 60) return parts.s.format(s);
      if (s < 3600) return list.format([parts.m.format(Math.floor(s / 60)), ...(s % 60 ? [parts.s.format(s % 60)] : [])]);
      const m = Math.floor((s % 3600) / 60);
      return list.format([parts.h.format(Math.floor(s / 3600)), ...(m ? [parts.m.format(m)] : [])]);
    },
    ago: (iso, now = Date.now()) => {
      const d = iso ? parse(iso) : null;
      if (!d) return NONE;
      const secsAgo = Math.max(0, Math.round((now - d.getTime()) / 1000));
      if (secsAgo < 10) return rel.format(0, 'second');
      if (secsAgo < 60) return rel.format(-secsAgo, 'second');
      if (secsAgo < 3600) return rel.format(-Math.floor(secsAgo / 60), 'minute');
      if (secsAgo < 86_400) return rel.format(-Math.floor(secsAgo / 3600), 'hour');
      return date.format(d);
    },
    time: (iso) => {
      const d = parse(iso);
      return d ? time.format(d) : NONE;
    },
    timeMs: (iso) => {
      const d = parse(iso);
      return d ? timeMs.format(d) : NONE;
    },
    dateTime: (iso) => {
      const d = iso ? parse(iso) : null;
      return d ? dateTime.format(d) : NONE;
    },
  };
}

const cache = new Map<string, Format>();

/** The (cached) formatters of `locale`. */
export function formatFor(locale: string): Format {
  let f = cache.get(locale);
  if (!f) {
    f = createFormat(locale);
    cache.set(locale, f);
  }
  return f;
}
