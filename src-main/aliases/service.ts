/** The alias operations: validated writes to the store, suggestions from the registry, and routing kept in step. */
import type { AliasDefinition } from '../gateway/routing.js';
import type { EndpointRecord, ModelRecord } from '../registry/endpoints.js';
import { parseInput } from '../registry/validation.js';
import { AppError } from '../util/errors.js';
import { identify } from './identity.js';
import { checkAlias, dedupeTargets, type RuleContext } from './rules.js';
import { acceptByIdSchema, createAliasSchema, updateAliasSchema } from './schema.js';
import type { AliasStore } from './store.js';
import { type IdentifiedModel, suggest } from './suggest.js';
import type { AliasDTO, AliasOps, AliasSuggestionDTO, AliasTarget } from './types.js';

/** What the service reads of the endpoint registry. */
export interface AliasRegistry {
  all(): readonly EndpointRecord[];
  get(id: string): EndpointRecord | undefined;
  models(id: string): readonly ModelRecord[];
}

/** Routing's view of the stored aliases. */
export function toDefinitions(aliases: readonly AliasDTO[]): AliasDefinition[] {
  return aliases.map((a) => ({
    name: a.alias,
    shadow: a.allow_shadow,
    targets: a.targets.map((t) => ({ endpointId: t.endpoint_id, model: t.model })),
  }));
}

/** Implements {@link AliasOps}; `publish` receives the full definition list after every change. */
export class AliasService implements AliasOps {
  constructor(
    private readonly store: AliasStore,
    private readonly registry: AliasRegistry,
    private readonly publishTo: (defs: AliasDefinition[]) => void,
    private readonly now: () => number,
  ) {}

  /** Sends the stored aliases to routing (after writes, endpoint deletions and at start). */
  publish(): void {
    this.publishTo(toDefinitions(this.store.list()));
  }

  async list(): Promise<{ aliases: AliasDTO[] }> {
    return { aliases: this.store.list() };
  }

  async create(input: unknown): Promise<AliasDTO> {
    const body = parseInput(createAliasSchema, input);
    if (this.store.get(body.alias)) throw new AppError('conflict', `alias '${body.alias}' already exists`, { param: 'alias' });
    const targets = dedupeTargets(body.targets);
    const shadow = body.allow_shadow ?? false;
    checkAlias(body.alias, targets, shadow, this.#rules(null));
    try {
      this.store.insert(body.alias, targets, shadow, new Date(this.now()).toISOString());
    } catch (e) {
      // Two creates racing: the primary key decides.
      if ((e as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw new AppError('conflict', `alias '${body.alias}' already exists`);
      throw e;
    }
    this.publish();
    return this.store.get(body.alias)!;
  }

  async update(alias: string, input: unknown): Promise<AliasDTO> {
    const body = parseInput(updateAliasSchema, input);
    const current = this.store.get(alias);
    if (!current) throw new AppError('not_found', `alias '${alias}' not found`);
    const targets = dedupeTargets(body.targets);
    const shadow = body.allow_shadow ?? current.allow_shadow;
    checkAlias(alias, targets, shadow, this.#rules(alias));
    this.store.replace(alias, targets, shadow);
    this.publish();
    return this.store.get(alias)!;
  }

  async delete(alias: string): Promise<void> {
    if (!this.store.delete(alias)) throw new AppError('not_found', `alias '${alias}' not found`);
    this.publish();
  }

  async suggestions(): Promise<{ suggestions: AliasSuggestionDTO[] }> {
    const models: IdentifiedModel[] = [];
    const realNames = new Set<string>();
    for (const ep of this.registry.all()) {
      for (const m of this.registry.models(ep.id)) {
        realNames.add(m.model_id);
        const identity = identify({ ...m, endpoint_type: ep.endpoint_type });
        if (identity) models.push({ endpointId: ep.id, endpointName: ep.name, model: m.model_id, identity });
      }
    }
    return { suggestions: suggest(models, { realNames, aliases: this.store.list() }) };
  }

  async accept(input: unknown): Promise<AliasDTO> {
    if (typeof input !== 'object' || input === null || !('suggestion_id' in input)) return this.create(input);
    const body = parseInput(acceptByIdSchema, input);
    const s = (await this.suggestions()).suggestions.find((x) => x.id === body.suggestion_id);
    if (!s) throw new AppError('not_found', `suggestion ${body.suggestion_id} not found (models or aliases changed since it was listed)`);
    const alias = body.alias ?? s.alias;
    const targets: AliasTarget[] = s.targets.map((t) => ({ endpoint_id: t.endpoint_id, model: t.model }));
    return this.create({ alias, targets, allow_shadow: s.allow_shadow && alias === s.alias });
  }

  #rules(self: string | null): RuleContext {
    const realModels = new Map<string, string>();
    for (const ep of this.registry.all()) for (const m of this.registry.models(ep.id)) if (!realModels.has(m.model_id)) realModels.set(m.model_id, ep.name);
    return {
      realModels,
      endpointExists: (id) => this.registry.get(id) !== undefined,
      others: this.store.list().filter((a) => a.alias !== self),
    };
  }
}
