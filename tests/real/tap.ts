// A transparent TCP pass-through that notes the HTTP request and status lines going by, so a test
// can tell which requests reached a real server even while it only answers 503 (llama-server logs
// no requests). Bytes are forwarded unchanged; a target that refuses closes the client socket.

import net from 'node:net';

/** One exchange seen on the wire (status null until the response line went by). */
export interface TappedRequest {
  readonly method: string;
  readonly path: string;
  status: number | null;
}

/** A running tap. */
export interface Tap {
  /** `http://127.0.0.1:PORT` of the tap itself. */
  readonly url: string;
  readonly requests: TappedRequest[];
  close(): Promise<void>;
}

const REQUEST_LINE = /(?:^|\r\n)(GET|POST|PUT|DELETE|HEAD|OPTIONS) (\S+) HTTP\/1\.[01]\r\n/g;
const STATUS_LINE = /(?:^|\r\n)HTTP\/1\.[01] (\d{3}) /g;

/** Starts a tap on 127.0.0.1 (port 0) in front of `127.0.0.1:targetPort`. */
export async function startTap(targetPort: number): Promise<Tap> {
  const requests: TappedRequest[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    // Responses come back in request order on one connection (no pipelining from undici here).
    const mine: TappedRequest[] = [];
    let answered = 0;
    client.on('data', (d: Buffer) => {
      for (const m of d.toString('latin1').matchAll(REQUEST_LINE)) {
        const r: TappedRequest = { method: m[1]!, path: m[2]!, status: null };
        requests.push(r);
        mine.push(r);
      }
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      for (const m of d.toString('latin1').matchAll(STATUS_LINE)) {
        const r = mine[answered++];
        if (r) r.status = Number(m[1]);
      }
      client.write(d);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
