/** The app's pages and their `#/…` hashes (a hash router works from file:// and behind any server path). */

/** A page the app can show. */
export type Route =
  | { readonly page: 'endpoints' }
  | { readonly page: 'endpoint'; readonly id: string }
  | { readonly page: 'models' }
  | { readonly page: 'discovery' }
  | { readonly page: 'requests' }
  | { readonly page: 'logs' }
  | { readonly page: 'settings' };

/** Top-level pages in navigation order (each is labelled by the catalog key `nav.<page>`). */
export const NAV: readonly { readonly page: Exclude<Route['page'], 'endpoint'> }[] = [
  { page: 'endpoints' },
  { page: 'models' },
  { page: 'discovery' },
  { page: 'requests' },
  { page: 'logs' },
  { page: 'settings' },
];

/** Reads a location hash ("#/endpoints/abc"); anything unknown is the endpoints page. */
export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeSafe);
  const [head, id] = parts;
  switch (head) {
    case 'endpoints':
      return id ? { page: 'endpoint', id } : { page: 'endpoints' };
    case 'models':
    case 'discovery':
    case 'requests':
    case 'logs':
    case 'settings':
      return { page: head };
    default:
      return { page: 'endpoints' };
  }
}

/** The hash of a route. */
export function hashOf(route: Route): string {
  return route.page === 'endpoint' ? `#/endpoints/${encodeURIComponent(route.id)}` : `#/${route.page}`;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
