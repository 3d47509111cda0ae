/**
 * The web dashboard end to end: real `llmlb serve`, fake upstreams from tests/fakes, system Chromium.
 * Skipped until the server serves the dashboard at `/` (static handler mounted, dist/renderer built).
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { startFakeOllama, startFakeVllm, type OllamaFake } from '../fakes/index.js';
import type { FakeHandle } from '../fakes/index.js';
import { haveChromium, launchBrowser, shot, type Browser } from './helpers/browser.js';
import { admin, E2E_ADMIN_KEY, haveServer, servesDashboard, startLlmlb, type ServedLlmlb } from './helpers/serve.js';

/** Health checks run at least every 10 s (SPEC §2), so "goes offline" can take two intervals. */
const OFFLINE_WITHIN_MS = 45_000;

describe.skipIf(!haveChromium || !haveServer)('web dashboard against llmlb serve', () => {
  let server: ServedLlmlb | null = null;
  let ready = false;
  let browser: Browser;
  let page: Page;
  let ollama: OllamaFake;
  let vllm: FakeHandle;
  const pageErrors: string[] = [];

  /** Skips the test while the dashboard is not served yet. */
  function gate(ctx: TestContext): void {
    if (!ready) ctx.skip();
  }

  beforeAll(async () => {
    ollama = await startFakeOllama({ pullDurationMs: 2500, pullLayers: 3 });
    vllm = await startFakeVllm();
    try {
      server = await startLlmlb();
      ready = await servesDashboard(server.url);
    } catch {
      ready = false;
    }
    if (!ready) return;
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`${server!.url}/`);
    await page.getByTestId('admin-key-input').fill(E2E_ADMIN_KEY);
    await page.getByTestId('admin-key-submit').click();
    await page.getByTestId('page-endpoints').waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await ollama?.close();
    await vllm?.close();
  });

  // A failing test leaves a screenshot of what the browser showed.
  afterEach(async (ctx) => {
    if (ready && ctx.task.result?.state === 'fail') {
      await shot(page, `e2e-failed-${ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => {});
    }
  });

  const row = (name: string) => page.locator(`[data-testid=endpoint-row][data-name="${name}"]`);

  /** Adds an endpoint through the dialog: detection preview first, then save with a 10 s health interval. */
  async function addEndpoint(url: string, name: string, expectedType: string): Promise<void> {
    await page.goto(`${server!.url}/#/endpoints`);
    await page.getByTestId('add-endpoint').click();
    await page.getByTestId('endpoint-url').fill(url);
    await page.getByTestId('endpoint-detect').click();
    const preview = page.locator('[data-testid=detect-preview][data-state=done]');
    await preview.waitFor({ timeout: 10_000 });
    expect(await preview.getByTestId('type-badge').textContent()).toBe(expectedType);
    await page.getByTestId('endpoint-name').fill(name);
    await page.getByText('Advanced').click();
    await page.getByLabel('Health check every (s)').fill('10');
    await page.getByTestId('endpoint-save').click();
    await page.getByTestId('endpoint-dialog').waitFor({ state: 'detached' });
  }

  it('rejects a wrong admin key and asks again', async (ctx) => {
    gate(ctx);
    const tab = await browser.newPage();
    try {
      await tab.goto(`${server!.url}/`);
      await tab.getByTestId('admin-key-input').fill('llmlb_wrong');
      await tab.getByTestId('admin-key-submit').click();
      await tab.getByTestId('key-rejected').waitFor();
    } finally {
      await tab.close();
    }
  });

  it('adds Ollama and vLLM endpoints: type badges by name, status turns online', async (ctx) => {
    gate(ctx);
    await addEndpoint(ollama.url, 'Fake Ollama', 'Ollama');
    await row('Fake Ollama').locator('[data-testid=status-badge][data-status=online]').waitFor({ timeout: 15_000 });
    expect(await row('Fake Ollama').getByTestId('type-badge').textContent()).toBe('Ollama');
    await addEndpoint(vllm.url, 'Fake vLLM', 'vLLM');
    await row('Fake vLLM').locator('[data-testid=status-badge][data-status=online]').waitFor({ timeout: 15_000 });
    expect(await row('Fake vLLM').getByTestId('type-badge').textContent()).toBe('vLLM');
    expect(await row('Fake vLLM').getByTestId('status-badge').textContent()).toBe('online');
    await shot(page, 'e2e-endpoints');
  });

  it('shows an endpoint going offline when its server stops, without reloading', async (ctx) => {
    gate(ctx);
    await page.goto(`${server!.url}/#/endpoints`);
    const badge = row('Fake vLLM').getByTestId('status-badge');
    await expect.poll(() => badge.getAttribute('data-status'), { timeout: 15_000 }).toBe('online');
    await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));
    await vllm.stop();
    try {
      await expect.poll(() => badge.getAttribute('data-status'), { timeout: OFFLINE_WITHIN_MS, interval: 250 }).toBe('offline');
      expect(await badge.textContent()).toBe('offline');
      expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);
      await shot(page, 'e2e-endpoints-offline');
    } finally {
      await vllm.start();
    }
  }, OFFLINE_WITHIN_MS + 30_000);

  it('downloads a model on Ollama: the bar reaches 100% and the model appears', async (ctx) => {
    gate(ctx);
    const { endpoints } = await admin<{ endpoints: { id: string; name: string }[] }>(server!.url, 'GET', '/v0/endpoints');
    const id = endpoints.find((e) => e.name === 'Fake Ollama')!.id;
    await page.goto(`${server!.url}/#/endpoints/${id}`);
    await page.getByTestId('download-panel').waitFor();
    await page.getByTestId('download-model').fill('qwen3:0.6b');
    await page.getByTestId('download-start').click();
    const task = page.locator('[data-testid=download-task][data-model="qwen3:0.6b"]');
    await task.waitFor();
    await shot(page, 'e2e-download-progress');
    await page.locator('[data-testid=download-task][data-model="qwen3:0.6b"][data-status=completed]').waitFor({ timeout: 20_000 });
    expect(await task.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await page.locator('[data-testid=endpoint-model-row][data-model^="qwen3:0.6b"]').waitFor({ timeout: 20_000 });
  }, 60_000);

  it('the latency charts show points', async (ctx) => {
    gate(ctx);
    const { endpoints } = await admin<{ endpoints: { id: string; name: string }[] }>(server!.url, 'GET', '/v0/endpoints');
    const id = endpoints.find((e) => e.name === 'Fake Ollama')!.id;
    // Traffic for the request chart.
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${server!.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'llama3.2:latest', messages: [{ role: 'user', content: 'hi' }], stream: i % 2 === 0 }),
      });
      await res.text();
    }
    await page.goto(`${server!.url}/#/endpoints/${id}`);
    const health = page.getByTestId('health-chart');
    await health.waitFor({ timeout: 15_000 });
    expect(Number(await health.getAttribute('data-points'))).toBeGreaterThan(0);
    await expect.poll(async () => page.locator('[data-testid=health-chart] .recharts-line-dots circle, [data-testid=health-chart] .recharts-line-dot').count()).toBeGreaterThan(0);
    const requests = page.getByTestId('request-chart');
    await requests.waitFor({ timeout: 15_000 });
    await expect.poll(async () => Number(await requests.getAttribute('data-points'))).toBeGreaterThanOrEqual(3);
    await shot(page, 'e2e-endpoint-detail');
  });

  it('creates an API key (shown once), then revokes it', async (ctx) => {
    gate(ctx);
    await page.goto(`${server!.url}/#/settings`);
    await page.getByTestId('key-name').fill('e2e-bot');
    await page.getByTestId('key-create').click();
    await page.getByTestId('key-created').waitFor();
    expect(await page.getByTestId('key-secret').textContent()).toMatch(/^llmlb_/);
    const keyRow = page.locator('[data-testid=key-row][data-name="e2e-bot"]');
    await keyRow.waitFor();
    await shot(page, 'e2e-settings');
    await keyRow.getByTestId('key-revoke').click();
    await page.getByTestId('confirm-button').click();
    await keyRow.waitFor({ state: 'detached' });
    const { keys } = await admin<{ keys: { name: string }[] }>(server!.url, 'GET', '/v0/keys');
    expect(keys.map((k) => k.name)).not.toContain('e2e-bot');
  });

  it('renders every page (screenshots in light and dark) without page errors', async (ctx) => {
    gate(ctx);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const p of ['endpoints', 'models', 'discovery', 'requests', 'settings']) {
        await page.goto(`${server!.url}/#/${p}`);
        await page.getByTestId(`page-${p}`).waitFor();
        await page.locator('[data-testid=loading]').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
        await shot(page, `e2e-${p}-${scheme}`);
      }
    }
    await page.goto(`${server!.url}/#/models`);
    await page.locator('[data-testid=model-row][data-model^="llama3.2"]').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
