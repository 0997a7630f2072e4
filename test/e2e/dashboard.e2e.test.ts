// The manager dashboard in a real browser on a 360 px phone against the real server and database:
// the demo shop's orders plus reviews seeded over the last days; a manager opens Dashboard, sees
// the figures and the charts drawn with data (bars per channel, a rating line), switches to the
// last 7 days; axe-core finds nothing and the page is no wider than the phone. A packer is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { type RunningServer, startServer } from '../support/server.ts';
import { artifactPath, buildWeb, launchChromium } from '../support/browser.ts';
import { axeViolations } from '../support/axe.ts';
import { createStaffUser, signedInPhone, type StaffUser } from './session.ts';

const DAY = 86_400_000;

describe('dashboard: a manager reads the business at a glance', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let manager: StaffUser;
  let packer: StaffUser;

  beforeAll(async () => {
    buildWeb();
    database = await createTestDatabase();
    server = await startServer(database.url, { TRACKING_FAKE_PROVIDER: 'off' });
    browser = await launchChromium();
    manager = await createStaffUser(database.prisma as never, { name: 'Мария Менеджер', roles: ['MANAGER'] });
    packer = await createStaffUser(database.prisma as never, { name: 'Иван Упаковщик', roles: ['PACKER'] });
    // Spread the demo orders over the last 20 days, on two channels, and add a review a day.
    const orders = await database.prisma.order.findMany({ select: { id: true }, orderBy: { number: 'asc' }, take: 40 });
    expect(orders.length).toBeGreaterThan(5);
    for (const [i, o] of orders.entries()) {
      await database.prisma.order.update({
        where: { id: o.id },
        data: { placedAt: new Date(Date.now() - (i % 20) * DAY - 3_600_000), channel: i % 3 ? 'ozon' : 'manual', externalId: `e2e-${i}` },
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
  });

  async function phone(user: StaffUser, next: string): Promise<Page> {
    return signedInPhone(browser, contexts, { baseUrl: server.url, user, next });
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

  it('answers a negative review from a template in the Reviews inbox, on a phone, axe-clean', async () => {
    // A reply template in the manager's language, and an Ozon account so Ozon's reviews can be answered
    // (its Seller API is nowhere: the send job keeps retrying, so the reply stays QUEUED).
    await database.prisma.reviewReplyTemplate.create({
      data: { name: 'Sorry', locale: 'en', body: 'We are sorry about your order, {buyerFirstName}. We will make it right.' },
    });
    await database.prisma.ozonAccount.create({
      data: { name: 'Ozon e2e', channel: 'ozon', clientId: 'e2e-reviews', apiKeySealed: 'sealed', apiBaseUrl: 'http://127.0.0.1:9' },
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
    const picker = page.getByTestId('reply-template');
    await picker.waitFor();
    await picker.selectOption({ label: 'Sorry' });
    expect(await page.getByTestId('reply-text').inputValue()).toContain('We are sorry');
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
