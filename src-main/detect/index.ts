/** Endpoint type detection (SPEC §3). */
export { type DetectOptions, type DetectTarget, detectEndpointType, probePlan } from './detect.js';
export { TYPE_PROBES, decide } from './decide.js';
export type { DetectionResult } from './types.js';
