/** Start at login: the OS login item on macOS and Windows, an XDG autostart entry on Linux. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What applying the setting needs from the host (main.ts passes Electron's pieces in). */
export interface LoginItemHost {
  readonly platform: NodeJS.Platform;
  /** The executable to start: `$APPIMAGE` for an AppImage, else the app binary. */
  readonly exec: string;
  /** `~/.config/autostart` (XDG); used on Linux only. */
  readonly autostartDir: string;
  /** Electron's `app.setLoginItemSettings` (macOS, Windows). */
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}

/** The argument a login start carries, so the app opens in the tray only. */
export const HIDDEN_ARG = '--hidden';

/** Quotes one Exec argument as the Desktop Entry spec requires. */
function quoteExecArg(arg: string): string {
  if (!/[\s"'\\`$;&|<>()*?#~=%]/.test(arg)) return arg;
  return `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`).replace(/%/g, '%%')}"`;
}

/** The `llmlb.desktop` autostart entry for `exec`. */
export function autostartEntry(exec: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=llmlb',
    'Comment=Desktop LLM load balancer',
    `Exec=${quoteExecArg(exec)} ${HIDDEN_ARG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Applies the setting; returns how (for logs and tests). */
export function applyStartAtLogin(enabled: boolean, host: LoginItemHost): 'login-item' | 'autostart' {
  if (host.platform !== 'linux') {
    host.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] });
    return 'login-item';
  }
  const file = join(host.autostartDir, 'llmlb.desktop');
  if (enabled) {
    mkdirSync(host.autostartDir, { recursive: true });
    writeFileSync(file, autostartEntry(host.exec), { mode: 0o644 });
  } else {
    rmSync(file, { force: true });
  }
  return 'autostart';
}
