/** The Models page's aliases card: suggested groupings (accept in one click), stored aliases (edit, delete), add. */
import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AliasDTO, AliasSuggestionDTO } from '../../src-main/aliases/types';
import { useAliases, useModels, useStores } from '../store';
import { AliasDialog } from './AliasDialog';
import { ConfirmDialog } from './Dialog';
import { Empty, ErrorState, Loading } from './States';

/** `llama-3.2 · 3b · instruct · q4_k_m`. */
function identityText(s: AliasSuggestionDTO): string {
  const { family, size, variant, quantization, revision } = s.identity;
  return [family, size, variant, revision, quantization].filter(Boolean).join(' · ');
}

function Suggestions({ suggestions }: { suggestions: readonly AliasSuggestionDTO[] }) {
  const stores = useStores();
  const busy = useAliases((s) => s.busy);
  return (
    <div className="card-body" data-testid="alias-suggestions">
      <h3 style={{ margin: '0 0 8px', fontSize: 14 }}>Suggested aliases</h3>
      <p className="muted" style={{ margin: '0 0 10px', fontSize: 12.5 }}>
        These models on different endpoints look like the same model. Nothing is merged until you accept.
      </p>
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 10 }}>
        {suggestions.map((s) => (
          <li key={s.id} className="inline" style={{ alignItems: 'center', justifyContent: 'space-between' }} data-testid="alias-suggestion" data-alias={s.alias}>
            <div style={{ minWidth: 0 }}>
              <div>
                <strong className="mono">{s.alias}</strong> <span className="muted">{identityText(s)}</span>
                {s.allow_shadow && <span className="chip" style={{ marginLeft: 6 }}>replaces the model name</span>}
              </div>
              <div className="muted" style={{ fontSize: 12.5 }}>
                {s.targets.map((t) => `${t.model} on ${t.endpoint_name}`).join(' · ')}
              </div>
            </div>
            <button type="button" className="btn small primary" disabled={Boolean(busy[s.id])} aria-label={`Accept alias ${s.alias}`} onClick={() => void stores.aliases.getState().accept(s.id)} data-testid="alias-accept">
              {busy[s.id] ? 'Accepting…' : 'Accept'}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The aliases card. */
export function AliasesPanel() {
  const stores = useStores();
  const state = useAliases((s) => s.state);
  const error = useAliases((s) => s.error);
  const busy = useAliases((s) => s.busy);
  const aliases = useAliases(useShallow((s) => s.aliases));
  const suggestions = useAliases(useShallow((s) => s.suggestions));
  const models = useModels(useShallow((s) => s.models));
  const [editing, setEditing] = useState<AliasDTO | 'new' | null>(null);
  const [confirm, setConfirm] = useState<AliasDTO | null>(null);
  const names = useMemo(() => new Map(models.flatMap((m) => m.endpoints.map((e) => [e.endpoint_id, e.name] as const))), [models]);

  useEffect(() => {
    void stores.aliases.getState().load();
  }, [stores]);

  return (
    <section className="card" aria-labelledby="aliases-h" data-testid="aliases-panel">
      <div className="card-head">
        <div>
          <h2 id="aliases-h">Aliases</h2>
          <span className="hint">One name for the same model on several endpoints: each endpoint gets its own model name, clients see the alias.</span>
        </div>
        <button type="button" className="btn primary" onClick={() => setEditing('new')} data-testid="alias-add">
          Add alias
        </button>
      </div>
      {suggestions.length > 0 && <Suggestions suggestions={suggestions} />}
      {state === 'idle' || state === 'loading' ? (
        <Loading label="Loading aliases…" testId="aliases-loading" />
      ) : state === 'error' && aliases.length === 0 ? (
        <ErrorState message={error} onRetry={() => void stores.aliases.getState().load()} testId="aliases-error" />
      ) : aliases.length === 0 ? (
        <Empty title="No aliases yet" testId="aliases-empty">
          <span>Accept a suggestion or add one to serve a model under one name from several endpoints.</span>
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="aliases-table">
            <thead>
              <tr>
                <th scope="col">Alias</th>
                <th scope="col">Targets</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {aliases.map((a) => (
                <tr key={a.alias} data-testid="alias-row" data-alias={a.alias}>
                  <td className="mono cell-main" style={{ verticalAlign: 'top' }}>
                    {a.alias}
                    {a.allow_shadow && <span className="chip" style={{ marginLeft: 6 }}>shadows a model</span>}
                  </td>
                  <td>
                    {a.targets.length === 0 ? (
                      <span className="muted">No targets left (their endpoints were removed)</span>
                    ) : (
                      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 4 }}>
                        {a.targets.map((t) => (
                          <li key={`${t.endpoint_id ?? '*'}\n${t.model}`}>
                            <span className="mono">{t.model}</span>{' '}
                            <span className="muted">on {t.endpoint_id === null ? 'any endpoint serving it' : (names.get(t.endpoint_id) ?? 'an endpoint')}</span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    <div className="row-actions">
                      <button type="button" className="btn small" aria-label={`Edit alias ${a.alias}`} onClick={() => setEditing(a)} data-testid="alias-edit">
                        Edit
                      </button>
                      <button type="button" className="btn small danger" disabled={Boolean(busy[a.alias])} aria-label={`Delete alias ${a.alias}`} onClick={() => setConfirm(a)} data-testid="alias-delete">
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && <AliasDialog initial={editing === 'new' ? null : editing} models={models} onClose={() => setEditing(null)} />}
      {confirm && (
        <ConfirmDialog
          title={`Delete alias ${confirm.alias}?`}
          message="Clients asking for this name get 'model not found' afterwards. The models themselves stay."
          confirmLabel="Delete alias"
          busy={Boolean(busy[confirm.alias])}
          onClose={() => setConfirm(null)}
          onConfirm={async () => {
            await stores.aliases.getState().remove(confirm.alias);
            setConfirm(null);
          }}
        />
      )}
    </section>
  );
}
