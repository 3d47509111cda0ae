/** Helpers of the reliability suite: bounded HTTP calls, raw sockets, SSE parsing, handle counts, registration. */
import { type Server } from 'node:http';
import net from 'node:net';
import { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { vi } from 'vitest';
import { ADMIN_KEY, waitFor } from '../helpers/app.js';

/** A chat body. */
export function chat(model: string, stream = false, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model, messages: [{ role: 'user', content: 'hi' }], ...(stream ? { stream: true } : {}), ...extra };
}

/** The outcome of one bounded request: an answer, or the error that ended it (never a hang). */
export interface Outcome {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** Parsed JSON body, or null. */
  readonly json: any;
  /** Error thrown while sending or reading (socket cut, deadline), else null. */
  readonly error: string | null;
  /** Wall time until the body ended or the error came. */
  readonly ms: number;
}

/** An HTTP client with its own connection pool, so its sockets can be closed and counted. */
export class Client {
  readonly agent: Agent;

  constructor(connections = 64) {
    this.agent = new Agent({ connections, keepAliveTimeout: 1000, headersTimeout: 0, bodyTimeout: 0 });
  }

  /** Sends one request; `deadlineMs` aborts it (the outcome then carries `error: 'deadline'`). */
  async send(
    base: string,
    method: string,
    path: string,
    body?: unknown,
    opts: { headers?: Record<string, string>; deadlineMs?: number; signal?: AbortSignal } = {},
  ): Promise<Outcome> {
    const t0 = Date.now();
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), opts.deadlineMs ?? 20_000);
    const signal = opts.signal ? AbortSignal.any([deadline.signal, opts.signal]) : deadline.signal;
    let status = 0;
    let headers: Outcome['headers'] = {};
    let text = '';
    try {
      const res = await request(base + path, {
        method: method as 'GET',
        dispatcher: this.agent,
        signal,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
        body: toBody(body),
      });
      status = res.statusCode;
      headers = res.headers;
      const chunks: Buffer[] = [];
      try {
        for await (const c of res.body) chunks.push(c as Buffer);
      } finally {
        text = Buffer.concat(chunks).toString('utf8');
      }
      return { status, headers, text, json: parse(text), error: null, ms: Date.now() - t0 };
    } catch (e) {
      const err = deadline.signal.aborted ? 'deadline' : `${(e as { code?: string }).code ?? ''} ${(e as Error).message}`.trim();
      return { status, headers, text, json: parse(text), error: err, ms: Date.now() - t0 };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the pool and its sockets (idempotent). */
  async close(): Promise<void> {
    if (this.agent.closed || this.agent.destroyed) return;
    await this.agent.close();
  }
}

let adminClient: Client | null = null;

/**
 * Calls the admin API with the test admin key through a pool of its own (global fetch would keep its
 * sockets to the gateway alive for the server's 65 s keep-alive, hiding the connection counts).
 */
export async function adminCall(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  key: string | null = ADMIN_KEY,
): Promise<{ status: number; body: any; headers: Outcome['headers'] }> {
  adminClient ??= new Client(8);
  const o = await adminClient.send(base, method, path, body, { headers: key ? { authorization: `Bearer ${key}` } : {}, deadlineMs: 15_000 });
  if (o.error) throw new Error(`${method} ${path}: ${o.error}`);
  return { status: o.status, body: o.json ?? o.text, headers: o.headers };
}

/** Closes the admin client's sockets. */
export async function closeAdminClient(): Promise<void> {
  const c = adminClient;
  adminClient = null;
  await c?.close();
}

/** Text and bytes go as they are, a stream of chunks goes chunked (no Content-Length), anything else as JSON. */
function toBody(body: unknown): string | Buffer | Readable | null {
  if (body === undefined) return null;
  if (typeof body === 'string' || Buffer.isBuffer(body)) return body;
  if (typeof body === 'object' && body !== null && Symbol.asyncIterator in body) return Readable.from(body as AsyncIterable<Buffer>);
  return JSON.stringify(body);
}

function parse(text: string): any {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** The `data:` payloads of an SSE body, parsed when JSON. */
export function sseEvents(text: string): { event: string | null; data: any }[] {
  const out: { event: string | null; data: any }[] = [];
  for (const block of text.split(/\n\n/)) {
    if (!block.trim()) continue;
    let event: string | null = null;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length === 0) continue;
    const joined = data.join('\n');
    out.push({ event, data: joined === '[DONE]' ? '[DONE]' : (parse(joined) ?? joined) });
  }
  return out;
}

