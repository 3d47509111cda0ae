/** Which models were added, removed or changed between the stored list and a fresh one. Pure. */
import type { Capability } from '../admin/types.js';

/** The fields a diff compares (a stored model or a fresh RemoteModel). */
export interface ComparableModel {
  readonly model_id: string;
  readonly capabilities: readonly Capability[];
  readonly max_tokens: number | null;
  readonly context_length: number | null;
}

/** Result of `diffModels`: model ids, each list in listing order. */
export interface ModelDiff {
  readonly added: string[];
  readonly removed: string[];
  readonly updated: string[];
}

function sameCapabilities(a: readonly Capability[], b: readonly Capability[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((c) => sb.has(c));
}

/** Compares by id; a model is "updated" when its capabilities (as a set), max_tokens or context_length changed. */
export function diffModels(old: readonly ComparableModel[], fresh: readonly ComparableModel[]): ModelDiff {
  const before = new Map(old.map((m) => [m.model_id, m]));
  const now = new Set<string>();
  const added: string[] = [];
  const updated: string[] = [];
  for (const m of fresh) {
    if (now.has(m.model_id)) continue;
    now.add(m.model_id);
    const prev = before.get(m.model_id);
    if (!prev) added.push(m.model_id);
    else if (!sameCapabilities(prev.capabilities, m.capabilities) || prev.max_tokens !== m.max_tokens || prev.context_length !== m.context_length) {
      updated.push(m.model_id);
    }
  }
  const removed = [...before.keys()].filter((id) => !now.has(id));
  return { added, removed, updated };
}
