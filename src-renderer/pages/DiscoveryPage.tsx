/** Local servers found by discovery and not registered: add or dismiss. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { TypeBadge } from '../components/Badges';
import { PageHead } from '../components/Page';
import { Empty, ErrorState, Loading } from '../components/States';
import { useFormat } from '../i18n';
import { NONE } from '../lib/format';
import { useDiscovery, useStores } from '../store';

/** The Discovery page. */
export function DiscoveryPage() {
  const stores = useStores();
  const state = useDiscovery((s) => s.state);
  const error = useDiscovery((s) => s.error);
  const servers = useDiscovery(useShallow((s) => s.servers));
  const busy = useDiscovery((s) => s.busy);
  const { t } = useTranslation();
  const fmt = useFormat();

  useEffect(() => {
    void stores.discovery.getState().load();
  }, [stores]);

  return (
    <div className="page" data-testid="page-discovery">
      <PageHead
        title={t('discovery.title')}
        sub={t('discovery.sub')}
        actions={
          <button type="button" className="btn" onClick={() => void stores.discovery.getState().load()}>
            {t('common.refresh')}
          </button>
        }
      />
      <section className="card" aria-label={t('discovery.region')}>
        {state === 'idle' || state === 'loading' ? (
          <Loading label={t('discovery.loading')} />
        ) : state === 'error' && servers.length === 0 ? (
          <ErrorState error={error} onRetry={() => void stores.discovery.getState().load()} />
        ) : servers.length === 0 ? (
          <Empty title={t('discovery.empty')}>
            <span>{t('discovery.emptyHelp')}</span>
          </Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="discovery-table">
              <thead>
                <tr>
                  <th scope="col">{t('discovery.col.server')}</th>
                  <th scope="col">{t('discovery.col.type')}</th>
                  <th scope="col">{t('discovery.col.version')}</th>
                  <th scope="col" className="num">
                    {t('discovery.col.models')}
                  </th>
                  <th scope="col">{t('discovery.col.found')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {servers.map((s) => (
                  <tr key={s.base_url} data-testid="discovered-row" data-url={s.base_url}>
                    <td>
                      <div className="cell-main">{s.suggested_name}</div>
                      <div className="cell-sub">{s.base_url}</div>
                    </td>
                    <td>
                      <TypeBadge type={s.endpoint_type} />
                    </td>
                    <td>{s.version ?? NONE}</td>
                    <td className="num">{fmt.int(s.models_found)}</td>
                    <td className="nowrap muted" title={fmt.dateTime(s.found_at)}>
                      {fmt.ago(s.found_at)}
                    </td>
                    <td>
                      <div className="row-actions">
                        <button type="button" className="btn small primary" disabled={Boolean(busy[s.base_url])} onClick={() => void stores.discovery.getState().add(s.base_url)} aria-label={t('discovery.addAria', { name: s.suggested_name })} data-testid="discovery-add">
                          {busy[s.base_url] === 'adding' ? t('discovery.adding') : t('discovery.add')}
                        </button>
                        <button type="button" className="btn small" disabled={Boolean(busy[s.base_url])} onClick={() => void stores.discovery.getState().dismiss(s.base_url)} aria-label={t('discovery.dismissAria', { name: s.suggested_name })} data-testid="discovery-dismiss">
                          {t('discovery.dismiss')}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
