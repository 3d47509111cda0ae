/** Wire types of aliases (`/v0/aliases`, IPC, the renderer). Types only. */

/** One model an alias routes to: on one endpoint, or (`endpoint_id: null`) on every endpoint that lists it. */
export interface AliasTarget {
  readonly endpoint_id: string | null;
  /** The model name as that endpoint knows it (never another alias). */
  readonly model: string;
}

/** A stored alias. */
export interface AliasDTO {
  readonly alias: string;
  readonly targets: readonly AliasTarget[];
  /** True when the alias may replace a real model of the same name. */
  readonly allow_shadow: boolean;
  readonly created_at: string;
}

/** Body of `POST /v0/aliases` (and, without `alias`, of `PUT /v0/aliases/:alias`). */
export interface CreateAliasInput {
  readonly alias: string;
  readonly targets: readonly AliasTarget[];
  readonly allow_shadow?: boolean;
}

/** Body of `PUT /v0/aliases/:alias`: replaces the targets (and the shadow flag when given). */
export interface UpdateAliasInput {
  readonly targets: readonly AliasTarget[];
  readonly allow_shadow?: boolean;
}

/** Body of `POST /v0/aliases/suggestions/accept`: a listed suggestion (optionally renamed), or an explicit alias. */
export type AcceptSuggestionInput = { readonly suggestion_id: string; readonly alias?: string } | CreateAliasInput;

/** What the normaliser found the grouped models to be. */
export interface SuggestedIdentityDTO {
  readonly family: string;
  readonly size: string;
  readonly variant: 'instruct' | 'base' | 'embedding';
  readonly quantization: string | null;
  readonly revision: string | null;
  readonly arch: string | null;
}

/** A proposed alias over models on different endpoints that look like the same model. */
export interface AliasSuggestionDTO {
  /** Stable for the same set of targets; accept it with `{suggestion_id}`. */
  readonly id: string;
  readonly alias: string;
  /** True when the proposed name is the name of one of the grouped models (the alias would widen it). */
  readonly allow_shadow: boolean;
  readonly identity: SuggestedIdentityDTO;
  readonly targets: readonly { readonly endpoint_id: string; readonly endpoint_name: string; readonly model: string }[];
}

/** The alias operations behind `/v0/aliases` and the IPC channels; methods throw `AppError`s. */
export interface AliasOps {
  list(): Promise<{ aliases: AliasDTO[] }>;
  create(input: unknown): Promise<AliasDTO>;
  update(alias: string, input: unknown): Promise<AliasDTO>;
  delete(alias: string): Promise<void>;
  suggestions(): Promise<{ suggestions: AliasSuggestionDTO[] }>;
  accept(input: unknown): Promise<AliasDTO>;
}
