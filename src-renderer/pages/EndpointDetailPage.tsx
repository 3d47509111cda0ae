/** One endpoint: facts, models, health and request charts, and (xLLM/Ollama) downloads. */
import { lazy, Suspense, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { EndpointDetailDTO, RequestLogDTO } from '../../src-main/admin/types';
import { Capabilities, StatusBadge, TypeBadge } from '../components/Badges';
import { PageHead } from '../components/Page';
import { Empty, ErrorState, Loading } from '../components/States';
import { useFormat } from '../i18n';
import { NONE } from '../lib/format';
import { canDownload } from '../lib/names';
import { go } from '../lib/nav';
import { useEndpoints, useRequests, useStores } from '../store';
import { DownloadPanel } from './DownloadPanel';
import { EndpointActions } from './EndpointActions';

const HealthChart = lazy(() => import('../components/Charts').then((m) => ({ default: m.HealthChart })));
const RequestChart = lazy(() => import('../components/Charts').then((m) => ({ default: m.RequestChart })));

/** How often slot use refreshes while the page is shown. */
const LOAD_EVERY_MS = 5_000;

/** The endpoint detail page. */
export function EndpointDetailPage({ id }: { id: string }) {
  const stores = useStores();
  const detail = useEndpoints((s) => s.details[id]);
  // The list entry is patched live by events; prefer it for status, latency and type.
  const live = useEndpoints((s) => s.byId[id]);
  const { t } = useTranslation();

  useEffect(() => {
    const api = stores.endpoints.getState();
    void api.loadDetail(id);
    void api.loadHealth(id);
    void stores.requests.getState().load();
  }, [stores, id]);
  useEffect(() => stores.requests.getState().watchStats(LOAD_EVERY_MS), [stores]);

  const back = <a href="#/endpoints">{t('endpoint.back')}</a>;
  if (!detail || ((detail.state === 'loading' || detail.state === 'idle') && !detail.value)) {
    return (
      <div className="page">
        <PageHead title={live?.name ?? t('endpoint.fallbackTitle')} crumb={back} />
        <Loading label={t('endpoint.loading')} />
      </div>
    );
  }
  if (!detail.value) {
    return (
      <div className="page">
        <PageHead title={t('endpoint.fallbackTitle')} crumb={back} />
        <section className="card">
          <ErrorState title={t('endpoint.loadFailed')} error={detail.error} onRetry={() => void stores.endpoints.getState().loadDetail(id)} />
        </section>
      </div>
    );
  }
  const e: EndpointDetailDTO = { ...detail.value, ...(live ?? {}) };
  return (
    <div className="page" data-testid="page-endpoint" data-endpoint-id={id}>
      <PageHead
        crumb={back}
        title={
          <span style={{ display: 'inline-flex', gap: 10, alignItems: 'center', flexWrap: 'wrap' }}>
            {e.name} <TypeBadge type={e.endpoint_type} /> <StatusBadge status={e.status} />
          </span>
        }
        sub={<span className="mono">{e.base_url}</span>}
        actions={<EndpointActions endpoint={e} onDeleted={() => go({ page: 'endpoints' })} />}
      />
      {e.last_error && e.status !== 'online' && (
        <div className="callout error" role="status" data-testid="endpoint-last-error">
          <strong>{t('endpoint.lastError')}</strong> {e.last_error}
        </div>
      )}
      <Facts e={e} />
      <ModelsCard e={e} />
      <div className="grid-2">
        <HealthCard id={id} />
        <RequestsCard id={id} />
      </div>
      {canDownload(e.endpoint_type) && <DownloadPanel endpoint={e} />}
    </div>
  );
}

/** The facts grid's entries, in display order: each is labelled by `endpoint.fact.<id>` and tagged `data-fact=<id>`. */
type FactId = 'latency' | 'concurrencyLimit' | 'inFlight' | 'queued' | 'queueWait' | 'lastSeen' | 'models' | 'version' | 'errorsInARow' | 'checkInterval' | 'inferenceTimeout' | 'apiKey' | 'source' | 'registered';

function Facts({ e }: { e: EndpointDetailDTO }) {
  const load = useRequests((s) => s.liveLoad[e.id]);
  const { t } = useTranslation();
  const fmt = useFormat();
  const limit = e.max_concurrency;
  const items: [FactId, string][] = [
    ['latency', fmt.ms(e.latency_ms)],
    // The DTO carries the limit in force, whether the user set it, the server reported it or it is the type's default.
    ['concurrencyLimit', limit === null ? t('endpoint.noLimit') : t('endpoint.atOnce', { count: limit })],
    ['inFlight', !load ? NONE : limit === null ? fmt.int(load.in_flight) : t('endpoint.inFlightOf', { inFlight: fmt.int(load.in_flight), limit: fmt.int(limit) })],
    ['queued', load ? fmt.int(load.queue_depth) : NONE],
    ['queueWait', !load ? NONE : load.queue_wait_ms === null ? t('endpoint.noneYet') : fmt.ms(load.queue_wait_ms)],
    ['lastSeen', fmt.ago(e.last_seen)],
    ['models', fmt.int(e.models.length || e.model_count)],
    ['version', e.version ?? NONE],
    ['errorsInARow', fmt.int(e.error_count)],
    ['checkInterval', fmt.seconds(e.health_check_interval_secs)],
    ['inferenceTimeout', fmt.seconds(e.inference_timeout_secs)],
    ['apiKey', e.api_key_set ? t('endpoint.keySet') : t('endpoint.keyNone')],
    ['source', e.source === 'discovered' ? t('endpoint.sourceDiscovered') : t('endpoint.sourceManual')],
    ['registered', fmt.dateTime(e.registered_at)],
  ];
  return (
    <dl className="facts" data-testid="endpoint-facts">
      {items.map(([k, v]) => (
        <div className="fact" key={k} data-fact={k}>
          <dt>{t(`endpoint.fact.${k}`)}</dt>
          <dd>{v}</dd>
        </div>
      ))}
      {e.notes && (
        <div className="fact" style={{ gridColumn: '1 / -1' }}>
          <dt>{t('endpoint.fact.notes')}</dt>
          <dd style={{ fontWeight: 400 }}>{e.notes}</dd>
        </div>
      )}
    </dl>
  );
}

function ModelsCard({ e }: { e: EndpointDetailDTO }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <section className="card" aria-labelledby="models-h">
      <div className="card-head">
        <h2 id="models-h">{t('endpoint.models.title')}</h2>
        <span className="hint">{t('endpoint.models.served', { count: e.models.length })}</span>
      </div>
      {e.models.length === 0 ? (
        <Empty title={t('endpoint.models.empty')}>
          <span>{e.status === 'online' ? t('endpoint.models.emptyOnline') : t('endpoint.models.emptyOffline')}</span>
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="endpoint-models-table">
            <thead>
              <tr>
                <th scope="col">{t('endpoint.models.col.model')}</th>
                <th scope="col">{t('endpoint.models.col.capabilities')}</th>
                <th scope="col" className="num">
                  {t('endpoint.models.col.maxTokens')}
                </th>
                <th scope="col" className="num">
                  {t('endpoint.models.col.contextLength')}
                </th>
                <th scope="col">{t('endpoint.models.col.checked')}</th>
              </tr>
            </thead>
            <tbody>
              {[...e.models]
                .sort((a, b) => a.model_id.localeCompare(b.model_id))
                .map((m) => (
                  <tr key={m.model_id} data-testid="endpoint-model-row" data-model={m.model_id}>
                    <td className="mono cell-main">{m.model_id}</td>
                    <td>
                      <Capabilities caps={m.capabilities} />
                    </td>
                    <td className="num">{fmt.int(m.max_tokens)}</td>
                    <td className="num">{fmt.int(m.context_length)}</td>
                    <td className="nowrap muted">{fmt.ago(m.last_checked)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function HealthCard({ id }: { id: string }) {
  const stores = useStores();
  const health = useEndpoints((s) => s.health[id]);
  const checks = health?.value ?? [];
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="health-h">
      <div className="card-head">
        <h2 id="health-h">{t('endpoint.health.title')}</h2>
        <button type="button" className="btn small" onClick={() => void stores.endpoints.getState().loadHealth(id)} data-testid="health-refresh">
          {t('common.refresh')}
        </button>
      </div>
      <div className="card-body">
        {!health || (health.state === 'loading' && checks.length === 0) ? (
          <Loading label={t('endpoint.health.loading')} />
        ) : health.state === 'error' && checks.length === 0 ? (
          <ErrorState error={health.error} onRetry={() => void stores.endpoints.getState().loadHealth(id)} />
        ) : checks.length === 0 ? (
          <Empty title={t('endpoint.health.empty')} testId="health-empty" />
        ) : (
          <Suspense fallback={<Loading label={t('endpoint.health.drawing')} />}>
            <HealthChart checks={checks} />
          </Suspense>
        )}
      </div>
    </section>
  );
}

function RequestsCard({ id }: { id: string }) {
  const state = useRequests((s) => s.state);
  const error = useRequests((s) => s.error);
  const all = useRequests(useShallow((s) => s.requests));
  const mine: RequestLogDTO[] = useMemo(() => all.filter((r) => r.endpoint_id === id), [all, id]);
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="req-h">
      <div className="card-head">
        <h2 id="req-h">{t('endpoint.requests.title')}</h2>
        <span className="hint">{t('endpoint.requests.recent', { count: mine.length })}</span>
      </div>
      <div className="card-body">
        {state === 'loading' || state === 'idle' ? (
          <Loading label={t('endpoint.requests.loading')} />
        ) : state === 'error' && mine.length === 0 ? (
          <ErrorState error={error} />
        ) : mine.length === 0 ? (
          <Empty title={t('endpoint.requests.empty')} testId="requests-empty" />
        ) : (
          <Suspense fallback={<Loading label={t('endpoint.health.drawing')} />}>
            <RequestChart requests={mine} />
          </Suspense>
        )}
      </div>
    </section>
  );
}
