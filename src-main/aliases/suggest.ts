/**
 * Suggested aliases: groups of models on different endpoints whose normalised identities match
 * (family, size, instruct/base equal; quantisation, revision, architecture equal where both know them).
 * Pure; nothing here creates an alias, the user accepts a suggestion explicitly.
 */
import { createHash } from 'node:crypto';
import { coveredBy, hardKey, type ModelIdentity, SOFT_FIELDS } from './identity.js';
import type { AliasSuggestionDTO, AliasTarget } from './types.js';

/** One model on one endpoint, identified. */
export interface IdentifiedModel {
  readonly endpointId: string;
  readonly endpointName: string;
  readonly model: string;
  readonly identity: ModelIdentity;
}

/** What suggestion naming and filtering must know of the world. */
export interface SuggestContext {
  /** Real model names (any endpoint): a proposed name equal to one outside the group gets a suffix. */
  readonly realNames: ReadonlySet<string>;
  /** Existing aliases: their names are taken, and a group they already cover is not suggested again. */
  readonly aliases: readonly { readonly alias: string; readonly targets: readonly AliasTarget[] }[];
}

const softSig = (id: ModelIdentity): string => SOFT_FIELDS.map((f) => id[f] ?? '').join('|');

/**
 * Groups of one hard key: one per maximal soft signature, holding every member no more specific
 * than it. Members of such a group are pairwise compatible (an unknown field matches anything,
 * two known ones must agree), so `q4_k_m` and `q8_0` builds never share a group.
 */
function cliques(members: readonly IdentifiedModel[]): { sig: ModelIdentity; members: IdentifiedModel[] }[] {
  const sigs = new Map(members.map((m) => [softSig(m.identity), m.identity]));
  const maximal = [...sigs.values()].filter((s) => ![...sigs.values()].some((t) => t !== s && softSig(t) !== softSig(s) && coveredBy(s, t)));
  return maximal.map((sig) => ({ sig, members: members.filter((m) => coveredBy(m.identity, sig)) }));
}

/** Orders a group's models on one endpoint: an explicit tag over `:latest`, then the shorter name, then by name. */
function better(a: IdentifiedModel, b: IdentifiedModel): number {
  const latest = Number(a.model.endsWith(':latest')) - Number(b.model.endsWith(':latest'));
  return latest || a.model.length - b.model.length || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0);
}

/** One target per endpoint (the best-named model), sorted by endpoint name then model. */
function onePerEndpoint(members: readonly IdentifiedModel[]): IdentifiedModel[] {
  const best = new Map<string, IdentifiedModel>();
  for (const m of members) {
    const cur = best.get(m.endpointId);
    if (!cur || better(m, cur) < 0) best.set(m.endpointId, m);
  }
  const key = (m: IdentifiedModel): string => `${m.endpointName}\n${m.model}`;
  return [...best.values()].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
}

/** The proposed alias name: `llama-3.2-3b-instruct`, plus revision, plus quantisation when the family splits by it. */
export function proposedName(id: ModelIdentity, withQuant: boolean): string {
  const variant = id.variant === 'embedding' ? '' : `-${id.variant}`;
  const rev = id.revision ? `-${id.revision}` : '';
  const quant = withQuant && id.quantization ? `-${id.quantization}` : '';
  return `${id.family}-${id.size}${variant}${rev}${quant}`;
}

/** A stable id for a set of targets (so a suggestion can be accepted by id after being listed). */
export function suggestionId(targets: readonly AliasTarget[]): string {
  const key = targets.map((t) => `${t.endpoint_id ?? '*'}\n${t.model}`).sort().join('\n\n');
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

function covered(targets: readonly AliasTarget[], ctx: SuggestContext): boolean {
  return ctx.aliases.some((a) =>
    targets.every((t) => a.targets.some((x) => x.model === t.model && (x.endpoint_id === null || x.endpoint_id === t.endpoint_id))),
  );
}

/** Picks a free name: the proposal itself, or shadowing a model of the group, or with `-2`, `-3`… */
function freeName(base: string, groupModels: ReadonlySet<string>, taken: Set<string>, ctx: SuggestContext): { alias: string; shadow: boolean } {
  if (!taken.has(base) && groupModels.has(base)) return { alias: base, shadow: true };
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}-${i}`;
    if (!taken.has(name) && !ctx.realNames.has(name)) return { alias: name, shadow: false };
  }
}

/** Every suggestion, sorted by proposed name. Groups need models on at least two endpoints. */
export function suggest(models: readonly IdentifiedModel[], ctx: SuggestContext): AliasSuggestionDTO[] {
  const byKey = new Map<string, IdentifiedModel[]>();
  for (const m of models) byKey.set(hardKey(m.identity), [...(byKey.get(hardKey(m.identity)) ?? []), m]);
  const taken = new Set(ctx.aliases.map((a) => a.alias));
  const out: AliasSuggestionDTO[] = [];
  const seen = new Set<string>();
  for (const key of [...byKey.keys()].sort()) {
    const groups = cliques(byKey.get(key)!);
    for (const g of groups) {
      const chosen = onePerEndpoint(g.members);
      if (chosen.length < 2) continue;
      const targets: AliasTarget[] = chosen.map((m) => ({ endpoint_id: m.endpointId, model: m.model }));
      const id = suggestionId(targets);
      if (seen.has(id) || covered(targets, ctx)) continue;
      seen.add(id);
      const { alias, shadow } = freeName(proposedName(g.sig, groups.length > 1), new Set(chosen.map((m) => m.model)), taken, ctx);
      taken.add(alias);
      const { family, size, variant, quantization, revision, arch } = g.sig;
      out.push({
        id,
        alias,
        allow_shadow: shadow,
        identity: { family, size, variant, quantization, revision, arch },
        targets: chosen.map((m) => ({ endpoint_id: m.endpointId, endpoint_name: m.endpointName, model: m.model })),
      });
    }
  }
  return out.sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0));
}
