// The PWA in a real browser at phone size, served by the real server on a real database.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { type RunningServer, startServer } from '../support/server.ts';
import { artifactPath, buildWeb, launchChromium, phoneContext } from '../support/browser.ts';
import { createStaffUser, signIn } from './session.ts';

describe('order queue in the PWA', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    buildWeb();
    database = await createTestDatabase();
    server = await startServer(database.url);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  it('shows the demo orders from the API, most urgent first, on a phone screen', async () => {
    const context = await phoneContext(browser);
    try {
      const page = await context.newPage();
      const failedRequests: string[] = [];
      page.on('requestfailed', (r) => failedRequests.push(r.url()));
      // The API needs a signed-in user (session cookie) since the auth module landed.
      await signIn(page, server.url, await createStaffUser(database.prisma as never));

      const rows = page.getByTestId('order-row');
      await rows.first().waitFor({ timeout: 30_000 });
      expect(await rows.count()).toBeGreaterThanOrEqual(10);

      // The first row is the open order (not shipped yet: the queue's default) with the earliest ship-by deadline.
      const open = ['NEW', 'CONFIRMED', 'ON_HOLD', 'PICKING', 'PICKED', 'PACKED', 'READY_TO_SHIP'] as const;
      const mostUrgent = await database.prisma.order.findFirstOrThrow({ where: { status: { in: [...open] } }, orderBy: [{ shipBy: 'asc' }, { id: 'asc' }] });
      await expect.poll(() => rows.first().innerText()).toContain(`#${mostUrgent.number}`);

      // Fits the phone: nothing wider than the viewport.
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth).toBeLessThanOrEqual(390);

      // Installable: the manifest is linked and served.
      const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
      expect(manifestHref).toBeTruthy();
      const manifest = await (await fetch(new URL(manifestHref!, server.url))).json();
      expect(manifest.name).toMatch(/Orderly/);

      const screenshot = artifactPath('order-queue-phone.png');
      await page.screenshot({ path: screenshot, fullPage: false });
      expect(fs.statSync(screenshot).size).toBeGreaterThan(10_000);
      expect(failedRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
