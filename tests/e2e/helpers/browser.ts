/** Launches the system Chromium through playwright-core with a fresh profile, for the e2e suites. */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Where the system Chromium lives (apt-get install -y chromium). */
export const CHROMIUM = process.env.LLMLB_CHROMIUM ?? '/usr/bin/chromium';

/** True when the e2e suites can run a browser here. */
export const haveChromium = existsSync(CHROMIUM);

/** Where screenshots go (gitignored). */
export const ARTIFACTS = join(process.cwd(), 'tests', 'artifacts');

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A browser context and how to close it (removing its temp profile). */
export interface Browser {
  readonly context: BrowserContext;
  newPage(opts?: { colorScheme?: 'light' | 'dark' }): Promise<Page>;
  close(): Promise<void>;
}

/** Starts Chromium with a new temporary user-data-dir; the browser's language is `locale` (default en-US). */
export async function launchBrowser(opts: { colorScheme?: 'light' | 'dark'; locale?: string } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'llmlb-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1360, height: 900 },
    colorScheme: opts.colorScheme ?? 'light',
    locale: opts.locale ?? 'en-US',
    reducedMotion: 'reduce',
  });
  return {
    context,
    newPage: async (o) => {
      const page = await context.newPage();
      if (o?.colorScheme) await page.emulateMedia({ colorScheme: o.colorScheme });
      return page;
    },
    close: async () => {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot to tests/artifacts/<name>.png. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
