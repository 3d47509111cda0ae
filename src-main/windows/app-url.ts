/** Where the renderer lives: a privileged `app://llmlb/` scheme served from dist/renderer. Pure, no electron. */
import { extname, posix, resolve, sep } from 'node:path';
import { LOCALE_QUERY_PARAM } from '../../src-shared/i18n/languages.js';
import { contentTypeOf } from '../util/content-types.js';

/** Content-Type for a served file (shared with the web server). */
export { contentTypeOf };

/** The custom scheme the window loads the UI from. */
export const APP_SCHEME = 'app';

/** The single host of that scheme. */
export const APP_HOST = 'llmlb';

/** The app's origin: the only origin whose frames may call IPC or load in the window. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The URL the main window opens. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The query parameter that carries the OS locale (Electron's app.getLocale()) to the renderer. */
export const LOCALE_PARAM = LOCALE_QUERY_PARAM;

/** The entry URL telling the renderer the system `locale` (a BCP 47 tag), so "follow the system" means the OS, not Chromium. */
export function appEntryUrl(locale?: string): string {
  if (!locale) return APP_ENTRY_URL;
  const url = new URL(APP_ENTRY_URL);
  url.searchParams.set(LOCALE_PARAM, locale);
  return url.toString();
}

/** True when `url` parses, has no credentials and its scheme and host equal `origin`'s. */
export function isSameAppOrigin(url: string, origin: string = APP_ORIGIN): boolean {
  let actual: URL;
  let expected: URL;
  try {
    actual = new URL(url);
    expected = new URL(origin);
  } catch {
    return false;
  }
  // file:, data:, about: and friends have no meaningful host; never treat them as ours.
  if (actual.protocol === 'file:' || expected.protocol === 'file:' || expected.host === '') return false;
  if (actual.username || actual.password) return false;
  // Node keeps the case of non-special hosts; Chromium lower-cases standard schemes. Compare like Chromium.
  return actual.protocol === expected.protocol && actual.host.toLowerCase() === expected.host.toLowerCase();
}

/**
 * Maps an `app://llmlb/...` request to a file under `rootDir`, or null when the URL is not ours or
 * tries to leave the root. `/` and extension-less paths (client-side routes) map to index.html.
 */
export function resolveAppFile(rootDir: string, requestUrl: string): string | null {
  if (!isSameAppOrigin(requestUrl)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null;
  }
  // Any `..` left after decoding came from an encoded slash or dot: refuse rather than fold it.
  if (pathname.includes('\0') || pathname.includes('\\') || pathname.split('/').includes('..')) return null;
  const normal = posix.normalize(pathname);
  if (!normal.startsWith('/')) return null;
  const relative = normal === '/' || extname(normal) === '' ? 'index.html' : normal.slice(1);
  const root = resolve(rootDir);
  const file = resolve(root, ...relative.split('/'));
  return file.startsWith(root + sep) ? file : null;
}

