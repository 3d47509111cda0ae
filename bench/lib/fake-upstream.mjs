// A fast fake OpenAI-compatible upstream for the benchmark (run as its own process).
//
// - POST …/v1/chat/completions (and /v1/completions): a fixed JSON reply, or with `"stream":true` an
//   SSE reply of `bench_chunks` events (default 50) `bench_delay_ms` apart (default 2; 0 = all at once).
// - GET …/v1/models, …/health, …/version: enough for llmlb to detect it (`openai_compatible`) and sync.
// - A base path `/p/<k>/<m>` makes it look like endpoint k serving `bench-model` plus m models
//   `e<k>-m<i>`, so one process can stand in for many endpoints (routing-cost runs).
//
// Usage: node bench/lib/fake-upstream.mjs [--port 0] [--models N]; prints `fake listening on PORT`.
import { createServer } from 'node:http';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? def : args[i + 1];
};
const PORT = Number(opt('port', 0));
const EXTRA_MODELS = Number(opt('models', 0));
const MODEL = 'bench-model';

const JSON_HEADERS = { 'content-type': 'application/json' };
const COMPLETION = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: MODEL,
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the benchmark upstream.' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 },
  }),
);
const COMPLETION_HEADERS = { ...JSON_HEADERS, 'content-length': String(COMPLETION.length) };

const chunk = (content, finish) =>
  Buffer.from(
    `data: ${JSON.stringify({
      id: 'chatcmpl-bench',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: MODEL,
      choices: [{ index: 0, delta: finish ? {} : { content }, finish_reason: finish ? 'stop' : null }],
      ...(finish ? { usage: { prompt_tokens: 12, completion_tokens: 50, total_tokens: 62 } } : {}),
    })}\n\n`,
  );
const TOKEN = chunk('tok ', false);
const LAST = Buffer.concat([chunk('', true), Buffer.from('data: [DONE]\n\n')]);
const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

/** `/v1/models` bodies by base path, built once. */
const modelLists = new Map();
function modelsBody(prefix) {
  let body = modelLists.get(prefix);
  if (body) return body;
  const ids = [MODEL];
  const m = /^\/p\/(\d+)\/(\d+)$/.exec(prefix);
  if (m) for (let i = 0; i < Number(m[2]); i++) ids.push(`e${m[1]}-m${i}`);
  for (let i = 0; i < EXTRA_MODELS; i++) ids.push(`extra-m${i}`);
  body = Buffer.from(JSON.stringify({ object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'bench' })) }));
  modelLists.set(prefix, body);
  return body;
}

function sendJson(res, status, body) {
  res.writeHead(status, { ...JSON_HEADERS, 'content-length': String(body.length) });
  res.end(body);
}

const NOT_FOUND = Buffer.from('{"error":{"message":"not found","type":"invalid_request_error","param":null,"code":null}}');

function stream(req, res, chunks, delay) {
  res.writeHead(200, SSE_HEADERS);
  let sent = 0;
  let timer = null;
  const next = () => {
    timer = null;
    if (res.destroyed) return;
    while (sent < chunks - 1) {
      res.write(TOKEN);
      sent++;
      if (delay > 0) {
        timer = setTimeout(next, delay);
        return;
      }
    }
    res.end(LAST);
  };
  res.on('close', () => {
    if (timer) clearTimeout(timer);
  });
  next();
}

function completion(req, res) {
  const parts = [];
  req.on('data', (c) => parts.push(c));
  req.on('end', () => {
    const text = parts.length === 1 ? parts[0].toString() : Buffer.concat(parts).toString();
    if (!text.includes('"stream"')) {
      res.writeHead(200, COMPLETION_HEADERS);
      res.end(COMPLETION);
      return;
    }
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      return sendJson(res, 400, NOT_FOUND);
    }
    if (body.stream !== true) {
      res.writeHead(200, COMPLETION_HEADERS);
      res.end(COMPLETION);
      return;
    }
    const chunks = Math.max(1, Math.min(100_000, Number(body.bench_chunks ?? 50)));
    const delay = Math.max(0, Math.min(10_000, Number(body.bench_delay_ms ?? 2)));
    stream(req, res, chunks, delay);
  });
}

const server = createServer({ keepAliveTimeout: 65_000, noDelay: true }, (req, res) => {
  const url = req.url ?? '/';
  const base = url.startsWith('/p/') ? url.slice(0, url.indexOf('/', url.indexOf('/', 3) + 1)) : '';
  const path = base ? url.slice(base.length) : url;
  if (req.method === 'POST' && (path === '/v1/chat/completions' || path === '/v1/completions')) return completion(req, res);
  req.resume();
  if (req.method !== 'GET') return sendJson(res, 404, NOT_FOUND);
  if (path === '/v1/models') return sendJson(res, 200, modelsBody(base));
  if (path === '/health') return sendJson(res, 200, Buffer.from('{"status":"ok"}'));
  return sendJson(res, 404, NOT_FOUND);
});
server.maxConnections = 100_000;
server.listen(PORT, '127.0.0.1', () => {
  process.stdout.write(`fake listening on ${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
