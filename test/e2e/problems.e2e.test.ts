// After shipment, in a real browser at 360×640 against the real server and database: a carrier
// reports a shipped parcel LOST (recordTrackingEvents, as a feed would); a manager finds it under
// Problems with its deadline clocks, opens it (packing photo, tracking), files a claim (a refused
// amount first, shown at its field), then reships one line; a picker finds the replacement in the
// pick queue and starts picking it. axe-core finds nothing on the new screens.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { type RunningServer, startServer } from '../support/server.ts';
import { artifactPath, buildWeb, launchChromium } from '../support/browser.ts';
import { axeViolations } from '../support/axe.ts';
import { createApiKey } from '../support/api-auth.ts';
import { createStaffUser, globalId, graphql, signIn, type StaffUser } from './session.ts';

/** A 1×1 PNG: the packing photo on file. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

describe('problems: a lost parcel, a claim and a reship', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let manager: StaffUser;
  let picker: StaffUser;
  const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'orderly-uploads-'));
  /** The shipped order the parcel belongs to, its first line (the one reshipped) and its tracking number. */
  let order: { id: string; number: number; sku: string; lineCount: number; trackingNumber: string; carrierCode: string };

  beforeAll(async () => {
    buildWeb();
    database = await createTestDatabase();
    server = await startServer(database.url, { UPLOADS_DIR: uploads });
    browser = await launchChromium();
    manager = await createStaffUser(database.prisma as never, { name: 'Мария Менеджер', roles: ['MANAGER'] });
    picker = await createStaffUser(database.prisma as never, { name: 'Пётр Сборщик', roles: ['PICKER'] });

    // A shipped order with a tracked parcel and its packing photo on file.
    const pick = await database.prisma.order.findFirstOrThrow({
      where: { status: 'SHIPPED', parcels: { some: { trackingNumbers: { some: {} } } } },
      include: { lines: { orderBy: { position: 'asc' } }, parcels: { include: { trackingNumbers: true } } },
      orderBy: { number: 'asc' },
    });
    const parcel = pick.parcels[0];
    fs.mkdirSync(path.join(uploads, 'parcels'), { recursive: true });
    fs.writeFileSync(path.join(uploads, 'parcels', `${parcel.id}.png`), PNG);
    await database.prisma.parcel.update({ where: { id: parcel.id }, data: { photoPath: `parcels/${parcel.id}.png` } });
    const carrier = await database.prisma.carrier.findUniqueOrThrow({ where: { id: parcel.trackingNumbers[0].carrierId } });
    order = {
      id: pick.id,
      number: pick.number,
      sku: pick.lines[0].sku,
      lineCount: pick.lines.length,
      trackingNumber: parcel.trackingNumbers[0].number,
      carrierCode: carrier.code,
    };
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    await database?.drop();
    fs.rmSync(uploads, { recursive: true, force: true });
  });

  /** A person on a 360×640 handheld, signed in. */
  async function phone(user: StaffUser, next: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, locale: 'en-US', reducedMotion: 'reduce' });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, server.url, user, next);
    return page;
  }
  async function noAxeViolations(page: Page, name: string) {
    await page.screenshot({ path: artifactPath(`problems-${name}-360.png`), fullPage: true });
    expect((await axeViolations(page)).join('\n'), `${name}: axe violations`).toBe('');
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name}: wider than the screen`).toBeLessThanOrEqual(360);
  }

  it('a LOST event opens a problem; the manager claims and reships; the picker picks the reship', async () => {
    // The carrier's feed (an integrator's API key): the parcel is lost.
    const token = await createApiKey(server.url, ['write_shipments', 'write_inventory'], 'carrier feed');
    // Goods came in for the line that will be sent again (the reship reserves it).
    const received = await graphql(server.url, token, 'mutation ($input: ReceiveStockInput!) { receiveStock(input: $input) { userErrors { code message } } }', {
      input: { code: order.sku, quantity: 5 },
    });
    expect(received.data?.receiveStock.userErrors).toEqual([]);
    const fed = await graphql(
      server.url,
      token,
      'mutation ($events: [TrackingEventInput!]!) { recordTrackingEvents(events: $events) { recordedCount results { userErrors { code message } } } }',
      {
        events: [
          {
            trackingNumber: order.trackingNumber,
            status: 'LOST',
            occurredAt: new Date().toISOString(),
            location: 'Сортировочный центр',
            externalId: `lost-${order.number}`,
          },
        ],
      },
    );
    expect(fed.errors).toBeUndefined();
    expect(fed.data.recordTrackingEvents).toMatchObject({ recordedCount: 1, results: [{ userErrors: [] }] });
    const exception = await database.prisma.exceptionCase.findFirstOrThrow({ where: { orderId: order.id, kind: 'LOST' } });
    const exceptionId = globalId('DeliveryException', exception.id);

    // Problems, from the tab bar: the lost parcel with its order, carrier, age and a clock.
    const page = await phone(manager, '/');
    await page.getByTestId('order-row').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('nav-problems').click();
    await page.waitForURL(/\/problems$/, { timeout: 30_000 });
    const row = page.locator(`[data-testid="problem-row"][data-id="${exceptionId}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getAttribute('data-kind')).toBe('LOST');
    expect(await row.getByTestId('problem-order').innerText()).toBe(`#${order.number}`);
    expect(await row.getByTestId('problem-carrier').innerText()).toBe({ ozon: 'Ozon Logistics', cdek: 'CDEK', pochta: 'Russian Post' }[order.carrierCode]);
    expect(await row.getByTestId('problem-age').innerText()).toMatch(/^opened /);
    const clocks = await row.getByTestId('deadline-clock').allInnerTexts();
    expect(clocks.length).toBeGreaterThan(0);
    for (const clock of clocks) expect(clock).toMatch(/^((\d+ days? )?\d\d:\d\d:\d\d left|overdue by (\d+ days? )?\d\d:\d\d:\d\d)$/);
    await noAxeViolations(page, 'list');

    // Its page: the packing photo, the tracking (the LOST event), the clocks.
    await row.click();
    await page.getByTestId('exception-header').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('exception-kind').innerText()).toBe('Lost');
    const photo = page.getByTestId('evidence-photo').first();
    await photo.waitFor();
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    expect(await page.locator('[data-testid="tracking-event"][data-status="LOST"]').count()).toBe(1);
    await page.getByTestId('exception-header').getByTestId('deadline-clock').first().waitFor({ timeout: 20_000 });
    await noAxeViolations(page, 'detail');

    // File a claim: an amount above the order's value is refused at the amount field; then 1500.
    await page.getByTestId('exception-file-claim').click();
    const sheet = page.getByTestId('claim-sheet');
    await sheet.getByTestId('claim-amount').fill('99999');
    await sheet.getByTestId('claim-reference').fill('CLM-2026-001');
    await sheet.getByTestId('claim-sheet-submit').click();
    const fieldError = sheet.locator('[data-testid="field-error"][data-field="amount"]');
    await fieldError.waitFor({ timeout: 20_000 });
    expect(await sheet.getByTestId('claim-amount').getAttribute('aria-invalid')).toBe('true');
    await noAxeViolations(page, 'claim-sheet');
    await sheet.getByTestId('claim-amount').fill('1500');
    await sheet.getByTestId('claim-sheet-submit').click();
    await page.getByTestId('exception-done').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="claim"][data-status="FILED"]').waitFor({ timeout: 20_000 });
    const claim = await database.prisma.claim.findFirstOrThrow({ where: { exceptionId: exception.id } });
    expect(claim).toMatchObject({ status: 'FILED', reference: 'CLM-2026-001' });
    expect(claim.amountClaimed).toBe(150_000);

    // Reship the first line only (one unit), at a cost.
    await page.getByTestId('exception-reship').click();
    const reship = page.getByTestId('reship-sheet');
    const steppers = reship.getByTestId('reship-quantity');
    expect(await steppers.count()).toBe(order.lineCount);
    await steppers.first().fill('1');
    await steppers.first().dispatchEvent('change');
    for (let i = 1; i < order.lineCount; i++) {
      await steppers.nth(i).fill('0');
      await steppers.nth(i).dispatchEvent('change');
    }
    await reship.getByTestId('reship-cost').fill('300');
    await noAxeViolations(page, 'reship-sheet');
    await reship.getByTestId('reship-sheet-submit').click();
    const link = page.getByTestId('exception-reship-link');
    await link.waitFor({ timeout: 20_000 });
    const replacement = await database.prisma.order.findFirstOrThrow({ where: { reshipOfId: order.id }, include: { lines: true } });
    expect(await link.innerText()).toBe(`#${replacement.number}`);
    expect(replacement.status).toBe('CONFIRMED');
    expect(replacement.lines.map((l) => [l.sku, l.quantity])).toEqual([[order.sku, 1]]);
    expect(await page.getByTestId('exception-status').innerText()).toBe('Resolved');

    // The picker: the replacement is waiting to be picked, and picking starts.
    const floor = await phone(picker, `/pick?order=${encodeURIComponent(globalId('Order', replacement.id))}`);
    const card = floor.getByTestId('pick-for-order');
    await card.waitFor({ timeout: 30_000 });
    expect(await card.getAttribute('data-status')).toBe('CONFIRMED');
    await floor.getByTestId('pick-start-order').click();
    await floor.waitForURL(/\/pick\/[^/?]+$/, { timeout: 30_000 });
    await floor.getByTestId('pick-tasks').waitFor({ timeout: 30_000 });
    expect((await database.prisma.order.findUniqueOrThrow({ where: { id: replacement.id } })).status).toBe('PICKING');
    // A picker has no Problems tab.
    expect(await floor.getByTestId('nav-problems').count()).toBe(0);
  });
});
