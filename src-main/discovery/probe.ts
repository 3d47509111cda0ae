/** Probes one local port: a quick TCP connect, then type detection and a model count on what answers. */
import { countModels } from './models.js';
import { isPortOpen } from './tcp.js';
import type { Detector, PortProber, ProbeHit } from './types.js';

/** Timeouts of one port probe. */
export interface ProbeTimeouts {
  /** TCP connect check. */
  readonly connectMs: number;
  /** Model listing after detection. */
  readonly modelsMs: number;
}

/** Default timeouts: a closed or filtered port costs at most 300 ms. */
export const DEFAULT_PROBE_TIMEOUTS: ProbeTimeouts = { connectMs: 300, modelsMs: 2000 };

/** The loopback address discovery probes. */
export const DISCOVERY_HOST = '127.0.0.1';

/** Builds the prober of a local port around a type detector. */
export function localPortProber(detect: Detector, timeouts: ProbeTimeouts = DEFAULT_PROBE_TIMEOUTS): PortProber {
  return async (port, signal): Promise<ProbeHit | null> => {
    if (!(await isPortOpen(DISCOVERY_HOST, port, timeouts.connectMs, signal))) return null;
    if (signal.aborted) return null;
    const baseUrl = `http://${DISCOVERY_HOST}:${port}`;
    const d = await detect({ baseUrl, apiKey: null }, { signal });
    if (signal.aborted || !d.reachable || d.type === 'unknown') return null;
    const modelsFound = await countModels(baseUrl, d.type, timeouts.modelsMs, signal);
    return { port, baseUrl, type: d.type, version: d.version, modelsFound };
  };
}
