/** LM Studio probe: its native model lists carry `publisher` and `arch` (v0) or `architecture` (v1). */
import { type Evidence, type Outcomes, type TypeProbe, asObject, okJson } from './types.js';

function lmItems(outcomes: Outcomes, path: string, key: 'data' | 'models'): boolean {
  const list = okJson(outcomes, path)?.[key];
  if (!Array.isArray(list) || list.length === 0) return false;
  return list.some((x) => {
    const o = asObject(x);
    return o !== null && typeof o.publisher === 'string' && (typeof o.arch === 'string' || typeof o.architecture === 'string');
  });
}

/** Detects LM Studio (REST API v1 from 0.4, v0 from 0.3.6). */
export const lmStudioProbe: TypeProbe = {
  type: 'lm_studio',
  probes: [
    { path: '/api/v1/models', sendKey: true },
    { path: '/api/v0/models', sendKey: true },
  ],
  read(outcomes: Outcomes): Evidence {
    const signals: string[] = [];
    if (lmItems(outcomes, '/api/v1/models', 'models')) signals.push('GET /api/v1/models: items with publisher and architecture');
    if (lmItems(outcomes, '/api/v0/models', 'data')) signals.push('GET /api/v0/models: items with publisher and arch');
    return { matched: signals.length > 0, version: null, signals };
  },
};
