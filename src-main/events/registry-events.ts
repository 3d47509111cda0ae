/** Turns registry changes into live events (endpoint created/updated/deleted, status and type changes). */
import type { EventBus } from './bus.js';
import type { EndpointRepository } from '../registry/endpoints.js';

/** Publishes registry changes on the bus. */
export function bridgeRegistryEvents(repo: EndpointRepository, bus: EventBus): () => void {
  return repo.onChange((c) => {
    if (bus.size() === 0) return;
    switch (c.kind) {
      case 'created':
        bus.publish({ type: 'endpoint.created', endpoint: repo.toDTO(c.endpoint) });
        return;
      case 'deleted':
        bus.publish({ type: 'endpoint.deleted', endpoint_id: c.endpoint.id });
        return;
      case 'models':
        return; // sync publishes endpoint.models with its diff
      case 'updated': {
        const prev = c.previous;
        const next = c.endpoint;
        bus.publish({ type: 'endpoint.updated', endpoint: repo.toDTO(next) });
        if (prev && prev.status !== next.status) {
          bus.publish({
            type: 'endpoint.status',
            endpoint_id: next.id,
            status: next.status,
            previous: prev.status,
            latency_ms: next.latency_ms,
            error: next.last_error,
          });
        }
        if (prev && prev.endpoint_type !== next.endpoint_type) {
          bus.publish({ type: 'endpoint.type', endpoint_id: next.id, endpoint_type: next.endpoint_type });
        }
        return;
      }
    }
  });
}
