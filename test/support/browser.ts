import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Chromium from the system (Debian's package), never a downloaded build. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);

export interface BrowserHandle {
  browser: Browser;
  close(): Promise<void>;
}

/** Launches headless Chromium; Playwright gives it a fresh, temporary profile of its own. */
export async function launchChromium(): Promise<BrowserHandle> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/** The admin app's build, made by the browser project's global setup. */
export const WEB_DIR = path.resolve(import.meta.dirname, '../../dist/web');
