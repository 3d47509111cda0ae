/**
 * Embeddings encoding. When a client asks for `encoding_format:"base64"` (the openai SDK always does),
 * the gateway strips the field before forwarding and encodes the float arrays itself. That is the
 * robust choice: older Ollama builds ignore the field and return floats, some servers reject it, and
 * the SDK decodes whatever string it gets blindly — so never trusting the backend with it avoids both
 * garbage numbers and a retry round-trip. Strings a backend returns anyway pass through untouched.
 */
import type { BufferedResult } from '../proxy/transform.js';

/** True when the client asked for base64 embeddings. */
export function wantsBase64(json: Readonly<Record<string, unknown>>): boolean {
  return json.encoding_format === 'base64';
}

/** The body to forward: the client's, without `encoding_format`. */
export function floatRequest(json: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { encoding_format: _dropped, ...rest } = json;
  return rest;
}

/** Little-endian float32 bytes of a vector, base64-encoded (what OpenAI sends and the SDK decodes). */
export function floatsToBase64(v: readonly number[]): string {
  const buf = Buffer.allocUnsafe(v.length * 4);
  for (let i = 0; i < v.length; i++) buf.writeFloatLE(v[i]!, i * 4);
  return buf.toString('base64');
}

/** Decodes base64 little-endian float32 (the inverse, for tests and diagnostics). */
export function base64ToFloats(s: string): number[] {
  const buf = Buffer.from(s, 'base64');
  const out: number[] = [];
  for (let i = 0; i + 4 <= buf.length; i += 4) out.push(buf.readFloatLE(i));
  return out;
}

/** A buffered transform step: float `embedding` arrays of a 2xx JSON answer become base64 strings. */
export function encodeBase64Embeddings(status: number, body: Buffer): BufferedResult {
  if (status < 200 || status >= 300) return { body };
  let parsed: { data?: unknown };
  try {
    parsed = JSON.parse(body.toString('utf8')) as { data?: unknown };
  } catch {
    return { body };
  }
  if (!Array.isArray(parsed?.data)) return { body };
  for (const item of parsed.data as { embedding?: unknown }[]) {
    if (item && Array.isArray(item.embedding) && item.embedding.every((x) => typeof x === 'number')) {
      item.embedding = floatsToBase64(item.embedding as number[]);
    }
  }
  return { body: JSON.stringify(parsed) };
}
