/** Settings: gateway address, access, discovery, start at login, API keys and cloud provider keys. */
import { useEffect, useId, useState } from 'react';
import type { CloudProvider, SettingsDTO, UpdateSettingsInput } from '../../src-main/admin/types';
import { CopyButton } from '../components/CopyButton';
import { PageHead } from '../components/Page';
import { ErrorState, Loading } from '../components/States';
import { useSession, useSettings, useStores } from '../store';
import { KeysSection } from './KeysSection';

/** The Settings page. */
export function SettingsPage() {
  const stores = useStores();
  const state = useSettings((s) => s.state);
  const error = useSettings((s) => s.error);
  const settings = useSettings((s) => s.settings);
  useEffect(() => {
    void stores.settings.getState().load();
  }, [stores]);
  return (
    <div className="page" data-testid="page-settings">
      <PageHead title="Settings" />
      {state === 'idle' || (state === 'loading' && !settings) ? (
        <Loading label="Loading settings…" />
      ) : !settings ? (
        <section className="card">
          <ErrorState message={error} onRetry={() => void stores.settings.getState().load()} />
        </section>
      ) : (
        <>
          <GatewaySection settings={settings} />
          <BehaviourSection settings={settings} />
          <KeysSection />
          <CloudSection settings={settings} />
          <SessionSection />
        </>
      )}
    </div>
  );
}

function GatewaySection({ settings }: { settings: SettingsDTO }) {
  return (
    <section className="card" aria-labelledby="gw-h">
      <div className="card-head">
        <h2 id="gw-h">Gateway</h2>
        <span className="hint">Point programs here, as you would at OpenAI (/v1) or Ollama (/api).</span>
      </div>
      <div className="card-body form">
        <div className="field">
          <span className="label">Address</span>
          <div className="secret">
            <code data-testid="gateway-url">{settings.gateway_url}</code>
            <CopyButton value={settings.gateway_url} testId="copy-gateway-url" />
          </div>
        </div>
        <dl className="facts">
          <div className="fact">
            <dt>Bind address</dt>
            <dd className="mono">{settings.bind_host}</dd>
          </div>
          <div className="fact">
            <dt>Port</dt>
            <dd className="mono">{settings.port}</dd>
          </div>
          <div className="fact">
            <dt>OpenAI base URL</dt>
            <dd className="mono">{settings.gateway_url}/v1</dd>
          </div>
        </dl>
        <span className="help muted">The address and port are chosen at start (llmlb serve --host / --port).</span>
      </div>
    </section>
  );
}

/** A setting shown as a checkbox that saves on change. */
function Toggle({ label, help, field, checked, testId }: { label: string; help: string; field: keyof UpdateSettingsInput; checked: boolean; testId: string }) {
  const stores = useStores();
  const saving = useSettings((s) => s.saving === label);
  const id = useId();
  return (
    <label className="switch" htmlFor={id}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={saving}
        data-testid={testId}
        onChange={(e) => void stores.settings.getState().update({ [field]: e.target.checked }, label)}
      />
      <span className="text">
        <span>{label}</span>
        <span className="help">{help}</span>
      </span>
    </label>
  );
}

function BehaviourSection({ settings }: { settings: SettingsDTO }) {
  const transport = useSession((s) => s.transport);
  return (
    <section className="card" aria-labelledby="beh-h">
      <div className="card-head">
        <h2 id="beh-h">Access and discovery</h2>
      </div>
      <div className="card-body">
        <Toggle
          label="Require an API key for /v1 and /api"
          help="Programs must send a key (Authorization: Bearer or x-api-key). Always on when the gateway listens beyond this machine."
          field="require_api_key"
          checked={settings.require_api_key}
          testId="toggle-require-key"
        />
        <Toggle
          label="Look for local model servers"
          help="Probe the usual ports on 127.0.0.1 every minute."
          field="discovery_enabled"
          checked={settings.discovery_enabled}
          testId="toggle-discovery"
        />
        <Toggle
          label="Register found servers automatically"
          help="Otherwise they wait on the Discovery page."
          field="discovery_auto_add"
          checked={settings.discovery_auto_add}
          testId="toggle-auto-add"
        />
        {transport === 'ipc' && (
          <Toggle label="Start at login" help="Open llmlb in the tray when you sign in." field="start_at_login" checked={settings.start_at_login} testId="toggle-login" />
        )}
      </div>
    </section>
  );
}

const PROVIDERS: readonly { id: CloudProvider; label: string; prefix: string }[] = [
  { id: 'openai', label: 'OpenAI', prefix: 'openai:' },
  { id: 'google', label: 'Google', prefix: 'google:' },
  { id: 'anthropic', label: 'Anthropic', prefix: 'anthropic:' },
];

function CloudSection({ settings }: { settings: SettingsDTO }) {
  return (
    <section className="card" aria-labelledby="cloud-h">
      <div className="card-head">
        <h2 id="cloud-h">Cloud providers</h2>
        <span className="hint">Keys are write-only: they are stored encrypted and never shown again.</span>
      </div>
      <div className="card-body form">
        {PROVIDERS.map((p) => (
          <CloudKey key={p.id} provider={p.id} label={p.label} prefix={p.prefix} isSet={settings.cloud[p.id]?.key_set ?? false} />
        ))}
      </div>
    </section>
  );
}

function CloudKey({ provider, label, prefix, isSet }: { provider: CloudProvider; label: string; prefix: string; isSet: boolean }) {
  const stores = useStores();
  const saving = useSettings((s) => s.saving?.startsWith(provider) ?? false);
  const [value, setValue] = useState('');
  const id = useId();
  return (
    <form
      className="inline"
      data-testid={`cloud-${provider}`}
      onSubmit={async (e) => {
        e.preventDefault();
        if (!value.trim()) return;
        if (await stores.settings.getState().setCloudKey(provider, value.trim())) setValue('');
      }}
    >
      <div className="field">
        <label htmlFor={id}>
          {label} <span className="muted" style={{ fontWeight: 400 }}>({prefix}…)</span>{' '}
          <span className={`badge ${isSet ? 'status-online' : 'type type-unknown'}`} data-testid="cloud-key-state">
            {isSet ? 'set' : 'not set'}
          </span>
        </label>
        <input id={id} className="input" type="password" autoComplete="off" placeholder={isSet ? 'Type a new key to replace it' : 'Paste the API key'} value={value} onChange={(e) => setValue(e.target.value)} />
      </div>
      <button type="submit" className="btn" disabled={saving || !value.trim()}>
        Save
      </button>
      {isSet && (
        <button type="button" className="btn danger" disabled={saving} onClick={() => void stores.settings.getState().setCloudKey(provider, null)}>
          Remove
        </button>
      )}
    </form>
  );
}

function SessionSection() {
  const stores = useStores();
  const transport = useSession((s) => s.transport);
  if (transport !== 'http') return null;
  return (
    <section className="card" aria-labelledby="sess-h">
      <div className="card-head">
        <h2 id="sess-h">This browser</h2>
      </div>
      <div className="card-body inline" style={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <span className="muted">The admin key is kept only in this tab and forgotten when you close it.</span>
        <button type="button" className="btn" onClick={() => stores.session.getState().signOut()} data-testid="sign-out">
          Forget admin key
        </button>
      </div>
    </section>
  );
}
