/** Types shared by the discovery modules. */
import type { EndpointType } from '../admin/types.js';

/** What type detection reports about a base URL (the shape `detect/` returns). */
export interface DetectionOutcome {
  readonly type: EndpointType;
  readonly version: string | null;
  readonly reachable: boolean;
  readonly error?: string | null;
}

/** Type detection of one base URL (`detectEndpointType`'s signature); never throws. */
export type Detector = (
  target: { readonly baseUrl: string; readonly apiKey: string | null },
  opts?: { readonly signal?: AbortSignal },
) => Promise<DetectionOutcome>;

/** A typed server that answered on a local port. */
export interface ProbeHit {
  readonly port: number;
  readonly baseUrl: string;
  readonly type: EndpointType;
  readonly version: string | null;
  readonly modelsFound: number;
}

/** Probes one local port; null when nothing usable answers. */
export type PortProber = (port: number, signal: AbortSignal) => Promise<ProbeHit | null>;
