/**
 * The dashboard in English and in Japanese: every main page opened once with the browser's language set to `en`
 * and once to `ja`, its words checked against the catalogs and a full-page screenshot kept in
 * test-results/screenshots/<lang>/<page>.png; switching the language in Settings takes effect without a reload and
 * persists (per browser on the web, as the core setting on desktop).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGS, type Language } from '../../src-shared/i18n/index.js';
import { en } from '../../src-shared/i18n/locales/en.js';
import { ja } from '../../src-shared/i18n/locales/ja.js';
import { flatten } from '../unit/i18n/parity.js';
import { haveChromium, launchBrowser, type Browser } from './helpers/browser.js';
import { installIpcBridge } from './helpers/ipc-bridge.js';
import { MOCK_KEY, startMockAdmin, type MockAdmin } from './helpers/mock-admin.js';

const DIST = join(process.cwd(), 'dist', 'renderer');
const ready = haveChromium && existsSync(join(DIST, 'index.html'));

/** Where the screenshots go (git-ignored). */
const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');

const NAV_PAGES = ['endpoints', 'models', 'discovery', 'requests', 'logs', 'settings'] as const;
const BROWSER_LOCALE: Record<Language, string> = { en: 'en-US', ja: 'ja-JP' };

/** Catalog texts that differ between the languages, without variables: seeing one of `lang`'s "other" texts is a leak. */
function foreignTexts(lang: Language): Set<string> {
  const mine = flatten(lang === 'en' ? en : ja);
  const theirs = flatten(lang === 'en' ? ja : en);
  const out = new Set<string>();
  for (const [key, text] of theirs) {
    if (key.startsWith('languageName.') || text.includes('{{') || text.includes('<') || !/\p{L}{3}/u.test(text)) continue;
    if (mine.get(key) !== text) out.add(text);
  }
  return out;
}

/** Every visible text node's trimmed text. */
async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent?.trim();
      if (!text || !el || el.closest('script, style, [aria-hidden=true]')) continue;
      if (el.getClientRects().length > 0 || el.closest('.visually-hidden')) out.push(text);
    }
    return out;
  });
}

/** The nav labels as shown. */
async function navLabels(page: Page): Promise<string[]> {
  return Promise.all(NAV_PAGES.map(async (p) => (await page.getByTestId(`nav-${p}`).textContent()) ?? ''));
}

async function shot(page: Page, lang: Language, name: string): Promise<void> {
  const dir = join(SCREENSHOTS, lang);
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

describe.skipIf(!ready).each(['en', 'ja'] as const)('dashboard with the browser in %s', (lang) => {
  const words = CATALOGS[lang] as typeof en;
  let mock: MockAdmin;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    mock = await startMockAdmin(DIST);
    browser = await launchBrowser({ locale: BROWSER_LOCALE[lang] });
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
  });

  afterAll(async () => {
    await browser?.close();
    await mock?.stop();
  });

  it('asks for the admin key in that language', async () => {
    await page.goto(`${mock.url}/#/endpoints`);
    await page.getByTestId('key-prompt').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
    expect(await page.getByTestId('admin-key-submit').textContent()).toBe(words.keyPrompt.submit);
    await shot(page, lang, 'key-prompt');
    await page.getByTestId('admin-key-input').fill(MOCK_KEY);
    await page.getByTestId('admin-key-submit').click();
    await page.getByTestId('endpoints-table').waitFor();
  });

  it('shows every main page in that language, with a screenshot of each', async () => {
    const ollama = [...mock.endpoints.values()].find((e) => e.endpoint_type === 'ollama')!;
    const pages: { name: string; hash: string; testId: string; title: string; extra?: () => Promise<void> }[] = [
      { name: 'endpoints', hash: '#/endpoints', testId: 'page-endpoints', title: words.endpoints.title },
      {
        name: 'endpoint-detail',
        hash: `#/endpoints/${ollama.id}`,
        testId: 'page-endpoint',
        title: ollama.name,
        // The detail page carries the charts and the download panel (not a page of its own).
        extra: async () => {
          await page.getByTestId('health-chart').waitFor();
          await page.getByTestId('download-panel').waitFor();
          expect(await page.locator('[data-testid=download-panel] h2').textContent()).toBe(words.downloads.title);
          expect(await page.locator('[data-testid=endpoint-facts] [data-fact=latency] dt').textContent()).toBe(words.endpoint.fact.latency);
        },
      },
      { name: 'models', hash: '#/models', testId: 'page-models', title: words.models.title },
      { name: 'discovery', hash: '#/discovery', testId: 'page-discovery', title: words.discovery.title },
      { name: 'requests', hash: '#/requests', testId: 'page-requests', title: words.requests.title },
      {
        name: 'logs',
        hash: '#/logs',
        testId: 'page-logs',
        title: words.logs.title,
        // Level words and component names come from the catalog; the core's messages stay English.
        extra: async () => {
          await page.getByTestId('log-row').first().waitFor();
          const badge = (level: string) => page.locator(`[data-testid=log-row][data-level=${level}] [data-testid=level-badge]`).first();
          expect(await badge('warn').textContent()).toBe(words.logs.levels.warn);
          expect(await badge('error').textContent()).toBe(words.logs.levels.error);
          expect(await page.getByLabel(words.logs.level).inputValue()).toBe('info');
          expect(await page.locator('[data-testid=log-row][data-level=warn] [data-testid=log-msg]').first().textContent()).toMatch(/^upstream attempt failed: /);
          // The web dashboard has no log folder to open.
          expect(await page.getByTestId('logs-open-folder').count()).toBe(0);
        },
      },
      { name: 'settings', hash: '#/settings', testId: 'page-settings', title: words.settings.title },
    ];
    const foreign = foreignTexts(lang);
    for (const p of pages) {
      await page.goto(`${mock.url}/${p.hash}`);
      await page.getByTestId(p.testId).waitFor();
      await page.locator('[data-testid=loading]').first().waitFor({ state: 'detached' }).catch(() => {});
      await p.extra?.();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      expect(await navLabels(page)).toEqual(NAV_PAGES.map((n) => words.nav[n]));
      expect((await page.locator('.page-head h1').textContent())?.trim()).toContain(p.title);
      const texts = await visibleTexts(page);
      expect(texts.filter((t) => foreign.has(t)), `${p.name}: words of the other language`).toEqual([]);
      if (lang === 'ja') expect(texts.some((t) => /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(t))).toBe(true);
      await page.waitForTimeout(200);
      await shot(page, lang, p.name);
    }
    expect(errors).toEqual([]);
  });

  it('formats dates and numbers for that language', async () => {
    await page.goto(`${mock.url}/#/settings`);
    const created = page.locator('[data-testid=key-row][data-name=dashboard] td').nth(3);
    // "3 days ago" / "2024/…" style: relative times come from Intl.RelativeTimeFormat or DateTimeFormat in that locale.
    const text = (await created.textContent()) ?? '';
    if (lang === 'ja') expect(text).toMatch(/^\d{4}\/\d{2}\/\d{2}$|前|今/);
    else expect(text).toMatch(/ago|now|\d{4}/);
  });
});

