/** Test / sync / edit / delete for one endpoint, with its dialogs (shared by the list and the detail page). */
import { useState } from 'react';
import type { EndpointDTO } from '../../src-main/admin/types';
import { ConfirmDialog } from '../components/Dialog';
import { useEndpoints, useStores } from '../store';
import { EndpointDialog } from './EndpointDialog';

/** The action buttons of one endpoint. `onDeleted` runs after a confirmed, successful delete. */
export function EndpointActions({ endpoint, small, onDeleted }: { endpoint: EndpointDTO; small?: boolean; onDeleted?: () => void }) {
  const stores = useStores();
  const busy = useEndpoints((s) => s.busy[endpoint.id]);
  const [dialog, setDialog] = useState<'edit' | 'delete' | null>(null);
  const cls = small ? 'btn small' : 'btn';
  const api = () => stores.endpoints.getState();
  return (
    <>
      <button type="button" className={cls} disabled={Boolean(busy)} onClick={() => void api().test(endpoint.id)} data-testid="endpoint-test" aria-label={`Test ${endpoint.name}`}>
        {busy === 'testing' ? 'Testing…' : 'Test'}
      </button>
      <button type="button" className={cls} disabled={Boolean(busy)} onClick={() => void api().sync(endpoint.id)} data-testid="endpoint-sync" aria-label={`Sync models of ${endpoint.name}`}>
        {busy === 'syncing' ? 'Syncing…' : 'Sync'}
      </button>
      <button type="button" className={cls} disabled={Boolean(busy)} onClick={() => setDialog('edit')} data-testid="endpoint-edit" aria-label={`Edit ${endpoint.name}`}>
        Edit
      </button>
      <button type="button" className={`${cls} danger`} disabled={Boolean(busy)} onClick={() => setDialog('delete')} data-testid="endpoint-delete" aria-label={`Delete ${endpoint.name}`}>
        Delete
      </button>
      {dialog === 'edit' && <EndpointDialog endpoint={endpoint} onClose={() => setDialog(null)} />}
      {dialog === 'delete' && (
        <ConfirmDialog
          title={`Delete ${endpoint.name}?`}
          message={
            <>
              llmlb stops routing to <code>{endpoint.base_url}</code> and forgets its models, health history and downloads. The server itself is not touched.
            </>
          }
          confirmLabel="Delete endpoint"
          busy={busy === 'deleting'}
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            const ok = await api().remove(endpoint.id);
            setDialog(null);
            if (ok) onDeleted?.();
          }}
        />
      )}
    </>
  );
}
