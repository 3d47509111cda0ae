/** Asks for the admin key on the web dashboard (kept in sessionStorage; a 401 brings this back). */
import { useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useSession, useStores } from '../store';

/** The admin key prompt. */
export function KeyPrompt() {
  const stores = useStores();
  const rejected = useSession((s) => s.keyRejected);
  const [key, setKey] = useState('');
  const [empty, setEmpty] = useState(false);
  const id = useId();
  const { t } = useTranslation();
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
              {t('keyPrompt.rejected')}
            </div>
          )}
          <div className="field">
            <label htmlFor={id}>{t('keyPrompt.label')}</label>
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
            {empty && <span className="err">{t('keyPrompt.empty')}</span>}
            <span className="help">
              <Trans i18nKey="keyPrompt.help" components={{ code: <code /> }} />
            </span>
          </div>
          <button type="submit" className="btn primary" data-testid="admin-key-submit">
            {t('keyPrompt.submit')}
          </button>
        </div>
      </form>
    </main>
  );
}
