/** Applies live core events to the stores, so changes show without reloading or polling. */
import type { LlmlbEvent } from '../../src-main/admin/types';
import { assertNever } from '../lib/names';
import type { Stores } from './root';

/** Routes one event to the stores it changes. */
export function applyEvent(stores: Stores, event: LlmlbEvent): void {
  const endpoints = stores.endpoints.getState();
  switch (event.type) {
    case 'endpoint.created':
    case 'endpoint.updated':
      endpoints.upsert(event.endpoint);
      stores.discovery.getState().forget(event.endpoint.base_url);
      stores.models.getState().invalidate();
      return;
    case 'endpoint.deleted':
      endpoints.drop(event.endpoint_id);
      stores.models.getState().invalidate();
      return;
    case 'endpoint.status':
      endpoints.patchStatus(event.endpoint_id, { status: event.status, latency_ms: event.latency_ms, error: event.error });
      // The health chart of an open detail page gains a point per check.
      if (endpoints.health[event.endpoint_id]) void endpoints.loadHealth(event.endpoint_id);
      stores.models.getState().invalidate();
      return;
    case 'endpoint.type':
      endpoints.patchType(event.endpoint_id, event.endpoint_type);
      stores.models.getState().invalidate();
      return;
    case 'endpoint.models': {
      const current = endpoints.byId[event.endpoint_id];
      if (current) endpoints.upsert({ ...current, model_count: event.result.synced_models });
      if (endpoints.details[event.endpoint_id]) void endpoints.loadDetail(event.endpoint_id);
      stores.models.getState().invalidate();
      return;
    }
    case 'download.progress':
      stores.downloads.getState().applyTask(event.task);
      return;
    case 'discovery.found':
      // Discovery may report a server that is already registered: only show the unregistered.
      if (!Object.values(endpoints.byId).some((e) => e.base_url === event.server.base_url)) {
        stores.discovery.getState().applyFound(event.server);
      }
      return;
    case 'request.logged':
      stores.requests.getState().applyLogged(event.request);
      return;
    case 'log':
      stores.logs.getState().applyLive(event.entries, event.dropped);
      return;
    default:
      assertNever(event);
  }
}

/** Subscribes the stores to the client's live events; returns the unsubscribe. */
export function connectLive(stores: Stores): () => void {
  const session = stores.session.getState();
  session.setLive('connecting');
  return stores.client.subscribe((event) => applyEvent(stores, event), {
    onOpen: () => {
      stores.session.getState().setLive('open');
      // Whatever changed while disconnected: refresh what the user can see.
      const endpoints = stores.endpoints.getState();
      if (endpoints.state !== 'idle') void endpoints.load();
      for (const id of Object.keys(endpoints.details)) void endpoints.loadDetail(id);
      // Log lines are not replayed: fetch those written while the connection was down.
      const logs = stores.logs.getState();
      if (logs.following && logs.state !== 'idle') void logs.setFollowing(true);
    },
    onError: (error) => {
      if (error.status === 401) stores.session.getState().unauthorized();
      else stores.session.getState().setLive('closed');
    },
  });
}
