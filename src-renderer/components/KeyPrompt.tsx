/** Asks for the admin key on the web dashboard (kept in sessionStorage; a 401 brings this back). */
import { useId, useState } from 'react';
import { useSession, useStores } from '../store';

/** The admin key prompt. */
export function KeyPrompt() {
  const stores = useStores();
  const rejected = useSession((s) => s.keyRejected);
  const [key, setKey] = useState('');
  const [empty, setEmpty] = useState(false);
  const id = useId();
  return (
    <main className="gate">
      <form
        className="card"
        data-testid="key-prompt"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!key.trim()) {
            setEmpty(true);
            return;
          }
          stores.session.getState().submitKey(key);
        }}
      >
        <div className="card-head">
          <h1 style={{ fontSize: 18 }}>
            <span className="brand" style={{ padding: 0 }}>
              <span className="brand-mark" aria-hidden="true">
                lb
              </span>
              llmlb
            </span>
          </h1>
        </div>
        <div className="card-body form">
          {rejected && (
            <div className="callout error" role="alert" data-testid="key-rejected">
              That key was not accepted. Check it and try again.
            </div>
          )}
          <div className="field">
            <label htmlFor={id}>Admin key</label>
            <input
              id={id}
              className="input mono"
              type="password"
              autoFocus
              autoComplete="current-password"
              value={key}
              aria-invalid={empty}
              onChange={(e) => {
                setKey(e.target.value);
                setEmpty(false);
              }}
              data-testid="admin-key-input"
            />
            {empty && <span className="err">Enter the key.</span>}
            <span className="help">
              The key is in <code>admin-key</code> in llmlb's data directory (or <code>LLMLB_ADMIN_KEY</code>). It is kept only for this tab.
            </span>
          </div>
          <button type="submit" className="btn primary" data-testid="admin-key-submit">
            Open dashboard
          </button>
        </div>
      </form>
    </main>
  );
}
