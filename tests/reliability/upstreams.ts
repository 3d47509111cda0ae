/**
 * Two small OpenAI-compatible upstreams the shared fakes do not cover: a quirky one whose answers carry
 * the wrong content type (a captive-portal HTML page, JSON labelled text/plain, SSE labelled JSON), and
 * a strict one that type-checks chat requests the way api.openai.com does (400 `invalid_request_error`).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the quirky upstream answers chat requests. */
export type QuirkMode = 'normal' | 'html' | 'jsonAsText' | 'sseAsJson';

/** A running test upstream. */
export interface TestUpstream {
  readonly url: string;
  /** Chat requests seen. */
  chats: number;
  mode: QuirkMode;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}

function send(res: ServerResponse, status: number, type: string, text: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function completion(model: string): string {
  return JSON.stringify({
    id: 'chatcmpl-q',
    object: 'chat.completion',
    created: 1,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  });
}

function sse(model: string): string {
  const chunk = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  return chunk({ role: 'assistant', content: '' }, null) + chunk({ content: 'ok' }, null) + chunk({}, 'stop') + 'data: [DONE]\n\n';
}

async function start(models: readonly string[], handle: (u: TestUpstream, req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<TestUpstream> {
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/v1/models') {
      return send(res, 200, 'application/json', JSON.stringify({ object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1, owned_by: 'system' })) }));
    }
    if (req.method === 'POST' && req.url === '/v1/chat/completions') {
      u.chats++;
      return void handle(u, req, res).catch(() => res.destroy());
    }
    send(res, 404, 'application/json', JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error', param: null, code: null } }));
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const u: TestUpstream = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    chats: 0,
    mode: 'normal',
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
  return u;
}

/** An upstream whose chat answers are right in content but wrong in type, per `mode`. */
export function startQuirkyUpstream(models: readonly string[]): Promise<TestUpstream> {
  return start(models, async (u, req, res) => {
    const b = await body(req);
    const model = String(b?.model ?? '');
    const stream = b?.stream === true;
    switch (u.mode) {
      case 'html':
        return send(res, 200, 'text/html; charset=utf-8', '<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>');
      case 'jsonAsText':
        return send(res, 200, 'text/plain', completion(model));
      case 'sseAsJson':
        return send(res, 200, 'application/json', stream ? sse(model) : completion(model));
      case 'normal':
        return stream ? send(res, 200, 'text/event-stream', sse(model)) : send(res, 200, 'application/json', completion(model));
    }
  });
}

function invalid(res: ServerResponse, message: string, param: string): void {
  send(res, 400, 'application/json', JSON.stringify({ error: { message, type: 'invalid_request_error', param, code: null } }));
}

const isInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v);
const isObj = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first type error of a chat request, as api.openai.com reports it, or null. */
export function chatTypeError(b: any): [string, string] | null {
  if (!isObj(b)) return ['body must be a JSON object', ''];
  if (typeof b.model !== 'string') return ["Invalid type for 'model'", 'model'];
  if (!Array.isArray(b.messages)) return ["Invalid type for 'messages': expected an array", 'messages'];
  if (b.messages.length === 0) return ["Invalid 'messages': empty array", 'messages'];
  for (const [i, m] of (b.messages as unknown[]).entries()) {
    if (!isObj(m)) return [`Invalid type for 'messages[${i}]'`, `messages[${i}]`];
    const msg = m as Record<string, unknown>;
    if (!['system', 'user', 'assistant', 'tool', 'developer'].includes(msg.role as string)) return [`Invalid value for 'messages[${i}].role'`, `messages[${i}].role`];
    if (msg.content !== null && typeof msg.content !== 'string' && !Array.isArray(msg.content)) return [`Invalid type for 'messages[${i}].content'`, `messages[${i}].content`];
  }
  const checks: [string, (v: unknown) => boolean][] = [
    ['stream', (v) => typeof v === 'boolean'],
    ['max_tokens', (v) => isInt(v) && (v as number) >= 1 && (v as number) <= 1_000_000],
    ['max_completion_tokens', (v) => isInt(v) && (v as number) >= 1 && (v as number) <= 1_000_000],
    ['temperature', (v) => typeof v === 'number' && v >= 0 && v <= 2],
    ['top_p', (v) => typeof v === 'number' && v >= 0 && v <= 1],
    ['n', (v) => isInt(v) && (v as number) >= 1 && (v as number) <= 128],
    ['stream_options', isObj],
    ['tools', Array.isArray],
    ['stop', (v) => typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string'))],
    ['response_format', isObj],
    ['user', (v) => typeof v === 'string'],
    ['seed', isInt],
  ];
  for (const [k, ok] of checks) if (b[k] !== undefined && b[k] !== null && !ok(b[k])) return [`Invalid type or value for '${k}'`, k];
  return null;
}

/** An upstream that answers chat requests with bad field types like api.openai.com: 400 naming the field. */
export function startStrictUpstream(models: readonly string[]): Promise<TestUpstream> {
  return start(models, async (_u, req, res) => {
    const b = await body(req);
    const bad = chatTypeError(b);
    if (bad) return invalid(res, bad[0], bad[1]);
    return b.stream === true ? send(res, 200, 'text/event-stream', sse(b.model)) : send(res, 200, 'application/json', completion(b.model));
  });
}
