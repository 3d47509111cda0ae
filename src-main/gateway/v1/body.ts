/** Reads and checks a `/v1` request body: bounded, valid JSON object, string `model`; parsed once. */
import { AppError } from '../../util/errors.js';
import { parseJson, readBody, type RequestContext } from '../http.js';
import type { ParsedRequest } from '../proxy/types.js';

/** Reads the body (413 past `limit`), parses it (400 when malformed) and validates `model`. */
export async function readOpenAiRequest(ctx: RequestContext, limit: number, receivedAt: number): Promise<ParsedRequest> {
  const raw = await readBody(ctx.req, limit);
  const json = parseJson(raw);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new AppError('invalid_request', 'request body must be a JSON object');
  }
  const body = json as Record<string, unknown>;
  if (typeof body.model !== 'string' || body.model.trim() === '') {
    throw new AppError('invalid_request', "'model' is required and must be a non-empty string", { param: 'model' });
  }
  // Upstreams coerce "yes", "true" or 1 to a stream (pydantic) or ignore them (llama.cpp): llmlb must not
  // guess differently from the endpoint, so anything but a boolean is refused.
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') {
    throw new AppError('invalid_request', "'stream' must be a boolean", { param: 'stream' });
  }
  // Streaming is what the body says; the openai SDK sends `Accept: application/json` even when streaming.
  return { raw, json: body, model: body.model, stream: body.stream === true, receivedAt };
}
