// Headless Chromium for the UI tests: Debian's /usr/bin/chromium driven by playwright-core (no downloaded
// browsers). Each launch gets a fresh profile folder, removed on close. Screenshots go to test-artifacts/.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from './processes';

export const CHROMIUM = process.env.KINSTRUMENT_TEST_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = join(projectRoot, 'test-artifacts');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Console errors and failed page scripts, to assert the UI ran cleanly. */
  errors: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Fails with what to do when Chromium is missing, instead of a cryptic launch error. */
export function assertChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: the UI browser tests need Debian's chromium package ` +
        '(scripts/ensure-system-deps.sh installs it: apt-get install chromium), or set KINSTRUMENT_TEST_CHROMIUM.',
    );
  }
}

export async function launchBrowser(): Promise<TestBrowser> {
  assertChromium();
  const profile = mkdtempSync(join(tmpdir(), 'kinstrument-chromium-'));
  // A persistent context is how Playwright takes a profile folder (it passes --user-data-dir itself).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 1000 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    context,
    page,
    errors,
    async screenshot(name) {
      const path = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
