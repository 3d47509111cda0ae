/** Upstream error bodies (OpenAI, Gemini's list-wrapped, Anthropic's) reshaped into OpenAI's error shape. */
import type { CloudProvider } from '../admin/types.js';

/** OpenAI's error body. */
export interface OpenAiErrorBody {
  readonly error: { readonly message: string; readonly type: string; readonly param: string | null; readonly code: string | null };
}

const ANTHROPIC_TYPES: Readonly<Record<string, string>> = {
  invalid_request_error: 'invalid_request_error',
  authentication_error: 'authentication_error',
  permission_error: 'permission_error',
  not_found_error: 'invalid_request_error',
  request_too_large: 'invalid_request_error',
  rate_limit_error: 'rate_limit_error',
  api_error: 'server_error',
  overloaded_error: 'server_error',
};

/** The OpenAI error `type` usual for an HTTP status. */
export function typeForStatus(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function obj(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** Builds an OpenAI error body. */
export function openAiError(message: string, type: string, code: string | null = null, param: string | null = null): OpenAiErrorBody {
  return { error: { message, type, param, code } };
}

/** Reshapes an upstream error response; the message says which provider answered. */
export function toOpenAiError(provider: CloudProvider, status: number, text: string): OpenAiErrorBody {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  // Gemini's OpenAI layer wraps the error object in a one-element array.
  const root = obj(Array.isArray(parsed) ? parsed[0] : parsed);
  const e = obj(root?.error);
  const fallback = text.trim().slice(0, 200) || `HTTP ${status}`;
  const message = `${provider}: ${str(e?.message) ?? str(root?.message) ?? fallback}`;
  if (!e) return openAiError(message, typeForStatus(status));
  if (root?.type === 'error') {
    const t = str(e.type);
    return openAiError(message, (t && ANTHROPIC_TYPES[t]) ?? typeForStatus(status), t);
  }
  const type = str(e.type) ?? typeForStatus(status);
  const code = str(e.code) ?? str(e.status);
  return openAiError(message, type, code, str(e.param));
}
