/** Cloud model names (`anthropic:claude-x`) and provider facts; the seam itself is `CloudRouter` in gateway/proxy/types.ts. */
import type { CloudProvider } from '../admin/types.js';

/** A model name split into its provider and the provider's own model id. */
export interface CloudModel {
  readonly provider: CloudProvider;
  readonly model: string;
}

/** Every cloud provider, in listing order. */
export const CLOUD_PROVIDERS: readonly CloudProvider[] = ['openai', 'google', 'anthropic'];

/** Splits `anthropic:claude-x` into provider and model; null when there is no cloud prefix. */
export function parseCloudModel(name: string): CloudModel | null {
  const i = name.indexOf(':');
  if (i <= 0) return null;
  const p = name.slice(0, i);
  const provider = CLOUD_PROVIDERS.find((x) => x === p);
  return provider ? { provider, model: name.slice(i + 1) } : null;
}

/** The env var users set for a provider's key (named in the missing-key error). */
export function keyEnvVar(p: CloudProvider): string {
  return `${p.toUpperCase()}_API_KEY`;
}
