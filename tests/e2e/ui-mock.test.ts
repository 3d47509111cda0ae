/**
 * The dashboard in Chromium against an in-memory /v0 imitation (tests/e2e/helpers/mock-admin.ts): renders every
 * page in light and dark, and reacts to live events. Runs without `llmlb serve`; screenshots go to tests/artifacts/.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchBrowser, shot, type Browser } from './helpers/browser.js';
import { installIpcBridge } from './helpers/ipc-bridge.js';
import { MOCK_KEY, startMockAdmin, type MockAdmin } from './helpers/mock-admin.js';

const DIST = join(process.cwd(), 'dist', 'renderer');
const ready = haveChromium && existsSync(join(DIST, 'index.html'));

describe.skipIf(!ready)('dashboard against the mock admin API', () => {
  let mock: MockAdmin;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    mock = await startMockAdmin(DIST);
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      // Expected 4xx answers (409 on a duplicate) log "Failed to load resource"; anything else is a bug.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    await page.goto(`${mock.url}/#/endpoints`);
    await page.getByTestId('admin-key-input').fill(MOCK_KEY);
    await page.getByTestId('admin-key-submit').click();
    await page.getByTestId('endpoints-table').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await mock?.stop();
  });

  const byName = (name: string) => [...mock.endpoints.values()].find((e) => e.name === name)!;
  /** The visible text of an endpoint's Load cell. */
  const loadText = (id: string) => page.locator(`[data-testid=endpoint-row][data-endpoint-id="${id}"] [data-testid=endpoint-load-text]`).textContent();

  it('asks for the admin key in a new tab, rejects a wrong one, accepts the right one', async () => {
    const tab = await browser.newPage();
    try {
      await tab.goto(`${mock.url}/`);
      await tab.getByTestId('key-prompt').waitFor();
      await shot(tab, 'mock-key-prompt-light');
      await tab.getByTestId('admin-key-input').fill('wrong');
      await tab.getByTestId('admin-key-submit').click();
      await tab.getByTestId('key-rejected').waitFor();
      await tab.getByTestId('admin-key-input').fill(MOCK_KEY);
      await tab.getByTestId('admin-key-submit').click();
      await tab.getByTestId('endpoints-table').waitFor();
    } finally {
      await tab.close();
    }
  });

  it('renders every page in light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const p of ['endpoints', 'models', 'discovery', 'requests', 'logs', 'settings']) {
        await page.goto(`${mock.url}/#/${p}`);
        await page.getByTestId(`page-${p}`).waitFor();
        await page.waitForTimeout(150);
        await shot(page, `mock-${p}-${scheme}`);
      }
      const ollama = [...mock.endpoints.values()].find((e) => e.endpoint_type === 'ollama')!;
      await page.goto(`${mock.url}/#/endpoints/${ollama.id}`);
      await page.getByTestId('health-chart').waitFor();
      await page.getByTestId('request-chart').waitFor();
      await page.waitForTimeout(300);
      await shot(page, `mock-endpoint-${scheme}`);
      // The desktop CSP allows style attributes but no <style> elements and no inline scripts.
      expect(await page.locator('style').count()).toBe(0);
      expect(await page.locator('script:not([src])').count()).toBe(0);
    }
    expect(errors).toEqual([]);
  });

  it('adds an endpoint: the dialog previews the detected type, the row turns online live', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${mock.url}/#/endpoints`);
    await page.getByTestId('add-endpoint').click();
    const dialog = page.getByTestId('endpoint-dialog');
    await dialog.waitFor();
    await page.getByTestId('endpoint-url').fill('http://127.0.0.1:11434/');
    await page.getByTestId('endpoint-detect').click();
    await page.locator('[data-testid=detect-preview][data-state=done]').waitFor();
    expect(await dialog.getByTestId('type-badge').textContent()).toBe('Ollama');
    expect(await page.getByTestId('endpoint-name').inputValue()).toBe('Ollama 127.0.0.1:11434');
    await shot(page, 'mock-add-dialog-light');
    // Same URL as the seeded Ollama: the server's 409 shows inside the dialog.
    await page.getByTestId('endpoint-save').click();
    await page.getByTestId('endpoint-form-error').waitFor();
    await page.getByTestId('endpoint-url').fill('http://127.0.0.1:11435');
    await page.getByTestId('endpoint-name').fill('Second Ollama');
    await page.getByTestId('endpoint-save').click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator('[data-testid=endpoint-row][data-name="Second Ollama"]');
    await row.locator('[data-testid=status-badge][data-status=online]').waitFor();
  });

  it('shows a status change pushed by the server without reloading', async () => {
    await page.goto(`${mock.url}/#/endpoints`);
    const vllm = [...mock.endpoints.values()].find((e) => e.endpoint_type === 'vllm')!;
    const badge = page.locator(`[data-endpoint-id="${vllm.id}"] [data-testid=status-badge]`);
    await expect.poll(() => badge.getAttribute('data-status')).toBe('online');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    mock.setStatus(vllm.id, 'offline');
    await expect.poll(() => badge.getAttribute('data-status')).toBe('offline');
    expect(await badge.textContent()).toBe('offline');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    mock.setStatus(vllm.id, 'online');
    await expect.poll(() => badge.getAttribute('data-status')).toBe('online');
  });

  it('filters by type and status and searches', async () => {
    await page.goto(`${mock.url}/#/endpoints`);
    await page.getByTestId('filter-type').selectOption('vllm');
    await expect.poll(() => page.getByTestId('endpoint-row').count()).toBe(1);
    await page.getByTestId('filter-type').selectOption('all');
    await page.getByTestId('filter-status').selectOption('offline');
    await expect.poll(() => page.getByTestId('endpoint-row').count()).toBe(2);
    await page.getByTestId('filter-status').selectOption('all');
    await page.getByTestId('endpoint-search').fill('laptop');
    await expect.poll(() => page.getByTestId('endpoint-row').count()).toBe(1);
    await page.getByTestId('endpoint-search').fill('');
  });

  it('shows slot use in the Load column and keeps it fresh while the page is open', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    const ollama = byName('Ollama workstation');
    const vllm = byName('vLLM GPU box');
    const cpp = byName('llama.cpp laptop');
    mock.setLoad(ollama.id, 4, 5);
    mock.setLoad(vllm.id, 3, 0);
    await page.goto(`${mock.url}/#/models`);
    await page.goto(`${mock.url}/#/endpoints`); // mounting the page loads the stats at once
    // Stats refresh every 5 s; the first load may come from that refresh when the page was not remounted.
    await expect.poll(() => loadText(ollama.id), { timeout: 9_000, interval: 250 }).toBe('4/4 · 5 queued');
    expect(await loadText(vllm.id)).toBe('3 · no limit');
    expect(await loadText(cpp.id)).toBe('0/4');
    // The words are there for screen readers and as a tooltip, not only the colour.
    const cell = page.locator(`[data-testid=endpoint-row][data-endpoint-id="${ollama.id}"] [data-testid=endpoint-load]`);
    expect(await cell.getAttribute('title')).toBe('4 of 4 slots in use, 5 waiting for a slot');
    expect(await cell.locator('.visually-hidden').textContent()).toBe('4 of 4 slots in use, 5 waiting for a slot');
    expect(await cell.getAttribute('data-level')).toBe('full');
    mock.setLoad(ollama.id, 1, 0);
    await expect.poll(() => loadText(ollama.id), { timeout: 9_000, interval: 250 }).toBe('1/4');
    expect(await cell.getAttribute('data-level')).toBe('busy');
    // The detail page shows the limit in force, in flight and queued.
    mock.setLoad(ollama.id, 3, 2);
    await page.goto(`${mock.url}/#/endpoints/${ollama.id}`);
    const fact = (k: string) => page.locator(`[data-testid=endpoint-facts] [data-fact="${k}"] dd`).textContent();
    expect(await fact('concurrencyLimit')).toBe('4 at once');
    await expect.poll(() => fact('inFlight')).toBe('3 of 4');
    expect(await fact('queued')).toBe('2');
    await page.goto(`${mock.url}/#/endpoints/${vllm.id}`);
    expect(await fact('concurrencyLimit')).toBe('No limit');
    await expect.poll(() => fact('inFlight')).toBe('3');
  });

  it('edits max concurrency: empty leaves it alone, a number overrides, reset sends null; adding can set one', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    const ollama = byName('Ollama workstation');
    mock.setLoad(ollama.id, 1, 0);
    await page.goto(`${mock.url}/#/endpoints`);
    const row = page.locator(`[data-testid=endpoint-row][data-endpoint-id="${ollama.id}"]`);
    const dialog = page.getByTestId('endpoint-dialog');
    const field = page.getByTestId('endpoint-concurrency');
    const puts = () => mock.writes.filter((w) => w.method === 'PUT' && w.path === `/v0/endpoints/${ollama.id}`).map((w) => w.body);
    const edit = async () => {
      await row.getByTestId('endpoint-edit').click();
      await dialog.waitFor();
    };
    const save = async () => {
      await page.getByTestId('endpoint-save').click();
      await dialog.waitFor({ state: 'detached' });
    };
    const before = puts().length;

    // The limit in force is a hint, never a prefilled override: saving another change does not send it.
    await edit();
    expect(await field.inputValue()).toBe('');
    expect(await field.getAttribute('placeholder')).toBe('4 now');
    await dialog.getByLabel('Notes').fill('GPU 0');
    await save();
    expect(puts().slice(before)).toEqual([{ notes: 'GPU 0' }]);

    // Out of range: the field says why and nothing is sent.
    await edit();
    await field.fill('0');
    await page.getByTestId('endpoint-save').click();
    await dialog.getByText('A whole number from 1 to 10,000.').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await field.fill('10001');
    await page.getByTestId('endpoint-save').click();
    expect(puts().length).toBe(before + 1);
    await field.fill('8');
    await save();
    expect(puts().at(-1)).toEqual({ max_concurrency: 8 });
    await expect.poll(() => loadText(ollama.id), { timeout: 9_000, interval: 250 }).toBe('1/8');

    // Reset to automatic sends null; the core falls back to the default (4 for Ollama).
    await edit();
    expect(await field.getAttribute('placeholder')).toBe('8 now');
    await page.getByTestId('endpoint-concurrency-reset').check();
    expect(await field.isDisabled()).toBe(true);
    await shot(page, 'mock-edit-concurrency-light');
    await save();
    expect(puts().at(-1)).toEqual({ max_concurrency: null });
    await expect.poll(() => loadText(ollama.id), { timeout: 9_000, interval: 250 }).toBe('1/4');

    // Adding: a typed limit goes into the POST body.
    await page.getByTestId('add-endpoint').click();
    await page.getByTestId('endpoint-url').fill('http://192.168.1.60:7000');
    await page.getByTestId('endpoint-name').fill('Capped box');
    await dialog.locator('summary', { hasText: 'Advanced' }).click();
    expect(await field.getAttribute('placeholder')).toBe('Automatic');
    expect(await page.getByTestId('endpoint-concurrency-reset').count()).toBe(0);
    await field.fill('2');
    await save();
    const post = mock.writes.filter((w) => w.method === 'POST' && w.path === '/v0/endpoints').at(-1);
    expect(post?.body).toMatchObject({ name: 'Capped box', max_concurrency: 2 });
    const capped = [...mock.endpoints.values()].find((e) => e.name === 'Capped box')!;
    // A new endpoint shows its load from the next refresh (every 5 s).
    await expect.poll(() => loadText(capped.id), { timeout: 9_000, interval: 250 }).toBe('0/2');
    expect(errors).toEqual([]);
  });

  it('downloads a model: the bar reaches 100% and the model appears', async () => {
    const ollama = [...mock.endpoints.values()].find((e) => e.name === 'Ollama workstation')!;
    await page.goto(`${mock.url}/#/endpoints/${ollama.id}`);
    await page.getByTestId('download-model').fill('llama3.2:1b');
    await page.getByTestId('download-start').click();
    const task = page.locator('[data-testid=download-task][data-model="llama3.2:1b"]');
    await task.waitFor();
    await page.waitForTimeout(500);
    await shot(page, 'mock-download-progress-light');
    await task.locator('[data-status=completed]').or(page.locator('[data-testid=download-task][data-status=completed]')).first().waitFor({ timeout: 10_000 });
    expect(await task.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(await task.getByTestId('download-percent').textContent()).toBe('100%');
    await page.locator('[data-testid=endpoint-model-row][data-model="llama3.2:1b"]').waitFor();
  });

  it('creates a key (shown once) and revokes one with confirmation; Escape closes dialogs', async () => {
    await page.goto(`${mock.url}/#/settings`);
    await page.getByTestId('key-name').fill('ci-bot');
    await page.getByTestId('key-create').click();
    await page.getByTestId('key-created').waitFor();
    expect(await page.getByTestId('key-secret').textContent()).toMatch(/^llmlb_/);
    await shot(page, 'mock-key-created-light');
    const row = page.locator('[data-testid=key-row][data-name=grafana]');
    await row.getByTestId('key-revoke').click();
    await page.getByTestId('confirm-dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('confirm-dialog').waitFor({ state: 'detached' });
    await row.getByTestId('key-revoke').click();
    await page.getByTestId('confirm-button').click();
    await row.waitFor({ state: 'detached' });
  });

  it('is usable by keyboard: tab reaches the navigation and Enter follows it', async () => {
    await page.goto(`${mock.url}/#/endpoints`);
    await page.reload();
    await page.getByTestId('endpoints-table').waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.textContent);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Skip to content');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Endpoints');
    for (let i = 0; i < 8; i++) await page.keyboard.press('Tab');
    await shot(page, 'mock-focus-visible-light');
    await page.keyboard.press('Shift+Tab');
    for (let i = 0; i < 7; i++) await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('Endpoints');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByTestId('page-models').waitFor();
    expect(errors).toEqual([]);
  });

  it('shows the add and edit dialogs in dark, and fits a narrow window', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${mock.url}/#/endpoints`);
    await page.getByTestId('add-endpoint').click();
    await page.getByTestId('endpoint-url').fill('http://192.168.1.77:9999');
    await page.getByTestId('endpoint-detect').click();
    await page.locator('[data-testid=detect-preview][data-state=done]').waitFor();
    await shot(page, 'mock-add-dialog-unreachable-dark');
    await page.keyboard.press('Escape');
    await page.getByTestId('endpoint-dialog').waitFor({ state: 'detached' });
    await page.locator('[data-testid=endpoint-row][data-name="Together proxy"]').getByTestId('endpoint-edit').click();
    await page.getByTestId('endpoint-dialog').waitFor();
    await shot(page, 'mock-edit-dialog-dark');
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 700, height: 900 });
    await shot(page, 'mock-endpoints-narrow-dark');
    await page.setViewportSize({ width: 1360, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('the theme toggle overrides the system scheme and persists', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${mock.url}/#/endpoints`);
    await page.getByText('Dark', { exact: true }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(14, 17, 22)');
    await page.reload();
    await page.getByTestId('endpoints-table').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByText('Auto', { exact: true }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBeUndefined();
  });

  it('Logs: live lines keep the view at the bottom, but not while the reader has scrolled up', async () => {
    await page.goto(`${mock.url}/#/logs`);
    const box = page.getByTestId('log-scroll');
    await page.getByTestId('log-row').first().waitFor();
    const gap = () => box.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    const line = (msg: string) => ({ time: new Date().toISOString(), level: 'warn' as const, component: 'gateway' as const, msg });
    expect(await box.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    expect(await gap()).toBeLessThan(2);
    await box.evaluate((el) => (el.scrollTop = 0));
    mock.emit({ type: 'log', entries: [line('live line while reading')], dropped: 0 });
    await page.getByTestId('log-msg').filter({ hasText: 'live line while reading' }).waitFor();
    expect(await box.evaluate((el) => el.scrollTop)).toBe(0);
    await box.evaluate((el) => (el.scrollTop = el.scrollHeight));
    mock.emit({ type: 'log', entries: [line('live line at the end')], dropped: 3 });
    await page.getByTestId('log-msg').filter({ hasText: 'live line at the end' }).waitFor();
    await expect.poll(gap).toBeLessThan(2);
    expect(await page.getByTestId('logs-dropped').textContent()).toBe('3 lines were skipped to keep up. Refresh to see them.');
  });
});

describe.skipIf(!ready)('dashboard states: loading, empty, error', () => {
  let mock: MockAdmin;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mock = await startMockAdmin(DIST, { empty: true });
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(`${mock.url}/`);
    await page.getByTestId('admin-key-input').fill(MOCK_KEY);
    await page.getByTestId('admin-key-submit').click();
    await page.getByTestId('page-endpoints').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await mock?.stop();
  });

  it('shows empty states with a way forward', async () => {
    await page.locator('[data-testid=page-endpoints] [data-testid=empty]').waitFor();
    expect(await page.getByTestId('add-endpoint-empty').isVisible()).toBe(true);
    await shot(page, 'mock-empty-endpoints-light');
    for (const p of ['models', 'discovery', 'requests']) {
      await page.goto(`${mock.url}/#/${p}`);
      await page.locator(`[data-testid=page-${p}] [data-testid=empty]`).first().waitFor();
    }
    await shot(page, 'mock-empty-requests-light');
  });

  it('shows a loading state, then an error state with a working retry', async () => {
    mock.delayMs = 1500;
    await page.goto(`${mock.url}/#/models`);
    await page.reload();
    await page.locator('[data-testid=page-models] [data-testid=loading]').waitFor();
    await shot(page, 'mock-loading-models-light');
    mock.delayMs = 0;
    mock.failing.add('/v0/models');
    await page.goto(`${mock.url}/#/discovery`);
    await page.goto(`${mock.url}/#/models`);
    await page.getByTestId('error-state').waitFor();
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'mock-error-models-dark');
    mock.failing.clear();
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.locator('[data-testid=page-models] [data-testid=empty]').waitFor();
  });

  it('Logs: a failed load names the error and Retry brings the lines', async () => {
    mock.failing.add('/v0/logs');
    await page.goto(`${mock.url}/#/logs`);
    await page.reload();
    const error = page.locator('[data-testid=page-logs] [data-testid=error-state]');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('internal_error');
    expect(await error.textContent()).toContain('Something went wrong inside llmlb');
    mock.failing.clear();
    await error.getByRole('button', { name: 'Retry' }).click();
    await page.locator('[data-testid=page-logs] [data-testid=log-row]').first().waitFor();
  });
});