describe.skipIf(!ready)('switching the language in Settings (web)', () => {
  let mock: MockAdmin;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mock = await startMockAdmin(DIST);
    browser = await launchBrowser({ locale: 'en-US' });
    page = await browser.newPage();
    await page.goto(`${mock.url}/#/settings`);
    await page.getByTestId('admin-key-input').fill(MOCK_KEY);
    await page.getByTestId('admin-key-submit').click();
    await page.getByTestId('language-select').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await mock?.stop();
  });

  it('takes effect at once, without a reload, and is kept by this browser', async () => {
    expect(await navLabels(page)).toEqual(NAV_PAGES.map((n) => en.nav[n]));
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
    await page.getByTestId('language-select').selectOption('ja');
    await expect.poll(() => navLabels(page)).toEqual(NAV_PAGES.map((n) => ja.nav[n]));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
    expect(await page.locator('.page-head h1').textContent()).toBe(ja.settings.title);
    // The web dashboard keeps the choice per browser, not in the shared core settings.
    expect(mock.writes.filter((w) => w.path === '/v0/settings' && 'language' in w.body)).toEqual([]);
    await page.reload();
    await page.getByTestId('language-select').waitFor();
    expect(await navLabels(page)).toEqual(NAV_PAGES.map((n) => ja.nav[n]));
    expect(await page.getByTestId('language-select').inputValue()).toBe('ja');
    await page.getByTestId('language-select').selectOption('system');
    await expect.poll(() => navLabels(page)).toEqual(NAV_PAGES.map((n) => en.nav[n]));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  });

  it('is reachable and usable by keyboard', async () => {
    await page.getByTestId('language-select').focus();
    await page.keyboard.press('ArrowDown'); // system → en
    await page.keyboard.press('ArrowDown'); // en → ja
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('ja');
    await page.getByTestId('language-select').selectOption('system');
  });
});

describe.skipIf(!ready)('the language on desktop (IPC), where it is a core setting', () => {
  let mock: MockAdmin;
  let browser: Browser;
  let page: Page;
  let unsubscribe: () => void = () => {};

  beforeAll(async () => {
    mock = await startMockAdmin(DIST);
    browser = await launchBrowser({ locale: 'en-US' });
    page = await browser.newPage();
    unsubscribe = await installIpcBridge(page, mock);
  });

  afterAll(async () => {
    unsubscribe();
    await browser?.close();
    await mock?.stop();
  });

  it('follows the OS locale main passes in the URL, saves a choice as the core setting, and keeps it', async () => {
    // Chromium says en-US; the OS (app.getLocale()) says ja-JP: "same as the system" means the OS.
    await page.goto(`${mock.url}/?locale=ja-JP#/settings`);
    await page.getByTestId('language-select').waitFor();
    expect(await navLabels(page)).toEqual(NAV_PAGES.map((n) => ja.nav[n]));
    await page.getByTestId('language-select').selectOption('en');
    await expect.poll(() => navLabels(page)).toEqual(NAV_PAGES.map((n) => en.nav[n]));
    expect(mock.writes.filter((w) => w.path === '/v0/settings').at(-1)?.body).toEqual({ language: 'en' });
    await page.reload();
    await page.getByTestId('language-select').waitFor();
    expect(await navLabels(page)).toEqual(NAV_PAGES.map((n) => en.nav[n]));
    expect(await page.getByTestId('language-select').inputValue()).toBe('en');
    await shot(page, 'en', 'settings-desktop');
  });

  it('offers "Open log folder" on the Logs page and says so in a toast when the folder cannot be opened', async () => {
    await page.goto(`${mock.url}/#/logs`); // the language setting is English since the test above
    await page.getByTestId('page-logs').waitFor();
    await page.getByTestId('logs-open-folder').click();
    const toast = page.locator('[data-testid=toast][data-kind=error]');
    await toast.waitFor();
    expect(await toast.locator('.msg').textContent()).toBe(en.toast.logFolderFailed);
  });
});
