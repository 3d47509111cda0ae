/** `GET /v0/events`: server-sent events from the core's event bus, with keep-alive comments. */
import type { AdminApi } from '../../admin/api.js';
import type { RequestContext } from '../http.js';

const KEEPALIVE_MS = 15_000;

/** Streams every core event to the client until it disconnects. */
export function serveEvents(ctx: RequestContext, admin: AdminApi, longLived: (res: RequestContext['res']) => void): Promise<void> {
  const { res, req } = ctx;
  longLived(res);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  req.socket.setNoDelay(true);
  res.write(': connected\n\nretry: 2000\n\n');
  return new Promise((resolve) => {
    const unsubscribe = admin.subscribe((event) => {
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const timer = setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS);
    timer.unref();
    res.once('close', () => {
      clearInterval(timer);
      unsubscribe();
      resolve();
    });
  });
}
