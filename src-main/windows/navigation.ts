/** What the window does with a navigation or a window.open: stay, hand to the browser, or refuse. Pure. */
import { APP_ORIGIN, isSameAppOrigin } from './app-url.js';

/** The decision for one URL. */
export type NavigationDecision = 'allow' | 'external' | 'deny';

/** True for a well-formed http(s) URL without credentials: the only kind llmlb opens in the browser. */
export function isExternalHttpUrl(url: string): boolean {
  if (typeof url !== 'string' || url.length > 2048) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '' && !parsed.username && !parsed.password;
}

/** In-app URLs stay, http(s) goes to the browser, anything else (file:, javascript:, custom schemes) is refused. */
export function decideNavigation(url: string, origin: string = APP_ORIGIN): NavigationDecision {
  if (isSameAppOrigin(url, origin)) return 'allow';
  if (isExternalHttpUrl(url)) return 'external';
  return 'deny';
}
