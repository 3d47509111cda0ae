/** Response transforms: how a caller reshapes an upstream answer (embeddings base64, aliases, Ollama translation). */

/** Why a committed stream failed, for the transform's error bytes. */
export interface StreamFailure {
  readonly message: string;
  /** `upstream_error` (connection lost) or `upstream_timeout` (stalled past the inference timeout). */
  readonly code: 'upstream_error' | 'upstream_timeout';
}

/** A chunk-by-chunk transform of a streamed body. Returning null/empty writes nothing for that chunk. */
export interface StreamTransform {
  /** Content type of the transformed body (default: the upstream's). */
  readonly contentType?: string;
  push(chunk: Buffer): Buffer | string | null;
  /** Called when the upstream body ended cleanly; returns trailing bytes. */
  end(): Buffer | string | null;
  /** Bytes telling the client the stream failed (written, then the response ends); null cuts the connection. */
  error?(failure: StreamFailure): string | null;
}

/** The whole upstream body at once (non-stream JSON answers only). */
export interface BufferedResult {
  readonly status?: number;
  readonly body: Buffer | string;
  readonly contentType?: string;
}

/**
 * How to reshape an upstream answer. `buffered` reads the whole body first (so only for non-stream
 * answers); `stream` opens a chunk transform per response and may decline (null) for, e.g., an
 * upstream error body that should pass through as it is.
 */
export type ResponseTransform =
  | {
      readonly kind: 'buffered';
      apply(status: number, body: Buffer, contentType: string | undefined): BufferedResult;
    }
  | {
      readonly kind: 'stream';
      open(status: number, contentType: string | undefined): StreamTransform | null;
    };

/** Chains buffered transforms (left to right). */
export function chainBuffered(...fns: ((status: number, body: Buffer, ct: string | undefined) => BufferedResult)[]): ResponseTransform {
  return {
    kind: 'buffered',
    apply(status, body, ct) {
      let cur: BufferedResult = { status, body, ...(ct !== undefined ? { contentType: ct } : {}) };
      for (const fn of fns) {
        const b = typeof cur.body === 'string' ? Buffer.from(cur.body) : cur.body;
        cur = { ...cur, ...fn(cur.status ?? status, b, cur.contentType) };
      }
      return cur;
    },
  };
}

/** A buffered step that sets the top-level `model` of a 2xx JSON body (aliases report the alias name). */
export function rewriteJsonModel(model: string): (status: number, body: Buffer, ct: string | undefined) => BufferedResult {
  return (status, body) => {
    if (status >= 300) return { body };
    try {
      const obj = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      if (typeof obj !== 'object' || obj === null || !('model' in obj)) return { body };
      obj.model = model;
      return { body: JSON.stringify(obj) };
    } catch {
      return { body };
    }
  };
}

/**
 * A stream transform that rewrites `"model":"<from>"` to `"model":"<to>"` in SSE events. It works on
 * whole lines (a partial line is held until its newline), so a name split across chunks is still found.
 */
export function sseModelRewrite(from: string, to: string): ResponseTransform {
  const needle = new RegExp(`("model"\\s*:\\s*)${escapeRegExp(JSON.stringify(from))}`, 'g');
  const replacement = `$1${JSON.stringify(to).replace(/\$/g, '$$$$')}`;
  return {
    kind: 'stream',
    open(status, ct) {
      if (status >= 300 || !(ct ?? '').toLowerCase().startsWith('text/event-stream')) return null;
      let carry = '';
      const decoder = new TextDecoder();
      return {
        push(chunk) {
          const text = carry + decoder.decode(chunk, { stream: true });
          const cut = text.lastIndexOf('\n') + 1;
          carry = text.slice(cut);
          return cut === 0 ? null : text.slice(0, cut).replace(needle, replacement);
        },
        end() {
          const rest = carry + decoder.decode();
          carry = '';
          return rest ? rest.replace(needle, replacement) : null;
        },
      };
    },
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
