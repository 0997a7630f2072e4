// Receiving at the floor, in a real browser on a 360 px handheld against the real server, database
// and job worker: a product with no stock, an order for 3 of it held OUT_OF_STOCK when confirmed,
// and a purchase order for 10 sent to the supplier. A worker (a PICKER: purchase orders without
// their prices or supplier, and `receiving`) opens the Receive station from the Floor tab, picks the PO from the list of those waiting, counts 4 units in by scanning them (by
// barcode and SKU in turn), notes a box that is not on the PO, scans the bin and sends the receipt.
// The PO is partly received (6 still expected), the bin holds the 4 units, and the held order —
// nobody touching it — is confirmed by the release job and waits in the pick queue, where the
// worker finds it. axe-core finds nothing on the screens, and none is wider than the phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { type RunningServer, startServer } from '../support/server.ts';
import { artifactPath, buildWeb, launchChromium } from '../support/browser.ts';
import { axeViolations } from '../support/axe.ts';
import { createApiKey } from '../support/api-auth.ts';
import { createStaffUser, graphql, signedInPhone, type StaffUser } from './session.ts';

const E = 'userErrors { code field message }';

/** A valid EAN-13 (check digit computed) from 12 digits. */
function ean13(digits: string): string {
  const sum = [...digits].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0);
  return digits + ((10 - (sum % 10)) % 10);
}

