/** Recent proxied requests (live) and per-endpoint statistics (refreshed every 10 s). */
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { EndpointStatsDTO } from '../../src-main/admin/types';
import { HttpStatus } from '../components/Badges';
import { PageHead } from '../components/Page';
import { Empty, ErrorState, Loading } from '../components/States';
import { useFormat } from '../i18n';
import { NONE } from '../lib/format';
import { hashOf } from '../lib/route';
import { useRequests, useStores } from '../store';

const STATS_EVERY_MS = 10_000;
/** Rows shown before "Show more". */
const PAGE_ROWS = 50;
const WINDOWS: readonly EndpointStatsDTO['window'][] = ['5m', '1h', '24h'];

/** The Requests page. */
export function RequestsPage() {
  const stores = useStores();
  useEffect(() => {
    const api = stores.requests.getState();
    void api.load();
    return api.watchStats(STATS_EVERY_MS);
  }, [stores]);
  const { t } = useTranslation();
  return (
    <div className="page" data-testid="page-requests">
      <PageHead title={t('requests.title')} sub={t('requests.sub')} />
      <StatsCard />
      <LogCard />
    </div>
  );
}

function StatsCard() {
  const stores = useStores();
  const state = useRequests((s) => s.statsState);
  const error = useRequests((s) => s.statsError);
  const stats = useRequests(useShallow((s) => s.stats));
  const windows = useMemo(() => WINDOWS.filter((w) => stats.some((s) => s.window === w)), [stats]);
  const [picked, setPicked] = useState<EndpointStatsDTO['window']>('1h');
  const win = windows.includes(picked) ? picked : (windows[0] ?? picked);
  const rows = stats.filter((s) => s.window === win);
  const name = useId();
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <section className="card" aria-labelledby={`${name}-h`}>
      <div className="card-head">
        <h2 id={`${name}-h`}>{t('requests.stats.title')}</h2>
        {windows.length > 1 && (
          <fieldset className="segmented">
            <legend>{t('requests.stats.window')}</legend>
            {windows.map((w) => (
              <label key={w}>
                <input type="radio" name={name} value={w} checked={w === win} onChange={() => setPicked(w)} />
                {t(`requests.stats.windows.${w}`)}
              </label>
            ))}
          </fieldset>
        )}
      </div>
      {state === 'idle' || state === 'loading' ? (
        <Loading label={t('requests.stats.loading')} />
      ) : state === 'error' && stats.length === 0 ? (
        <ErrorState error={error} onRetry={() => void stores.requests.getState().loadStats()} />
      ) : rows.length === 0 ? (
        <Empty title={t('requests.stats.empty')} />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="stats-table">
            <thead>
              <tr>
                <th scope="col">{t('requests.stats.col.endpoint')}</th>
                <th scope="col" className="num">{t('requests.stats.col.requests')}</th>
                <th scope="col" className="num">{t('requests.stats.col.errors')}</th>
                <th scope="col" className="num">{t('requests.stats.col.p50')}</th>
                <th scope="col" className="num">{t('requests.stats.col.p95')}</th>
                <th scope="col" className="num">{t('requests.stats.col.ttftP50')}</th>
                <th scope="col" className="num">{t('requests.stats.col.ttftP95')}</th>
                <th scope="col" className="num">{t('requests.stats.col.inFlight')}</th>
                <th scope="col" className="num">{t('requests.stats.col.queued')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={`${s.endpoint_id}-${s.window}`}>
                  <td>
                    <a href={hashOf({ page: 'endpoint', id: s.endpoint_id })}>{s.name}</a>
                  </td>
                  <td className="num">{fmt.int(s.requests)}</td>
                  <td className="num">{fmt.int(s.errors)}</td>
                  <td className="num">{fmt.ms(s.p50_ms)}</td>
                  <td className="num">{fmt.ms(s.p95_ms)}</td>
                  <td className="num">{fmt.ms(s.ttft_p50_ms)}</td>
                  <td className="num">{fmt.ms(s.ttft_p95_ms)}</td>
                  <td className="num">{fmt.int(s.in_flight)}</td>
                  <td className="num">{fmt.int(s.queue_depth)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function LogCard() {
  const stores = useStores();
  const state = useRequests((s) => s.state);
  const error = useRequests((s) => s.error);
  const requests = useRequests(useShallow((s) => s.requests));
  const [errorsOnly, setErrorsOnly] = useState(false);
  const [shown, setShown] = useState(PAGE_ROWS);
  const matching = errorsOnly ? requests.filter((r) => r.status >= 400 || r.status === 0) : requests;
  const rows = matching.slice(0, shown);
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <section className="card" aria-labelledby="log-h">
      <div className="card-head">
        <h2 id="log-h">{t('requests.log.title')}</h2>
        <label className="switch" style={{ padding: 0 }}>
          <input type="checkbox" checked={errorsOnly} onChange={(e) => setErrorsOnly(e.target.checked)} />
          <span className="text">
            <span style={{ fontWeight: 500 }}>{t('requests.log.errorsOnly')}</span>
          </span>
        </label>
      </div>
      {state === 'idle' || state === 'loading' ? (
        <Loading label={t('requests.log.loading')} />
      ) : state === 'error' && requests.length === 0 ? (
        <ErrorState error={error} onRetry={() => void stores.requests.getState().load()} />
      ) : rows.length === 0 ? (
        <Empty title={requests.length === 0 ? t('requests.log.empty') : t('requests.log.noFailed')}>
          {requests.length === 0 && <span>{t('requests.log.emptyHelp')}</span>}
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="requests-table">
            <thead>
              <tr>
                <th scope="col">{t('requests.log.col.time')}</th>
                <th scope="col">{t('requests.log.col.api')}</th>
                <th scope="col">{t('requests.log.col.path')}</th>
                <th scope="col">{t('requests.log.col.endpoint')}</th>
                <th scope="col">{t('requests.log.col.model')}</th>
                <th scope="col" className="num">{t('requests.log.col.status')}</th>
                <th scope="col" className="num">{t('requests.log.col.latency')}</th>
                <th scope="col" className="num">{t('requests.log.col.ttft')}</th>
                <th scope="col" className="num">{t('requests.log.col.tokens')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="request-row" title={r.error ?? undefined}>
                  <td className="nowrap" title={fmt.dateTime(r.at)}>
                    {fmt.time(r.at)}
                  </td>
                  <td>{r.api}</td>
                  <td className="mono nowrap">
                    {r.path}
                    {r.stream ? <span className="chip" style={{ marginLeft: 6 }}>{t('requests.log.stream')}</span> : null}
                  </td>
                  <td>{r.endpoint_id ? <a href={hashOf({ page: 'endpoint', id: r.endpoint_id })}>{r.endpoint_name ?? r.endpoint_id}</a> : NONE}</td>
                  <td className="mono">{r.model ?? NONE}</td>
                  <td className="num">
                    <HttpStatus code={r.status} />
                  </td>
                  <td className="num">{fmt.ms(r.latency_ms)}</td>
                  <td className="num">{fmt.ms(r.ttft_ms)}</td>
                  <td className="num">
                    {fmt.int(r.prompt_tokens)} / {fmt.int(r.completion_tokens)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {matching.length > rows.length && (
            <div className="card-body" style={{ textAlign: 'center' }}>
              <button type="button" className="btn" onClick={() => setShown((n) => n + PAGE_ROWS)}>
                {t('requests.log.showMore', { count: matching.length - rows.length })}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
