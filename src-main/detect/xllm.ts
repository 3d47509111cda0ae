/** xLLM probe: `GET /v0/system` carries `xllm_version`. */
import { type Evidence, NO_EVIDENCE, type Outcomes, type TypeProbe, okJson, str } from './types.js';

/** Detects an xLLM node. */
export const xllmProbe: TypeProbe = {
  type: 'xllm',
  probes: [{ path: '/v0/system', sendKey: true }],
  read(outcomes: Outcomes): Evidence {
    const version = str(okJson(outcomes, '/v0/system')?.xllm_version);
    if (version === null) return NO_EVIDENCE;
    return { matched: true, version, signals: [`GET /v0/system: xllm_version ${version}`] };
  },
};
