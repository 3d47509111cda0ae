/** The tray menu and health summary as pure functions of the endpoint list and a translator. */
import type { MenuItemConstructorOptions } from 'electron';
import type { TFunction } from 'i18next';
import type { EndpointStatus, LlmlbEvent } from '../admin/types.js';
import type { OverallHealth } from './icon.js';

/** What the tray needs to know about one endpoint. */
export interface TrayEndpoint {
  readonly id: string;
  readonly name: string;
  readonly status: EndpointStatus;
}

/** Everything the tray menu shows. */
export interface TrayState {
  readonly endpoints: readonly TrayEndpoint[];
  readonly gatewayUrl: string;
  readonly startAtLogin: boolean;
}

/** What the menu's items do. */
export interface TrayActions {
  openWindow(): void;
  copyGatewayUrl(): void;
  setStartAtLogin(enabled: boolean): void;
  /** Shows the folder of llmlb's log files in the file manager. */
  openLogFolder(): void;
  quit(): void;
}

/** How many endpoints the menu lists before summarising the rest. */
export const MAX_LISTED_ENDPOINTS = 12;

const NAME_MAX = 40;

/** Events that can change what the tray shows (request logs and download ticks cannot). */
export function affectsTray(event: LlmlbEvent): boolean {
  return event.type.startsWith('endpoint.');
}

/** 'empty' with no endpoints, 'all' when every one is online, 'none' when none is, else 'some'. */
export function overallHealth(endpoints: readonly Pick<TrayEndpoint, 'status'>[]): OverallHealth {
  if (endpoints.length === 0) return 'empty';
  const online = endpoints.filter((e) => e.status === 'online').length;
  if (online === endpoints.length) return 'all';
  return online === 0 ? 'none' : 'some';
}

/** The tray tooltip, e.g. "llmlb: 2 of 3 endpoints online". */
export function trayTooltip(endpoints: readonly Pick<TrayEndpoint, 'status'>[], t: TFunction): string {
  if (endpoints.length === 0) return t('tray.tooltipEmpty');
  const online = endpoints.filter((e) => e.status === 'online').length;
  return t('tray.tooltip', { online, count: endpoints.length });
}

/** "name — status", the name shortened so the menu stays narrow; the status word is always shown. */
export function endpointLabel(endpoint: TrayEndpoint, t: TFunction): string {
  const name = endpoint.name.length > NAME_MAX ? `${endpoint.name.slice(0, NAME_MAX - 1)}…` : endpoint.name;
  // Electron treats & as a mnemonic marker in menu labels.
  return t('tray.endpointLabel', { name: name.replaceAll('&', '&&'), status: t(`status.${endpoint.status}`) });
}

/** The tray menu in `t`'s language: open, copy URL, endpoints with their status, start at login, open log folder, quit. */
export function buildTrayMenu(state: TrayState, actions: TrayActions, t: TFunction): MenuItemConstructorOptions[] {
  const listed = state.endpoints.slice(0, MAX_LISTED_ENDPOINTS);
  const hidden = state.endpoints.length - listed.length;
  const endpointItems: MenuItemConstructorOptions[] =
    state.endpoints.length === 0
      ? [{ id: 'endpoints-empty', label: t('tray.noEndpoints'), enabled: false }]
      : [
          ...listed.map((e): MenuItemConstructorOptions => ({
            id: `endpoint:${e.id}`,
            label: endpointLabel(e, t),
            click: () => actions.openWindow(),
          })),
          ...(hidden > 0
            ? [{ id: 'endpoints-more', label: t('tray.more', { count: hidden }), click: () => actions.openWindow() }]
            : []),
        ];
  return [
    { id: 'open', label: t('tray.open'), click: () => actions.openWindow() },
    { id: 'copy-url', label: t('tray.copyUrl', { url: state.gatewayUrl }), click: () => actions.copyGatewayUrl() },
    { type: 'separator' },
    { id: 'endpoints-header', label: t('tray.endpoints'), enabled: false },
    ...endpointItems,
    { type: 'separator' },
    {
      id: 'start-at-login',
      label: t('tray.startAtLogin'),
      type: 'checkbox',
      checked: state.startAtLogin,
      click: (item) => actions.setStartAtLogin(item.checked),
    },
    { id: 'open-log-folder', label: t('tray.openLogFolder'), click: () => actions.openLogFolder() },
    { type: 'separator' },
    { id: 'quit', label: t('tray.quit'), click: () => actions.quit() },
  ];
}
