/** Keeping secrets out of log lines: pino redaction paths, a last-line scrub, prompt truncation. */

const CENSOR = '[redacted]';

/** Field paths pino replaces with `[redacted]` (headers and key-like fields, at the top and one level down). */
export const REDACT_PATHS: readonly string[] = [
  'authorization',
  'apiKey',
  'api_key',
  'key',
  'token',
  'password',
  'cookie',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  'headers["api-key"]',
  'headers["x-goog-api-key"]',
  '*.authorization',
  '*.apiKey',
  '*.api_key',
  '*.key',
  '*.token',
  '*.password',
];

/** The redaction options given to pino. */
export const REDACT = { paths: [...REDACT_PATHS], censor: CENSOR } as const;

// Bearer tokens, llmlb keys and the common `sk-…` cloud key shape, wherever they appear in a line.
const BEARER = /(bearer\s+)[^\s"'\\,;]+/gi;
const LLMLB_KEY = /llmlb_[A-Za-z0-9_-]{6,}/g;
const SK_KEY = /\bsk-[A-Za-z0-9_-]{12,}/g;

/** Replaces token-shaped secrets in a serialised line (defence in depth behind `REDACT`). */
export function scrubSecrets(line: string): string {
  if (!line.includes('llmlb_') && !line.includes('sk-') && !/bearer/i.test(line)) return line;
  return line.replace(BEARER, `$1${CENSOR}`).replace(LLMLB_KEY, `llmlb_${CENSOR}`).replace(SK_KEY, `sk-${CENSOR}`);
}

/** Prompts may be logged only at debug, and then cut to this many characters. */
export const PROMPT_PREVIEW_CHARS = 200;

/** The first `PROMPT_PREVIEW_CHARS` characters of a prompt, marked when cut. */
export function promptPreview(text: string): string {
  return text.length <= PROMPT_PREVIEW_CHARS ? text : `${text.slice(0, PROMPT_PREVIEW_CHARS)}… (${text.length} chars)`;
}
