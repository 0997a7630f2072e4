// Returns, in a real browser on 360 px handhelds against the real server and database: a
// marketplace connector asks for a return of two units of a delivered order (requestReturn with an
// API key); a manager finds it under Returns ("To approve") and approves it; a packer working in
// Russian scans its label at the returns station, marks the parcel received, photographs a unit,
// scans the units one by one (a barcode of no line is flagged in red, nothing opens), puts one unit
// back into a scanned bin as resellable (a refused unknown bin first, shown at the bin field) — the
// bin's stock on hand rises — and records the other as damaged (on hand unchanged, the unit in damaged
// stock, shown apart on the stock page); a support user
// (not a manager) records a refund (an amount above what was paid is refused at its field first)
// and closes the return with an exchange, whose order waits in the pick queue. axe-core finds
// nothing on the screens, and none is wider than the phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { type RunningServer, startServer } from '../support/server.ts';
import { artifactPath, buildWeb, launchChromium } from '../support/browser.ts';
import { axeViolations } from '../support/axe.ts';
import { createApiKey } from '../support/api-auth.ts';
import { createStaffUser, globalId, graphql, signedInPhone, type StaffUser } from './session.ts';

/** A 1×1 PNG: the photo of a returned unit. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const BIN = 'A-02-1-3';

describe('returns: approve, receive by scan, restock one unit, write one off, refund, exchange', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let manager: StaffUser;
  let packer: StaffUser;
  let support: StaffUser;
  /** The return asked for, and the units coming back: the first goes back on the shelf, the second is damaged. */
  let ret: { id: string; gid: string; number: number; orderId: string };
  let units: { sku: string; productId: string; warehouseId: string }[];
  let managerPage: Page;

  beforeAll(async () => {
    buildWeb();
    database = await createTestDatabase();
    server = await startServer(database.url, { TRACKING_FAKE_PROVIDER: 'off' });
    browser = await launchChromium();
    manager = await createStaffUser(database.prisma as never, { name: 'Мария Менеджер', roles: ['MANAGER'] });
    packer = await createStaffUser(database.prisma as never, { name: 'Иван Приёмщик', roles: ['PACKER'], locale: 'ru' });
    support = await createStaffUser(database.prisma as never, { name: 'Sam Support', roles: ['SUPPORT'] });

    // A delivered demo order with at least two units, delivered yesterday (inside the return window).
    const orders = await database.prisma.order.findMany({
      where: { status: 'DELIVERED', warehouseId: { not: null } },
      include: { lines: { orderBy: { position: 'asc' } } },
      orderBy: { number: 'asc' },
    });
    const order = orders.find((o) => o.lines.reduce((sum, l) => sum + l.quantityShipped, 0) >= 2)!;
    expect(order).toBeDefined();
    await database.prisma.order.update({ where: { id: order.id }, data: { deliveredAt: new Date(Date.now() - 86_400_000) } });
    // Two units: two of the first line when it has them, else one each of the first two lines.
    const [first, second] = order.lines;
    const lines =
      first.quantityShipped >= 2
        ? [{ line: first, quantity: 2 }]
        : [
            { line: first, quantity: 1 },
            { line: second, quantity: 1 },
          ];
    units = lines.flatMap(({ line, quantity }) =>
      Array.from({ length: quantity }, () => ({ sku: line.sku, productId: line.productId!, warehouseId: order.warehouseId! })),
    );

    const connector = await createApiKey(server.url, ['write_returns', 'read_orders'], 'marketplace connector');
    const requested = await graphql(
      server.url,
      connector,
      'mutation ($input: RequestReturnInput!) { requestReturn(input: $input) { return { id number status } userErrors { code field message } } }',
      {
        input: {
          orderId: globalId('Order', order.id),
          externalId: `ozon-return-${order.number}`,
          reason: 'DEFECTIVE',
          requestedOutcome: 'EXCHANGE',
          buyerComment: 'Не включается',
          lines: lines.map(({ line, quantity }) => ({ orderLineId: globalId('OrderLine', line.id), quantity })),
        },
      },
    );
    expect(requested.errors).toBeUndefined();
    expect(requested.data.requestReturn.userErrors).toEqual([]);
    const { id: gid, number, status } = requested.data.requestReturn.return;
    expect(status).toBe('REQUESTED');
    ret = { gid, number, id: Buffer.from(gid, 'base64').toString().split(':')[1], orderId: order.id };
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  /** A person on a 360×640 handheld, signed in. */
  async function phone(user: StaffUser, next: string, locale = 'en-US'): Promise<Page> {
    return signedInPhone(browser, contexts, { baseUrl: server.url, user, next, locale });
  }
  async function noAxeViolations(page: Page, name: string) {
    await page.screenshot({ path: artifactPath(`returns-${name}-360.png`), fullPage: true });
    expect((await axeViolations(page)).join('\n'), `${name}: axe violations`).toBe('');
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name}: wider than the screen`).toBeLessThanOrEqual(360);
  }
  const dbReturn = () => database.prisma.return.findUniqueOrThrow({ where: { id: ret.id } });
  const onHand = async (unit: { productId: string; warehouseId: string }) =>
    (await database.prisma.inventoryLevel.findUnique({ where: { productId_warehouseId: { productId: unit.productId, warehouseId: unit.warehouseId } } }))?.onHand ?? 0;
  const damaged = async (unit: { productId: string; warehouseId: string }) =>
    (await database.prisma.inventoryLevel.findUnique({ where: { productId_warehouseId: { productId: unit.productId, warehouseId: unit.warehouseId } } }))?.damaged ?? 0;

  it('a manager approves the requested return from the Returns list', async () => {
    const page = (managerPage = await phone(manager, '/'));
    await page.getByTestId('order-row').first().waitFor({ timeout: 30_000 });
    // Returns sits behind "More" on a manager's tab bar.
    await page.getByTestId('nav-more').click();
    await page.getByTestId('more-page').getByTestId('nav-returns').click();
    await page.waitForURL(/\/returns$/, { timeout: 30_000 });
    expect(await page.locator('[data-testid="returns-view"][aria-pressed="true"]').getAttribute('data-view')).toBe('requested');
    const row = page.locator(`[data-testid="return-row"][data-number="${ret.number}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getByTestId('return-status').getAttribute('data-status')).toBe('REQUESTED');
    await noAxeViolations(page, 'list');

    await row.click();
    await page.locator('[data-testid="return-header"][data-status="REQUESTED"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('return-header').innerText()).toContain('Не включается');
    await noAxeViolations(page, 'requested');
    await page.getByTestId('return-approve').click();
    await page.locator('[data-testid="return-outcome"][data-op="approveReturn"] [data-testid="return-done"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="return-header"][data-status="APPROVED"]').waitFor({ timeout: 20_000 });
    expect((await dbReturn()).status).toBe('APPROVED');
  });

  it('a packer scans the parcel, receives it, scans each unit, restocks one into a scanned bin and writes the other off as damaged', async () => {
    const page = await phone(packer, '/floor', 'ru-RU');
    // The returns station is a tile on the floor; a packer has no Returns tab.
    await page.getByTestId('floor-returns').click();
    await page.waitForURL(/\/returns$/, { timeout: 30_000 });
    expect(await page.getByTestId('nav-returns').count()).toBe(0);
    const scan = page.getByTestId('returns-scan');
    // A code that is no return: said so, nothing opens.
    await scan.fill('R-999999');
    await scan.press('Enter');
    await page.getByTestId('returns-notice').getByText('R-999999').waitFor({ timeout: 20_000 });
    await scan.fill(`R-${ret.number}`);
    await scan.press('Enter');
    await page.waitForURL(/\/returns\/[^/]+$/, { timeout: 30_000 });
    await page.locator('[data-testid="return-header"][data-status="APPROVED"]').waitFor({ timeout: 30_000 });
    const receive = page.getByTestId('return-receive');
    expect(await receive.innerText()).toBe('Посылка получена');
    await noAxeViolations(page, 'receive');
    await receive.click();
    await page.locator('[data-testid="return-header"][data-status="RECEIVED"]').waitFor({ timeout: 20_000 });
    expect((await dbReturn()).status).toBe('RECEIVED');

    // A photo of the first unit, uploaded at once.
    const firstLine = page.getByTestId('return-line').first();
    await firstLine.getByTestId('unit-photo-file').setInputFiles({ name: 'unit.png', mimeType: 'image/png', buffer: PNG });
    await firstLine.getByTestId('unit-photo-done').waitFor({ timeout: 20_000 });
    await firstLine.getByTestId('return-photo-count').waitFor({ timeout: 20_000 });
    expect(await database.prisma.returnPhoto.count({ where: { returnId: ret.id } })).toBe(1);

    // Units are checked scan-first: nothing opens before a unit is scanned, and a code of no line is flagged in red.
    const unitScan = page.getByTestId('unit-scan');
    const unitNotice = page.getByTestId('unit-scan-notice');
    expect(await page.getByTestId('unit-form').count()).toBe(0);
    await unitScan.fill('0000000000000');
    await unitScan.press('Enter');
    await page.locator('[data-testid="unit-scan-notice"][data-kind="error"][data-code="NOT_IN_RETURN"]').waitFor({ timeout: 20_000 });
    expect(await unitNotice.innerText()).toContain('«0000000000000» нет в этом возврате.');
    expect(await unitScan.locator('xpath=ancestor::div[contains(@class,"scan")][1]').getAttribute('data-scan-state')).toBe('error');
    expect(await page.getByTestId('unit-form').count()).toBe(0);
    await noAxeViolations(page, 'wrong-unit');

    // Unit 1: resellable, back into a bin. An unknown bin is refused at the bin field first.
    const before = await onHand(units[0]);
    const openLine = () => page.locator('[data-testid="return-line"]:not([data-left="0"])').first();
    await unitScan.fill(units[0].sku);
    await unitScan.press('Enter');
    await page.locator('[data-testid="unit-scan-notice"][data-kind="ok"]').waitFor({ timeout: 20_000 });
    await page.locator(`[data-testid="return-line"][data-sku="${units[0].sku}"] [data-testid="unit-form"]`).waitFor();
    await openLine().locator('[data-testid="unit-condition"][value="RESELLABLE"]').check();
    const bin = openLine().getByTestId('unit-bin');
    await bin.fill('Z-99-9-9');
    await bin.press('Enter'); // the scanner's Enter saves the unit
    const binError = openLine().locator('[data-testid="field-error"][data-field="locationCode"]');
    await binError.waitFor({ timeout: 20_000 });
    expect(await bin.getAttribute('aria-invalid')).toBe('true');
    await noAxeViolations(page, 'inspect-refused');
    await bin.fill(BIN);
    await bin.press('Enter');
    await page.locator('[data-testid="return-inspection"][data-condition="RESELLABLE"]').waitFor({ timeout: 20_000 });
    expect(await onHand(units[0])).toBe(before + 1);
    const movement = await database.prisma.stockMovement.findFirstOrThrow({ where: { productId: units[0].productId, kind: 'RETURN' }, include: { location: true } });
    expect(movement.location?.code).toBe(BIN);

    // Unit 2: scanned, damaged (with a note); on hand does not move for it, damaged stock does.
    const beforeDamaged = await onHand(units[1]);
    const damagedBefore = await damaged(units[1]);
    expect(await page.getByTestId('unit-form').count()).toBe(0);
    await unitScan.fill(units[1].sku);
    await unitScan.press('Enter');
    await page.getByTestId('unit-form').waitFor({ timeout: 20_000 });
    await openLine().locator('[data-testid="unit-condition"][value="DAMAGED"]').check();
    await openLine().getByTestId('unit-note').fill('Трещина на корпусе');
    await openLine().getByTestId('unit-save').click();
    await page.locator('[data-testid="return-header"][data-status="INSPECTED"]').waitFor({ timeout: 20_000 });
    await page.getByTestId('return-all-checked').waitFor();
    expect(await page.locator('[data-testid="return-inspection"][data-condition="DAMAGED"]').count()).toBe(1);
    expect(await onHand(units[1])).toBe(beforeDamaged);
    expect(await damaged(units[1])).toBe(damagedBefore + 1);
    const inspections = await database.prisma.returnInspection.findMany({ where: { returnLine: { returnId: ret.id } }, orderBy: { createdAt: 'asc' } });
    expect(inspections.map((i) => [i.condition, i.quantity])).toEqual([
      ['RESELLABLE', 1],
      ['DAMAGED', 1],
    ]);
    // Closing is a manager's: the packer has no close button.
    expect(await page.getByTestId('return-close').count()).toBe(0);
    await noAxeViolations(page, 'inspected');

    // The stock page shows the damaged unit apart from the available ones.
    await page.goto(`${server.url}/stock?code=${encodeURIComponent(units[1].sku)}`);
    const damagedStat = page.getByTestId('stock-damaged');
    await damagedStat.waitFor({ timeout: 30_000 });
    expect(await damagedStat.innerText()).toBe(String(damagedBefore + 1));
    expect(await page.getByTestId('stock-damaged-stat').innerText()).toContain('Повреждено');
    await noAxeViolations(page, 'stock-damaged');
  });

  it('a support user records a refund and closes the return with an exchange, which waits in the pick queue', async () => {
    const page = await phone(support, '/returns?view=inspected');
    const row = page.locator(`[data-testid="return-row"][data-number="${ret.number}"]`);
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    await page.locator('[data-testid="return-header"][data-status="INSPECTED"]').waitFor({ timeout: 30_000 });

    // The refund for the damaged unit. More than the buyer paid: refused at the amount field.
    await page.getByTestId('return-record-refund').click();
    const refund = page.getByTestId('refund-sheet');
    await refund.getByTestId('refund-amount').fill('999999');
    await refund.getByTestId('refund-sheet-submit').click();
    await refund.locator('[data-testid="field-error"][data-field="minorUnits"]').waitFor({ timeout: 20_000 });
    expect(await refund.getByTestId('refund-amount').getAttribute('aria-invalid')).toBe('true');
    await noAxeViolations(page, 'refund-sheet');
    await refund.getByTestId('refund-amount').fill('1');
    await refund.getByTestId('refund-sheet-submit').click();
    await page.getByTestId('return-refund').waitFor({ timeout: 20_000 });
    const refunds = await database.prisma.refund.findMany({ where: { returnId: ret.id } });
    expect(refunds.map((r) => r.amount)).toEqual([100]);

    // Closed with an exchange: a linked order, confirmed into the pick queue.
    await page.getByTestId('return-close').click();
    const sheet = page.getByTestId('close-return-sheet');
    await sheet.locator('[data-testid="close-outcome"][value="EXCHANGE"]').check();
    await noAxeViolations(page, 'close-sheet');
    await sheet.getByTestId('close-return-sheet-submit').click();
    await page.locator('[data-testid="return-header"][data-status="CLOSED"]').waitFor({ timeout: 20_000 });
    const link = page.getByTestId('return-exchange-link');
    await link.waitFor({ timeout: 20_000 });
    const closed = await dbReturn();
    expect(closed).toMatchObject({ status: 'CLOSED', outcome: 'EXCHANGE' });
    expect(closed.exchangeOrderId).toBeTruthy();
    const exchange = await database.prisma.order.findUniqueOrThrow({ where: { id: closed.exchangeOrderId! } });
    expect(exchange.status).toBe('CONFIRMED');
    expect(await link.innerText()).toBe(`#${exchange.number}`);
    await noAxeViolations(page, 'closed');

    // The pick queue: the manager (who picks too) finds the exchange order there and starts picking it.
    const exchangeId = globalId('Order', exchange.id);
    await managerPage.goto(`${server.url}/pick?order=${encodeURIComponent(exchangeId)}`);
    await managerPage.locator('[data-testid="pick-for-order"][data-status="CONFIRMED"]').waitFor({ timeout: 30_000 });
    await noAxeViolations(managerPage, 'pick-exchange');
    await managerPage.getByTestId('pick-start-order').click();
    await managerPage.waitForURL(/\/pick\/[^/?]+$/, { timeout: 30_000 });
    expect((await database.prisma.order.findUniqueOrThrow({ where: { id: exchange.id } })).status).toBe('PICKING');

    // The order's timeline names the return's steps.
    await page.getByTestId('return-order-link').click();
    await page.waitForURL(/\/orders\/[^/]+$/, { timeout: 30_000 });
    const step = (type: string) => page.locator(`[data-testid="timeline-event"][data-type="${type}"] [data-testid="timeline-type"]`).first();
    await step('RETURN_CLOSED').waitFor({ timeout: 30_000 });
    expect(await step('RETURN_CLOSED').innerText()).toBe('Return closed');
    expect(await step('RETURN_UPDATED').innerText()).toBe('Return updated');
  });
});
