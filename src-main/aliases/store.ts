/** SQLite storage of aliases (`aliases`, `alias_targets`; deleting an endpoint cascades to its targets). */
import type { Db } from '../db/open.js';
import type { AliasDTO, AliasTarget } from './types.js';

interface AliasRow {
  alias: string;
  allow_shadow: number;
  created_at: string;
}

interface TargetRow {
  alias: string;
  endpoint_id: string | null;
  model: string;
}

/** Reads and writes aliases; every write is one transaction. */
export class AliasStore {
  readonly #db: Db;
  readonly #aliases;
  readonly #targets;
  readonly #one;
  readonly #targetsOf;
  readonly #insert;
  readonly #insertTarget;
  readonly #deleteTargets;
  readonly #setShadow;
  readonly #delete;

  constructor(db: Db) {
    this.#db = db;
    this.#aliases = db.prepare<[], AliasRow>('SELECT alias, allow_shadow, created_at FROM aliases ORDER BY alias');
    this.#targets = db.prepare<[], TargetRow>('SELECT alias, endpoint_id, model FROM alias_targets ORDER BY id');
    this.#one = db.prepare<[string], AliasRow>('SELECT alias, allow_shadow, created_at FROM aliases WHERE alias = ?');
    this.#targetsOf = db.prepare<[string], TargetRow>('SELECT alias, endpoint_id, model FROM alias_targets WHERE alias = ? ORDER BY id');
    this.#insert = db.prepare('INSERT INTO aliases (alias, allow_shadow, created_at) VALUES (?, ?, ?)');
    this.#insertTarget = db.prepare('INSERT INTO alias_targets (alias, endpoint_id, model) VALUES (?, ?, ?)');
    this.#deleteTargets = db.prepare('DELETE FROM alias_targets WHERE alias = ?');
    this.#setShadow = db.prepare('UPDATE aliases SET allow_shadow = ? WHERE alias = ?');
    this.#delete = db.prepare('DELETE FROM aliases WHERE alias = ?');
  }

  /** Every alias, sorted by name, targets in the order they were given. */
  list(): AliasDTO[] {
    const targets = new Map<string, AliasTarget[]>();
    for (const t of this.#targets.all()) {
      const list = targets.get(t.alias) ?? [];
      list.push({ endpoint_id: t.endpoint_id, model: t.model });
      targets.set(t.alias, list);
    }
    return this.#aliases.all().map((r) => toDTO(r, targets.get(r.alias) ?? []));
  }

  /** One alias, or undefined. */
  get(alias: string): AliasDTO | undefined {
    const row = this.#one.get(alias);
    return row ? toDTO(row, this.#targetsOf.all(alias).map((t) => ({ endpoint_id: t.endpoint_id, model: t.model }))) : undefined;
  }

  /** Inserts a new alias with its targets (throws SQLite's constraint error on a duplicate name). */
  insert(alias: string, targets: readonly AliasTarget[], allowShadow: boolean, createdAt: string): void {
    this.#db.transaction(() => {
      this.#insert.run(alias, allowShadow ? 1 : 0, createdAt);
      for (const t of targets) this.#insertTarget.run(alias, t.endpoint_id, t.model);
    })();
  }

  /** Replaces an alias's targets and shadow flag; false when it does not exist. */
  replace(alias: string, targets: readonly AliasTarget[], allowShadow: boolean): boolean {
    return this.#db.transaction(() => {
      if (this.#setShadow.run(allowShadow ? 1 : 0, alias).changes === 0) return false;
      this.#deleteTargets.run(alias);
      for (const t of targets) this.#insertTarget.run(alias, t.endpoint_id, t.model);
      return true;
    })();
  }

  /** Deletes an alias (its targets go with it); false when it did not exist. */
  delete(alias: string): boolean {
    return this.#delete.run(alias).changes > 0;
  }
}

function toDTO(r: AliasRow, targets: AliasTarget[]): AliasDTO {
  return { alias: r.alias, targets, allow_shadow: r.allow_shadow === 1, created_at: r.created_at };
}
