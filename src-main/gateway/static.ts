/** Serves the built web dashboard (dist/renderer) at `/`: SPA fallback, strict CSP, long caching for hashed assets. */
import { createReadStream, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { posix, resolve, sep } from 'node:path';
import { contentTypeOf } from '../util/content-types.js';

/** The Content-Security-Policy of every dashboard response (no inline scripts, no third parties, no framing). */
export const DASHBOARD_CSP =
  "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'";


/** Paths the router owns: the handler never answers them. */
const API_PREFIXES = ['/v0', '/v1', '/api', '/metrics'] as const;

/** Vite's content-hashed output (`name-AbCd1234.js`): safe to cache forever. */
const HASHED = /^\/assets\/.+-[A-Za-z0-9_-]{8,}\.[A-Za-z0-9.]+$/;

/** True when `path` is an API path (`/v1`, `/v1/...`, not `/v1x`). */
function isApiPath(path: string): boolean {
  return API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
}

/** Decodes and normalises a URL path; null when it cannot be a file path. */
function cleanPath(rawUrl: string): string | null {
  const q = rawUrl.search(/[?#]/);
  const raw = q === -1 ? rawUrl : rawUrl.slice(0, q);
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  // A leading "/" makes normalize() clamp any "..": the result never climbs above the root.
  return posix.normalize(`/${decoded}`);
}

/** The file at `rel` under `root`, when it is a regular, non-hidden file that really lives under root. */
function fileUnder(root: string, realRoot: string, rel: string): { path: string; stat: Stats } | null {
  if (rel.split('/').some((seg) => seg.startsWith('.') && seg.length > 0)) return null;
  const path = resolve(root, `.${rel}`);
  if (path !== root && !path.startsWith(root + sep)) return null;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return null;
    // Symlinks must not lead out of the root.
    const real = realpathSync(path);
    if (!real.startsWith(realRoot + sep)) return null;
    return { path, stat };
  } catch {
    return null;
  }
}

/** Security headers sent with every dashboard response. */
function baseHeaders(): Record<string, string> {
  return {
    'content-security-policy': DASHBOARD_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };
}

/** A weak validator from size and modification time. */
function etagOf(stat: Stats): string {
  return `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
}

/**
 * Creates the dashboard handler for `rootDir` (the vite output). It answers GET/HEAD for files,
 * `index.html` for `/` and unknown non-API paths, 404 for missing `/assets/*`; it returns false
 * (not handled) for API paths, other methods, and everything when rootDir has no index.html.
 */
export function createStaticHandler(rootDir: string): (req: IncomingMessage, res: ServerResponse) => boolean {
  const root = resolve(rootDir);

  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = cleanPath(req.url ?? '/');
    if (path === null || isApiPath(path)) return false;

    let realRoot: string;
    try {
      realRoot = realpathSync(root);
    } catch {
      return false;
    }
    const index = fileUnder(root, realRoot, '/index.html');
    if (!index) return false;

    const file = path === '/' || path === '/index.html' ? index : fileUnder(root, realRoot, path);
    if (!file) {
      if (path.startsWith('/assets/')) {
        // A missing script must not come back as HTML (nosniff would only turn that into a confusing error).
        const body = 'Not found\n';
        res.writeHead(404, { ...baseHeaders(), 'content-type': 'text/plain; charset=utf-8', 'content-length': String(body.length), 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
        return true;
      }
      sendIndex(req, res, index);
      return true;
    }
    if (file === index) {
      sendIndex(req, res, index);
      return true;
    }

    const etag = etagOf(file.stat);
    const headers: Record<string, string> = {
      ...baseHeaders(),
      'content-type': contentTypeOf(file.path),
      'cache-control': HASHED.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      etag,
      'last-modified': file.stat.mtime.toUTCString(),
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    headers['content-length'] = String(file.stat.size);
    res.writeHead(200, headers);
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    const stream = createReadStream(file.path);
    stream.on('error', () => res.destroy());
    res.on('close', () => stream.destroy());
    stream.pipe(res);
    return true;
  };
}

/**
 * Sends index.html with `<base href="/">`, so its relative asset URLs (vite `base: './'`, needed
 * by Electron's file://) resolve from the root even when the SPA fallback serves it at `/a/b`.
 */
function sendIndex(req: IncomingMessage, res: ServerResponse, index: { path: string; stat: Stats }): void {
  let html: string;
  try {
    html = readFileSync(index.path, 'utf8');
  } catch {
    res.writeHead(500, { ...baseHeaders(), 'content-type': 'text/plain; charset=utf-8' });
    res.end('Dashboard unavailable\n');
    return;
  }
  if (!/<base\s/i.test(html)) html = html.replace(/<head(\s[^>]*)?>/i, (m) => `${m}\n    <base href="/" />`);
  const body = Buffer.from(html, 'utf8');
  const etag = etagOf(index.stat);
  const headers: Record<string, string> = {
    ...baseHeaders(),
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-cache',
    etag,
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  headers['content-length'] = String(body.length);
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}
