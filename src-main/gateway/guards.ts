/** DNS-rebinding and cross-origin guards (SPEC §6): pure functions over headers and config. */
import { isLoopbackHost, type Config } from '../config/config.js';

const LOCAL_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The host name of a Host header value, lower-cased, without the port. */
export function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end === -1 ? h : h.slice(0, end + 1);
  }
  const colon = h.lastIndexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

/** True when the Host header names this server: loopback names, the bound address, or an allow-listed host. */
export function hostAllowed(hostHeader: string | undefined, cfg: Config): boolean {
  if (!hostHeader) return false;
  const name = hostName(hostHeader);
  if (LOCAL_NAMES.has(name)) return true;
  const bound = cfg.host.toLowerCase();
  if (name === bound || name === `[${bound}]`) return true;
  if (cfg.allowedHosts.includes(name)) return true;
  // Bound to all interfaces with API keys enforced: any name the machine answers to is acceptable.
  if ((bound === '0.0.0.0' || bound === '::') && cfg.requireApiKey) return true;
  return false;
}

/** True when a request's Origin may call us: same origin as an allowed Host, or allow-listed for CORS. */
export function originAllowed(origin: string, hostHeader: string | undefined, cfg: Config): boolean {
  const o = origin.trim().toLowerCase();
  if (cfg.corsOrigins.includes(o)) return true;
  if (o === 'null' || !hostHeader) return false;
  let u: URL;
  try {
    u = new URL(o);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  return u.host === hostHeader.trim().toLowerCase() && hostAllowed(hostHeader, cfg);
}

export { isLoopbackHost };
