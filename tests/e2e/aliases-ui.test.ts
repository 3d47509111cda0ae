/** The Models page's aliases card in Chromium against the mock admin API: add an alias by keyboard and mouse, see it listed, delete it. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchBrowser, shot, type Browser } from './helpers/browser.js';
import { MOCK_KEY, startMockAdmin, type MockAdmin } from './helpers/mock-admin.js';

const DIST = join(process.cwd(), 'dist', 'renderer');
const ready = haveChromium && existsSync(join(DIST, 'index.html'));

describe.skipIf(!ready)('aliases card', () => {
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
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    await page.goto(`${mock.url}/#/models`);
    await page.getByTestId('admin-key-input').fill(MOCK_KEY);
    await page.getByTestId('admin-key-submit').click();
    await page.getByTestId('aliases-empty').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await mock?.stop();
  });

  it('adds an alias with two targets, lists it, then deletes it after confirmation', async () => {
    await page.getByTestId('alias-add').click();
    const dialog = page.getByTestId('alias-dialog');
    await dialog.waitFor();
    // Nothing filled in: the form says what is missing instead of sending.
    await page.getByTestId('alias-save').click();
    expect(await page.getByTestId('alias-error').textContent()).toMatch(/name/);
    await page.getByTestId('alias-name').fill('team/llama:3b');
    await page.getByLabel('Model of target 1').fill('llama3.2:3b');
    await page.getByTestId('alias-add-target').click();
    await page.getByLabel('Model of target 2').fill('meta-llama/Llama-3.2-3B-Instruct');
    await shot(page, 'aliases-dialog-light');
    await page.keyboard.press('Enter');
    const row = page.locator('[data-testid=alias-row][data-alias="team/llama:3b"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('any endpoint serving it');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'aliases-card-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await row.getByRole('button', { name: 'Delete alias team/llama:3b' }).click();
    await page.getByTestId('confirm-button').click();
    await page.getByTestId('aliases-empty').waitFor();
    expect(errors).toEqual([]);
  });
});