/** What a stream said: complete (finish_reason and [DONE]), ended with an error event, or neither. */
export function streamVerdict(text: string): 'complete' | 'error-event' | 'cut' {
  const ev = sseEvents(text);
  if (ev.some((e) => e.event === 'error' || (e.data && typeof e.data === 'object' && 'error' in e.data))) return 'error-event';
  const finished = ev.some((e) => Array.isArray(e.data?.choices) && e.data.choices.some((c: any) => c.finish_reason));
  return finished && ev.at(-1)?.data === '[DONE]' ? 'complete' : 'cut';
}

/** A raw TCP exchange: writes `parts` (with optional gaps), collects everything until the server closes or `maxMs`. */
export async function rawExchange(
  port: number,
  parts: readonly (string | Buffer)[],
  opts: { gapMs?: number; maxMs?: number } = {},
): Promise<{ data: string; closed: boolean; ms: number }> {
  const t0 = Date.now();
  const sock = net.connect({ port, host: '127.0.0.1' });
  sock.on('error', () => undefined);
  let data = '';
  let closed = false;
  sock.on('data', (d) => (data += d.toString('latin1')));
  const done = new Promise<void>((resolve) => sock.once('close', () => ((closed = true), resolve())));
  await new Promise<void>((resolve, reject) => {
    sock.once('connect', () => resolve());
    sock.once('error', reject);
  });
  for (const p of parts) {
    if (closed) break;
    sock.write(p);
    if (opts.gapMs) await raceTimer(done, opts.gapMs);
  }
  await raceTimer(done, Math.max(0, (opts.maxMs ?? 5000) - (Date.now() - t0)));
  const ms = Date.now() - t0;
  sock.destroy();
  return { data, closed, ms };
}

/** Waits for `p` or `ms`, whichever comes first, and leaves no timer behind. */
async function raceTimer(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Counts of this process's active resources by type (sockets, servers, timers…). */
export function handleCounts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

/** The types whose count grew from `before` to `after`, with both numbers. */
export function grownHandles(before: Record<string, number>, after: Record<string, number>): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const [k, v] of Object.entries(after)) if (v > (before[k] ?? 0)) out[k] = [before[k] ?? 0, v];
  return out;
}

/** Waits (bounded) until no resource type has grown past `before`; returns what is still grown. */
export async function settleHandles(before: Record<string, number>, timeoutMs = 1000): Promise<Record<string, [number, number]>> {
  const deadline = Date.now() + timeoutMs;
  let grown = grownHandles(before, handleCounts());
  while (Object.keys(grown).length > 0 && Date.now() < deadline) {
    await sleep(50);
    grown = grownHandles(before, handleCounts());
  }
  return grown;
}

/**
 * Records every HTTP server that starts listening from now on, so a test can find the app's gateway
 * server (the app does not hand it out) and ask it for `getConnections`.
 */
export function captureServers(): { find(port: number): Server | undefined; restore(): void } {
  const seen: net.Server[] = [];
  const orig = net.Server.prototype.listen;
  const spy = vi.spyOn(net.Server.prototype, 'listen').mockImplementation(function (this: net.Server, ...args: unknown[]) {
    seen.push(this);
    return (orig as (...a: unknown[]) => net.Server).apply(this, args);
  });
  return {
    find: (port) => seen.find((s) => (s.address() as net.AddressInfo | null)?.port === port) as Server | undefined,
    restore: () => spy.mockRestore(),
  };
}

/** The server's open connection count. */
export function connectionsOf(server: Server): Promise<number> {
  return new Promise((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
}

/** Registers an endpoint over `/v0` (inference timeout 10 s, the minimum) and waits until it is online with `model`. */
export async function registerOnline(base: string, name: string, url: string, model: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await adminCall(base, 'POST', '/v0/endpoints', { name, base_url: url, inference_timeout_secs: 10, ...extra });
  if (res.status !== 201) throw new Error(`register ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  const id = res.body.id as string;
  await waitFor(async () => {
    const e = (await adminCall(base, 'GET', `/v0/endpoints/${id}`)).body;
    return e.status === 'online' && e.models?.some((m: { model_id: string }) => m.model_id === model);
  }, 8000);
  return id;
}

/** Waits until the endpoint is online again (the health checker or passive success brought it back). */
export async function waitOnline(base: string, id: string, timeoutMs = 15_000): Promise<void> {
  await waitFor(async () => (await adminCall(base, 'GET', `/v0/endpoints/${id}`)).body.status === 'online', timeoutMs, 100);
}

export { ADMIN_KEY };
