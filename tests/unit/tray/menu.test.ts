/** Tray menu items, health summary and tooltip for sample endpoint lists, in English and Japanese. */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../../src-shared/i18n/index.js';
import type { EndpointStatus } from '../../../src-main/admin/types.js';
import {
  buildTrayMenu,
  endpointLabel,
  MAX_LISTED_ENDPOINTS,
  overallHealth,
  trayTooltip,
  type TrayActions,
  type TrayState,
} from '../../../src-main/tray/menu.js';

const en = createI18n('en').t;
const ja = createI18n('ja').t;

const ep = (name: string, status: EndpointStatus, id = name) => ({ id, name, status });

function recorder() {
  const log: string[] = [];
  const actions: TrayActions = {
    openWindow: () => log.push('open'),
    copyGatewayUrl: () => log.push('copy'),
    setStartAtLogin: (on) => log.push(`login:${on}`),
    openLogFolder: () => log.push('logs'),
    quit: () => log.push('quit'),
  };
  return { log, actions };
}

function state(endpoints: TrayState['endpoints'], startAtLogin = false): TrayState {
  return { endpoints, gatewayUrl: 'http://127.0.0.1:32768', startAtLogin };
}

function click(item: MenuItemConstructorOptions | undefined, checked?: boolean): void {
  item?.click?.({ checked } as never, undefined, {} as never);
}

const byId = (items: MenuItemConstructorOptions[], id: string) => items.find((i) => i.id === id);

describe('overallHealth', () => {
  it.each([
    [[], 'empty'],
    [[ep('a', 'online')], 'all'],
    [[ep('a', 'online'), ep('b', 'online')], 'all'],
    [[ep('a', 'online'), ep('b', 'offline')], 'some'],
    [[ep('a', 'online'), ep('b', 'pending')], 'some'],
    [[ep('a', 'error'), ep('b', 'offline')], 'none'],
    [[ep('a', 'pending')], 'none'],
  ] as const)('%j → %s', (endpoints, expected) => {
    expect(overallHealth(endpoints)).toBe(expected);
  });
});

describe('buildTrayMenu', () => {
  it('has open, copy URL, endpoints with status words, start at login, open log folder and quit, in that order', () => {
    const { actions } = recorder();
    const items = buildTrayMenu(state([ep('Ollama', 'online'), ep('vLLM box', 'offline')]), actions, en);
    const labels = items.filter((i) => i.type !== 'separator').map((i) => i.label);
    expect(labels).toEqual([
      'Open llmlb',
      'Copy gateway URL (http://127.0.0.1:32768)',
      'Endpoints',
      'Ollama — online',
      'vLLM box — offline',
      'Start at login',
      'Open log folder',
      'Quit llmlb',
    ]);
    expect(byId(items, 'endpoints-header')?.enabled).toBe(false);
  });

  it('runs the right action for each item', () => {
    const { log, actions } = recorder();
    const items = buildTrayMenu(state([ep('Ollama', 'error', 'e1')], true), actions, en);
    click(byId(items, 'open'));
    click(byId(items, 'copy-url'));
    click(byId(items, 'endpoint:e1'));
    click(byId(items, 'start-at-login'), false);
    click(byId(items, 'open-log-folder'));
    click(byId(items, 'quit'));
    expect(log).toEqual(['open', 'copy', 'open', 'login:false', 'logs', 'quit']);
  });

  it('shows the start-at-login checkbox state', () => {
    const { actions } = recorder();
    for (const on of [true, false]) {
      const item = byId(buildTrayMenu(state([], on), actions, en), 'start-at-login');
      expect(item).toMatchObject({ type: 'checkbox', checked: on });
    }
  });

  it('says so when there are no endpoints', () => {
    const item = byId(buildTrayMenu(state([]), recorder().actions, en), 'endpoints-empty');
    expect(item).toMatchObject({ label: 'No endpoints yet', enabled: false });
  });

  it('lists at most a dozen endpoints and summarises the rest', () => {
    const many = Array.from({ length: MAX_LISTED_ENDPOINTS + 3 }, (_, i) => ep(`e${i}`, 'online'));
    const items = buildTrayMenu(state(many), recorder().actions, en);
    expect(items.filter((i) => i.id?.startsWith('endpoint:'))).toHaveLength(MAX_LISTED_ENDPOINTS);
    expect(byId(items, 'endpoints-more')?.label).toBe('…and 3 more');
  });

  it('opens the log folder from its own item, worded in each language', () => {
    for (const [t, label] of [
      [en, 'Open log folder'],
      [ja, 'ログフォルダを開く'],
    ] as const) {
      const { log, actions } = recorder();
      const item = byId(buildTrayMenu(state([]), actions, t), 'open-log-folder');
      expect(item?.label).toBe(label);
      click(item);
      expect(log).toEqual(['logs']);
    }
  });
});

describe('labels and tooltip', () => {
  it('shortens long names but keeps the status word, and escapes &', () => {
    expect(endpointLabel(ep('x'.repeat(80), 'pending'), en)).toMatch(/^x{39}… — pending$/);
    expect(endpointLabel(ep('R&D box', 'online'), en)).toBe('R&&D box — online');
  });

  it('counts online endpoints', () => {
    expect(trayTooltip([], en)).toBe('llmlb: no endpoints');
    expect(trayTooltip([ep('a', 'online')], en)).toBe('llmlb: 1 of 1 endpoint online');
    expect(trayTooltip([ep('a', 'online'), ep('b', 'error'), ep('c', 'online')], en)).toBe('llmlb: 2 of 3 endpoints online');
  });
});

describe('in Japanese', () => {
  it('labels every item, the status words and the overflow line from the Japanese catalog', () => {
    const many = [ep('Ollama', 'online'), ep('R&D box', 'offline'), ...Array.from({ length: MAX_LISTED_ENDPOINTS }, (_, i) => ep(`e${i}`, 'pending'))];
    const items = buildTrayMenu(state(many, true), recorder().actions, ja);
    const labels = items.filter((i) => i.type !== 'separator').map((i) => i.label);
    expect(labels.slice(0, 5)).toEqual([
      'llmlb を開く',
      'ゲートウェイ URL をコピー（http://127.0.0.1:32768）',
      'エンドポイント',
      'Ollama — オンライン',
      'R&&D box — オフライン',
    ]);
    expect(labels).toContain('e0 — 確認中');
    expect(byId(items, 'endpoints-more')?.label).toBe('…ほか 2 件');
    expect(labels.slice(-3)).toEqual(['ログイン時に起動', 'ログフォルダを開く', 'llmlb を終了']);
    expect(byId(buildTrayMenu(state([]), recorder().actions, ja), 'endpoints-empty')?.label).toBe('エンドポイントはまだありません');
  });

  it('has a tooltip without English plural forms', () => {
    expect(trayTooltip([], ja)).toBe('llmlb: エンドポイントなし');
    expect(trayTooltip([ep('a', 'online')], ja)).toBe('llmlb: 1 件中 1 件がオンライン');
    expect(trayTooltip([ep('a', 'online'), ep('b', 'error'), ep('c', 'online')], ja)).toBe('llmlb: 3 件中 2 件がオンライン');
  });

  it('has no English left in the menu', () => {
    const items = buildTrayMenu(state([ep('x', 'error')], false), recorder().actions, ja);
    for (const item of items) if (item.label) expect(item.label.replace(/llmlb|URL|http\S+|\bx\b/g, '')).not.toMatch(/[A-Za-z]{3,}/);
  });
});
