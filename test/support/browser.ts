import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { repoRoot } from '@orderly/schema';
import { inject } from 'vitest';

export const artifactsDir = path.join(repoRoot, 'test/artifacts');

/** Builds the PWA the way `pnpm start` does, into apps/web/dist, where the server serves it from. */
function buildWebNow() {
  const viteBin = path.join(repoRoot, 'apps/web/node_modules/vite/bin/vite.js');
  // Vitest sets NODE_ENV=test, which would make Vite bundle Solid's and urql's development builds:
  // test the production bundle the floor actually downloads.
  execFileSync(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], {
    cwd: path.join(repoRoot, 'apps/web'),
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds the PWA so the server serves the current code: once per test run. The e2e project's global
 * setup (database-setup.ts) names a marker file for this run; the first file that needs the PWA
 * builds it (holding `<marker>.lock`, so files running at the same time never build over each
 * other) and writes the marker, the next files reuse that build. Without a marker (outside the e2e
 * project) it always builds.
 */
export function buildWeb() {
  const marker = inject('webBuildMarker');
  if (!marker) return buildWebNow();
  const lock = `${marker}.lock`;
  const deadline = Date.now() + 10 * 60_000;
  while (!fs.existsSync(marker)) {
    let fd: number;
    try {
      fd = fs.openSync(lock, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() > deadline) throw new Error(`another test file has been building the PWA for 10 minutes (${lock})`, { cause: error });
      pause(200);
      continue;
    }
    try {
      if (!fs.existsSync(marker)) {
        buildWebNow();
        fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
      }
    } finally {
      fs.closeSync(fd);
      fs.rmSync(lock, { force: true });
    }
  }
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
