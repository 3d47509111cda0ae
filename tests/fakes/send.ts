/** Response writers that honour the mid-stream fault modes, chunk delays and backpressure. */
import type { FakeContext } from './common.js';

/** Headers of an SSE response as OpenAI-style servers send them. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache',
  Connection: 'keep-alive',
};

/** Headers of an Ollama NDJSON stream. */
export const NDJSON_HEADERS: Readonly<Record<string, string>> = { 'Content-Type': 'application/x-ndjson' };

/** One `data:` SSE event (optionally named). */
export function sseData(data: unknown, event?: string): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return `${event ? `event: ${event}\n` : ''}data: ${payload}\n\n`;
}

/** One NDJSON line. */
export function ndjson(obj: unknown): string {
  return `${JSON.stringify(obj)}\n`;
}

/** Options of `sendStream`. */
export interface StreamSpec {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly pieces: readonly string[];
  /** Delay between pieces (default: options.chunkDelayMs). */
  readonly delayMs?: number;
}

/**
 * Writes `pieces` one by one. Mid-stream modes cut it after `midStreamAfter` pieces:
 * hangMidStream stalls, dieMidStream destroys the socket, truncatedSse ends cleanly halfway through
 * the next piece. Resolves true when every piece was written and the response ended.
 */
export async function sendStream(ctx: FakeContext, spec: StreamSpec): Promise<boolean> {
  const { res } = ctx;
  const faulty = ctx.mode === 'hangMidStream' || ctx.mode === 'dieMidStream' || ctx.mode === 'truncatedSse';
  let pieces = [...spec.pieces];
  if (faulty && pieces.length < 2) {
    const s = pieces[0] ?? '';
    const half = Math.floor(s.length / 2);
    pieces = [s.slice(0, half), s.slice(half)];
  }
  const cut = faulty ? Math.min(Math.max(ctx.options.midStreamAfter ?? 2, 1), pieces.length - 1) : pieces.length;
  const delay = spec.delayMs ?? ctx.options.chunkDelayMs ?? 0;
  res.writeHead(spec.status ?? 200, { ...spec.headers });
  res.flushHeaders();
  for (let i = 0; i < cut; i++) {
    if (i > 0 && delay > 0) await ctx.sleep(delay);
    if (ctx.closed()) return false;
    if (!res.write(pieces[i]!)) await drained(ctx);
  }
  if (ctx.closed()) return false;
  if (!faulty) {
    res.end();
    return true;
  }
  if (delay > 0) await ctx.sleep(delay);
  if (ctx.closed()) return false;
  if (ctx.mode === 'hangMidStream') {
    await new Promise<void>((resolve) => res.once('close', () => resolve()));
    return false;
  }
  if (ctx.mode === 'dieMidStream') {
    // Let the written bytes reach the client before the socket dies.
    await new Promise<void>((resolve) => setTimeout(resolve, 20));
    ctx.destroy();
    return false;
  }
  const next = pieces[cut]!;
  res.end(next.slice(0, Math.max(1, Math.floor(next.length / 2))));
  return false;
}

/** Sends a JSON body (Content-Length set unless a mid-stream fault will cut it). */
export async function sendJson(
  ctx: FakeContext,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): Promise<boolean> {
  const text = JSON.stringify(body);
  return sendBody(ctx, status, text, { 'Content-Type': 'application/json', ...headers });
}

/** Sends a text body with the given headers. */
export async function sendBody(
  ctx: FakeContext,
  status: number,
  text: string,
  headers: Readonly<Record<string, string>>,
): Promise<boolean> {
  const faulty = ctx.mode === 'hangMidStream' || ctx.mode === 'dieMidStream' || ctx.mode === 'truncatedSse';
  if (faulty) return sendStream(ctx, { status, headers, pieces: [text] });
  ctx.res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(text)) });
  ctx.res.end(text);
  return true;
}

/** Sends a JSON body right away, ignoring fault modes (for errors raised by the fault modes themselves). */
export function sendJsonNow(
  ctx: FakeContext,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  ctx.res.writeHead(status, {
    'Content-Type': 'application/json',
    ...headers,
    'Content-Length': String(Buffer.byteLength(text)),
  });
  ctx.res.end(text);
}

function drained(ctx: FakeContext): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      ctx.res.off('drain', done);
      ctx.res.off('close', done);
      resolve();
    };
    ctx.res.once('drain', done);
    ctx.res.once('close', done);
  });
}
