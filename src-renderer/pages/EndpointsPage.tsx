/** The endpoints list: filters, search, status and type badges, live load, row actions and the add dialog. */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { EndpointDTO, EndpointStatus, EndpointType } from '../../src-main/admin/types';
import { StatusBadge, TypeBadge } from '../components/Badges';
import { PageHead } from '../components/Page';
import { Empty, ErrorState, Loading } from '../components/States';
import { describeLoad } from '../lib/capacity';
import { useFormat } from '../i18n';
import { STATUSES, TYPES } from '../lib/names';
import { hashOf } from '../lib/route';
import { selectVisible, useEndpoints, useRequests, useStores, type EndpointFilterState } from '../store';
import { EndpointActions } from './EndpointActions';
import { EndpointDialog } from './EndpointDialog';

/** How often the Load column refreshes while the page is shown. */
const LOAD_EVERY_MS = 5_000;

/** The Endpoints page. */
export function EndpointsPage() {
  const stores = useStores();
  const state = useEndpoints((s) => s.state);
  const error = useEndpoints((s) => s.error);
  const total = useEndpoints((s) => s.order.length);
  const visible = useEndpoints(useShallow(selectVisible));
  const [adding, setAdding] = useState(false);
  const { t } = useTranslation();
  const fmt = useFormat();

  useEffect(() => {
    void stores.endpoints.getState().load();
  }, [stores]);
  // Slot use changes with every request: refresh it while the list is on screen.
  useEffect(() => stores.requests.getState().watchStats(LOAD_EVERY_MS), [stores]);

  const addButton = (testId: 'add-endpoint' | 'add-endpoint-empty') => (
    <button type="button" className="btn primary" onClick={() => setAdding(true)} data-testid={testId}>
      {t('endpoints.add')}
    </button>
  );

  return (
    <div className="page" data-testid="page-endpoints">
      <PageHead title={t('endpoints.title')} sub={state === 'ready' ? t('endpoints.registered', { count: total }) : undefined} actions={addButton('add-endpoint')} />
      <section className="card" aria-label={t('endpoints.title')}>
        <Filters />
        {state === 'loading' || state === 'idle' ? (
          <Loading label={t('endpoints.loading')} />
        ) : state === 'error' && total === 0 ? (
          <ErrorState error={error} onRetry={() => void stores.endpoints.getState().load()} />
        ) : total === 0 ? (
          <Empty title={t('endpoints.empty')}>
            <span>{t('endpoints.emptyHelp')}</span>
            {addButton('add-endpoint-empty')}
          </Empty>
        ) : visible.length === 0 ? (
          <Empty title={t('endpoints.noMatch')}>
            <button type="button" className="btn" onClick={() => stores.endpoints.getState().setFilter({ type: 'all', status: 'all', search: '' })}>
              {t('endpoints.clearFilters')}
            </button>
          </Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="endpoints-table">
              <thead>
                <tr>
                  <th scope="col">{t('endpoints.col.name')}</th>
                  <th scope="col">{t('endpoints.col.type')}</th>
                  <th scope="col">{t('endpoints.col.status')}</th>
                  <th scope="col" className="num">
                    {t('endpoints.col.latency')}
                  </th>
                  <th scope="col" className="num">
                    {t('endpoints.col.models')}
                  </th>
                  <th scope="col" className="num" title={t('endpoints.loadTitle')}>
                    {t('endpoints.col.load')}
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {visible.map((e) => (
                  <tr key={e.id} data-testid="endpoint-row" data-endpoint-id={e.id} data-name={e.name}>
                    <td>
                      <a className="cell-main" href={hashOf({ page: 'endpoint', id: e.id })}>
                        {e.name}
                      </a>
                      <div className="cell-sub">{e.base_url}</div>
                    </td>
                    <td>
                      <TypeBadge type={e.endpoint_type} />
                    </td>
                    <td>
                      <StatusBadge status={e.status} title={e.last_error} />
                    </td>
                    <td
                      className={e.status === 'online' ? 'num' : 'num muted'}
                      data-testid="endpoint-latency"
                      title={e.status === 'online' ? undefined : t('endpoints.latencyTitle')}
                    >
                      {fmt.ms(e.latency_ms)}
                    </td>
                    <td className="num" data-testid="endpoint-models">
                      {fmt.int(e.model_count)}
                    </td>
                    <LoadCell endpoint={e} />
                    <td>
                      <div className="row-actions">
                        <EndpointActions endpoint={e} small />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {adding && <EndpointDialog endpoint={null} onClose={() => setAdding(false)} />}
    </div>
  );
}

/** Slot use of one endpoint, as text (the colour only repeats it). */
function LoadCell({ endpoint }: { endpoint: EndpointDTO }) {
  const load = useRequests((s) => s.liveLoad[endpoint.id]);
  const { t } = useTranslation();
  const view = describeLoad(endpoint.max_concurrency, load, t);
  return (
    <td className={`num load load-${view.level}`} data-testid="endpoint-load" data-level={view.level} title={view.label}>
      <span aria-hidden="true" data-testid="endpoint-load-text">
        {view.text}
      </span>
      <span className="visually-hidden">{view.label}</span>
    </td>
  );
}

/** Search, type and status filters. */
function Filters() {
  const stores = useStores();
  const filter = useEndpoints((s) => s.filter);
  const setFilter = (p: Partial<EndpointFilterState>) => stores.endpoints.getState().setFilter(p);
  const ids = { search: useId(), type: useId(), status: useId() };
  const { t } = useTranslation();
  return (
    <div className="toolbar" role="search">
      <div className="field grow">
        <label htmlFor={ids.search}>{t('common.search')}</label>
        <input id={ids.search} className="input" type="search" placeholder={t('endpoints.searchPlaceholder')} value={filter.search} onChange={(e) => setFilter({ search: e.target.value })} data-testid="endpoint-search" />
      </div>
      <div className="field">
        <label htmlFor={ids.type}>{t('endpoints.col.type')}</label>
        <select id={ids.type} className="select input" value={filter.type} onChange={(e) => setFilter({ type: e.target.value as EndpointType | 'all' })} data-testid="filter-type">
          <option value="all">{t('endpoints.allTypes')}</option>
          {TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`endpointType.${type}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.status}>{t('endpoints.col.status')}</label>
        <select id={ids.status} className="select input" value={filter.status} onChange={(e) => setFilter({ status: e.target.value as EndpointStatus | 'all' })} data-testid="filter-status">
          <option value="all">{t('endpoints.allStatuses')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
