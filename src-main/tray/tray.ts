/** The tray icon: coloured by overall health, menu rebuilt (in the chosen language) whenever endpoints or settings change. */
import { Menu, nativeImage, Tray, type NativeImage } from 'electron';
import { createI18n, pickLanguage, resolveLanguage } from '../../src-shared/i18n/index.js';
import type { AdminApi } from '../admin/api.js';
import { trayIconPng, type OverallHealth } from './icon.js';
import { affectsTray, buildTrayMenu, overallHealth, trayTooltip, type TrayActions, type TrayState } from './menu.js';

/** A running tray. */
export interface TrayController {
  /** Re-reads endpoints and settings and rebuilds icon, tooltip and menu. */
  refresh(): Promise<void>;
  destroy(): void;
}

const REFRESH_DELAY_MS = 200;

/** The tray icon for `health`, with the 2x representation for HiDPI trays. */
function iconFor(health: OverallHealth): NativeImage {
  const image = nativeImage.createFromBuffer(trayIconPng(health, 16), { scaleFactor: 1 });
  image.addRepresentation({ scaleFactor: 2, buffer: trayIconPng(health, 32) });
  return image;
}

/**
 * Creates the tray and keeps it current from `admin` events. Its words follow the `language` setting;
 * `systemLocale` (Electron's app.getLocale()) decides when that setting is 'system'.
 */
export function createTray(
  admin: AdminApi,
  gatewayUrl: string,
  actions: TrayActions,
  log: (line: string) => void,
  systemLocale: string,
): TrayController {
  const i18n = createI18n(pickLanguage([systemLocale]));
  const icons = new Map<OverallHealth, NativeImage>();
  const tray = new Tray(iconFor('empty'));
  let timer: NodeJS.Timeout | null = null;
  let destroyed = false;

  if (process.platform !== 'darwin') tray.on('click', () => actions.openWindow());

  const refresh = async (): Promise<void> => {
    const [{ endpoints }, settings] = await Promise.all([admin.listEndpoints(), admin.getSettings()]);
    if (destroyed) return;
    const state: TrayState = { endpoints, gatewayUrl, startAtLogin: settings.start_at_login };
    const t = i18n.getFixedT(resolveLanguage(settings.language, [systemLocale]));
    const health = overallHealth(endpoints);
    if (!icons.has(health)) icons.set(health, iconFor(health));
    tray.setImage(icons.get(health)!);
    tray.setToolTip(trayTooltip(endpoints, t));
    tray.setContextMenu(Menu.buildFromTemplate(buildTrayMenu(state, actions, t)));
  };
  const refreshSoon = (): void => {
    if (timer || destroyed) return;
    timer = setTimeout(() => {
      timer = null;
      refresh().catch((e: unknown) => log(`tray: refresh failed: ${(e as Error).message}`));
    }, REFRESH_DELAY_MS);
  };

  const unsubscribe = admin.subscribe((event) => {
    if (affectsTray(event)) refreshSoon();
  });
  refreshSoon();

  return {
    refresh,
    destroy() {
      destroyed = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      tray.destroy();
    },
  };
}
