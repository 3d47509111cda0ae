/** Small display formatters; every one shows an em dash for "no value". */

/** The placeholder for a missing value. */
export const NONE = '—';

/** "123 ms", "1.24 s". */
export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return NONE;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** "8,192". */
export function fmtInt(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return NONE;
  return Math.round(n).toLocaleString('en-US');
}

/** "42%" (clamped to 0–100). */
export function fmtPercent(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return NONE;
  return `${Math.max(0, Math.min(100, Math.floor(p)))}%`;
}

/** "12.3 MB/s". */
export function fmtSpeed(mbps: number | null | undefined): string {
  if (mbps === null || mbps === undefined || !Number.isFinite(mbps)) return NONE;
  return `${mbps.toFixed(mbps < 10 ? 1 : 0)} MB/s`;
}

/** "45 s", "3 min 05 s", "1 h 02 min". */
export function fmtEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return NONE;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** "just now", "5 min ago", "3 h ago", or the date for older times. */
export function fmtAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return NONE;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return NONE;
  const d = Math.max(0, Math.round((now - t) / 1000));
  if (d < 10) return 'just now';
  if (d < 60) return `${d} s ago`;
  if (d < 3600) return `${Math.floor(d / 60)} min ago`;
  if (d < 86_400) return `${Math.floor(d / 3600)} h ago`;
  return new Date(t).toLocaleDateString();
}

/** Local "HH:MM:SS". */
export function fmtTime(iso: string | number): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return NONE;
  return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** Local date and time, for tooltips and tables. */
export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return NONE;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return NONE;
  return d.toLocaleString([], { hour12: false });
}
