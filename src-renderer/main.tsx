/** Entry point: pick the transport, build the stores and the i18n instance in the chosen language, render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { pickTransport } from './api';
import { App } from './App';
import { createRendererI18n, systemLanguages } from './i18n';
import { createStores, HostContext, StoresContext } from './store';
import './styles.css';

const THEME_ITEM = 'llmlb.theme';
const LANGUAGE_ITEM = 'llmlb.language';

/** A localStorage item that survives blocked storage (the choice then lasts for this page only). */
function localItem(name: string): { get(): string | null; set(v: string): void } {
  return {
    get: () => {
      try {
        return localStorage.getItem(name);
      } catch {
        return null;
      }
    },
    set: (v) => {
      try {
        localStorage.setItem(name, v);
      } catch {
        // storage blocked: the choice lasts for this page only
      }
    },
  };
}

async function start(): Promise<void> {
  const transport = pickTransport();
  const stores = createStores(transport.client, {
    transport: transport.kind,
    keys: transport.keys,
    initialHash: window.location.hash,
    themeStorage: localItem(THEME_ITEM),
    systemLanguages: systemLanguages(),
    // The web dashboard keeps the language per browser; the desktop keeps it as a core setting (see store/language.ts).
    ...(transport.kind === 'http' ? { languageStorage: localItem(LANGUAGE_ITEM) } : {}),
  });
  // Desktop: read the stored language before the first paint (IPC is local and fast), so the window never flashes another language.
  if (transport.kind === 'ipc') await stores.settings.getState().load();

  const language = stores.language.getState().language;
  document.documentElement.lang = language;
  const i18n = createRendererI18n(language);

  // Only the desktop has a log folder to show; the web dashboard hides the button.
  const host = { copy: transport.copy, openExternal: transport.openExternal, openLogFolder: transport.kind === 'ipc' ? transport.openLogFolder : null };
  const root = document.getElementById('root');
  if (!root) throw new Error('#root is missing from index.html');
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <StoresContext.Provider value={stores}>
          <HostContext.Provider value={host}>
            <App />
          </HostContext.Provider>
        </StoresContext.Provider>
      </I18nextProvider>
    </StrictMode>,
  );
}

void start();
