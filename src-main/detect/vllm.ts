/** vLLM probe: `/v1/models` items `owned_by:"vllm"`, confirmed by `/version`; `Server: uvicorn` is only a weak hint. */
import { type Evidence, type Outcomes, type TypeProbe, dataItems, headerValues, okJson, str } from './types.js';

/** Detects vLLM. `/version` is public even with `--api-key`, so it is sent without the key. */
export const vllmProbe: TypeProbe = {
  type: 'vllm',
  probes: [
    { path: '/version', sendKey: false },
    { path: '/v1/models', sendKey: true },
  ],
  read(outcomes: Outcomes): Evidence {
    const signals: string[] = [];
    const ownedBy = (dataItems(okJson(outcomes, '/v1/models')) ?? []).some((m) => m.owned_by === 'vllm');
    if (ownedBy) signals.push('GET /v1/models: owned_by vllm');
    const version = str(okJson(outcomes, '/version')?.version);
    if (version !== null) signals.push(`GET /version: version ${version}`);
    const uvicorn = headerValues(outcomes, 'server').some((v) => v.toLowerCase() === 'uvicorn');
    if (uvicorn) signals.push('header server: uvicorn');
    // Without the model list (e.g. a wrong key), uvicorn + /version together still point at vLLM.
    return { matched: ownedBy || (uvicorn && version !== null), version, signals };
  },
};
