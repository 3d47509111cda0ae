/** A stand-in for the `electron` module, enough to run src-main/main.ts under Node and watch what it does. */
import { EventEmitter } from 'node:events';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

/** Everything main.ts did, for assertions. */
export const record = {
  schemes: [] as unknown[],
  loginItems: [] as unknown[],
  errorBoxes: [] as string[],
  exits: [] as number[],
  quits: 0,
  clipboard: [] as string[],
  opened: [] as string[],
  /** Folders shell.openPath was asked to show. */
  openedPaths: [] as string[],
  /** What shell.openPath resolves with: '' is success, any other text Electron's error message. */
  openPathError: '',
  menus: [] as { label?: string; id?: string; type?: string; checked?: boolean; click?: (item: unknown) => void }[][],
  protocolHandlers: new Map<string, (req: Request) => Promise<Response>>(),
  permissionDenials: 0,
};

class FakeApp extends EventEmitter {
  isPackaged = true;
  #paths: Record<string, string> = {};
  /** Sets where getPath('userData') and getPath('appData') point. */
  setPaths(paths: Record<string, string>): void {
    this.#paths = paths;
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  getPath(name: string): string {
    const path = this.#paths[name];
    if (!path) throw new Error(`unexpected getPath(${name})`);
    return path;
  }
  setLoginItemSettings(settings: unknown): void {
    record.loginItems.push(settings);
  }
  /** Chromium switches main.ts appended (e.g. V8 flags). */
  readonly switches: [string, string | undefined][] = [];
  readonly commandLine = { appendSwitch: (name: string, value?: string) => void this.switches.push([name, value]) };
  /** What getLocale() answers (the OS locale Electron reports). */
  locale = 'en-US';
  getLocale(): string {
    return this.locale;
  }
  getLoginItemSettings(): { wasOpenedAtLogin: boolean } {
    return { wasOpenedAtLogin: false };
  }
  /** Like Electron: emits before-quit (cancellable), then quits unless prevented. */
  quit(): void {
    record.quits++;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.emit('will-quit');
  }
  exit(code: number): void {
    record.exits.push(code);
  }
}

/** The fake `app`. */
export const app = new FakeApp();

class FakeWebContents extends EventEmitter {
  sent: unknown[][] = [];
  destroyed = false;
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly mainFrame = { url: 'app://llmlb/index.html' };
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
  setWindowOpenHandler(fn: (details: { url: string }) => { action: string }): void {
    this.openHandler = fn;
  }
}

/** The fake BrowserWindow; every instance is kept in `windows`. */
export class BrowserWindow extends EventEmitter {
  static windows: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  loadedUrl = '';
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.windows.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {}
  /** Like a user closing the window: cancellable. Returns true if it closed. */
  tryClose(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    return !prevented;
  }
}

/** The fake ipcMain: registered handlers by channel. */
export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, fn: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, fn);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
};

/** The fake protocol module. */
export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    record.schemes.push(...schemes);
  },
};

/** The fake default session. */
export const session = {
  defaultSession: {
    protocol: {
      handle(scheme: string, fn: (req: Request) => Promise<Response>): void {
        record.protocolHandlers.set(scheme, fn);
      },
    },
    setPermissionRequestHandler(fn: (wc: unknown, permission: string, cb: (ok: boolean) => void) => void): void {
      fn(null, 'media', (ok) => {
        if (!ok) record.permissionDenials++;
      });
    },
    setPermissionCheckHandler(): void {},
  },
};

/** The fake shell. */
export const shell = {
  openExternal(url: string): Promise<void> {
    record.opened.push(url);
    return Promise.resolve();
  },
  /** Resolves with '' (success) like Electron's, or with `record.openPathError` when a test sets one. */
  openPath(path: string): Promise<string> {
    record.openedPaths.push(path);
    return Promise.resolve(record.openPathError);
  },
};

/** The fake clipboard. */
export const clipboard = {
  writeText(text: string): void {
    record.clipboard.push(text);
  },
};

/** The fake dialog. */
export const dialog = {
  showErrorBox(title: string, content: string): void {
    record.errorBoxes.push(`${title}: ${content}`);
  },
};

/** The fake safeStorage: available, reversible. */
export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (s: string) => Buffer.from(s, 'utf8').reverse(),
  decryptString: (b: Buffer) => Buffer.from(b).reverse().toString('utf8'),
};

/** The fake nativeImage. */
export const nativeImage = {
  createFromBuffer: (buffer: Buffer) => ({ buffer, addRepresentation: () => undefined }),
};

/** The fake Menu. */
export const Menu = {
  buildFromTemplate(template: (typeof record.menus)[number]) {
    record.menus.push(template);
    return { template };
  },
};

/** The fake Tray; the live one is `Tray.current`. */
export class Tray extends EventEmitter {
  static current: Tray | null = null;
  image: unknown = null;
  tooltip = '';
  destroyed = false;
  constructor(image: unknown) {
    super();
    this.image = image;
    Tray.current = this;
  }
  setImage(image: unknown): void {
    this.image = image;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(): void {}
  destroy(): void {
    this.destroyed = true;
  }
}
