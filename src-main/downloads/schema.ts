/** Input of `POST /v0/endpoints/:id/download` (zod). */
import { z } from 'zod';

const CONTROL = /[\u0000-\u001f\u007f]/;

const text = (field: string) =>
  z
    .string()
    .transform((s) => s.trim())
    .pipe(z.string().min(1, `${field} must not be empty`).max(500, `${field} must be at most 500 characters`))
    .refine((s) => !CONTROL.test(s), `${field} must not contain control characters`);

/** `{model, filename?}`; `filename` picks one file of a multi-file repository (xLLM only). */
export const startDownloadSchema = z.strictObject({
  model: text('model'),
  filename: text('filename').nullable().optional(),
});

/** A parsed start request. */
export type StartDownloadInput = z.infer<typeof startDownloadSchema>;
