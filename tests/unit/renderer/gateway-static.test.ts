import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticHandler, DASHBOARD_CSP } from '../../../src-main/gateway/static.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP request (fetch would normalise `..` away before sending). */
function get(port: number, path: string, method = 'GET', headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A server that uses the handler and answers 418 for whatever it declines. */
async function serve(root: string): Promise<{ server: Server; port: number }> {
  const handler = createStaticHandler(root);
  const server = createServer((req, res) => {
    if (!handler(req, res)) {
      res.writeHead(418, { 'content-type': 'text/plain' });
      res.end('router');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port };
}

describe('createStaticHandler', () => {
  let dir: string;
  let outside: string;
  let port: number;
  let server: Server;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'llmlb-static-'));
    outside = mkdtempSync(join(tmpdir(), 'llmlb-outside-'));
    writeFileSync(join(outside, 'secret.txt'), 'top secret');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><title>x</title><script type="module" src="./assets/index-AbCd1234.js"></script></head><body></body></html>');
    writeFileSync(join(dir, 'assets', 'index-AbCd1234.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets', 'index-AbCd1234.css'), 'body{}');
    writeFileSync(join(dir, 'logo.svg'), '<svg/>');
    writeFileSync(join(dir, '.env'), 'SECRET=1');
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'link.txt'));
    ({ server, port } = await serve(dir));
  });

  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('serves index.html at / with security headers and a <base href="/">', async () => {
    const r = await get(port, '/');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.body).toContain('<base href="/" />');
    expect(r.body).toContain('./assets/index-AbCd1234.js');
  });

  it('serves hashed assets with their content type and immutable caching', async () => {
    const js = await get(port, '/assets/index-AbCd1234.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-length']).toBe(String('console.log(1)'.length));
    expect(js.body).toBe('console.log(1)');
    const css = await get(port, '/assets/index-AbCd1234.css?v=1');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const svg = await get(port, '/logo.svg');
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.headers['cache-control']).toBe('no-cache');
  });

  it('answers HEAD without a body and 304 for a matching ETag', async () => {
    const head = await get(port, '/assets/index-AbCd1234.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const etag = String(head.headers.etag);
    const again = await get(port, '/assets/index-AbCd1234.js', 'GET', { 'if-none-match': etag });
    expect(again.status).toBe(304);
  });

  it('falls back to index.html for unknown non-API paths', async () => {
    for (const p of ['/endpoints', '/endpoints/abc/def', '/v0x', '/apis', '/metricsx', '/favicon.ico']) {
      const r = await get(port, p);
      expect(r.status, p).toBe(200);
      expect(r.headers['content-type'], p).toBe('text/html; charset=utf-8');
    }
  });

  it('leaves API paths, other methods and bad encodings to the router', async () => {
    for (const p of ['/v0', '/v0/endpoints', '/v1/models', '/api/tags', '/metrics', '/api']) {
      expect((await get(port, p)).status, p).toBe(418);
    }
    expect((await get(port, '/', 'POST')).status).toBe(418);
    expect((await get(port, '/%E0%A4%A')).status).toBe(418);
  });

  it('answers 404 for a missing asset instead of HTML', async () => {
    const r = await get(port, '/assets/missing-XyZ12345.js');
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('never serves files outside the root, dotfiles or symlinks that leave it', async () => {
    for (const p of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2fetc%2fpasswd', '/..%5c..%5cetc%5cpasswd']) {
      const r = await get(port, p);
      expect(r.body, p).not.toContain('root:');
      expect([200, 404, 418], p).toContain(r.status);
      if (r.status === 200) expect(r.headers['content-type'], p).toBe('text/html; charset=utf-8');
    }
    const env = await get(port, '/.env');
    expect(env.body).not.toContain('SECRET');
    const link = await get(port, '/link.txt');
    expect(link.body).not.toContain('top secret');
  });

  it('declines everything when the root has no index.html', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'llmlb-static-empty-'));
    writeFileSync(join(empty, 'app.js'), 'x');
    const s = await serve(empty);
    try {
      expect((await get(s.port, '/')).status).toBe(418);
      expect((await get(s.port, '/app.js')).status).toBe(418);
      expect((await get(s.port, '/endpoints')).status).toBe(418);
    } finally {
      s.server.close();
      rmSync(empty, { recursive: true, force: true });
    }
    const missing = await serve(join(empty, 'does-not-exist'));
    try {
      expect((await get(missing.port, '/')).status).toBe(418);
    } finally {
      missing.server.close();
    }
  });
});
