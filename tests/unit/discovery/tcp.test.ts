import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isPortOpen } from '../../../src-main/discovery/tcp.js';
import { closedPort } from '../../fakes/index.js';

let server: net.Server | null = null;

afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

async function listen(): Promise<{ port: number; sockets: net.Socket[] }> {
  const sockets: net.Socket[] = [];
  server = net.createServer((s) => {
    sockets.push(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as net.AddressInfo).port, sockets };
}

describe('isPortOpen', () => {
  it('is true for a listening port and closes its socket', async () => {
    const { port, sockets } = await listen();
    expect(await isPortOpen('127.0.0.1', port, 300)).toBe(true);
    await expect.poll(() => sockets.length).toBe(1);
    await expect.poll(() => sockets[0]!.destroyed || sockets[0]!.readableEnded).toBe(true);
  });

  it('is false for a refused port', async () => {
    expect(await isPortOpen('127.0.0.1', await closedPort(), 300)).toBe(false);
  });

  it('is false when already aborted, without connecting', async () => {
    const { port, sockets } = await listen();
    const ac = new AbortController();
    ac.abort();
    expect(await isPortOpen('127.0.0.1', port, 300, ac.signal)).toBe(false);
    await new Promise((r) => setTimeout(r, 50));
    expect(sockets).toHaveLength(0);
  });
});
