import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { repoRoot } from '@orderly/schema';

export const artifactsDir = path.join(repoRoot, 'test/artifacts');

/** Builds the PWA the way `pnpm start` does, so the server serves the current code. */
export function buildWeb() {
  const viteBin = path.join(repoRoot, 'apps/web/node_modules/vite/bin/vite.js');
  // Vitest sets NODE_ENV=test, which would make Vite bundle Solid's and urql's development builds:
  // test the production bundle the floor actually downloads.
  execFileSync(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], {
    cwd: path.join(repoRoot, 'apps/web'),
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

/** Debian's Chromium, headless, with the flags this closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** A phone: 390×844 CSS pixels, touch, as the floor staff hold it. */
export function phoneContext(browser: Browser, options: { locale?: string } = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: options.locale ?? 'en-US' });
}

export function artifactPath(name: string): string {
  fs.mkdirSync(artifactsDir, { recursive: true });
  return path.join(artifactsDir, name);
}
