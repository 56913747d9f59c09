// Headless Chromium (or Chrome) driven by playwright-core, for the tests of the /docs page. The tests find a
// browser on this machine and never install one: .ci/run installs Debian's chromium on CI machines when
// findBrowser (this file's lookup, which .ci/run runs itself) finds none.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';

/** Where Linux packages and macOS apps put the browser, in the order they are tried after CHROMIUM_PATH. */
export const BROWSER_LOCATIONS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export const NO_BROWSER =
  'No Chromium or Chrome found: install one (Debian/Ubuntu: sudo apt-get install chromium; macOS: brew install --cask chromium) ' +
  `or set CHROMIUM_PATH to its executable. Looked in: ${BROWSER_LOCATIONS.join(', ')}`;

/** The browser to drive: CHROMIUM_PATH when set (it must exist), else the first usual location that exists. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env, exists: (file: string) => boolean = fs.existsSync): string {
  const named = env.CHROMIUM_PATH;
  if (named) {
    if (!exists(named)) throw new Error(`CHROMIUM_PATH is ${named}, which does not exist: point it at a Chromium or Chrome executable.`);
    return named;
  }
  const found = BROWSER_LOCATIONS.find((location) => exists(location));
  if (!found) throw new Error(NO_BROWSER);
  return found;
}

/** A fresh browser profile in a temp dir; `close` removes it. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const executablePath = findBrowser();
  const { chromium } = await import('playwright-core'); // loaded here: the unit test of findBrowser does not need it
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-browser-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 1400 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
