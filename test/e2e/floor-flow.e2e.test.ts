// The whole warehouse-floor flow for one order, in a real browser at phone size against the real
// server and database: confirm → pick list → scan every item (typed like a keyboard-wedge scanner)
// → complete → pack (scan, box, weight, photo, close) → label PDF → hand-over act (scan, close, act
// PDF) → ship with a tracking number → SHIPPED in the database. Wrong scans show the error state.
// Screens are saved under test/artifacts/ in en, ru and zh-CN.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { type RunningServer, startServer } from '../support/server.ts';
import { artifactPath, buildWeb, launchChromium, phoneContext } from '../support/browser.ts';
import { apiToken, createStaffUser, globalId, graphql, signIn, type StaffUser } from './session.ts';

describe('warehouse floor: one order from confirmation to shipped', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let user: StaffUser;
  const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'orderly-uploads-'));

  beforeAll(async () => {
    buildWeb();
    database = await createTestDatabase();
    server = await startServer(database.url, { UPLOADS_DIR: uploads });
    browser = await launchChromium();
    user = await createStaffUser(database.prisma as never, { name: 'Ван Лена', roles: ['MANAGER'] });
  });
  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    await database?.drop();
    fs.rmSync(uploads, { recursive: true, force: true });
  });

  const noOverflow = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const shot = async (page: Page, name: string, fullPage = true) => {
    await noOverflow(page);
    await page.screenshot({ path: artifactPath(name), fullPage });
  };
  /** A keyboard-wedge scanner: the code typed fast into the focused scan field, then Enter. */
  const scan = async (page: Page, testid: string, code: string) => {
    await page.getByTestId(testid).focus();
    await page.keyboard.type(code, { delay: 4 });
    await page.keyboard.press('Enter');
  };
  const dbOrder = (id: string) => database.prisma.order.findUniqueOrThrow({ where: { id } });

  it('confirms, picks, packs, labels, hands over and ships an order; wrong scans turn red', async () => {
    context = await phoneContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    // Labels and acts open in a new tab (blob: URL): note them, close them.
    const opened: string[] = [];
    context.on('page', (popup) => {
      void popup.opener().then((opener) => {
        if (!opener) return; // a page a test opened itself
        opened.push(popup.url());
        void popup.close().catch(() => {});
      });
    });
    await signIn(page, server.url, user, '/floor');

    // The floor hub in Russian: one tile per station, counts of waiting orders. The app started in
    // English and loaded only that dictionary; Russian arrives when chosen.
    await page.getByTestId('floor-pick').waitFor({ timeout: 30_000 });
    const dictionary = (locale: string) => requests.some((p) => new RegExp(`/assets/${locale}-[\\w-]+\\.js$`).test(p));
    expect(dictionary('en')).toBe(true);
    expect(dictionary('ru') || dictionary('zh-CN')).toBe(false);
    await page.getByTestId('language-switch').selectOption('ru');
    await expect.poll(() => page.locator('h1').first().innerText()).toBe('Работа на складе');
    expect(dictionary('ru')).toBe(true);
    await page.getByTestId('floor-pick').waitFor();
    expect(await page.getByTestId('nav-floor').getAttribute('class')).toContain('is-active');
    await shot(page, 'floor-ru-phone.png');

    // 1. Confirm a NEW order whose lines are all in stock (order detail).
    const candidates = await database.prisma.order.findMany({
      where: { status: 'NEW' },
      include: { lines: { include: { product: { include: { inventoryLevels: true } } } } },
      orderBy: { number: 'asc' },
    });
    const order =
      candidates.find((o) => o.lines.length > 1 && o.lines.every((l) => l.product.inventoryLevels.some((lvl) => lvl.onHand - lvl.reserved - lvl.picked >= l.quantity))) ??
      candidates.find((o) => o.lines.every((l) => l.product.inventoryLevels.some((lvl) => lvl.onHand - lvl.reserved - lvl.picked >= l.quantity)));
    if (!order) throw new Error('no confirmable NEW order in the demo data');
    const orderGid = globalId('Order', order.id);
    await page.goto(`${server.url}/orders/${encodeURIComponent(orderGid)}`, { waitUntil: 'load' });
    const header = page.getByTestId('order-header');
    await header.waitFor({ timeout: 30_000 });
    await page.getByTestId('action-confirm').click();
    await expect.poll(() => header.getAttribute('data-status'), { timeout: 20_000 }).toBe('CONFIRMED');
    expect((await dbOrder(order.id)).status).toBe('CONFIRMED');
    // Cross-border: its domestic (in-China) parcel recorded on the order page — the carrier typed, the number scanned.
    await page.getByTestId('domestic-carrier').fill('sf');
    await scan(page, 'domestic-scan', 'sf 1234 5678 90');
    await expect.poll(() => page.getByTestId('domestic-parcel').first().getAttribute('data-number'), { timeout: 20_000 }).toBe('SF1234567890');
    const domestic = await database.prisma.domesticParcel.findMany({ where: { orderId: order.id } });
    expect(domestic.map((p) => [p.carrier, p.trackingNumber, p.receivedAt])).toEqual([['sf', 'SF1234567890', null]]);

    // 2. "Pick" on the order → start a pick list for it.
    await page.getByTestId('action-pick').click();
    await page.getByTestId('pick-start-order').waitFor({ timeout: 30_000 });
    await page.getByTestId('pick-lists').waitFor({ timeout: 30_000 });
    await shot(page, 'pick-home-ru-phone.png');
    await page.getByTestId('pick-start-order').click();
    await page.waitForURL(/\/pick\/[^/?]+$/, { timeout: 30_000 });
    await page.getByTestId('pick-current').waitFor({ timeout: 30_000 });
    expect((await dbOrder(order.id)).status).toBe('PICKING');
    const list = await database.prisma.pickList.findFirstOrThrow({
      where: { tasks: { some: { orderId: order.id } } },
      orderBy: { createdAt: 'desc' },
      include: { tasks: { orderBy: [{ sequence: 'asc' }, { id: 'asc' }], include: { location: true, product: { include: { barcodes: true } } } } },
    });
    expect(decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1)!)).toBe(globalId('PickList', list.id));
    // The next bin, big: the first task on the route.
    expect(await page.getByTestId('pick-next-bin').innerText()).toContain(list.tasks[0].location?.code ?? '');
    await shot(page, 'pick-ru-phone.png');

    // A wrong item: red field, the reason in words, nothing sent.
    const onList = new Set(list.tasks.map((t) => t.productId));
    const stranger = await database.prisma.product.findFirstOrThrow({ where: { id: { notIn: [...onList] } }, include: { barcodes: true } });
    await scan(page, 'pick-scan', stranger.barcodes[0].code);
    await expect.poll(() => page.locator('.scan').getAttribute('data-scan-state')).toBe('error');
    expect(await page.getByTestId('scan-message').getAttribute('data-code')).toBe('WRONG_ITEM');
    expect(await page.getByTestId('scan-message').innerText()).toContain('Не тот товар');
    await shot(page, 'pick-wrong-item-ru-phone.png', false);

    // Every task: scan the bin, then the item (the stepper for several units).
    for (const task of list.tasks) {
      if (task.location) {
        await scan(page, 'pick-scan', task.location.code);
        await expect.poll(() => page.getByTestId('pick-next-bin').innerText()).toContain('✓');
      }
      for (let n = 1; n < task.quantity; n++) await page.getByTestId('pick-quantity-plus').click();
      await scan(page, 'pick-scan', task.product.barcodes[0].code);
      await expect
        .poll(() => page.locator(`[data-testid="pick-task"][data-task-id="${globalId('PickTask', task.id)}"]`).getAttribute('data-state'), { timeout: 20_000 })
        .toBe('done');
    }
    await expect.poll(() => page.getByTestId('pick-progress').getAttribute('data-value')).toBe(String(list.tasks.reduce((s, t) => s + t.quantity, 0)));
    await page.getByTestId('pick-all-done').waitFor();
    await shot(page, 'pick-done-ru-phone.png');
    // Each scan was its own action with its own key, applied once.
    await expect
      .poll(async () => (await database.prisma.pickTask.findMany({ where: { pickListId: list.id } })).every((t) => t.quantityPicked === t.quantity), { timeout: 20_000 })
      .toBe(true);
    expect(await database.prisma.idempotencyRecord.count({ where: { scope: `user:${user.id}:scanPick` } })).toBe(list.tasks.length);

    await page.getByTestId('pick-complete').click();
    await page.getByTestId('pick-completed').waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await dbOrder(order.id)).status, { timeout: 20_000 }).toBe('PICKED');

    // 3. Pack (in Chinese): box, scan each line, weight in kg, photo, close.
    await page.getByTestId('language-switch').selectOption('zh-CN');
    expect(await page.getByTestId('pick-to-pack').getAttribute('href')).toBe(`/pack/${encodeURIComponent(orderGid)}`);
    // Through the floor: the packing queue lists the order (most urgent first).
    await page.getByTestId('nav-floor').click();
    await page.getByTestId('floor-pack').click();
    const queued = page.locator(`[data-testid="floor-order"][data-order-number="${order.number}"]`);
    await queued.waitFor({ timeout: 30_000 });
    await shot(page, 'pack-queue-zh-phone.png');
    await queued.click();
    await page.waitForURL(/\/pack\//);
    await page.getByTestId('pack-lines').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('h1').first().innerText()).toBe(`#${order.number}`);
    await page.locator('[data-testid="box-preset"][data-code="M"]').click();
    // A wrong item at the packing table too.
    await scan(page, 'pack-scan', stranger.barcodes[0].code);
    await expect.poll(() => page.getByTestId('scan-message').getAttribute('data-code')).toBe('WRONG_ITEM');
    for (const line of order.lines) {
      const product = await database.prisma.product.findUniqueOrThrow({ where: { id: line.productId }, include: { barcodes: true } });
      for (let n = 1; n < line.quantity; n++) await page.getByTestId('pack-quantity-plus').click();
      await scan(page, 'pack-scan', product.barcodes[0].code);
      await expect
        .poll(() => page.locator(`[data-testid="pack-line"][data-sku="${line.sku}"]`).getAttribute('data-packed'), { timeout: 20_000 })
        .toBe(String(line.quantity));
    }
    const parcelCard = page.getByTestId('parcel').first();
    await parcelCard.waitFor({ timeout: 20_000 });
    await expect.poll(() => parcelCard.getByTestId('parcel-item').count(), { timeout: 20_000 }).toBe(order.lines.length);
    await page.getByTestId('weight-unit-kg').click();
    await page.getByTestId('parcel-weight').fill('0,45');
    expect(await page.getByTestId('parcel-weight-grams').innerText()).toContain('450');
    await page.getByTestId('parcel-photo').setInputFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: png(64, 48) });
    await page.getByTestId('parcel-photo-thumb').waitFor();
    await expect.poll(async () => (await database.prisma.parcel.findFirst({ where: { orderId: order.id } }))?.photoPath ?? null, { timeout: 20_000 }).not.toBeNull();
    await shot(page, 'pack-zh-phone.png');
    await page.getByTestId('parcel-close').click();
    await expect.poll(async () => (await dbOrder(order.id)).status, { timeout: 20_000 }).toBe('PACKED');
    const parcel = await database.prisma.parcel.findFirstOrThrow({ where: { orderId: order.id } });
    expect(parcel).toMatchObject({ status: 'PACKED', weightGrams: 450, lengthMm: 300, widthMm: 200, heightMm: 150 });

    // 4. Label (PDF, the Settings default): opened as a blob: URL, the order is ready to ship.
    await page.getByTestId('label-print').click({ timeout: 20_000 });
    const label = page.getByTestId('label-document');
    await label.waitFor({ timeout: 30_000 });
    expect(await label.getAttribute('data-content-type')).toBe('application/pdf');
    const labelUrl = (await label.getAttribute('data-url'))!;
    expect(labelUrl).toMatch(/^blob:/);
    expect(await page.evaluate(async (url) => new TextDecoder().decode((await (await fetch(url)).arrayBuffer()).slice(0, 5)), labelUrl)).toBe('%PDF-');
    await expect.poll(async () => (await dbOrder(order.id)).status, { timeout: 20_000 }).toBe('READY_TO_SHIP');
    const labelled = await database.prisma.parcel.findUniqueOrThrow({ where: { id: parcel.id }, include: { carrier: true } });
    expect(labelled.status).toBe('LABELLED');
    // The packing slip (thank-you card) in the language set in Settings (Russian by default).
    await page.getByTestId('pack-slip').click();
    await page.getByTestId('slip-document').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('slip-document').getAttribute('data-content-type')).toBe('application/pdf');
    await shot(page, 'pack-labelled-zh-phone.png');

    // 5. Hand-over (in English): an act for the parcel's carrier; an unlabelled parcel is refused.
    await page.getByTestId('language-switch').selectOption('en');
    await page.getByTestId('pack-to-handover').click();
    await page.getByTestId('handover-create').waitFor({ timeout: 30_000 });
    await page.getByTestId('handover-carrier').selectOption(labelled.carrier!.code);
    await shot(page, 'handover-phone.png');
    await page.getByTestId('handover-create').click();
    await page.waitForURL(/\/handover\/[^/]+$/, { timeout: 30_000 });
    await page.getByTestId('manifest').waitFor({ timeout: 30_000 });
    const unlabelled = await database.prisma.parcel.findFirstOrThrow({ where: { status: 'PACKED' } });
    await scan(page, 'handover-scan', unlabelled.code);
    await expect.poll(() => page.getByTestId('scan-message').getAttribute('data-code'), { timeout: 20_000 }).toBe('PARCEL_NOT_LABELLED');
    await expect.poll(() => page.locator('.scan').getAttribute('data-scan-state')).toBe('error');
    expect(await page.getByTestId('scan-message').innerText()).toContain('no label yet');
    await shot(page, 'handover-wrong-parcel-phone.png', false);
    await scan(page, 'handover-scan', parcel.code);
    await page.locator(`[data-testid="manifest-parcel"][data-code="${parcel.code}"]`).waitFor({ timeout: 20_000 });
    await shot(page, 'handover-act-phone.png');
    await page.getByTestId('manifest-close').click();
    await page.getByTestId('manifest-close-confirm').click();
    const act = page.getByTestId('act-document');
    await act.waitFor({ timeout: 30_000 });
    expect(await act.getAttribute('data-content-type')).toBe('application/pdf');
    const manifest = await database.prisma.manifest.findFirstOrThrow({ where: { parcels: { some: { id: parcel.id } } } });
    expect(manifest.status).toBe('CLOSED');
    expect((await database.prisma.parcel.findUniqueOrThrow({ where: { id: parcel.id } })).status).toBe('HANDED_OVER');
    await shot(page, 'handover-closed-phone.png');

    // 6. Ship with a tracking number → SHIPPED, tracking link shown.
    await page.getByTestId('handover-to-ship').first().click();
    await page.getByTestId('ship-parcel').waitFor({ timeout: 30_000 });
    const tracking = `E2E${order.number}${Date.now() % 1_000_000}`;
    await scan(page, 'tracking-input', tracking);
    await page.getByTestId('tracking-number').waitFor();
    await shot(page, 'ship-phone.png');
    await page.getByTestId('ship-submit').click();
    const links = page.getByTestId('tracking-links');
    await links.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('tracking-link').first().getAttribute('href')).toContain(tracking);
    await shot(page, 'shipped-phone.png');
    await expect.poll(async () => (await dbOrder(order.id)).status, { timeout: 20_000 }).toBe('SHIPPED');
    const shipment = await database.prisma.shipment.findFirstOrThrow({ where: { orderId: order.id }, include: { trackingNumbers: true } });
    expect(shipment.trackingNumbers.map((n) => n.number)).toEqual([tracking]);

    // The order detail follows (live or on open): SHIPPED, with the floor's events on its timeline.
    await page.goto(`${server.url}/orders/${encodeURIComponent(orderGid)}`, { waitUntil: 'load' });
    await expect.poll(() => page.getByTestId('order-header').getAttribute('data-status'), { timeout: 30_000 }).toBe('SHIPPED');
    const types = await page.getByTestId('timeline-event').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.type));
    for (const type of ['PICK_STARTED', 'ITEM_PICKED', 'PICKED', 'ITEM_PACKED', 'PACKED', 'LABEL_PRINTED', 'HANDED_OVER', 'SHIPPED']) expect(types).toContain(type);
    expect(opened.some((url) => url.startsWith('blob:'))).toBe(true);

    // The floor and ship screens in Chinese, on the narrowest common phone too.
    await page.getByTestId('language-switch').selectOption('zh-CN');
    await page.getByTestId('nav-floor').click();
    await expect.poll(() => page.locator('h1').first().innerText()).toBe('仓库作业');
    await shot(page, 'floor-zh-phone.png');
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByTestId('floor-ship').click();
    await page.getByTestId('ship-finder').waitFor();
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(360);
    await page.screenshot({ path: artifactPath('ship-queue-zh-360.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(errors).toEqual([]);
  });

  it('keeps an open order current: a change made elsewhere shows up without reloading (live updates over SSE)', async () => {
    const page = await context.newPage();
    const order = await database.prisma.order.findFirstOrThrow({ where: { status: 'CONFIRMED' }, orderBy: { number: 'desc' } });
    const id = globalId('Order', order.id);
    const stream = page.waitForRequest((r) => r.url().endsWith('/graphql') && r.method() === 'POST' && (r.headers().accept ?? '').includes('text/event-stream'), {
      timeout: 30_000,
    });
    await page.goto(`${server.url}/orders/${encodeURIComponent(id)}`, { waitUntil: 'load' });
    const header = page.getByTestId('order-header');
    await header.waitFor({ timeout: 30_000 });
    expect(await header.getAttribute('data-status')).toBe('CONFIRMED');
    // The page subscribed (SSE); then a colleague puts the order on hold through the API.
    const subscribed = JSON.parse((await stream).postData() ?? '{}');
    expect(subscribed.operationName).toBe('OrderChanged');
    // Persisted documents only: the PWA sends the hash, never the text.
    expect(subscribed.query).toBeUndefined();
    expect(subscribed.extensions.persistedQuery.sha256Hash).toMatch(/^[0-9a-f]{16}$/); // the short document id
    await new Promise((r) => setTimeout(r, 500));
    // The MANAGER's own session may not send arbitrary documents (enforced by default)…
    const managerToken = await apiToken(server.url, user);
    const refused = await graphql(server.url, managerToken, 'mutation ($id: ID!) { placeHold(id: $id, reason: AWAITING_BUYER) { order { status } } }', { id });
    expect(refused.errors[0].extensions.code).toBe('PERSISTED_QUERY_REQUIRED');
    // …an ADMIN colleague may (GraphiQL / support).
    const colleague = await createStaffUser(database.prisma as never, { name: 'Admin Colleague', roles: ['ADMIN'] });
    const token = await apiToken(server.url, colleague);
    const held = await graphql(server.url, token, 'mutation ($id: ID!) { placeHold(id: $id, reason: AWAITING_BUYER) { order { status } userErrors { code } } }', { id });
    expect(held.data.placeHold.order.status).toBe('ON_HOLD');
    await expect.poll(() => header.getAttribute('data-status'), { timeout: 15_000 }).toBe('ON_HOLD');
    await page.close();
  });
});

/** A small valid PNG (a "photo" of the parcel): RGB, one colour. */
function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0xc0)]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
