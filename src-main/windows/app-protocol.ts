/** Serves dist/renderer on `app://llmlb/` with the CSP attached to every response. */
import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { APP_SCHEME, contentTypeOf, resolveAppFile } from './app-url.js';

/** Declares the scheme as standard and secure; must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** Answers `app://llmlb/...` from `rendererDir` in `session`; only GET of files inside that folder. */
export function serveAppScheme(session: Session, rendererDir: string, csp: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET') return new Response(null, { status: 405 });
    const file = resolveAppFile(rendererDir, request.url);
    if (!file) return notFound();
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'content-type': contentTypeOf(file),
          'content-security-policy': csp,
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-cache',
        },
      });
    } catch {
      return notFound();
    }
  });
}