describe.skipIf(!ready)('dashboard over the IPC transport (window.llmlb, as in Electron)', () => {
  let mock: MockAdmin;
  let browser: Browser;
  let page: Page;
  let unsubscribe: () => void = () => {};

  beforeAll(async () => {
    mock = await startMockAdmin(DIST);
    browser = await launchBrowser();
    page = await browser.newPage();
    unsubscribe = await installIpcBridge(page, mock);
  });

  afterAll(async () => {
    unsubscribe();
    await browser?.close();
    await mock?.stop();
  });

  it('needs no key, shows live status changes and the desktop-only setting', async () => {
    await page.goto(`${mock.url}/#/endpoints`);
    await page.getByTestId('endpoints-table').waitFor();
    expect(await page.getByTestId('key-prompt').count()).toBe(0);
    const vllm = [...mock.endpoints.values()].find((e) => e.endpoint_type === 'vllm')!;
    const badge = page.locator(`[data-endpoint-id="${vllm.id}"] [data-testid=status-badge]`);
    mock.setStatus(vllm.id, 'error');
    await expect.poll(() => badge.getAttribute('data-status')).toBe('error');
    // Errors cross the bridge as {ok:false}: the dialog shows the server's message.
    await page.getByTestId('add-endpoint').click();
    await page.getByTestId('endpoint-url').fill(vllm.base_url);
    await page.getByTestId('endpoint-name').fill('dup');
    await page.getByTestId('endpoint-save').click();
    expect(await page.getByTestId('endpoint-form-error').textContent()).toContain('already exists');
    await page.keyboard.press('Escape');
    await page.goto(`${mock.url}/#/settings`);
    await page.getByTestId('toggle-login').waitFor();
    expect(await page.getByTestId('sign-out').count()).toBe(0);
    await shot(page, 'mock-settings-ipc-light');
  });
});
