/** Orderings of the wire enums and small facts about them (the renderer may not import values from src-main). Their display words live in the catalogs. */
import type { EndpointStatus, EndpointType, KeyRole } from '../../src-main/admin/types';

/** Endpoint types in the order the filter lists them (shown as `endpointType.<type>`). */
export const TYPES: readonly EndpointType[] = ['ollama', 'vllm', 'llama_cpp', 'lm_studio', 'xllm', 'openai_compatible', 'unknown'];

/** Statuses in the order the filter lists them (shown as `status.<status>`). */
export const STATUSES: readonly EndpointStatus[] = ['online', 'pending', 'error', 'offline'];

/** Key roles in the order the create form lists them (shown as `roles.<role>.name`, explained by `roles.<role>.help`). */
export const ROLES: readonly KeyRole[] = ['admin', 'viewer', 'inference'];

/** Types whose endpoints can download models (SPEC §3). */
export function canDownload(type: EndpointType): boolean {
  return type === 'xllm' || type === 'ollama';
}

/** Exhaustiveness check for discriminated unions. */
export function assertNever(x: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(x)}`);
}
