/** Every model with the endpoints that serve it. */
import { useEffect, useId, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Capabilities, StatusBadge, TypeBadge } from '../components/Badges';
import { AliasesPanel } from '../components/AliasesPanel';
import { PageHead } from '../components/Page';
import { Empty, ErrorState, Loading } from '../components/States';
import { fmtInt } from '../lib/format';
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

  useEffect(() => {
    void stores.models.getState().load();
  }, [stores]);

  const visible = useMemo(() => {
    const q = search.trim().toLowerCase();
    return q ? models.filter((m) => m.model_id.toLowerCase().includes(q)) : models;
  }, [models, search]);

  return (
    <div className="page" data-testid="page-models">
      <PageHead title="Models" sub={state === 'ready' ? `${models.length} models across your endpoints` : undefined} />
      <section className="card" aria-label="Models">
        <div className="toolbar" role="search">
          <div className="field grow">
            <label htmlFor={searchId}>Search</label>
            <input id={searchId} className="input" type="search" placeholder="Model name" value={search} onChange={(e) => setSearch(e.target.value)} />
          </div>
        </div>
        {state === 'idle' || state === 'loading' ? (
          <Loading label="Loading models…" />
        ) : state === 'error' && models.length === 0 ? (
          <ErrorState message={error} onRetry={() => void stores.models.getState().load()} />
        ) : models.length === 0 ? (
          <Empty title="No models yet">
            <span>Models appear here once an endpoint is online and synced.</span>
          </Empty>
        ) : visible.length === 0 ? (
          <Empty title="No model matches" />
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="models-table">
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col">Capabilities</th>
                  <th scope="col">Served by</th>
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
                              {e.max_tokens !== null ? `${fmtInt(e.max_tokens)} max tokens` : ''}
                              {e.context_length !== null ? ` · ${fmtInt(e.context_length)} context` : ''}
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
