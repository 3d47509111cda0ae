/** Local servers found by discovery and not registered: add or dismiss. */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { TypeBadge } from '../components/Badges';
import { PageHead } from '../components/Page';
import { Empty, ErrorState, Loading } from '../components/States';
import { fmtAgo, fmtInt } from '../lib/format';
import { useDiscovery, useStores } from '../store';

/** The Discovery page. */
export function DiscoveryPage() {
  const stores = useStores();
  const state = useDiscovery((s) => s.state);
  const error = useDiscovery((s) => s.error);
  const servers = useDiscovery(useShallow((s) => s.servers));
  const busy = useDiscovery((s) => s.busy);

  useEffect(() => {
    void stores.discovery.getState().load();
  }, [stores]);

  return (
    <div className="page" data-testid="page-discovery">
      <PageHead
        title="Discovery"
        sub="Model servers running on this machine that llmlb found and that are not registered yet."
        actions={
          <button type="button" className="btn" onClick={() => void stores.discovery.getState().load()}>
            Refresh
          </button>
        }
      />
      <section className="card" aria-label="Discovered servers">
        {state === 'idle' || state === 'loading' ? (
          <Loading label="Loading discovered servers…" />
        ) : state === 'error' && servers.length === 0 ? (
          <ErrorState message={error} onRetry={() => void stores.discovery.getState().load()} />
        ) : servers.length === 0 ? (
          <Empty title="Nothing new found">
            <span>llmlb looks on 127.0.0.1 for Ollama (11434), LM Studio (1234), llama.cpp (8080), vLLM (8000) and xLLM every minute.</span>
          </Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="discovery-table">
              <thead>
                <tr>
                  <th scope="col">Server</th>
                  <th scope="col">Type</th>
                  <th scope="col">Version</th>
                  <th scope="col" className="num">
                    Models
                  </th>
                  <th scope="col">Found</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
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
                    <td>{s.version ?? '—'}</td>
                    <td className="num">{fmtInt(s.models_found)}</td>
                    <td className="nowrap muted">{fmtAgo(s.found_at)}</td>
                    <td>
                      <div className="row-actions">
                        <button type="button" className="btn small primary" disabled={Boolean(busy[s.base_url])} onClick={() => void stores.discovery.getState().add(s.base_url)} aria-label={`Add ${s.suggested_name}`} data-testid="discovery-add">
                          {busy[s.base_url] === 'adding' ? 'Adding…' : 'Add'}
                        </button>
                        <button type="button" className="btn small" disabled={Boolean(busy[s.base_url])} onClick={() => void stores.discovery.getState().dismiss(s.base_url)} aria-label={`Dismiss ${s.suggested_name}`} data-testid="discovery-dismiss">
                          Dismiss
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
