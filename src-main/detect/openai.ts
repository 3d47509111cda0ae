/** Generic OpenAI-compatible probe: `/v1/models` answers `{data:[…]}`. */
import { type Evidence, type Outcomes, type TypeProbe, okJson } from './types.js';

/** Detects any OpenAI-compatible server (the last resort before `unknown`). */
export const openAiProbe: TypeProbe = {
  type: 'openai_compatible',
  probes: [{ path: '/v1/models', sendKey: true }],
  read(outcomes: Outcomes): Evidence {
    const data = okJson(outcomes, '/v1/models')?.data;
    if (!Array.isArray(data)) return { matched: false, version: null, signals: [] };
    return { matched: true, version: null, signals: [`GET /v1/models: data[${data.length}]`] };
  },
};