describe('receive: a worker counts a purchase order in partly by scanning; the held order moves to the pick queue by itself', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let worker: StaffUser;
  let token: string;
  const sku = `RCV-LAMP-${Date.now() % 100_000}`;
  const barcode = ean13(String(460_000_000_000 + (Date.now() % 1_000_000)));
  let bin: string;
  let order: { id: string; rawId: string; number: number };
  let po: { id: string; number: string };
  /** GraphQL errors the screens got: they ask a PICKER only for what a PICKER may read. */
  const apiErrors: string[] = [];

  const api = async (query: string, variables: Record<string, unknown> = {}) => {
    const body = await graphql(server.url, token, query, variables);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data;
  };

  beforeAll(async () => {
    buildWeb();
    database = await createTestDatabase();
    server = await startServer(database.url, { TRACKING_FAKE_PROVIDER: 'off' });
    browser = await launchChromium();
    worker = await createStaffUser(database.prisma as never, { name: 'Олег Кладовщик', roles: ['PICKER'] });
    // The office's side (catalogue, the order, the purchase order) through an integrator's key.
    token = await createApiKey(server.url, ['write_products', 'write_orders', 'write_purchasing'], 'purchasing desk');
    const warehouse = await database.prisma.warehouse.findFirstOrThrow({ orderBy: { code: 'asc' } });
    bin = (await database.prisma.location.findFirstOrThrow({ where: { warehouseId: warehouse.id }, orderBy: { pickOrder: 'asc' } })).code;

    // A new product: nothing in stock anywhere.
    const product = await api(`mutation ($i: CreateProductInput!) { createProduct(input: $i) { product { id } ${E} } }`, {
      i: { sku, name: 'Настольная лампа', price: 1990_00, currency: 'RUB', barcodes: [barcode] },
    });
    expect(product.createProduct.userErrors).toEqual([]);
    const productId = product.createProduct.product.id;

    // An order for 3 of it: confirming finds no stock and holds it (OUT_OF_STOCK).
    const created = await api(`mutation ($i: CreateOrderInput!) { createOrder(input: $i) { order { id number } ${E} } }`, {
      i: {
        channel: 'manual',
        currency: 'RUB',
        warehouseCode: warehouse.code,
        lines: [{ sku, quantity: 3 }],
        shippingAddress: { name: 'Анна Смирнова', phone: '+7 900 000-00-00', address1: 'ул. Тверская, д. 1', city: 'Москва', postalCode: '101000', countryCode: 'RU' },
      },
    });
    expect(created.createOrder.userErrors).toEqual([]);
    const { id, number } = created.createOrder.order;
    order = { id, number, rawId: Buffer.from(id, 'base64').toString().split(':')[1] };
    const confirmed = await api(`mutation ($id: ID!) { confirmOrder(id: $id) { order { status holdReason } ${E} } }`, { id });
    expect(confirmed.confirmOrder.order).toEqual({ status: 'ON_HOLD', holdReason: 'OUT_OF_STOCK' });

    // A purchase order for 10, sent to the supplier.
    const supplier = await api(`mutation ($i: CreateSupplierInput!) { createSupplier(input: $i) { supplier { id } ${E} } }`, {
      i: { name: 'Москва Свет', currency: 'RUB', leadTimeDays: 5 },
    });
    const supplierId = supplier.createSupplier.supplier.id;
    const offer = await api(`mutation ($i: SetProductSupplierInput!) { setProductSupplier(input: $i) { ${E} } }`, {
      i: { productId, supplierId, purchasePrice: 900_00 },
    });
    expect(offer.setProductSupplier.userErrors).toEqual([]);
    const draft = await api(`mutation ($i: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $i) { purchaseOrder { id number } ${E} } }`, {
      i: { supplierId, warehouseCode: warehouse.code, lines: [{ productId, quantity: 10 }] },
    });
    expect(draft.createPurchaseOrder.userErrors).toEqual([]);
    po = draft.createPurchaseOrder.purchaseOrder;
    const sent = await api(`mutation ($id: ID!) { sendPurchaseOrder(purchaseOrderId: $id) { purchaseOrder { status } ${E} } }`, { id: po.id });
    expect(sent.sendPurchaseOrder.purchaseOrder.status).toBe('SENT');
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  async function phone(user: StaffUser, next: string): Promise<Page> {
    const page = await signedInPhone(browser, contexts, { baseUrl: server.url, user, next });
    page.on('response', async (response) => {
      if (!new URL(response.url()).pathname.endsWith('/graphql')) return;
      const body = (await response.json().catch(() => null)) as { errors?: { message: string; extensions?: { code?: string } }[] } | null;
      for (const e of body?.errors ?? []) apiErrors.push(`${e.extensions?.code}: ${e.message}`);
    });
    return page;
  }
  async function noAxeViolations(page: Page, name: string) {
    await page.screenshot({ path: artifactPath(`receive-${name}-360.png`), fullPage: true });
    expect((await axeViolations(page)).join('\n'), `${name}: axe violations`).toBe('');
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name}: wider than the screen`).toBeLessThanOrEqual(360);
  }
  /** A keyboard-wedge scan: the code typed into the field, then Enter. */
  async function scan(page: Page, testid: string, code: string) {
    const field = page.getByTestId(testid);
    await field.fill(code);
    await field.press('Enter');
  }

  it('receives the purchase order partly by scanning and putting away into a scanned bin', async () => {
    const page = await phone(worker, '/floor');
    await page.getByTestId('floor-receive').click();
    await page.waitForURL(/\/receive$/, { timeout: 30_000 });
    const row = page.locator(`[data-testid="po-row"][data-number="${po.number}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getAttribute('data-status')).toBe('SENT');
    await noAxeViolations(page, 'list');

    await row.getByRole('link').click();
    await page.getByTestId('receive-item-scan').waitFor({ timeout: 30_000 });
    const line = page.locator(`[data-testid="receive-line"][data-sku="${sku}"]`);
    expect(await line.getAttribute('data-left')).toBe('10');
    // 4 units, one scan each (barcode and SKU in turn: a scanner's double send of one code is dropped).
    for (const [i, code] of [barcode, sku, barcode, sku].entries()) {
      await scan(page, 'receive-item-scan', code);
      await page.locator(`[data-testid="receive-line"][data-sku="${sku}"][data-counted="${i + 1}"]`).waitFor({ timeout: 10_000 });
    }
    // A box that is not on the PO: noted, not counted on the line.
    await scan(page, 'receive-item-scan', 'UNKNOWN-BOX-7');
    await page.locator('[data-testid="receive-unexpected-item"][data-code="UNKNOWN-BOX-7"]').waitFor({ timeout: 10_000 });
    expect(await line.getAttribute('data-counted')).toBe('4');
    await noAxeViolations(page, 'count');

    await page.getByTestId('receive-to-put-away').click();
    expect(await page.getByTestId('receive-summary').innerText()).toBe('4 units to put away');
    await scan(page, 'receive-bin-scan', bin);
    await page.getByTestId('receive-bin').waitFor({ timeout: 10_000 });
    await noAxeViolations(page, 'put-away');
    await page.getByTestId('receive-submit').click();
    await page.getByTestId('receive-done').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('receive-done').innerText()).toContain('Partly received');
    await page.locator('[data-testid="receive-po-status"][data-status="PARTIALLY_RECEIVED"]').waitFor({ timeout: 30_000 });
    await line.and(page.locator('[data-left="6"][data-counted="0"]')).waitFor({ timeout: 30_000 });

    const stored = await database.prisma.purchaseOrder.findUniqueOrThrow({
      where: { id: Buffer.from(po.id, 'base64').toString().split(':')[1] },
      include: { lines: true, receipts: { include: { location: true } } },
    });
    expect(stored.status).toBe('PARTIALLY_RECEIVED');
    expect(stored.lines.map((l) => [l.quantity, l.receivedQuantity])).toEqual([[10, 4]]);
    expect(stored.receipts).toHaveLength(1);
    expect(stored.receipts[0].location.code).toBe(bin);
    expect(stored.receipts[0].unexpectedItems).toEqual([{ code: 'UNKNOWN-BOX-7', productId: null, quantity: 1, note: null }]);
    expect(stored.receipts[0].actor).toBe(`user:${worker.id}`);
    expect(apiErrors).toEqual([]);
  });

  it('the held order is confirmed by itself and waits in the pick queue', async () => {
    const page = await phone(worker, `/pick?order=${encodeURIComponent(order.id)}`);
    // The release job runs in the server: look again until it has (a person would refresh too).
    const card = page.getByTestId('pick-for-order');
    await expect
      .poll(
        async () => {
          await page.reload({ waitUntil: 'load' });
          await card.waitFor({ timeout: 30_000 });
          return card.getAttribute('data-status');
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe('CONFIRMED');
    await page.getByTestId('pick-start-order').waitFor();
    expect(await page.getByTestId('pick-start-order').innerText()).toContain(String(order.number));
    await page.screenshot({ path: artifactPath('receive-released-pick-360.png'), fullPage: true });

    const stored = await database.prisma.order.findUniqueOrThrow({ where: { id: order.rawId }, include: { events: { orderBy: { createdAt: 'asc' } } } });
    expect(stored.status).toBe('CONFIRMED');
    expect(stored.events.map((e) => e.type)).toContain('HOLD_RELEASED');
    const level = await database.prisma.inventoryLevel.findFirstOrThrow({ where: { product: { sku } } });
    expect(level).toMatchObject({ onHand: 4, reserved: 3 });
  });
});
