/** Base URL rules for endpoints: http(s) only, a host, normalised so duplicates are caught. */

/** Why a URL was refused (a message safe to show). */
export class InvalidUrlError extends Error {
  override readonly name = 'InvalidUrlError';
}

/**
 * Normalises an endpoint base URL: lower-case scheme and host, default port dropped, no query or
 * fragment, no credentials, trailing `/` and a trailing `/v1` removed.
 */
export function normalizeBaseUrl(input: string): string {
  const raw = input.trim();
  if (raw.length === 0) throw new InvalidUrlError('base_url is empty');
  if (raw.length > 2048) throw new InvalidUrlError('base_url is too long');
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new InvalidUrlError('base_url is not a valid URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new InvalidUrlError(`base_url must use http or https, not ${u.protocol.replace(/:$/, '')}`);
  }
  if (!u.hostname) throw new InvalidUrlError('base_url has no host');
  if (u.username || u.password) throw new InvalidUrlError('base_url must not contain credentials; use api_key');
  if (u.search || u.hash) throw new InvalidUrlError('base_url must not contain a query or fragment');
  // URL already lower-cases scheme and host and drops default ports.
  let path = u.pathname.replace(/\/+$/, '');
  if (/\/v1$/i.test(path)) path = path.slice(0, -3);
  path = path.replace(/\/+$/, '');
  return `${u.protocol}//${u.host}${path}`;
}

/** The canonical form used to compare URLs across `localhost` / `127.0.0.1` / `[::1]` spellings. */
export function loopbackKey(normalized: string): string {
  return normalized.replace(/^(https?:\/\/)(localhost|127\.0\.0\.1|\[::1\])(?=[:/]|$)/, '$1127.0.0.1');
}
