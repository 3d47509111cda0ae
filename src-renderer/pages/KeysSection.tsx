/** API keys: create (the secret is shown once, copyable), list without secrets, revoke with confirmation. */
import { useEffect, useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { ApiKeyDTO, KeyRole } from '../../src-main/admin/types';
import { CopyButton } from '../components/CopyButton';
import { ConfirmDialog } from '../components/Dialog';
import { Empty, ErrorState, Loading } from '../components/States';
import { useFormat, useWords } from '../i18n';
import { ROLES } from '../lib/names';
import { useKeys, useStores } from '../store';

/** The API keys card of Settings. */
export function KeysSection() {
  const stores = useStores();
  const state = useKeys((s) => s.state);
  const error = useKeys((s) => s.error);
  const keys = useKeys(useShallow((s) => s.keys));
  const revoking = useKeys((s) => s.revoking);
  const [confirm, setConfirm] = useState<ApiKeyDTO | null>(null);
  const { t } = useTranslation();
  const fmt = useFormat();

  useEffect(() => {
    void stores.keys.getState().load();
  }, [stores]);

  return (
    <section className="card" aria-labelledby="keys-h" data-testid="keys-section">
      <div className="card-head">
        <h2 id="keys-h">{t('keys.title')}</h2>
        <span className="hint">{t('keys.hint')}</span>
      </div>
      <div className="card-body form">
        <CreateKey />
        <Created />
      </div>
      {state === 'idle' || state === 'loading' ? (
        <Loading label={t('keys.loading')} />
      ) : state === 'error' && keys.length === 0 ? (
        <ErrorState error={error} onRetry={() => void stores.keys.getState().load()} />
      ) : keys.length === 0 ? (
        <Empty title={t('keys.empty')} />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="keys-table">
            <thead>
              <tr>
                <th scope="col">{t('keys.col.name')}</th>
                <th scope="col">{t('keys.col.role')}</th>
                <th scope="col">{t('keys.col.key')}</th>
                <th scope="col">{t('keys.col.created')}</th>
                <th scope="col">{t('keys.col.lastUsed')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id} data-testid="key-row" data-key-id={k.id} data-name={k.name}>
                  <td className="cell-main">{k.name}</td>
                  <td>
                    <span className="chip" data-role={k.role}>
                      {t(`roles.${k.role}.name`)}
                    </span>
                  </td>
                  <td className="mono">{k.prefix}…</td>
                  <td className="nowrap" title={fmt.dateTime(k.created_at)}>
                    {fmt.ago(k.created_at)}
                  </td>
                  <td className="nowrap" title={k.last_used_at ? fmt.dateTime(k.last_used_at) : undefined}>
                    {k.last_used_at ? fmt.ago(k.last_used_at) : t('keys.never')}
                  </td>
                  <td>
                    <div className="row-actions">
                      <button type="button" className="btn small danger" disabled={Boolean(revoking[k.id])} onClick={() => setConfirm(k)} aria-label={t('keys.revokeAria', { name: k.name })} data-testid="key-revoke">
                        {t('keys.revoke')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {confirm && (
        <ConfirmDialog
          title={t('keys.confirmTitle', { name: confirm.name })}
          message={t('keys.confirmMessage')}
          confirmLabel={t('keys.confirmLabel')}
          busy={Boolean(revoking[confirm.id])}
          onClose={() => setConfirm(null)}
          onConfirm={async () => {
            await stores.keys.getState().revoke(confirm.id);
            setConfirm(null);
          }}
        />
      )}
    </section>
  );
}

function CreateKey() {
  const stores = useStores();
  const creating = useKeys((s) => s.creating);
  const createError = useKeys((s) => s.createError);
  const [name, setName] = useState('');
  const [role, setRole] = useState<KeyRole>('inference');
  const [nameError, setNameError] = useState<string | null>(null);
  const ids = { name: useId(), role: useId() };
  const { t } = useTranslation();
  const words = useWords();
  return (
    <form
      className="inline"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (!name.trim()) {
          setNameError(t('keys.nameRequired'));
          return;
        }
        setNameError(null);
        if (await stores.keys.getState().create(name.trim(), role)) setName('');
      }}
    >
      <div className="field">
        <label htmlFor={ids.name}>{t('keys.newName')}</label>
        <input id={ids.name} className="input" value={name} placeholder={t('keys.namePlaceholder')} aria-invalid={Boolean(nameError)} onChange={(e) => setName(e.target.value)} data-testid="key-name" />
        {(nameError ?? createError) && <span className="err">{nameError ?? (createError && words.error(createError))}</span>}
      </div>
      <div className="field" style={{ flex: '0 1 200px' }}>
        <label htmlFor={ids.role}>{t('keys.role')}</label>
        <select id={ids.role} className="select input" value={role} onChange={(e) => setRole(e.target.value as KeyRole)} aria-describedby={`${ids.role}-help`} data-testid="key-role">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}.name`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn primary" disabled={creating} data-testid="key-create">
        {creating ? t('keys.creating') : t('keys.create')}
      </button>
      <span className="help muted" id={`${ids.role}-help`} style={{ flexBasis: '100%', fontSize: 12 }}>
        {t('keys.roleHelp', { role: t(`roles.${role}.name`), help: t(`roles.${role}.help`) })}
      </span>
    </form>
  );
}

/** The freshly created key: shown once, with a copy button. */
function Created() {
  const stores = useStores();
  const created = useKeys((s) => s.created);
  const { t } = useTranslation();
  if (!created) return null;
  return (
    <div className="callout success" role="status" data-testid="key-created">
      <p style={{ marginTop: 0 }}>
        <Trans i18nKey="keys.created" values={{ name: created.name, role: t(`roles.${created.role}.name`) }} components={{ strong: <strong /> }} />
      </p>
      <div className="secret">
        <code data-testid="key-secret">{created.key}</code>
        <CopyButton value={created.key} testId="key-copy" />
        <button type="button" className="btn small" onClick={() => stores.keys.getState().dismissCreated()}>
          {t('common.done')}
        </button>
      </div>
    </div>
  );
}
