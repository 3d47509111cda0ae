import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayResponse } from '../../../src-main/gateway/server.js';

let server: Server<typeof IncomingMessage, typeof GatewayResponse> | null = null;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** One request to a real server whose handler writes the head one way; returns the response headers. */
async function headWith(write: (res: GatewayResponse) => void): Promise<{ status: number; message: string; headers: IncomingHttpHeaders; raw: string[] }> {
  server = createServer({ ServerResponse: GatewayResponse }, (_req, res) => {
    (res as GatewayResponse).sendRequestId('rid-1');
    write(res as GatewayResponse);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    request({ port, host: '127.0.0.1', path: '/' }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, message: res.statusMessage!, headers: res.headers, raw: res.rawHeaders }));
    })
      .on('error', reject)
      .end();
  });
}

describe('GatewayResponse', () => {
  it('adds x-request-id to a headers object without touching the caller’s object', async () => {
    const shared = Object.freeze({ 'content-type': 'application/json' });
    const r = await headWith((res) => res.writeHead(201, shared).end('{}'));
    expect(r.status).toBe(201);
    expect(r.headers['x-request-id']).toBe('rid-1');
    expect(r.headers['content-type']).toBe('application/json');
    expect(shared).toEqual({ 'content-type': 'application/json' });
  });

  it('with a status message, with raw header arrays, and with an implicit head from end()', async () => {
    const a = await headWith((res) => res.writeHead(200, 'Fine', { 'x-a': '1' }).end());
    expect([a.message, a.headers['x-a'], a.headers['x-request-id']]).toEqual(['Fine', '1', 'rid-1']);
    const b = await headWith((res) => res.writeHead(202, ['x-b', '2']).end());
    expect([b.status, b.headers['x-b'], b.headers['x-request-id']]).toEqual([202, '2', 'rid-1']);
    const c = await headWith((res) => {
      res.setHeader('x-c', '3');
      res.statusCode = 204;
      res.end();
    });
    expect([c.status, c.headers['x-c'], c.headers['x-request-id']]).toEqual([204, '3', 'rid-1']);
  });

  it('leaves an x-request-id the handler set itself, once', async () => {
    const own = await headWith((res) => res.writeHead(200, { 'x-request-id': 'mine' }).end());
    expect(own.raw.filter((h) => h.toLowerCase() === 'x-request-id')).toHaveLength(1);
    expect(own.headers['x-request-id']).toBe('mine');
    const cased = await headWith((res) => res.writeHead(200, { 'X-Request-Id': 'Mine' }).end());
    expect(cased.raw.filter((h) => h.toLowerCase() === 'x-request-id')).toHaveLength(1);
    expect(cased.headers['x-request-id']).toBe('Mine');
    const set = await headWith((res) => {
      res.setHeader('x-request-id', 'set');
      res.writeHead(200, { 'x-d': '4' }).end();
    });
    expect(set.headers['x-request-id']).toBe('set');
    expect(set.raw.filter((h) => h.toLowerCase() === 'x-request-id')).toHaveLength(1);
  });
});
