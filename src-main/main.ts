/** Electron lifecycle: the one file that owns `app`. Builds the core, the window, the tray and the IPC. */
import { join } from 'node:path';
import { app, BrowserWindow, clipboard, dialog, ipcMain, nativeImage, safeStorage, session, shell } from 'electron';
import { createApp, type App } from './app.js';
import { applyStartAtLogin, HIDDEN_ARG } from './desktop/login-item.js';
import { DesktopSecretBox } from './desktop/secret-box.js';
import { describeStartError } from './desktop/start-error.js';
import { createI18n, resolveLanguage } from '../src-shared/i18n/index.js';
import { createHandlers } from './ipc/dispatch.js';
import { createInvoker } from './ipc/handle.js';
import { forwardEvents, registerIpc } from './ipc/register.js';
import { appIconPng } from './tray/icon.js';
import { createTray, type TrayController } from './tray/tray.js';
import { packageRoot, rendererDir } from './util/paths.js';
import { V8_FLAGS } from './util/runtime-flags.js';
import { registerAppScheme, serveAppScheme } from './windows/app-protocol.js';
import { APP_ORIGIN } from './windows/app-url.js';
import { buildCsp } from './windows/csp.js';
import { createMainWindow, hardenSession, revealWindow } from './windows/main-window.js';
import { isExternalHttpUrl } from './windows/navigation.js';
import { chooseConsoleFormat } from './logging/format.js';
import { openLogFolder } from './logging/folder.js';
import type { Logger } from './logging/logger.js';

const DRAIN_MS = 10_000;
/** The core's `app` logger once it exists (stderr before that); main's own lines are problems, so `warn`. */
let appLog: Logger | null = null;
const log = (line: string): void => {
  if (appLog) appLog.warn(line);
  else process.stderr.write(`${line}\n`);
};

let core: App | null = null;
let win: BrowserWindow | null = null;
let tray: TrayController | null = null;
const cleanups: (() => void)[] = [];
let quitting = false;
let shutdown: Promise<void> | null = null;
let stopped = false;

/** Shows the window (creating it again if it was destroyed). */
function showWindow(): void {
  if (!core) return;
  if (!win || win.isDestroyed()) win = openWindow(true);
  revealWindow(win);
}

function openExternal(url: string): void {
  if (isExternalHttpUrl(url)) shell.openExternal(url).catch((e: unknown) => log(`open-external: ${(e as Error).message}`));
}

function openWindow(show: boolean): BrowserWindow {
  return createMainWindow({
    preloadPath: join(packageRoot(), 'dist', 'preload', 'preload.cjs'),
    isQuitting: () => quitting,
    openExternal,
    showOnReady: show,
    locale: app.getLocale(),
    // Linux shows this in the task switcher; Windows and macOS take the icon from the package.
    ...(process.platform === 'linux' ? { icon: nativeImage.createFromBuffer(appIconPng(256)) } : {}),
  });
}

/** Applies the start-at-login setting to the OS (packaged builds only: a dev run would register bare Electron). */
function applyLoginItem(enabled: boolean): void {
  if (!app.isPackaged) return;
  try {
    applyStartAtLogin(enabled, {
      platform: process.platform,
      exec: process.env.APPIMAGE ?? process.execPath,
      autostartDir: join(app.getPath('appData'), 'autostart'),
      setLoginItemSettings: (s) => app.setLoginItemSettings(s),
    });
  } catch (e) {
    log(`start at login: ${(e as Error).message}`);
  }
}

/** True when the OS started us at login: stay in the tray. */
function launchedHidden(): boolean {
  if (process.argv.includes(HIDDEN_ARG)) return true;
  return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
}

async function boot(): Promise<void> {
  const dataDir = app.getPath('userData');
  const logConsole = { stream: process.stderr, format: chooseConsoleFormat(process.stderr.isTTY, process.env.LLMLB_LOG_FORMAT) };
  core = await createApp({ dataDir, secretBox: new DesktopSecretBox(safeStorage, dataDir), logConsole });
  core.openConsoleLog();
  appLog = core.logger.child({ component: 'app' });
  const { url } = await core.start();
  const admin = core.admin;

  hardenSession(session.defaultSession);
  serveAppScheme(session.defaultSession, rendererDir(), buildCsp());

  const openLogs = () => openLogFolder(dataDir, (dir) => shell.openPath(dir));
  const afterSettings = (startAtLogin: boolean): void => {
    applyLoginItem(startAtLogin);
    void tray?.refresh().catch(() => undefined);
  };
  const handlers = createHandlers(admin, {
    gatewayUrl: () => url,
    openExternal: async (target) => {
      await shell.openExternal(target);
    },
    settingsChanged: (s) => afterSettings(s.start_at_login),
    openLogFolder: openLogs,
  });
  const target = () => (win && !win.isDestroyed() ? win.webContents : null);
  cleanups.push(registerIpc(ipcMain, createInvoker(handlers, { trustedOrigin: APP_ORIGIN, logger: core.logger.child({ component: 'ipc' }) }), target));
  cleanups.push(forwardEvents(admin, target));

  win = openWindow(!launchedHidden());
  tray = createTray(
    admin,
    url,
    {
      openWindow: showWindow,
      copyGatewayUrl: () => clipboard.writeText(url),
      setStartAtLogin: (enabled) => {
        admin
          .updateSettings({ start_at_login: enabled })
          .then((s) => afterSettings(s.start_at_login))
          .catch((e: unknown) => log(`tray: cannot change start at login: ${(e as Error).message}`));
      },
      openLogFolder: () => void openLogs().catch((e: unknown) => log(`tray: ${(e as Error).message}`)),
      quit: () => app.quit(),
    },
    log,
    app.getLocale(),
  );
  applyLoginItem((await admin.getSettings()).start_at_login);
}

/** Stops taking requests, lets in-flight ones finish (up to 10 s), closes the database. */
async function stopCore(): Promise<void> {
  tray?.destroy();
  tray = null;
  for (const fn of cleanups.splice(0)) fn();
  if (core) {
    appLog?.info({ inFlight: core.inFlight() }, `quitting: draining in-flight requests (up to ${DRAIN_MS / 1000} s)`);
    await core.stop({ drainMs: DRAIN_MS }).catch((e: unknown) => process.stderr.write(`llmlb: shutdown error: ${(e as Error).message}\n`));
  }
}

registerAppScheme();
// The same V8 heap tuning as the headless launcher (the main process runs the gateway).
app.commandLine.appendSwitch('js-flags', V8_FLAGS.join(' '));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', showWindow);
  app.on('activate', showWindow);
  // The tray keeps the app alive with no window; only Quit ends it.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped) return;
    event.preventDefault();
    shutdown ??= stopCore().finally(() => {
      stopped = true;
      app.quit();
    });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  app
    .whenReady()
    .then(boot)
    .catch((e: unknown) => {
      // The box speaks the user's language (the stored choice when the core got that far); the log stays English.
      const i18n = createI18n(resolveLanguage(core?.config().language, [app.getLocale()]));
      const port = core?.config().port;
      log(`llmlb could not start: ${describeStartError(e, port, i18n.getFixedT('en'))}`);
      dialog.showErrorBox(i18n.t('dialogs.startFailed.title'), describeStartError(e, port, i18n.t));
      stopped = true;
      void (core?.stop({ drainMs: 0 }) ?? Promise.resolve()).finally(() => app.exit(1));
    });
}
