/** Entry point: pick the transport, build the stores, render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { pickTransport } from './api';
import { App } from './App';
import { createStores, HostContext, StoresContext } from './store';
import './styles.css';

const THEME_ITEM = 'llmlb.theme';

const transport = pickTransport();
const stores = createStores(transport.client, {
  transport: transport.kind,
  keys: transport.keys,
  initialHash: window.location.hash,
  themeStorage: {
    get: () => {
      try {
        return localStorage.getItem(THEME_ITEM);
      } catch {
        return null;
      }
    },
    set: (v) => {
      try {
        localStorage.setItem(THEME_ITEM, v);
      } catch {
        // storage blocked: the choice lasts for this page only
      }
    },
  },
});

const host = { copy: transport.copy, openExternal: transport.openExternal };
const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <StoresContext.Provider value={stores}>
      <HostContext.Provider value={host}>
        <App />
      </HostContext.Provider>
    </StoresContext.Provider>
  </StrictMode>,
);
