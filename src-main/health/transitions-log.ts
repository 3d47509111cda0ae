/** One log line per endpoint status change (checks and passive reports alike), never one per check. */
import type { Logger } from '../logging/logger.js';
import type { RegistryChange } from '../registry/endpoints.js';

/** Logs status transitions at `info` (to online or pending) or `warn` (to error or offline); returns an unsubscribe. */
export function logTransitions(repo: { onChange(l: (c: RegistryChange) => void): () => void }, logger: Logger): () => void {
  return repo.onChange((c) => {
    if (c.kind !== 'updated' || !c.previous || c.previous.status === c.endpoint.status) return;
    const e = c.endpoint;
    const fields = {
      endpointId: e.id,
      endpointName: e.name,
      status: e.status,
      previous: c.previous.status,
      ...(e.last_error ? { reason: e.last_error } : {}),
      ...(e.latency_ms !== null ? { latencyMs: e.latency_ms } : {}),
    };
    const msg = `${e.name} is ${e.status} (was ${c.previous.status})${e.last_error && e.status !== 'online' ? `: ${e.last_error}` : ''}`;
    if (e.status === 'error' || e.status === 'offline') logger.warn(fields, msg);
    else logger.info(fields, msg);
  });
}
