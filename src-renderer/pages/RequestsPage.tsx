/** Recent proxied requests (live) and per-endpoint statistics (refreshed every 10 s). */
import { useEffect, useId, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { EndpointStatsDTO } from '../../src-main/admin/types';
import { HttpStatus } from '../components/Badges';
import { PageHead } from '../components/Page';
import { Empty, ErrorState, Loading } from '../components/States';
import { fmtDateTime, fmtInt, fmtMs, fmtTime, NONE } from '../lib/format';
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
  return (
    <div className="page" data-testid="page-requests">
      <PageHead title="Requests" sub="What programs sent through the gateway, newest first." />
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
  return (
    <section className="card" aria-labelledby={`${name}-h`}>
      <div className="card-head">
        <h2 id={`${name}-h`}>Per endpoint</h2>
        {windows.length > 1 && (
          <fieldset className="segmented">
            <legend>Window</legend>
            {windows.map((w) => (
              <label key={w}>
                <input type="radio" name={name} value={w} checked={w === win} onChange={() => setPicked(w)} />
                {w}
              </label>
            ))}
          </fieldset>
        )}
      </div>
      {state === 'idle' || state === 'loading' ? (
        <Loading label="Loading statistics…" />
      ) : state === 'error' && stats.length === 0 ? (
        <ErrorState message={error} onRetry={() => void stores.requests.getState().loadStats()} />
      ) : rows.length === 0 ? (
        <Empty title="No statistics yet" />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="stats-table">
            <thead>
              <tr>
                <th scope="col">Endpoint</th>
                <th scope="col" className="num">Requests</th>
                <th scope="col" className="num">Errors</th>
                <th scope="col" className="num">p50</th>
                <th scope="col" className="num">p95</th>
                <th scope="col" className="num">TTFT p50</th>
                <th scope="col" className="num">TTFT p95</th>
                <th scope="col" className="num">In flight</th>
                <th scope="col" className="num">Queued</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={`${s.endpoint_id}-${s.window}`}>
                  <td>
                    <a href={hashOf({ page: 'endpoint', id: s.endpoint_id })}>{s.name}</a>
                  </td>
                  <td className="num">{fmtInt(s.requests)}</td>
                  <td className="num">{fmtInt(s.errors)}</td>
                  <td className="num">{fmtMs(s.p50_ms)}</td>
                  <td className="num">{fmtMs(s.p95_ms)}</td>
                  <td className="num">{fmtMs(s.ttft_p50_ms)}</td>
                  <td className="num">{fmtMs(s.ttft_p95_ms)}</td>
                  <td className="num">{fmtInt(s.in_flight)}</td>
                  <td className="num">{fmtInt(s.queue_depth)}</td>
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
  return (
    <section className="card" aria-labelledby="log-h">
      <div className="card-head">
        <h2 id="log-h">Recent requests</h2>
        <label className="switch" style={{ padding: 0 }}>
          <input type="checkbox" checked={errorsOnly} onChange={(e) => setErrorsOnly(e.target.checked)} />
          <span className="text">
            <span style={{ fontWeight: 500 }}>Errors only</span>
          </span>
        </label>
      </div>
      {state === 'idle' || state === 'loading' ? (
        <Loading label="Loading requests…" />
      ) : state === 'error' && requests.length === 0 ? (
        <ErrorState message={error} onRetry={() => void stores.requests.getState().load()} />
      ) : rows.length === 0 ? (
        <Empty title={requests.length === 0 ? 'No requests yet' : 'No failed requests'}>
          {requests.length === 0 && <span>Point a program at the gateway's /v1 or /api and its requests show up here.</span>}
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="requests-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">API</th>
                <th scope="col">Path</th>
                <th scope="col">Endpoint</th>
                <th scope="col">Model</th>
                <th scope="col" className="num">Status</th>
                <th scope="col" className="num">Latency</th>
                <th scope="col" className="num">TTFT</th>
                <th scope="col" className="num">Tokens in / out</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="request-row" title={r.error ?? undefined}>
                  <td className="nowrap" title={fmtDateTime(r.at)}>
                    {fmtTime(r.at)}
                  </td>
                  <td>{r.api}</td>
                  <td className="mono nowrap">
                    {r.path}
                    {r.stream ? <span className="chip" style={{ marginLeft: 6 }}>stream</span> : null}
                  </td>
                  <td>{r.endpoint_id ? <a href={hashOf({ page: 'endpoint', id: r.endpoint_id })}>{r.endpoint_name ?? r.endpoint_id}</a> : NONE}</td>
                  <td className="mono">{r.model ?? NONE}</td>
                  <td className="num">
                    <HttpStatus code={r.status} />
                  </td>
                  <td className="num">{fmtMs(r.latency_ms)}</td>
                  <td className="num">{fmtMs(r.ttft_ms)}</td>
                  <td className="num">
                    {fmtInt(r.prompt_tokens)} / {fmtInt(r.completion_tokens)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {matching.length > rows.length && (
            <div className="card-body" style={{ textAlign: 'center' }}>
              <button type="button" className="btn" onClick={() => setShown((n) => n + PAGE_ROWS)}>
                Show more ({matching.length - rows.length} older)
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
