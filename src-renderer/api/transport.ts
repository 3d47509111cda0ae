/** Picks the transport: IPC inside Electron (`window.llmlb`), else HTTP `/v0` with an admin key kept in sessionStorage. */
import type { LlmlbBridge } from '../../src-main/ipc/contract';
import type { LlmlbClient } from './client';
import { httpClient } from './http';
import { ipcClient } from './ipc';

/** Where the web transport keeps the admin key (per tab, gone when the tab closes). */
const KEY_ITEM = 'llmlb.adminKey';

/** Storage of the admin key (web only; IPC needs none). */
export interface KeyStore {
  get(): string | null;
  set(key: string): void;
  clear(): void;
}

/** The client plus the host services that are not admin operations. */
export interface Transport {
  readonly kind: 'ipc' | 'http';
  readonly client: LlmlbClient;
  /** The admin key storage; null when the transport needs no key (IPC). */
  readonly keys: KeyStore | null;
  /** The gateway URL programs should use, when the host knows it (IPC); null on the web (ask settings). */
  gatewayUrl(): Promise<string | null>;
  /** Opens an http(s) link outside the app. */
  openExternal(url: string): void;
  /** Opens the log folder in the file manager (desktop only); resolves with its path, or null where it cannot (web). */
  openLogFolder(): Promise<string | null>;
  /** Copies text to the clipboard; false when the browser refused. */
  copy(text: string): Promise<boolean>;
}

/** sessionStorage-backed key store that survives a missing or blocked storage. */
function sessionKeyStore(): KeyStore {
  let memory: string | null = null;
  const storage = ((): Storage | null => {
    try {
      return globalThis.sessionStorage ?? null;
    } catch {
      return null;
    }
  })();
  return {
    get: () => storage?.getItem(KEY_ITEM) ?? memory,
    set: (key) => {
      memory = key;
      storage?.setItem(KEY_ITEM, key);
    },
    clear: () => {
      memory = null;
      storage?.removeItem(KEY_ITEM);
    },
  };
}

/** Copies with the async clipboard API, falling back to a hidden textarea (file://, old engines). */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

/** Builds the transport over the preload bridge. */
export function ipcTransport(bridge: LlmlbBridge): Transport {
  return {
    kind: 'ipc',
    client: ipcClient(bridge),
    keys: null,
    gatewayUrl: async () => {
      const r = await bridge.gatewayUrl();
      return r.ok ? r.value : null;
    },
    openExternal: (url) => void bridge.openExternal(url),
    openLogFolder: async () => {
      const r = await bridge.openLogFolder();
      return r.ok ? r.value : null;
    },
    copy: copyText,
  };
}

/** Builds the web transport against `baseUrl` ('' = the page's own origin). */
export function httpTransport(baseUrl = ''): Transport {
  const keys = sessionKeyStore();
  return {
    kind: 'http',
    client: httpClient(baseUrl, keys.get),
    keys,
    gatewayUrl: async () => null,
    openExternal: (url) => void window.open(url, '_blank', 'noopener,noreferrer'),
    openLogFolder: async () => null,
    copy: copyText,
  };
}

/** IPC when the preload exposed `window.llmlb`, else HTTP against the page's origin. */
export function pickTransport(): Transport {
  const bridge = (globalThis as { llmlb?: LlmlbBridge }).llmlb;
  return bridge ? ipcTransport(bridge) : httpTransport('');
}

/** The client of {@link pickTransport} (the brief's `pickClient()`). */
export function pickClient(): LlmlbClient {
  return pickTransport().client;
}
