/** Input schemas of the alias routes (zod), shared by HTTP and IPC. Field shape only; rules that need the registry live in the service. */
import { z } from 'zod';

const CONTROL = /[\u0000-\u001f\u007f]/;

/** An alias or model name: trimmed, 1–200 characters, no control characters. */
export const aliasName = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'))
  .refine((s) => !CONTROL.test(s), 'must not contain control characters');

const target = z.strictObject({
  endpoint_id: z.string().min(1).max(64).nullable(),
  model: z
    .string()
    .min(1, 'must not be empty')
    .max(512, 'must be at most 512 characters')
    .refine((s) => !CONTROL.test(s), 'must not contain control characters'),
});

const targets = z.array(target).min(1, 'an alias needs at least one target').max(64, 'at most 64 targets');

/** `POST /v0/aliases`. */
export const createAliasSchema = z.strictObject({ alias: aliasName, targets, allow_shadow: z.boolean().optional() });

/** `PUT /v0/aliases/:alias`. */
export const updateAliasSchema = z.strictObject({ targets, allow_shadow: z.boolean().optional() });

/** `POST /v0/aliases/suggestions/accept` by id (the alias name may be changed on the way). */
export const acceptByIdSchema = z.strictObject({ suggestion_id: z.string().min(1).max(64), alias: aliasName.optional() });
