/** llama.cpp probe: the `Server: llama.cpp` header, `owned_by:"llamacpp"`, or `/props` settings. */
import { type Evidence, type Outcomes, type TypeProbe, dataItems, headerValues, okJson, str } from './types.js';

/** Detects llama-server. The header is on every answer, 401 and 503 included, so a wrong key or a loading model still types it. */
export const llamaCppProbe: TypeProbe = {
  type: 'llama_cpp',
  probes: [
    { path: '/props', sendKey: true },
    // Public even with --api-key, so the header shows up whatever the key.
    { path: '/health', sendKey: false },
    { path: '/v1/models', sendKey: true },
  ],
  read(outcomes: Outcomes): Evidence {
    const signals: string[] = [];
    if (headerValues(outcomes, 'server').some((v) => v.toLowerCase().startsWith('llama.cpp'))) signals.push('header server: llama.cpp');
    const items = dataItems(okJson(outcomes, '/v1/models')) ?? [];
    if (items.some((m) => m.owned_by === 'llamacpp')) signals.push('GET /v1/models: owned_by llamacpp');
    const props = okJson(outcomes, '/props');
    const hasSettings = typeof props?.default_generation_settings === 'object' && props.default_generation_settings !== null;
    if (hasSettings) signals.push('GET /props: default_generation_settings');
    return { matched: signals.length > 0, version: hasSettings ? str(props?.build_info) : null, signals };
  },
};
