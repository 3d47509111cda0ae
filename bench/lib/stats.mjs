// Small numeric helpers for the benchmark report.

/** Nearest-rank percentile (p in 0–100) of unsorted values; null when empty. */
export function pct(values, p) {
  if (values.length === 0) return null;
  const s = Float64Array.from(values).sort();
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1];
}

/** Median of unsorted values; null when empty. */
export function median(values) {
  return pct(values, 50);
}

/** Mean; null when empty. */
export function mean(values) {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Rounds to `d` decimals, keeping null. */
export function r(v, d = 3) {
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  const f = 10 ** d;
  return Math.round(v * f) / f;
}

/** `a - b`, keeping null. */
export function diff(a, b) {
  return a === null || b === null ? null : a - b;
}

/** `a / b`, keeping null. */
export function ratio(a, b) {
  return a === null || b === null || b === 0 ? null : a / b;
}

/** The order of targets in round `i`, rotated so no target always goes first. */
export function rotation(items, i) {
  const k = i % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/** Formats a table of rows (arrays of cells) with a header, right-aligning numbers. */
export function table(header, rows) {
  const cells = [header, ...rows].map((row) => row.map((c) => (c === null || c === undefined ? '–' : String(c))));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
