/**
 * The Logs page against a real `llmlb serve` and a fake vLLM that starts answering 500: the warning shows up live with
 * the endpoint linked and the request id, the level and component filters change the list, Clear and following again
 * show only new lines, and the page reads in Japanese. Screenshots: test-results/screenshots/{en,ja}/logs-live*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { en } from '../../src-shared/i18n/locales/en.js';
import { ja } from '../../src-shared/i18n/locales/ja.js';
import { startFakeVllm, type FakeHandle } from '../fakes/index.js';
import { haveChromium, launchBrowser, shot, type Browser } from './helpers/browser.js';
import { admin, E2E_ADMIN_KEY, haveServer, servesDashboard, startLlmlb, type ServedLlmlb } from './helpers/serve.js';

const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');
const MODEL = 'logs-model';

describe.skipIf(!haveChromium || !haveServer)('Logs page against llmlb serve', () => {
  let server: ServedLlmlb | null = null;
  let ready = false;
  let vllm: FakeHandle;
  let endpointId = '';
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  function gate(ctx: TestContext): void {
    if (!ready) ctx.skip();
  }

  /** Opens the dashboard at #/logs in `p`, past the key prompt. */
  async function openLogs(p: Page): Promise<void> {
    await p.goto(`${server!.url}/#/logs`);
    await p.getByTestId('admin-key-input').fill(E2E_ADMIN_KEY);
    await p.getByTestId('admin-key-submit').click();
    await p.getByTestId('page-logs').waitFor();
    await p.getByTestId('log-row').first().waitFor({ timeout: 10_000 });
  }

  /** Sends one chat request through the gateway with our own request id. */
  async function chat(requestId: string): Promise<number> {
    const res = await fetch(`${server!.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }),
    });
    await res.text();
    return res.status;
  }

  const rowOf = (p: Page, requestId: string) =>
    p.locator('[data-testid=log-row]', { has: p.locator('[data-testid=log-request-id]', { hasText: requestId }) });
  const attrs = (p: Page, name: string) => p.getByTestId('log-row').evaluateAll((rows, a) => rows.map((r) => r.getAttribute(a)), name);

  async function screenshot(p: Page, lang: 'en' | 'ja', name: string): Promise<void> {
    mkdirSync(join(SCREENSHOTS, lang), { recursive: true });
    await p.screenshot({ path: join(SCREENSHOTS, lang, `${name}.png`), fullPage: true });
  }

  beforeAll(async () => {
    vllm = await startFakeVllm({ models: [MODEL] });
    try {
      server = await startLlmlb();
      ready = await servesDashboard(server.url);
    } catch {
      ready = false;
    }
    if (!ready) return;
    endpointId = (await admin<{ id: string }>(server!.url, 'POST', '/v0/endpoints', { name: 'Flaky vLLM', base_url: vllm.url })).id;
    // Routable once online with its model list read.
    for (let end = Date.now() + 15_000; ; await new Promise((r) => setTimeout(r, 100))) {
      const e = await admin<{ status: string; model_count: number }>(server!.url, 'GET', `/v0/endpoints/${endpointId}`);
      if (e.status === 'online' && e.model_count > 0) break;
      if (Date.now() > end) throw new Error(`endpoint not ready: ${JSON.stringify(e)}`);
    }
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await openLogs(page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await vllm?.close();
  });

  afterEach(async (ctx) => {
    if (ready && ctx.task.result?.state === 'fail') {
      await shot(page, `e2e-logs-failed-${ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => {});
    }
  });

  it('shows the startup and endpoint lines at Info and above, following live by default', async (ctx) => {
    gate(ctx);
    expect(await page.getByTestId('logs-level').inputValue()).toBe('info');
    expect(await page.getByTestId('logs-follow').isChecked()).toBe(true);
    expect(new Set(await attrs(page, 'data-level'))).not.toContain('debug');
    expect(await page.getByTestId('log-msg').allTextContents()).toContain('llmlb started');
    // The web dashboard has no log folder to open.
    expect(await page.getByTestId('logs-open-folder').count()).toBe(0);
  });

  it('a failed upstream attempt appears live as a warning naming the endpoint (linked) and the request', async (ctx) => {
    gate(ctx);
    await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));
    vllm.setMode('error500', { paths: ['/v1/chat/completions'] });
    expect(await chat('e2e-logs-500')).toBe(500);
    const row = rowOf(page, 'e2e-logs-500');
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getAttribute('data-level')).toBe('warn');
    expect(await row.getByTestId('level-badge').textContent()).toBe(en.logs.levels.warn);
    expect(await row.getByTestId('log-msg').textContent()).toContain('upstream attempt failed: Flaky vLLM');
    const link = row.getByTestId('log-endpoint').getByRole('link', { name: 'Flaky vLLM' });
    expect(await link.getAttribute('href')).toBe(`#/endpoints/${endpointId}`);
    expect(await row.textContent()).toContain('status=500');
    // Newest at the bottom, and no reload happened.
    expect((await page.getByTestId('log-row').last().getByTestId('log-request-id').textContent()) ?? '').toContain('e2e-logs-500');
    expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);
    await screenshot(page, 'en', 'logs-live');
  });

  it('the level and component filters change the list', async (ctx) => {
    gate(ctx);
    await page.getByLabel(en.logs.level).selectOption('error');
    await expect.poll(() => rowOf(page, 'e2e-logs-500').count()).toBe(0);
    for (const level of await attrs(page, 'data-level')) expect(['error', 'fatal']).toContain(level);

    await page.getByLabel(en.logs.level).selectOption('warn');
    await rowOf(page, 'e2e-logs-500').waitFor();
    for (const level of await attrs(page, 'data-level')) expect(['warn', 'error', 'fatal']).toContain(level);

    await page.getByLabel(en.logs.level).selectOption('info');
    await page.getByLabel(en.logs.component).selectOption('health');
    await expect.poll(() => rowOf(page, 'e2e-logs-500').count()).toBe(0);
    expect(new Set(await attrs(page, 'data-component'))).toEqual(new Set(['health']));

    await page.getByLabel(en.logs.component).selectOption('gateway');
    await rowOf(page, 'e2e-logs-500').waitFor();
    expect(new Set(await attrs(page, 'data-component'))).toEqual(new Set(['gateway']));
    await page.getByLabel(en.logs.component).selectOption({ label: en.logs.allComponents });
    await expect.poll(async () => new Set(await attrs(page, 'data-component')).size).toBeGreaterThan(1);
  });

  it('Clear empties the view; later lines still arrive while following, and pausing stops them', async (ctx) => {
    gate(ctx);
    await page.getByTestId('logs-clear').click();
    await page.getByTestId('logs-empty').waitFor();
    expect(await chat('e2e-logs-after-clear')).toBe(500);
    await rowOf(page, 'e2e-logs-after-clear').waitFor({ timeout: 10_000 });
    expect(await rowOf(page, 'e2e-logs-500').count()).toBe(0);

    await page.getByLabel(en.logs.follow).uncheck();
    expect(await chat('e2e-logs-paused')).toBe(500);
    await page.waitForTimeout(1000);
    expect(await rowOf(page, 'e2e-logs-paused').count()).toBe(0);
    // Following again fetches what came in meanwhile.
    await page.getByLabel(en.logs.follow).check();
    await rowOf(page, 'e2e-logs-paused').waitFor({ timeout: 10_000 });
    expect(pageErrors).toEqual([]);
  });

  it('reads in Japanese with the browser in ja (messages stay English), light and dark', async (ctx) => {
    gate(ctx);
    const jaBrowser = await launchBrowser({ locale: 'ja-JP' });
    try {
      const p = await jaBrowser.newPage();
      await openLogs(p);
      expect(await p.evaluate(() => document.documentElement.lang)).toBe('ja');
      expect(await p.locator('.page-head h1').textContent()).toBe(ja.logs.title);
      expect(await p.getByTestId('nav-logs').textContent()).toBe(ja.nav.logs);
      const row = rowOf(p, 'e2e-logs-500');
      await row.waitFor();
      expect(await row.getByTestId('level-badge').textContent()).toBe(ja.logs.levels.warn);
      expect(await row.locator('td').nth(2).textContent()).toBe(ja.logs.components.gateway);
      expect(await row.getByTestId('log-msg').textContent()).toContain('upstream attempt failed');
      expect(await p.getByLabel(ja.logs.level).inputValue()).toBe('info');
      expect(await p.getByRole('checkbox', { name: ja.logs.follow }).isChecked()).toBe(true);
      await screenshot(p, 'ja', 'logs-live');
      await p.emulateMedia({ colorScheme: 'dark' });
      await screenshot(p, 'ja', 'logs-live-dark');
    } finally {
      await jaBrowser.close();
    }
  });
});
