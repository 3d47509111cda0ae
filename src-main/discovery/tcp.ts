/** A bare TCP connect check: cheap enough to run on every configured port each round. */
import net from 'node:net';

/** Resolves true when `host:port` accepts a TCP connection within `timeoutMs`; never rejects. */
export function isPortOpen(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (open: boolean): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.removeAllListeners('connect');
      // Keep an error listener: a late RST after destroy() must not become an unhandled 'error'.
      socket.on('error', () => undefined);
      socket.destroy();
      resolve(open);
    };
    const onAbort = (): void => finish(false);
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
