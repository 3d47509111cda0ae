/** The app shell: key prompt or sidebar + current page, hash routing, live events, theme and language. */
import { useEffect, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from './components/CopyButton';
import { KeyPrompt } from './components/KeyPrompt';
import { Toasts } from './components/Toasts';
import { ThemeToggle, useApplyTheme } from './components/ThemeToggle';
import { useApplyLanguage } from './components/LanguageSelect';
import { assertNever } from './lib/names';
import { hashOf, NAV, parseHash, type Route } from './lib/route';
import { DiscoveryPage } from './pages/DiscoveryPage';
import { EndpointDetailPage } from './pages/EndpointDetailPage';
import { EndpointsPage } from './pages/EndpointsPage';
import { LogsPage } from './pages/LogsPage';
import { ModelsPage } from './pages/ModelsPage';
import { RequestsPage } from './pages/RequestsPage';
import { SettingsPage } from './pages/SettingsPage';
import { connectLive, useSession, useSettings, useStores, useUi } from './store';

/** The root component. */
export function App() {
  const stores = useStores();
  const needKey = useSession((s) => s.needKey);
  const epoch = useSession((s) => s.epoch);
  useApplyTheme();
  useApplyLanguage();

  // Keep the route in step with the hash (back/forward, links, typed URLs).
  useEffect(() => {
    const sync = () => stores.ui.getState().navigate(parseHash(window.location.hash));
    sync();
    window.addEventListener('hashchange', sync);
    return () => window.removeEventListener('hashchange', sync);
  }, [stores]);

  // Live events: once per accepted key (IPC: once).
  useEffect(() => {
    if (needKey) return;
    return connectLive(stores);
  }, [stores, needKey, epoch]);

  return (
    <>
      {needKey ? <KeyPrompt /> : <Shell key={epoch} />}
      <Toasts />
    </>
  );
}

function Shell() {
  const stores = useStores();
  const route = useUi((s) => s.route);
  const live = useSession((s) => s.live);
  const gatewayUrl = useSettings((s) => s.settings?.gateway_url);
  const { t } = useTranslation();
  useEffect(() => {
    if (stores.settings.getState().state === 'idle') void stores.settings.getState().load();
  }, [stores]);
  const navPage = route.page === 'endpoint' ? 'endpoints' : route.page;
  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={skipToMain}>
        {t('app.skipToContent')}
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            lb
          </span>
          llmlb
        </div>
        <nav className="nav" aria-label={t('app.mainNav')}>
          {NAV.map((n) => (
            <a key={n.page} href={hashOf({ page: n.page } as Route)} aria-current={navPage === n.page ? 'page' : undefined} data-testid={`nav-${n.page}`}>
              {t(`nav.${n.page}`)}
            </a>
          ))}
        </nav>
        <div className="sidebar-foot">
          {gatewayUrl && (
            <div className="gateway-chip">
              <span>{t('app.gateway')}</span>
              <code title={gatewayUrl} data-testid="sidebar-gateway-url">
                {gatewayUrl.replace(/^https?:\/\//, '')}
              </code>
              <CopyButton value={gatewayUrl} label={t('app.copyUrl')} />
            </div>
          )}
          <span className="live" data-live={live} data-testid="live-state" role="status">
            <span className="dot" aria-hidden="true" />
            {t(`app.live.${live}`)}
          </span>
          <ThemeToggle />
        </div>
      </aside>
      <main className="main" id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </div>
  );
}

/** Moves focus to the page content (the hash is the router's, so the link must not change it). */
function skipToMain(e: MouseEvent): void {
  e.preventDefault();
  document.getElementById('main')?.focus();
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'endpoints':
      return <EndpointsPage />;
    case 'endpoint':
      return <EndpointDetailPage key={route.id} id={route.id} />;
    case 'models':
      return <ModelsPage />;
    case 'discovery':
      return <DiscoveryPage />;
    case 'requests':
      return <RequestsPage />;
    case 'logs':
      return <LogsPage />;
    case 'settings':
      return <SettingsPage />;
    default:
      return assertNever(route);
  }
}
