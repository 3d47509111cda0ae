/** The Models page's aliases card: suggested groupings (accept in one click), stored aliases (edit, delete), add. */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  return (
    <div className="card-body" data-testid="alias-suggestions">
      <h3 style={{ margin: '0 0 8px', fontSize: 14 }}>{t('aliases.suggested')}</h3>
      <p className="muted" style={{ margin: '0 0 10px', fontSize: 12.5 }}>
        {t('aliases.suggestedHelp')}
      </p>
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 10 }}>
        {suggestions.map((s) => (
          <li key={s.id} className="inline" style={{ alignItems: 'center', justifyContent: 'space-between' }} data-testid="alias-suggestion" data-alias={s.alias}>
            <div style={{ minWidth: 0 }}>
              <div>
                <strong className="mono">{s.alias}</strong> <span className="muted">{identityText(s)}</span>
                {s.allow_shadow && <span className="chip" style={{ marginLeft: 6 }}>{t('aliases.replacesModel')}</span>}
              </div>
              <div className="muted" style={{ fontSize: 12.5 }}>
                {s.targets.map((x) => t('aliases.targetOn', { model: x.model, endpoint: x.endpoint_name })).join(' · ')}
              </div>
            </div>
            <button type="button" className="btn small primary" disabled={Boolean(busy[s.id])} aria-label={t('aliases.acceptAria', { alias: s.alias })} onClick={() => void stores.aliases.getState().accept(s.id)} data-testid="alias-accept">
              {busy[s.id] ? t('aliases.accepting') : t('aliases.accept')}
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
  const { t } = useTranslation();
  const names = useMemo(() => new Map(models.flatMap((m) => m.endpoints.map((e) => [e.endpoint_id, e.name] as const))), [models]);

  useEffect(() => {
    void stores.aliases.getState().load();
  }, [stores]);

  return (
    <section className="card" aria-labelledby="aliases-h" data-testid="aliases-panel">
      <div className="card-head">
        <div>
          <h2 id="aliases-h">{t('aliases.title')}</h2>
          <span className="hint">{t('aliases.hint')}</span>
        </div>
        <button type="button" className="btn primary" onClick={() => setEditing('new')} data-testid="alias-add">
          {t('aliases.add')}
        </button>
      </div>
      {suggestions.length > 0 && <Suggestions suggestions={suggestions} />}
      {state === 'idle' || state === 'loading' ? (
        <Loading label={t('aliases.loading')} testId="aliases-loading" />
      ) : state === 'error' && aliases.length === 0 ? (
        <ErrorState error={error} onRetry={() => void stores.aliases.getState().load()} testId="aliases-error" />
      ) : aliases.length === 0 ? (
        <Empty title={t('aliases.empty')} testId="aliases-empty">
          <span>{t('aliases.emptyHelp')}</span>
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="aliases-table">
            <thead>
              <tr>
                <th scope="col">{t('aliases.col.alias')}</th>
                <th scope="col">{t('aliases.col.targets')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {aliases.map((a) => (
                <tr key={a.alias} data-testid="alias-row" data-alias={a.alias}>
                  <td className="mono cell-main" style={{ verticalAlign: 'top' }}>
                    {a.alias}
                    {a.allow_shadow && <span className="chip" style={{ marginLeft: 6 }}>{t('aliases.shadows')}</span>}
                  </td>
                  <td>
                    {a.targets.length === 0 ? (
                      <span className="muted">{t('aliases.noTargets')}</span>
                    ) : (
                      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 4 }}>
                        {a.targets.map((x) => (
                          <li key={`${x.endpoint_id ?? '*'}\n${x.model}`}>
                            <span className="mono">{x.model}</span>{' '}
                            <span className="muted">
                              {t('aliases.onEndpoint', {
                                endpoint: x.endpoint_id === null ? t('aliases.anyEndpointServing') : (names.get(x.endpoint_id) ?? t('aliases.anEndpoint')),
                              })}
                            </span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    <div className="row-actions">
                      <button type="button" className="btn small" aria-label={t('aliases.editAria', { alias: a.alias })} onClick={() => setEditing(a)} data-testid="alias-edit">
                        {t('common.edit')}
                      </button>
                      <button type="button" className="btn small danger" disabled={Boolean(busy[a.alias])} aria-label={t('aliases.deleteAria', { alias: a.alias })} onClick={() => setConfirm(a)} data-testid="alias-delete">
                        {t('common.delete')}
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
          title={t('aliases.confirmTitle', { alias: confirm.alias })}
          message={t('aliases.confirmMessage')}
          confirmLabel={t('aliases.confirmLabel')}
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
