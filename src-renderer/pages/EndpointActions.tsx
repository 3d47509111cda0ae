/** Test / sync / edit / delete for one endpoint, with its dialogs (shared by the list and the detail page). */
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  const name = endpoint.name;
  return (
    <>
      <button type="button" className={cls} disabled={Boolean(busy)} onClick={() => void api().test(endpoint.id)} data-testid="endpoint-test" aria-label={t('endpointActions.testAria', { name })}>
        {busy === 'testing' ? t('endpointActions.testing') : t('endpointActions.test')}
      </button>
      <button type="button" className={cls} disabled={Boolean(busy)} onClick={() => void api().sync(endpoint.id)} data-testid="endpoint-sync" aria-label={t('endpointActions.syncAria', { name })}>
        {busy === 'syncing' ? t('endpointActions.syncing') : t('endpointActions.sync')}
      </button>
      <button type="button" className={cls} disabled={Boolean(busy)} onClick={() => setDialog('edit')} data-testid="endpoint-edit" aria-label={t('endpointActions.editAria', { name })}>
        {t('common.edit')}
      </button>
      <button type="button" className={`${cls} danger`} disabled={Boolean(busy)} onClick={() => setDialog('delete')} data-testid="endpoint-delete" aria-label={t('endpointActions.deleteAria', { name })}>
        {t('common.delete')}
      </button>
      {dialog === 'edit' && <EndpointDialog endpoint={endpoint} onClose={() => setDialog(null)} />}
      {dialog === 'delete' && (
        <ConfirmDialog
          title={t('endpointActions.confirmTitle', { name })}
          message={<Trans i18nKey="endpointActions.confirmMessage" values={{ url: endpoint.base_url }} components={{ code: <code /> }} />}
          confirmLabel={t('endpointActions.confirmLabel')}
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
