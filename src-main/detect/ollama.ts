/** Ollama probe: `/api/version` has `version` and `/api/tags` has `models`. Ollama never checks keys. */
import { type Evidence, type Outcomes, type TypeProbe, okJson, str } from './types.js';

/** Detects Ollama; both answers are needed (llama.cpp also lists an Ollama-like `models` array elsewhere). */
export const ollamaProbe: TypeProbe = {
  type: 'ollama',
  probes: [
    { path: '/api/version', sendKey: false },
    { path: '/api/tags', sendKey: false },
  ],
  read(outcomes: Outcomes): Evidence {
    const version = str(okJson(outcomes, '/api/version')?.version);
    const tags = Array.isArray(okJson(outcomes, '/api/tags')?.models);
    const signals: string[] = [];
    if (version !== null) signals.push(`GET /api/version: version ${version}`);
    if (tags) signals.push('GET /api/tags: models array');
    return { matched: version !== null && tags, version, signals };
  },
};
