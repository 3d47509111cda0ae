/** Figures of a reliability run: one row per fault or input family, printed as a markdown table at the end. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One row of the table. */
export interface TallyRow {
  readonly what: string;
  requests: number;
  ok: number;
  /** Errors the client saw (after failover), by kind. */
  readonly errors: Record<string, number>;
  note: string;
}

/** Collects rows for one test file. */
export class Tally {
  readonly rows = new Map<string, TallyRow>();

  constructor(readonly file: string) {}

  /** The row for `what`, created on first use. */
  row(what: string, note = ''): TallyRow {
    let r = this.rows.get(what);
    if (!r) {
      r = { what, requests: 0, ok: 0, errors: {}, note };
      this.rows.set(what, r);
    }
    if (note) r.note = note;
    return r;
  }

  /** Counts one request: ok, or an error of `kind`. */
  count(what: string, ok: boolean, kind = 'error'): void {
    const r = this.row(what);
    r.requests++;
    if (ok) r.ok++;
    else r.errors[kind] = (r.errors[kind] ?? 0) + 1;
  }

  /** The table as markdown. */
  markdown(): string {
    const lines = ['| fault / input | requests | ok | client-visible errors | note |', '|---|---:|---:|---|---|'];
    for (const r of this.rows.values()) {
      const errs = Object.entries(r.errors).map(([k, v]) => `${v} ${k}`).join(', ') || '0';
      lines.push(`| ${r.what} | ${r.requests} | ${r.ok} | ${errs} | ${r.note} |`);
    }
    return lines.join('\n');
  }

  /** Prints the table and keeps a JSON copy under the temp dir (for the README figures). */
  flush(): void {
    console.log(`\n## ${this.file}\n${this.markdown()}\n`);
    try {
      const dir = join(tmpdir(), 'llmlb-reliability');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${this.file}.json`), JSON.stringify([...this.rows.values()], null, 2));
    } catch {
      // figures are a convenience; never fail the suite over them
    }
  }
}
