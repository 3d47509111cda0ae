/** Server-sent-event helpers: the error event that ends a committed OpenAI stream. */
import type { StreamFailure } from './transform.js';

/** The OpenAI error object of a mid-stream failure. */
export function streamErrorObject(f: StreamFailure): { message: string; type: string; param: null; code: string } {
  return { message: f.message, type: 'server_error', param: null, code: f.code };
}

/**
 * One SSE event that makes OpenAI clients fail the stream. Chat/completions: `data: {"error":{…}}`
 * (the openai SDK throws on any event whose data has `error`). Responses API: `event: error` with
 * `{type:"error", sequence_number, error:{…}}`, the shape the Vercel AI SDK validates, which also
 * carries `error` for the openai SDK.
 */
export function sseErrorEvent(f: StreamFailure, responsesApi = false): string {
  const error = streamErrorObject(f);
  if (responsesApi) {
    return `event: error\ndata: ${JSON.stringify({ type: 'error', sequence_number: 0, error, code: error.code, message: error.message, param: null })}\n\n`;
  }
  return `data: ${JSON.stringify({ error })}\n\n`;
}

/** True for an SSE content type. */
export function isEventStream(contentType: string | undefined): boolean {
  return (contentType ?? '').toLowerCase().startsWith('text/event-stream');
}
