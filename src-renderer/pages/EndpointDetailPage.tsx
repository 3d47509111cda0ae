/** One endpoint: facts, models, health and request charts, and (xLLM/Ollama) downloads. */
import { lazy, Suspense, useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { EndpointDetailDTO, RequestLogDTO } from '../../src-main/admin/types';
import { Capabilities, StatusBadge, TypeBadge } from '../components/Badges';
import { PageHead } from '../components/Page';
import { Empty, ErrorState, Loading } from '../components/States';
import { fmtAgo, fmtDateTime, fmtInt, fmtMs, NONE } from '../lib/format';
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

  useEffect(() => {
    const api = stores.endpoints.getState();
    void api.loadDetail(id);
    void api.loadHealth(id);
    void stores.requests.getState().load();
  }, [stores, id]);
  useEffect(() => stores.requests.getState().watchStats(LOAD_EVERY_MS), [stores]);

  const back = <a href="#/endpoints">← Endpoints</a>;
  if (!detail || ((detail.state === 'loading' || detail.state === 'idle') && !detail.value)) {
    return (
      <div className="page">
        <PageHead title={live?.name ?? 'Endpoint'} crumb={back} />
        <Loading label="Loading endpoint…" />
      </div>
    );
  }
  if (!detail.value) {
    return (
      <div className="page">
        <PageHead title="Endpoint" crumb={back} />
        <section className="card">
          <ErrorState title="Could not load this endpoint" message={detail.error} onRetry={() => void stores.endpoints.getState().loadDetail(id)} />
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
          <strong>Last error:</strong> {e.last_error}
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

function Facts({ e }: { e: EndpointDetailDTO }) {
  const load = useRequests((s) => s.liveLoad[e.id]);
  const items: [string, string][] = [
    ['Latency', fmtMs(e.latency_ms)],
    // The DTO carries the limit in force, whether the user set it, the server reported it or it is the type's default.
    ['Concurrency limit', e.max_concurrency === null ? 'No limit' : `${fmtInt(e.max_concurrency)} at once`],
    ['In flight', !load ? NONE : e.max_concurrency === null ? fmtInt(load.in_flight) : `${fmtInt(load.in_flight)} of ${fmtInt(e.max_concurrency)}`],
    ['Queued', load ? fmtInt(load.queue_depth) : NONE],
    ['Queue wait', !load ? NONE : load.queue_wait_ms === null ? 'none yet' : fmtMs(load.queue_wait_ms)],
    ['Last seen', fmtAgo(e.last_seen)],
    ['Models', fmtInt(e.models.length || e.model_count)],
    ['Version', e.version ?? '—'],
    ['Errors in a row', fmtInt(e.error_count)],
    ['Check interval', `${e.health_check_interval_secs} s`],
    ['Inference timeout', `${e.inference_timeout_secs} s`],
    ['API key', e.api_key_set ? 'set' : 'none'],
    ['Source', e.source === 'discovered' ? 'discovered' : 'added by hand'],
    ['Registered', fmtDateTime(e.registered_at)],
  ];
  return (
    <dl className="facts" data-testid="endpoint-facts">
      {items.map(([k, v]) => (
        <div className="fact" key={k} data-fact={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
      {e.notes && (
        <div className="fact" style={{ gridColumn: '1 / -1' }}>
          <dt>Notes</dt>
          <dd style={{ fontWeight: 400 }}>{e.notes}</dd>
        </div>
      )}
    </dl>
  );
}

function ModelsCard({ e }: { e: EndpointDetailDTO }) {
  return (
    <section className="card" aria-labelledby="models-h">
      <div className="card-head">
        <h2 id="models-h">Models</h2>
        <span className="hint">{e.models.length} served</span>
      </div>
      {e.models.length === 0 ? (
        <Empty title="No models yet">
          <span>{e.status === 'online' ? 'Press Sync to read the model list again.' : 'Models are read when the endpoint comes online.'}</span>
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="endpoint-models-table">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Capabilities</th>
                <th scope="col" className="num">
                  Max tokens
                </th>
                <th scope="col" className="num">
                  Context length
                </th>
                <th scope="col">Checked</th>
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
                    <td className="num">{fmtInt(m.max_tokens)}</td>
                    <td className="num">{fmtInt(m.context_length)}</td>
                    <td className="nowrap muted">{fmtAgo(m.last_checked)}</td>
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
  return (
    <section className="card" aria-labelledby="health-h">
      <div className="card-head">
        <h2 id="health-h">Health check latency</h2>
        <button type="button" className="btn small" onClick={() => void stores.endpoints.getState().loadHealth(id)} data-testid="health-refresh">
          Refresh
        </button>
      </div>
      <div className="card-body">
        {!health || (health.state === 'loading' && checks.length === 0) ? (
          <Loading label="Loading checks…" />
        ) : health.state === 'error' && checks.length === 0 ? (
          <ErrorState message={health.error} onRetry={() => void stores.endpoints.getState().loadHealth(id)} />
        ) : checks.length === 0 ? (
          <Empty title="No checks yet" testId="health-empty" />
        ) : (
          <Suspense fallback={<Loading label="Drawing chart…" />}>
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
  return (
    <section className="card" aria-labelledby="req-h">
      <div className="card-head">
        <h2 id="req-h">Request latency &amp; time to first token</h2>
        <span className="hint">{mine.length} recent</span>
      </div>
      <div className="card-body">
        {state === 'loading' || state === 'idle' ? (
          <Loading label="Loading requests…" />
        ) : state === 'error' && mine.length === 0 ? (
          <ErrorState message={error} />
        ) : mine.length === 0 ? (
          <Empty title="No requests routed here yet" testId="requests-empty" />
        ) : (
          <Suspense fallback={<Loading label="Drawing chart…" />}>
            <RequestChart requests={mine} />
          </Suspense>
        )}
      </div>
    </section>
  );
}
