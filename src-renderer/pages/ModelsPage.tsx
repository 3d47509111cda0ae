/** Every model with the endpoints that serve it. */
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { Capabilities, StatusBadge, TypeBadge } from '../components/Badges';
import { AliasesPanel } from '../components/AliasesPanel';
import { PageHead } from '../components/Page';
import { Empty, ErrorState, Loading } from '../components/States';
import { useFormat } from '../i18n';
import { hashOf } from '../lib/route';
import { useModels, useStores } from '../store';

/** The Models page. */
export function ModelsPage() {
  const stores = useStores();
  const state = useModels((s) => s.state);
  const error = useModels((s) => s.error);
  const models = useModels(useShallow((s) => s.models));
  const [search, setSearch] = useState('');
  const searchId = useId();
  const { t } = useTranslation();
  const fmt = useFormat();

  useEffect(() => {
    void stores.models.getState().load();
  }, [stores]);

  const visible = useMemo(() => {
    const q = search.trim().toLowerCase();
    return q ? models.filter((m) => m.model_id.toLowerCase().includes(q)) : models;
  }, [models, search]);

  return (
    <div className="page" data-testid="page-models">
      <PageHead title={t('models.title')} sub={state === 'ready' ? t('models.sub', { count: models.length }) : undefined} />
      <section className="card" aria-label={t('models.title')}>
        <div className="toolbar" role="search">
          <div className="field grow">
            <label htmlFor={searchId}>{t('common.search')}</label>
            <input id={searchId} className="input" type="search" placeholder={t('models.searchPlaceholder')} value={search} onChange={(e) => setSearch(e.target.value)} />
          </div>
        </div>
        {state === 'idle' || state === 'loading' ? (
          <Loading label={t('models.loading')} />
        ) : state === 'error' && models.length === 0 ? (
          <ErrorState error={error} onRetry={() => void stores.models.getState().load()} />
        ) : models.length === 0 ? (
          <Empty title={t('models.empty')}>
            <span>{t('models.emptyHelp')}</span>
          </Empty>
        ) : visible.length === 0 ? (
          <Empty title={t('models.noMatch')} />
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="models-table">
              <thead>
                <tr>
                  <th scope="col">{t('models.col.model')}</th>
                  <th scope="col">{t('models.col.capabilities')}</th>
                  <th scope="col">{t('models.col.servedBy')}</th>
                </tr>
              </thead>
              <tbody>
                {visible.map((m) => (
                  <tr key={m.model_id} data-testid="model-row" data-model={m.model_id}>
                    <td className="mono cell-main" style={{ verticalAlign: 'top' }}>
                      {m.model_id}
                    </td>
                    <td style={{ verticalAlign: 'top' }}>
                      <Capabilities caps={m.capabilities} />
                    </td>
                    <td>
                      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 6 }}>
                        {m.endpoints.map((e) => (
                          <li key={e.endpoint_id} style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
                            <a href={hashOf({ page: 'endpoint', id: e.endpoint_id })}>{e.name}</a>
                            <TypeBadge type={e.endpoint_type} />
                            <StatusBadge status={e.status} />
                            <span className="muted" style={{ fontSize: 12 }}>
                              {[
                                ...(e.max_tokens !== null ? [t('models.maxTokens', { value: fmt.int(e.max_tokens) })] : []),
                                ...(e.context_length !== null ? [t('models.context', { value: fmt.int(e.context_length) })] : []),
                              ].join(' · ')}
                            </span>
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <AliasesPanel />
    </div>
  );
}
