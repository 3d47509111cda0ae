/** Human names and orderings of the wire enums (the renderer may not import values from src-main). */
import type { Capability, EndpointStatus, EndpointType, KeyRole } from '../../src-main/admin/types';

/** Each endpoint type's display name. */
export const TYPE_LABEL: Readonly<Record<EndpointType, string>> = {
  ollama: 'Ollama',
  vllm: 'vLLM',
  llama_cpp: 'llama.cpp',
  lm_studio: 'LM Studio',
  xllm: 'xLLM',
  openai_compatible: 'OpenAI-compatible',
  unknown: 'Unknown',
};

/** Endpoint types in the order the filter lists them. */
export const TYPES: readonly EndpointType[] = ['ollama', 'vllm', 'llama_cpp', 'lm_studio', 'xllm', 'openai_compatible', 'unknown'];

/** Statuses in the order the filter lists them. */
export const STATUSES: readonly EndpointStatus[] = ['online', 'pending', 'error', 'offline'];

/** Each status's display word. */
export const STATUS_LABEL: Readonly<Record<EndpointStatus, string>> = {
  online: 'online',
  pending: 'pending',
  error: 'error',
  offline: 'offline',
};

/** Types whose endpoints can download models (SPEC §3). */
export function canDownload(type: EndpointType): boolean {
  return type === 'xllm' || type === 'ollama';
}

/** Each capability's display name. */
export const CAPABILITY_LABEL: Readonly<Record<Capability, string>> = {
  chat: 'chat',
  completion: 'completion',
  embeddings: 'embeddings',
  vision: 'vision',
  tools: 'tools',
};

/** Key roles with a one-line description for the create form. */
export const ROLES: readonly { readonly role: KeyRole; readonly help: string }[] = [
  { role: 'admin', help: 'full access to this dashboard and the admin API' },
  { role: 'viewer', help: 'read-only access to the admin API' },
  { role: 'inference', help: 'only /v1 and /api (for programs)' },
];

/** Exhaustiveness check for discriminated unions. */
export function assertNever(x: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(x)}`);
}
