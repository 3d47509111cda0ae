/** Settings: gateway address, language, access, discovery, start at login, API keys and cloud provider keys. */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CloudProvider, SettingsDTO, UpdateSettingsInput } from '../../src-main/admin/types';
import { CopyButton } from '../components/CopyButton';
import { LanguageSelect } from '../components/LanguageSelect';
import { PageHead } from '../components/Page';
import { ErrorState, Loading } from '../components/States';
import { msg, type MsgKey } from '../i18n';
import { useSession, useSettings, useStores } from '../store';
import { KeysSection } from './KeysSection';

/** The Settings page. */
export function SettingsPage() {
  const stores = useStores();
  const state = useSettings((s) => s.state);
  const error = useSettings((s) => s.error);
  const settings = useSettings((s) => s.settings);
  const { t } = useTranslation();
  useEffect(() => {
    void stores.settings.getState().load();
  }, [stores]);
  return (
    <div className="page" data-testid="page-settings">
      <PageHead title={t('settings.title')} />
      {state === 'idle' || (state === 'loading' && !settings) ? (
        <Loading label={t('settings.loading')} />
      ) : !settings ? (
        <section className="card">
          <ErrorState error={error} onRetry={() => void stores.settings.getState().load()} />
        </section>
      ) : (
        <>
          <GatewaySection settings={settings} />
          <LanguageSection />
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
  const { t } = useTranslation();
  const openaiBase = `${settings.gateway_url}/v1`;
  return (
    <section className="card" aria-labelledby="gw-h">
      <div className="card-head">
        <h2 id="gw-h">{t('settings.gateway.title')}</h2>
        <span className="hint">{t('settings.gateway.hint')}</span>
      </div>
      <div className="card-body form">
        <div className="field">
          <span className="label">{t('settings.gateway.address')}</span>
          <div className="secret">
            <code data-testid="gateway-url">{settings.gateway_url}</code>
            <CopyButton value={settings.gateway_url} testId="copy-gateway-url" />
          </div>
        </div>
        <dl className="facts">
          <div className="fact">
            <dt>{t('settings.gateway.bindAddress')}</dt>
            <dd className="mono">{settings.bind_host}</dd>
          </div>
          <div className="fact">
            <dt>{t('settings.gateway.port')}</dt>
            <dd className="mono">{settings.port}</dd>
          </div>
          <div className="fact">
            <dt>{t('settings.gateway.openaiBase')}</dt>
            <dd className="mono">{openaiBase}</dd>
          </div>
        </dl>
        <span className="help muted">{t('settings.gateway.note')}</span>
      </div>
    </section>
  );
}

/** The language card: the same choice on the web (kept per browser) and on desktop (a core setting the tray follows). */
function LanguageSection() {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="lang-h" data-testid="language-section">
      <div className="card-head">
        <h2 id="lang-h">{t('settings.language.title')}</h2>
      </div>
      <div className="card-body form">
        <LanguageSelect />
      </div>
    </section>
  );
}

/** A boolean setting shown as a checkbox that saves on change; `label` and `help` are catalog keys. */
function Toggle({ label, help, field, checked, testId }: { label: MsgKey; help: MsgKey; field: keyof UpdateSettingsInput; checked: boolean; testId: string }) {
  const stores = useStores();
  const saving = useSettings((s) => s.saving === field);
  const { t } = useTranslation();
  const id = useId();
  return (
    <label className="switch" htmlFor={id}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={saving}
        data-testid={testId}
        onChange={(e) => void stores.settings.getState().update({ [field]: e.target.checked }, field, msg(label))}
      />
      <span className="text">
        <span>{t(label)}</span>
        <span className="help">{t(help)}</span>
      </span>
    </label>
  );
}

function BehaviourSection({ settings }: { settings: SettingsDTO }) {
  const transport = useSession((s) => s.transport);
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="beh-h">
      <div className="card-head">
        <h2 id="beh-h">{t('settings.behaviour.title')}</h2>
      </div>
      <div className="card-body">
        <Toggle
          label="settings.behaviour.requireKey"
          help="settings.behaviour.requireKeyHelp"
          field="require_api_key"
          checked={settings.require_api_key}
          testId="toggle-require-key"
        />
        <Toggle
          label="settings.behaviour.discovery"
          help="settings.behaviour.discoveryHelp"
          field="discovery_enabled"
          checked={settings.discovery_enabled}
          testId="toggle-discovery"
        />
        <Toggle
          label="settings.behaviour.autoAdd"
          help="settings.behaviour.autoAddHelp"
          field="discovery_auto_add"
          checked={settings.discovery_auto_add}
          testId="toggle-auto-add"
        />
        {transport === 'ipc' && (
          <Toggle label="settings.behaviour.startAtLogin" help="settings.behaviour.startAtLoginHelp" field="start_at_login" checked={settings.start_at_login} testId="toggle-login" />
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
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="cloud-h">
      <div className="card-head">
        <h2 id="cloud-h">{t('settings.cloud.title')}</h2>
        <span className="hint">{t('settings.cloud.hint')}</span>
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
  const saving = useSettings((s) => s.saving === `cloud.${provider}`);
  const { t } = useTranslation();
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
            {isSet ? t('settings.cloud.set') : t('settings.cloud.notSet')}
          </span>
        </label>
        <input id={id} className="input" type="password" autoComplete="off" placeholder={isSet ? t('settings.cloud.placeholderReplace') : t('settings.cloud.placeholderNew')} value={value} onChange={(e) => setValue(e.target.value)} />
      </div>
      <button type="submit" className="btn" disabled={saving || !value.trim()}>
        {t('common.save')}
      </button>
      {isSet && (
        <button type="button" className="btn danger" disabled={saving} onClick={() => void stores.settings.getState().setCloudKey(provider, null)}>
          {t('common.remove')}
        </button>
      )}
    </form>
  );
}

function SessionSection() {
  const stores = useStores();
  const transport = useSession((s) => s.transport);
  const { t } = useTranslation();
  if (transport !== 'http') return null;
  return (
    <section className="card" aria-labelledby="sess-h">
      <div className="card-head">
        <h2 id="sess-h">{t('settings.session.title')}</h2>
      </div>
      <div className="card-body inline" style={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <span className="muted">{t('settings.session.note')}</span>
        <button type="button" className="btn" onClick={() => stores.session.getState().signOut()} data-testid="sign-out">
          {t('settings.session.forget')}
        </button>
      </div>
    </section>
  );
}
