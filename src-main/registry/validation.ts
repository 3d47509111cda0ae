/** Input schemas of the endpoint routes (zod), shared by HTTP and IPC. */
import { z } from 'zod';
import { ENDPOINT_TYPES, type EndpointType } from '../admin/types.js';
import { AppError } from '../util/errors.js';

const name = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'name must not be empty').max(100, 'name must be at most 100 characters'))
  // Control characters, and invisible or direction-changing characters that could spoof a name in the
  // UI. Zero-width (non-)joiners stay allowed: emoji sequences and some scripts need them.
  .refine(
    (s) => !/[\u0000-\u001f\u007f-\u009f\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff]/.test(s),
    'name must not contain control characters or invisible direction marks',
  );

const baseUrl = z.string().max(2048, 'base_url is too long');
const apiKey = z.string().min(1).max(4096).nullable();
const interval = z.number().int('health_check_interval_secs must be an integer').min(10).max(300);
const timeout = z.number().int('inference_timeout_secs must be an integer').min(10).max(600);
const maxConcurrency = z.number().int().min(1).max(10_000).nullable();
const notes = z.string().max(2000).nullable();
const endpointType = z.enum(ENDPOINT_TYPES as [EndpointType, ...EndpointType[]]);

/** `POST /v0/endpoints` body. */
export const createEndpointSchema = z.strictObject({
  name,
  base_url: baseUrl,
  api_key: apiKey.optional(),
  health_check_interval_secs: interval.optional(),
  inference_timeout_secs: timeout.optional(),
  max_concurrency: maxConcurrency.optional(),
  notes: notes.optional(),
  endpoint_type: endpointType.optional(),
});

/** `PUT /v0/endpoints/:id` body (partial). */
export const updateEndpointSchema = createEndpointSchema.partial();

/** `POST /v0/endpoints/detect` body. */
export const detectSchema = z.strictObject({ base_url: baseUrl, api_key: apiKey.optional() });

/** Parses `input` with `schema`, turning failures into a 400 `invalid_request` naming the field. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new AppError('invalid_request', 'request body must be a JSON object');
  }
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue?.path.join('.') ?? '';
  let message = issue?.message ?? 'invalid input';
  if (issue?.code === 'unrecognized_keys') message = `unknown field(s): ${issue.keys.join(', ')}`;
  else if (issue?.code === 'too_small' || issue?.code === 'too_big') {
    message = path && !message.includes(path) ? `${path}: ${message}` : message;
  } else if (path && !message.startsWith(path)) message = `${path}: ${message}`;
  throw new AppError('invalid_request', message, path ? { param: path } : {});
}

/** Validates a uuid path parameter; anything else is a 404 (no such endpoint). */
export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
