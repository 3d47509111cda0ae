/** The main window: hardened, loads the UI from app://llmlb, sends links to the browser, hides on close. */
import { BrowserWindow, type Session } from 'electron';
import { appEntryUrl } from './app-url.js';
import { decideNavigation } from './navigation.js';
import { secureWebPreferences } from './web-preferences.js';

/** What the window needs from main.ts. */
export interface MainWindowOptions {
  readonly preloadPath: string;
  /** True once the user chose Quit: then closing really closes. */
  readonly isQuitting: () => boolean;
  /** Opens an http(s) URL in the browser. */
  readonly openExternal: (url: string) => void;
  /** Show as soon as the page is ready (false when started at login into the tray). */
  readonly showOnReady: boolean;
  readonly icon?: Electron.NativeImage;
  /** The OS locale (app.getLocale()), passed to the UI for its "same as the system" language. */
  readonly locale?: string;
}

/** Denies every permission prompt (camera, notifications, …) and permission check for `session`. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Creates the window and starts loading the UI. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 760,
    minHeight: 520,
    show: false,
    title: 'llmlb',
    autoHideMenuBar: true,
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  const contents = win.webContents;

  contents.setWindowOpenHandler(({ url }) => {
    if (decideNavigation(url) === 'external') options.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    const decision = decideNavigation(url);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'external') options.openExternal(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (decideNavigation(url) !== 'allow') event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());

  win.on('close', (event) => {
    if (options.isQuitting()) return;
    event.preventDefault();
    win.hide();
  });
  if (options.showOnReady) win.once('ready-to-show', () => win.show());

  void win.loadURL(appEntryUrl(options.locale));
  return win;
}

/** Shows, restores and focuses `win`. */
export function revealWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
