/** Float embeddings → base64 when the client asked for base64 (the OpenAI SDK does by default). */

/** Little-endian float32 bytes of a vector, base64-encoded (OpenAI's wire form). */
export function floatsToBase64(v: readonly number[]): string {
  const buf = Buffer.alloc(v.length * 4);
  for (let i = 0; i < v.length; i++) buf.writeFloatLE(v[i] ?? 0, i * 4);
  return buf.toString('base64');
}

/** Returns the body with float vectors converted, or null when nothing needed converting. */
export function convertEmbeddings(body: unknown): unknown {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data) || !data.some((d) => Array.isArray((d as { embedding?: unknown } | null)?.embedding))) return null;
  return {
    ...(body as object),
    data: data.map((d) => {
      const e = (d as { embedding?: unknown }).embedding;
      return Array.isArray(e) ? { ...(d as object), embedding: floatsToBase64(e as number[]) } : d;
    }),
  };
}
