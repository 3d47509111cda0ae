/** A TCP listener that counts connections and discovery rounds (shared by the discovery tests). */
import net from 'node:net';

/** A listener that counts connections; HTTP requests on it are cut at once, so detection finds nothing. */
export interface ConnectionCounter {
  readonly port: number;
  /** Every connection accepted. */
  connections(): number;
  /** Connections closed by the client without sending a byte: discovery's TCP check, once a round. */
  bareConnects(): number;
  /** Connections still open. */
  open(): number;
  close(): Promise<void>;
}

/** Starts a connection counter on 127.0.0.1, port 0. */
export async function startConnectionCounter(): Promise<ConnectionCounter> {
  let total = 0;
  let bare = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    total++;
    sockets.add(s);
    let sentData = false;
    s.on('error', () => undefined);
    s.on('data', () => {
      sentData = true;
      s.destroy();
    });
    s.on('close', () => {
      sockets.delete(s);
      if (!sentData) bare++;
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => total,
    bareConnects: () => bare,
    open: () => sockets.size,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
