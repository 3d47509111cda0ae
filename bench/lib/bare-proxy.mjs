// The floor for any Node gateway: node:http in front of one keep-alive undici Pool, no parsing,
// no routing, no logging. Request bodies are buffered (as llmlb must, to read `model`) and sent as
// one Buffer; responses are relayed chunk by chunk with backpressure, and a client that leaves aborts
// the upstream request. (Relayed by hand: stream.pipeline builds and aborts an AbortController per
// call, whose DOMException alone cost ~5 % of this proxy's CPU.) Run as its own process.
//
// Usage: node bench/lib/bare-proxy.mjs --upstream http://127.0.0.1:PORT [--port 0]
//        prints `bare proxy listening on PORT`.
import { createServer } from 'node:http';
import { Pool } from 'undici';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? def : args[i + 1];
};
const upstream = opt('upstream', '');
if (!upstream) {
  process.stderr.write('bare-proxy: --upstream is required\n');
  process.exit(2);
}
const pool = new Pool(upstream, { keepAliveTimeout: 4_000, keepAliveMaxTimeout: 60_000 });
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-connection', 'host', 'date']);

function outHeaders(h) {
  const out = {};
  for (const k in h) if (!HOP.has(k)) out[k] = h[k];
  return out;
}

function bad(res, e) {
  if (res.headersSent) return res.destroy();
  res.writeHead(502, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message: String(e?.message ?? e), type: 'server_error', param: null, code: 'bad_gateway' } }));
}

async function forward(req, res, body) {
  const ac = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) ac.abort();
  });
  const headers = {};
  if (req.headers['content-type']) headers['content-type'] = req.headers['content-type'];
  if (req.headers.authorization) headers.authorization = req.headers.authorization;
  let up;
  try {
    up = await pool.request({ path: req.url, method: req.method, headers, body, signal: ac.signal });
  } catch (e) {
    return bad(res, e);
  }
  res.writeHead(up.statusCode, outHeaders(up.headers));
  relay(up.body, res);
}

/** Copies the upstream body to the client as it arrives, pausing while the client's buffer is full. */
function relay(body, res) {
  body.on('data', (chunk) => {
    if (!res.write(chunk)) body.pause();
  });
  res.on('drain', () => body.resume());
  body.on('end', () => res.end());
  body.on('error', () => res.destroy());
  res.on('close', () => {
    if (!body.destroyed) body.destroy();
  });
}

const server = createServer({ keepAliveTimeout: 65_000, noDelay: true }, (req, res) => {
  const parts = [];
  req.on('data', (c) => parts.push(c));
  req.on('end', () => {
    const body = parts.length === 0 ? null : parts.length === 1 ? parts[0] : Buffer.concat(parts);
    void forward(req, res, body);
  });
});
server.maxConnections = 100_000;
server.listen(Number(opt('port', 0)), '127.0.0.1', () => {
  process.stdout.write(`bare proxy listening on ${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
