// After shipment, in a real browser at 360×640 against the real server and database: a carrier
// reports a shipped parcel LOST (recordTrackingEvents, as a feed would); a manager finds it under
// Problems with its deadline clocks, opens it (packing photo, tracking), files a claim (a refused
// amount first, shown at its field), then reships one line; a picker finds the replacement in the
// pick queue and starts picking it. Then the carrier pays part of the claim (accepted → paid), the
// manager adds a photo as evidence to another problem, takes it on, writes to its buyer (the notice
// shows as sent on the order, with the owner), resolves that problem and
// closes another, and finds a parcel nobody collected under "Not collected". axe-core finds nothing
// on the new screens.
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
import { createStaffUser, globalId, graphql, signedInPhone, type StaffUser } from './session.ts';

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
  /** The manager's phone (signed in once, reused by the next steps) and the carrier feed's API key. */
  let managerPage: Page;
  let feedToken: string;
  /** The LOST exception of the first step (its claim is decided in the second). */
  let lostException: { id: string; gid: string };

  beforeAll(async () => {
    buildWeb();
    database = await createTestDatabase();
    // Only this test moves parcels: no fake carrier polling, no problems opened on the clock for the seeded orders.
    server = await startServer(database.url, {
      UPLOADS_DIR: uploads,
      TRACKING_FAKE_PROVIDER: 'off',
      EXCEPTION_STALE_TRACKING_DAYS: '3650',
      EXCEPTION_OVERDUE_DAYS: '3650',
    });
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
    return signedInPhone(browser, contexts, { baseUrl: server.url, user, next });
  }
  async function noAxeViolations(page: Page, name: string) {
    await page.screenshot({ path: artifactPath(`problems-${name}-360.png`), fullPage: true });
    expect((await axeViolations(page)).join('\n'), `${name}: axe violations`).toBe('');
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name}: wider than the screen`).toBeLessThanOrEqual(360);
  }

  it('a LOST event opens a problem; the manager claims and reships; the picker picks the reship', async () => {
    // The carrier's feed (an integrator's API key): the parcel is lost.
    const token = (feedToken = await createApiKey(server.url, ['write_shipments', 'write_inventory'], 'carrier feed'));
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
    lostException = { id: exception.id, gid: exceptionId };

    // Problems, from the tab bar: the lost parcel with its order, carrier, age and a clock.
    const page = (managerPage = await phone(manager, '/'));
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

  it('decides the claim; adds evidence, takes on and writes to the buyer of a problem, resolves it and closes another; uncollected parcels are listed', async () => {
    const page = managerPage;
    // Two more parcels go wrong on other shipped orders (B lost, C damaged); a third (D) has sat at its pickup point for 10 days.
    const others = await database.prisma.order.findMany({
      where: { id: { not: order.id }, status: { in: ['SHIPPED', 'IN_TRANSIT'] }, parcels: { some: { trackingNumbers: { some: {} } } } },
      include: { parcels: { include: { trackingNumbers: true } } },
      orderBy: { number: 'asc' },
      take: 3,
    });
    expect(others).toHaveLength(3);
    const [b, c, d] = others.map((o) => ({ id: o.id, number: o.number, trackingNumber: o.parcels[0].trackingNumbers[0].number }));
    const feed = await graphql(
      server.url,
      feedToken,
      'mutation ($events: [TrackingEventInput!]!) { recordTrackingEvents(events: $events) { recordedCount results { userErrors { code message } } } }',
      {
        events: [
          { trackingNumber: b.trackingNumber, status: 'LOST', occurredAt: new Date().toISOString(), externalId: `lost-${b.number}` },
          { trackingNumber: c.trackingNumber, status: 'DAMAGED', occurredAt: new Date().toISOString(), externalId: `damaged-${c.number}` },
          {
            trackingNumber: d.trackingNumber,
            status: 'ARRIVED_AT_PICKUP_POINT',
            occurredAt: new Date(Date.now() - 10 * 86_400_000).toISOString(),
            location: 'ПВЗ Ленина 1',
            externalId: `pickup-${d.number}`,
          },
        ],
      },
    );
    expect(feed.data.recordTrackingEvents).toMatchObject({ recordedCount: 3, results: [{ userErrors: [] }, { userErrors: [] }, { userErrors: [] }] });
    const exceptionOf = async (orderId: string) => {
      const found = await database.prisma.exceptionCase.findFirstOrThrow({ where: { orderId } });
      return { id: found.id, gid: globalId('DeliveryException', found.id) };
    };
    const [lostB, damagedC] = [await exceptionOf(b.id), await exceptionOf(c.id)];

    // The real API pages the list by cursor, nearest deadline first: page 1 then page 2 hold both, once.
    const readerToken = await createApiKey(server.url, ['read_orders'], 'problems reader');
    const pageQuery = 'query ($after: String) { exceptions(first: 1, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } }';
    const page1 = (await graphql(server.url, readerToken, pageQuery)).data.exceptions;
    const page2 = (await graphql(server.url, readerToken, pageQuery, { after: page1.pageInfo.endCursor })).data.exceptions;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect([...page1.edges, ...page2.edges].map((e: { node: { id: string } }) => e.node.id).sort()).toEqual([lostB.gid, damagedC.gid].sort());
    expect(page2.pageInfo.hasNextPage).toBe(false);

    // 1. The claim of the first problem (still on screen): the carrier accepts it, then pays 1200 of the 1500 asked.
    await page.getByTestId('claim-update').click();
    let sheet = page.getByTestId('claim-update-sheet');
    expect(await sheet.getByTestId('claim-status').inputValue()).toBe('ACCEPTED');
    await sheet.getByTestId('claim-update-sheet-submit').click();
    await page.locator('[data-testid="claim"][data-status="ACCEPTED"]').waitFor({ timeout: 20_000 });
    await page.getByTestId('claim-update').click();
    sheet = page.getByTestId('claim-update-sheet');
    expect(await sheet.getByTestId('claim-status').inputValue()).toBe('PAID');
    await sheet.getByTestId('claim-paid').fill('1200');
    await sheet.getByTestId('claim-update-sheet-submit').click();
    const paidClaim = page.locator('[data-testid="claim"][data-status="PAID"]');
    await paidClaim.waitFor({ timeout: 20_000 });
    expect((await paidClaim.innerText()).replace(/[\u00a0\u202f]/g, ' ')).toMatch(/Amount paid: \D*1,200\.00/);
    expect(await paidClaim.getByTestId('claim-update').count()).toBe(0); // nothing left to decide
    const claim = await database.prisma.claim.findFirstOrThrow({ where: { exceptionId: lostException.id } });
    expect(claim).toMatchObject({ status: 'PAID', amountClaimed: 150_000, amountPaid: 120_000 });

    // 2. Problems: the two new ones (with nobody assigned yet), and the parcel waiting at its pickup point under its own chip.
    await page.getByTestId('back-to-problems').click();
    await page.waitForURL(/\/problems$/, { timeout: 30_000 });
    const rowB = page.locator(`[data-testid="problem-row"][data-id="${lostB.gid}"]`);
    await rowB.waitFor({ timeout: 30_000 });
    await page.locator(`[data-testid="problem-row"][data-id="${damagedC.gid}"]`).waitFor();
    expect(await page.getByTestId('problem-row').count()).toBe(2);
    expect(await rowB.getByTestId('problem-owner').innerText()).toBe('Nobody assigned');
    expect(await page.getByTestId('problems-end').count()).toBe(1); // one page holds them all: no "Show more"
    const pickupsChip = page.locator('[data-testid="problems-view"][data-view="pickups"]');
    await expect.poll(() => pickupsChip.getByTestId('problems-view-count').textContent(), { timeout: 20_000 }).toBe('1');
    await pickupsChip.click();
    const pickup = page.locator(`[data-testid="pickup-row"][data-tracking="${d.trackingNumber}"]`);
    await pickup.waitFor({ timeout: 20_000 });
    expect(await pickup.getByTestId('pickup-days').innerText()).toBe('Waiting 10 days');
    expect(await pickup.getByTestId('pickup-order').innerText()).toBe(`#${d.number}`);
    expect(await pickup.getByTestId('pickup-point').innerText()).toBe('ПВЗ Ленина 1');
    await noAxeViolations(page, 'pickups');
    await page.locator('[data-testid="problems-view"][data-view="exceptions"]').click();

    // 3. Write to B's buyer: the notice is queued, sent by the job, and shows on the order with its channel.
    await rowB.click();
    await page
      .getByTestId('exception-order-link')
      .filter({ hasText: `#${b.number}` })
      .waitFor({ timeout: 30_000 });
    // Another engineer's additions on the same screen: a photo as evidence (with a note), and the problem taken on by its manager.
    await page.getByTestId('exception-add-evidence').click();
    const evidenceSheet = page.getByTestId('evidence-sheet');
    await evidenceSheet.getByTestId('evidence-file').setInputFiles({ name: 'courier-box.png', mimeType: 'image/png', buffer: PNG });
    await evidenceSheet.getByTestId('evidence-chosen').waitFor({ timeout: 20_000 });
    await evidenceSheet.getByTestId('evidence-note').fill('Коробка у курьера');
    await evidenceSheet.getByTestId('evidence-sheet-submit').click();
    await page.getByTestId('evidence-added-notice').waitFor({ timeout: 20_000 });
    const addedPhoto = page.locator('[data-testid="evidence-item"][data-kind="PHOTO"]');
    await addedPhoto.waitFor({ timeout: 20_000 });
    await expect.poll(() => addedPhoto.getByTestId('evidence-item-photo').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await addedPhoto.getByTestId('evidence-item-note').innerText()).toBe('Коробка у курьера');
    expect(await database.prisma.exceptionEvidenceItem.findMany({ where: { exceptionId: lostB.id }, select: { kind: true, note: true } })).toEqual([
      { kind: 'PHOTO', note: 'Коробка у курьера' },
    ]);
    await page.getByTestId('exception-assign').click();
    const assignSheet = page.getByTestId('assign-sheet');
    await assignSheet.locator('[data-testid="assign-option"][data-name="Мария Менеджер"]').click();
    await assignSheet.getByTestId('assign-sheet-submit').click();
    await page.locator('[data-testid="exception-outcome"][data-op="assignException"] [data-testid="exception-done"]').waitFor({ timeout: 20_000 });
    await page.getByTestId('exception-header').getByText('Мария Менеджер').waitFor({ timeout: 20_000 });
    expect((await database.prisma.exceptionCase.findUniqueOrThrow({ where: { id: lostB.id } })).ownerId).toBe(manager.id);
    await page.getByTestId('exception-contact').click();
    const contact = page.getByTestId('contact-sheet');
    await contact.getByTestId('contact-template').selectOption('DELIVERY_DELAYED');
    await contact.getByTestId('contact-sheet-submit').click();
    await page.locator('[data-testid="exception-outcome"][data-op="contactBuyer"] [data-testid="exception-done"]').waitFor({ timeout: 20_000 });
    await expect
      .poll(async () => (await database.prisma.outboxEvent.findFirst({ where: { aggregateId: b.id, type: 'notification.delivery_delayed' } }))?.dispatchedAt ?? null, {
        timeout: 30_000,
      })
      .not.toBeNull();
    await page.getByTestId('exception-order-link').click();
    await page.waitForURL(/\/orders\/[^/]+$/, { timeout: 30_000 });
    const notice = page.locator('[data-testid="order-notification"][data-template="DELIVERY_DELAYED"]');
    await notice.waitFor({ timeout: 30_000 });
    // The send happened after the page loaded its order only if the job was slower than the page: look again then.
    if ((await notice.getAttribute('data-status')) !== 'SENT') await page.reload();
    await page.locator('[data-testid="order-notification"][data-template="DELIVERY_DELAYED"][data-status="SENT"]').waitFor({ timeout: 30_000 });
    expect(await notice.getByTestId('notification-what').innerText()).toBe('Delivery delayed');
    expect(await notice.getByTestId('notification-status').innerText()).toBe('Sent');
    expect(await notice.getByTestId('notification-channel').innerText()).toBe('by server log only (not sent)');
    expect(await page.locator('[data-testid="order-problem"][data-status="OPEN"]').getByTestId('order-problem-owner').innerText()).toBe('Looked after by Мария Менеджер');
    expect(
      (await database.prisma.orderEvent.findMany({ where: { orderId: b.id, type: { in: ['NOTIFICATION_QUEUED', 'BUYER_NOTIFIED'] } } })).map((e) => e.type).sort(),
    ).toEqual(['BUYER_NOTIFIED', 'NOTIFICATION_QUEUED']);
    await noAxeViolations(page, 'order-notifications');

    // 4. B turned up after all: resolved as delivered late; the order is DELIVERED.
    await page.locator('[data-testid="order-problem"][data-status="OPEN"]').click();
    await page.getByTestId('exception-resolve').click();
    const resolve = page.getByTestId('resolve-sheet');
    await resolve.getByTestId('resolve-resolution').selectOption('DELIVERED_LATE');
    await resolve.getByTestId('resolve-note').fill('Покупатель получил посылку');
    await resolve.getByTestId('resolve-sheet-submit').click();
    await page.locator('[data-testid="exception-header"][data-status="RESOLVED"]').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('exception-resolution').innerText()).toBe('Delivered late');
    expect(await page.getByTestId('exception-actions').count()).toBe(0);
    expect(await database.prisma.exceptionCase.findUniqueOrThrow({ where: { id: lostB.id } })).toMatchObject({ status: 'RESOLVED', resolution: 'DELIVERED_LATE' });
    expect((await database.prisma.order.findUniqueOrThrow({ where: { id: b.id } })).status).toBe('DELIVERED');

    // 5. C: nothing to do (the buyer kept the damaged goods): closed; the order goes back on its way and Problems is empty.
    await page.getByTestId('back-to-problems').click();
    const rowC = page.locator(`[data-testid="problem-row"][data-id="${damagedC.gid}"]`);
    await rowC.waitFor({ timeout: 30_000 });
    await rowC.click();
    await page
      .getByTestId('exception-order-link')
      .filter({ hasText: `#${c.number}` })
      .waitFor({ timeout: 30_000 });
    await page.getByTestId('exception-close').click();
    const close = page.getByTestId('close-sheet');
    await close.getByTestId('close-sheet-note').fill('Покупатель оставил товар');
    await close.getByTestId('close-sheet-submit').click();
    await page.locator('[data-testid="exception-header"][data-status="CLOSED"]').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('exception-status').innerText()).toBe('Closed');
    expect(await database.prisma.exceptionCase.findUniqueOrThrow({ where: { id: damagedC.id } })).toMatchObject({ status: 'CLOSED', resolution: null });
    expect((await database.prisma.order.findUniqueOrThrow({ where: { id: c.id } })).status).toBe('IN_TRANSIT');
    await page.getByTestId('back-to-problems').click();
    await page.getByTestId('problems-empty').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('problem-row').count()).toBe(0);
  });
});
