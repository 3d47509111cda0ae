/** API keys: create (the secret is shown once, copyable), list without secrets, revoke with confirmation. */
import { useEffect, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ApiKeyDTO, KeyRole } from '../../src-main/admin/types';
import { CopyButton } from '../components/CopyButton';
import { ConfirmDialog } from '../components/Dialog';
import { Empty, ErrorState, Loading } from '../components/States';
import { fmtAgo, fmtDateTime } from '../lib/format';
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

  useEffect(() => {
    void stores.keys.getState().load();
  }, [stores]);

  return (
    <section className="card" aria-labelledby="keys-h" data-testid="keys-section">
      <div className="card-head">
        <h2 id="keys-h">API keys</h2>
        <span className="hint">For programs (inference) and for this dashboard or scripts (admin, viewer).</span>
      </div>
      <div className="card-body form">
        <CreateKey />
        <Created />
      </div>
      {state === 'idle' || state === 'loading' ? (
        <Loading label="Loading keys…" />
      ) : state === 'error' && keys.length === 0 ? (
        <ErrorState message={error} onRetry={() => void stores.keys.getState().load()} />
      ) : keys.length === 0 ? (
        <Empty title="No API keys" />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="keys-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Key</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id} data-testid="key-row" data-key-id={k.id} data-name={k.name}>
                  <td className="cell-main">{k.name}</td>
                  <td>
                    <span className="chip">{k.role}</span>
                  </td>
                  <td className="mono">{k.prefix}…</td>
                  <td className="nowrap" title={fmtDateTime(k.created_at)}>
                    {fmtAgo(k.created_at)}
                  </td>
                  <td className="nowrap">{k.last_used_at ? fmtAgo(k.last_used_at) : 'never'}</td>
                  <td>
                    <div className="row-actions">
                      <button type="button" className="btn small danger" disabled={Boolean(revoking[k.id])} onClick={() => setConfirm(k)} aria-label={`Revoke ${k.name}`} data-testid="key-revoke">
                        Revoke
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
          title={`Revoke ${confirm.name}?`}
          message="Programs using this key stop working at once. This cannot be undone."
          confirmLabel="Revoke key"
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
  const help = ROLES.find((r) => r.role === role)?.help;
  return (
    <form
      className="inline"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (!name.trim()) {
          setNameError('Give the key a name, e.g. the program that uses it.');
          return;
        }
        setNameError(null);
        if (await stores.keys.getState().create(name.trim(), role)) setName('');
      }}
    >
      <div className="field">
        <label htmlFor={ids.name}>New key name</label>
        <input id={ids.name} className="input" value={name} placeholder="e.g. open-webui" aria-invalid={Boolean(nameError)} onChange={(e) => setName(e.target.value)} data-testid="key-name" />
        {(nameError ?? createError) && <span className="err">{nameError ?? createError}</span>}
      </div>
      <div className="field" style={{ flex: '0 1 200px' }}>
        <label htmlFor={ids.role}>Role</label>
        <select id={ids.role} className="select input" value={role} onChange={(e) => setRole(e.target.value as KeyRole)} aria-describedby={`${ids.role}-help`} data-testid="key-role">
          {ROLES.map((r) => (
            <option key={r.role} value={r.role}>
              {r.role}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn primary" disabled={creating} data-testid="key-create">
        {creating ? 'Creating…' : 'Create key'}
      </button>
      <span className="help muted" id={`${ids.role}-help`} style={{ flexBasis: '100%', fontSize: 12 }}>
        {role}: {help}
      </span>
    </form>
  );
}

/** The freshly created key: shown once, with a copy button. */
function Created() {
  const stores = useStores();
  const created = useKeys((s) => s.created);
  if (!created) return null;
  return (
    <div className="callout success" role="status" data-testid="key-created">
      <p style={{ marginTop: 0 }}>
        <strong>{created.name}</strong> ({created.role}) was created. Copy the key now: it will not be shown again.
      </p>
      <div className="secret">
        <code data-testid="key-secret">{created.key}</code>
        <CopyButton value={created.key} testId="key-copy" />
        <button type="button" className="btn small" onClick={() => stores.keys.getState().dismissCreated()}>
          Done
        </button>
      </div>
    </div>
  );
}
