// The manager dashboard in a real browser on a 360 px phone against the real server and database:
// the demo shop's orders plus reviews seeded over the last days; a manager opens Dashboard, sees
// the figures and the charts drawn with data (bars per channel, a rating line), switches to the
// last 7 days; axe-core finds nothing and the page is no wider than the phone. A big revenue fits
// its tile on one line in every language. A packer is refused.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { type RunningServer, startServer } from '../support/server.ts';
import { artifactPath, buildWeb, launchChromium } from '../support/browser.ts';
import { axeViolations } from '../support/axe.ts';
import { createStaffUser, signedInPhone, type StaffUser } from './session.ts';

const DAY = 86_400_000;
/** A 1×1 PNG: a buyer's photo uploaded with a review. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('dashboard: a manager reads the business at a glance', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'orderly-uploads-'));
  let manager: StaffUser;
  let packer: StaffUser;

  beforeAll(async () => {
    buildWeb();
    database = await createTestDatabase();
    server = await startServer(database.url, { TRACKING_FAKE_PROVIDER: 'off', UPLOADS_DIR: uploads });
    browser = await launchChromium();
    manager = await createStaffUser(database.prisma as never, { name: 'Мария Менеджер', roles: ['MANAGER'] });
    packer = await createStaffUser(database.prisma as never, { name: 'Иван Упаковщик', roles: ['PACKER'] });
    // Spread the demo orders over the last 20 days, on two channels, and add a review a day.
    const orders = await database.prisma.order.findMany({ select: { id: true }, orderBy: { number: 'asc' }, take: 40 });
    expect(orders.length).toBeGreaterThan(5);
    for (const [i, o] of orders.entries()) {
      await database.prisma.order.update({
        where: { id: o.id },
        // 1.5 million roubles each: tens of millions on the revenue tile.
        data: {
          placedAt: new Date(Date.now() - (i % 20) * DAY - 3_600_000),
          channel: i % 3 ? 'ozon' : 'manual',
          externalId: `e2e-${i}`,
          currency: 'RUB',
          totalAmount: 150_000_000,
        },
      });
    }
    for (let i = 0; i < 20; i++) {
      await database.prisma.review.create({
        data: { channel: 'ozon', externalId: `e2e-review-${i}`, rating: 1 + (i % 5), publishedAt: new Date(Date.now() - i * DAY - 3_600_000) },
      });
    }
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    await database?.drop();
    fs.rmSync(uploads, { recursive: true, force: true });
  });

  async function phone(user: StaffUser, next: string, locale?: string): Promise<Page> {
    return signedInPhone(browser, contexts, { baseUrl: server.url, user, next, locale });
  }

  it('shows figures and charts with data, on a phone, axe-clean', async () => {
    const page = await phone(manager, '/dashboard');
    await page.getByTestId('dashboard-tiles').waitFor();
    const orders = Number((await page.getByTestId('dashboard-orders').locator('.dashboard__value').textContent())!.replace(/\D/g, ''));
    expect(orders).toBeGreaterThan(0);
    const bars = page.getByTestId('chart-orders').locator('rect.chart__bar');
    expect(await bars.count()).toBeGreaterThan(5);
    const heights = await bars.evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('height'))));
    expect(heights.every((h) => h > 0)).toBe(true);
    expect(await page.getByTestId('chart-orders').locator('[data-series="ozon"]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('chart-rating').locator('circle').count()).toBeGreaterThan(5);
    await page.screenshot({ path: artifactPath('dashboard-30d-360.png'), fullPage: true });
    expect((await axeViolations(page)).join('\n')).toBe('');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.locator('[data-testid="dashboard-preset"][data-days="7"]').click();
    await page.locator('[data-testid="dashboard-preset"][data-days="7"][aria-pressed="true"]').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="chart-rating"] circle').length <= 8);
    expect(await page.getByTestId('chart-rating').locator('circle').count()).toBeGreaterThan(0);
    await page.screenshot({ path: artifactPath('dashboard-7d-360.png'), fullPage: true });
  });

  it('fits tens of millions on the revenue tile, on one line at 360 px, in ru, en and zh-CN', async () => {
    for (const [locale, short] of [
      ['ru-RU', /^\d+(,\d)?\s?млн\s?₽$/],
      ['en-US', /^₽\d+(\.\d)?M$/],
      ['zh-CN', /^₽\d+(\.\d)?万$/],
    ] as const) {
      const page = await phone(manager, '/dashboard', locale);
      const value = page.getByTestId('dashboard-revenue').locator('.dashboard__value');
      await value.waitFor();
      const shown = value.locator('[aria-hidden="true"]');
      expect((await shown.textContent())!.trim()).toMatch(short);
      // The exact amount is read out (and on hover).
      expect(await value.locator('.visually-hidden').textContent()).toMatch(/\d{3}[\s,]\d{3}/);
      // One line: the inline text box has one fragment.
      expect(await shown.evaluate((el) => el.getClientRects().length)).toBe(1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await page.screenshot({ path: artifactPath(`dashboard-revenue-${locale}-360.png`) });
      await page.context().close();
    }
  });

  it('answers a negative review from a template in the Reviews inbox, on a phone, axe-clean', async () => {
    // A reply template in the manager's language, and an Ozon account so Ozon's reviews can be answered
    // (its Seller API is nowhere: the send job keeps retrying, so the reply stays QUEUED).
    await database.prisma.reviewReplyTemplate.create({
      data: { name: 'Sorry', locale: 'en', body: 'We are sorry about your order, {buyerFirstName}. We will make it right.' },
    });
    await database.prisma.ozonAccount.create({
      data: { name: 'Ozon e2e', channel: 'ozon', clientId: 'e2e-reviews', apiKeySealed: 'sealed', apiBaseUrl: 'http://127.0.0.1:9' },
    });
    // The newest review (1★, the first of the negative ones) came with a photo the buyer uploaded.
    const newest = await database.prisma.review.findFirstOrThrow({ where: { externalId: 'e2e-review-0' } });
    fs.mkdirSync(path.join(uploads, 'reviews', newest.id), { recursive: true });
    fs.writeFileSync(path.join(uploads, 'reviews', newest.id, 'box.png'), PNG);
    await database.prisma.reviewPhoto.create({
      data: {
        reviewId: newest.id,
        filePath: path.join('reviews', newest.id, 'box.png'),
        fileName: 'box.png',
        contentType: 'image/png',
        byteSize: PNG.length,
        addedBy: 'e2e',
      },
    });
    const page = await phone(manager, '/reviews');
    await page.locator('[data-testid="reviews-view"][data-view="unanswered"][aria-pressed="true"]').waitFor();
    await page.getByTestId('review-row').first().waitFor();
    await page.locator('[data-testid="reviews-view"][data-view="negative"]').click();
    await page.locator('[data-testid="reviews-view"][data-view="negative"][aria-pressed="true"]').waitFor();
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="review-row"]')];
      return rows.length > 0 && rows.every((row) => Number(row.getAttribute('data-rating')) <= 2);
    });
    expect((await axeViolations(page)).join('\n')).toBe('');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: artifactPath('reviews-negative-360.png'), fullPage: true });

    await page.getByTestId('review-row').first().click();
    await page.getByTestId('review-header').waitFor();
    // The buyer's photo: a thumbnail, loaded; a tap opens it full size; Escape closes it.
    const thumb = page.getByTestId('review-photo');
    await thumb.locator('img[src^="data:image/png;base64,"]').waitFor();
    expect(await thumb.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
    expect(await thumb.locator('img').getAttribute('alt')).toBe('Photo 1 of the review');
    const box = (await thumb.boundingBox())!;
    expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
    await thumb.click();
    await page.getByTestId('review-photo-full').locator('img[alt="Photo 1 of the review"]').waitFor();
    expect((await axeViolations(page)).join('\n')).toBe('');
    await page.keyboard.press('Escape');
    await page.getByTestId('review-photo-full').waitFor({ state: 'detached' });
    const picker = page.getByTestId('reply-template');
    await picker.waitFor();
    await picker.selectOption({ label: 'Sorry' });
    expect(await page.getByTestId('reply-text').inputValue()).toContain('We are sorry');
    // Ozon takes replies up to 1,000 characters: the box counts against it.
    expect(await page.getByTestId('reply-count').textContent()).toMatch(/^Characters: \d+ of 1,000$/);
    await page.getByTestId('reply-send').click();
    await page.getByTestId('reply-done').waitFor();
    await page.locator('[data-testid="review-reply"][data-status="QUEUED"], [data-testid="review-reply"][data-status="SENT"]').first().waitFor();
    expect((await axeViolations(page)).join('\n')).toBe('');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: artifactPath('review-replied-360.png'), fullPage: true });
  });

  it('is not for the floor', async () => {
    const page = await phone(packer, '/dashboard');
    await page.getByTestId('dashboard-forbidden').waitFor();
  });
});
