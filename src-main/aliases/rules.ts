/**
 * The rules an alias must keep beyond its shape. Targets name models as endpoints know them and are
 * never resolved through other aliases, so aliases cannot nest and cycles cannot form at routing time;
 * to keep that unambiguous, a target may not name another alias, an alias may not target itself, and
 * a name some alias targets may not become an alias (unless that name is also a real model, when the
 * target means the real model). Shadowing a real model name needs `allow_shadow`.
 */
import { parseCloudModel } from '../cloud/types.js';
import { AppError } from '../util/errors.js';
import type { AliasDTO, AliasTarget } from './types.js';

/** What the rules read of the world. */
export interface RuleContext {
  /** Every model name some endpoint lists (any status), with the first endpoint's name. */
  readonly realModels: ReadonlyMap<string, string>;
  readonly endpointExists: (id: string) => boolean;
  /** The other aliases (the one being updated left out). */
  readonly others: readonly AliasDTO[];
}

/** Targets without exact duplicates, in the order given. */
export function dedupeTargets(targets: readonly AliasTarget[]): AliasTarget[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    const key = `${t.endpoint_id ?? ''}\n${t.model}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Throws 400 `invalid_request` or 409 `conflict` when the alias breaks a rule. */
export function checkAlias(name: string, targets: readonly AliasTarget[], allowShadow: boolean, ctx: RuleContext): void {
  if (parseCloudModel(name)) {
    throw new AppError('invalid_request', `alias '${name}' would be taken by the cloud provider prefix`, { param: 'alias' });
  }
  const shadowed = ctx.realModels.get(name);
  if (shadowed !== undefined && !allowShadow) {
    throw new AppError('conflict', `'${name}' is a model served by endpoint '${shadowed}'; set allow_shadow to let the alias replace it`, { param: 'alias' });
  }
  const aliasNames = new Set(ctx.others.map((a) => a.alias));
  targets.forEach((t, i) => {
    const param = `targets.${i}`;
    if (t.endpoint_id !== null && !ctx.endpointExists(t.endpoint_id)) {
      throw new AppError('invalid_request', `${param}.endpoint_id: no endpoint ${t.endpoint_id}`, { param: `${param}.endpoint_id` });
    }
    if (parseCloudModel(t.model)) throw new AppError('invalid_request', `${param}.model: cloud models cannot be alias targets`, { param: `${param}.model` });
    if (t.model === name && shadowed === undefined) {
      throw new AppError('invalid_request', `${param}.model: alias '${name}' cannot target itself (cycle)`, { param: `${param}.model` });
    }
    if (aliasNames.has(t.model) && !ctx.realModels.has(t.model)) {
      throw new AppError('invalid_request', `${param}.model: '${t.model}' is an alias; aliases do not nest (cycle risk), list its targets instead`, { param: `${param}.model` });
    }
  });
  const referrer = ctx.others.find((a) => a.targets.some((t) => t.model === name));
  if (referrer && shadowed === undefined) {
    throw new AppError('invalid_request', `alias '${referrer.alias}' targets a model named '${name}'; an alias of that name would nest aliases (cycle risk)`, { param: 'alias' });
  }
}
