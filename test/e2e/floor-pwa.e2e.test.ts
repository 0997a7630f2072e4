// The warehouse-floor PWA in a real browser (phone size) against the real server and database:
// order detail + confirm, the offline outbox, language switch, stock by scan (keyboard and camera),
// Today, and the size of the initial JavaScript.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { repoRoot } from '@orderly/schema';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { type RunningServer, startServer } from '../support/server.ts';
import { artifactPath, buildWeb, launchChromium, phoneContext } from '../support/browser.ts';
import { apiToken, createStaffUser, globalId, graphql, signIn, type StaffUser } from './session.ts';

const OPEN = ['NEW', 'CONFIRMED', 'ON_HOLD', 'PICKING', 'PICKED', 'PACKED', 'READY_TO_SHIP'] as const;

describe('warehouse-floor PWA', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  /** A fresh staff user per test: each has its own rate-limit budget and sessions. */
  let user: StaffUser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    buildWeb();
    database = await createTestDatabase();
    server = await startServer(database.url);
    browser = await launchChromium();
  });
  beforeEach(async () => {
    user = await createStaffUser(database.prisma as never, { name: 'Лена Floor' });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  async function newPage(options: { locale?: string } = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await phoneContext(browser, options);
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    return { context, page, errors };
  }

  const noOverflow = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  /** A NEW order whose every line has enough stock: confirming it reserves and moves it to CONFIRMED. */
  async function confirmableOrder(skip: string[] = []) {
    const orders = await database.prisma.order.findMany({
      where: { status: 'NEW', id: { notIn: skip } },
      include: { lines: { include: { product: { include: { inventoryLevels: true } } } } },
      orderBy: { number: 'asc' },
    });
    const order = orders.find((o) => o.lines.every((l) => l.product.inventoryLevels.some((lvl) => lvl.onHand - lvl.reserved - lvl.picked >= l.quantity)));
    if (!order) throw new Error('no confirmable NEW order in the demo data');
    return order;
  }

  it('signs in, shows open work by default, opens an order from the queue and confirms it', async () => {
    const { page, errors } = await newPage();
    // Not signed in: the app sends the user to the login page.
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForURL((url) => url.pathname === '/login', { timeout: 30_000 });
    await page.getByTestId('login-email').fill(user.email);
    await page.getByTestId('login-password').fill('wrong password!');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').getAttribute('data-error')).toBe('credentials');
    await page.screenshot({ path: artifactPath('login-phone.png') });
    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => url.pathname === '/', { timeout: 30_000 });

    // The queue: open work only, no completed / cancelled orders, no "overdue" on shipped ones.
    const rows = page.getByTestId('order-row');
    await rows.first().waitFor({ timeout: 30_000 });
    const statuses = await rows.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.status));
    expect(statuses.length).toBeGreaterThan(5);
    for (const status of statuses) expect(OPEN).toContain(status);
    expect(await page.locator('[data-testid="status-chip"][data-status="OPEN"]').getAttribute('aria-pressed')).toBe('true');
    await noOverflow(page);
    await page.screenshot({ path: artifactPath('queue-open-phone.png') });

    // "All": shipped and cancelled orders appear, and none of them is flagged overdue.
    await page.locator('[data-testid="status-chip"][data-status="ALL"]').click();
    await page.waitForURL(/status=ALL/);
    await page
      .getByTestId('load-more')
      .click({ timeout: 10_000 })
      .catch(() => {});
    await expect
      .poll(
        () =>
          page
            .locator(
              '[data-testid="order-row"][data-status="DELIVERED"], [data-testid="order-row"][data-status="CANCELLED"], [data-testid="order-row"][data-status="COMPLETED"]',
            )
            .count(),
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);
    const closedOverdue = await page
      .locator('[data-testid="order-row"]')
      .evaluateAll(
        (els) =>
          els.filter(
            (e) =>
              !['NEW', 'CONFIRMED', 'ON_HOLD', 'PICKING', 'PICKED', 'PACKED', 'READY_TO_SHIP'].includes((e as HTMLElement).dataset.status!) &&
              (e as HTMLElement).dataset.overdue === 'true',
          ).length,
      );
    expect(closedOverdue).toBe(0);

    // Open a NEW order from the queue (status chip NEW, then its row).
    const order = await confirmableOrder();
    await page.goto(`${server.url}/?status=NEW`, { waitUntil: 'load' });
    const row = page.locator(`[data-testid="order-row"][data-order-number="${order.number}"]`);
    await row.scrollIntoViewIfNeeded({ timeout: 30_000 }).catch(async () => {
      // not on the first page: search for it instead
      await page.getByTestId('queue-search').fill(`#${order.number}`);
    });
    await row.click();
    await page.waitForURL(/\/orders\//);
    const header = page.getByTestId('order-header');
    await header.waitFor({ timeout: 30_000 });
    expect(await header.getAttribute('data-status')).toBe('NEW');
    expect(await page.getByTestId('order-number').innerText()).toBe(`#${order.number}`);
    const versionBefore = Number(await header.getAttribute('data-version'));
    expect(versionBefore).toBe(order.version);
    expect(await page.getByTestId('order-line').count()).toBe(order.lines.length);
    expect(await page.getByTestId('line-stock').count()).toBeGreaterThanOrEqual(order.lines.length);
    await noOverflow(page);
    await page.screenshot({ path: artifactPath('order-detail-phone.png'), fullPage: true });

    await page.getByTestId('action-confirm').click();
    await page.getByTestId('action-done').waitFor({ timeout: 30_000 });
    await expect.poll(() => header.getAttribute('data-status'), { timeout: 20_000 }).toBe('CONFIRMED');
    expect(Number(await header.getAttribute('data-version'))).toBeGreaterThan(versionBefore);
    // The timeline (newest first) shows the confirmation, by this user.
    const confirmed = page.locator('[data-testid="timeline-event"][data-type="CONFIRMED"]');
    await confirmed.waitFor({ timeout: 20_000 });
    expect(await confirmed.getByTestId('timeline-actor').innerText()).toBe(`User ${user.id.slice(0, 8)}`);
    expect(await confirmed.getByTestId('timeline-actor').getAttribute('title')).toBe(`user:${user.id}`);
    expect(await confirmed.getByTestId('timeline-status').innerText()).toMatch(/New\s*→\s*Confirmed/);
    // Newest first: the confirmation (and its stock reservation) are above the import.
    const types = await page.getByTestId('timeline-event').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.type));
    expect(types.indexOf('CONFIRMED')).toBeLessThan(types.indexOf(order.channel === 'manual' ? 'CREATED' : 'IMPORTED'));
    await page.screenshot({ path: artifactPath('order-confirmed-phone.png'), fullPage: true });

    const saved = await database.prisma.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(saved.status).toBe('CONFIRMED');
    expect(await database.prisma.orderEvent.count({ where: { orderId: order.id, type: 'CONFIRMED', actor: `user:${user.id}` } })).toBe(1);
    expect(errors).toEqual([]);
  });

  it('queues an action offline, shows it pending, and applies it exactly once when back online', async () => {
    const { context, page, errors } = await newPage();
    await signIn(page, server.url, user);
    const order = await database.prisma.order.findFirstOrThrow({ where: { status: 'CONFIRMED' }, orderBy: { number: 'desc' } });
    const detailUrl = `${server.url}/orders/${encodeURIComponent(globalId('Order', order.id))}`;
    await page.goto(detailUrl, { waitUntil: 'load' });
    await page.getByTestId('order-header').waitFor({ timeout: 30_000 });
    // Once the service worker is active, reload so it controls the page (the shell then loads offline).
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.reload({ waitUntil: 'load' });
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 30_000 }).toBe(true);
    await page.getByTestId('order-header').waitFor({ timeout: 30_000 });

    await context.setOffline(true);
    await page.getByTestId('offline-indicator').waitFor({ timeout: 10_000 });
    await page.getByTestId('action-place-hold').click();
    await page.getByTestId('hold-reason').selectOption('AWAITING_BUYER');
    await page.getByTestId('hold-note').fill('Покупатель уточняет адрес / 买家确认地址');
    await page.getByTestId('hold-submit').click();
    await page.getByTestId('action-queued').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('sync-pending-count').innerText()).toContain('1');
    await page.getByTestId('order-pending').waitFor();
    await noOverflow(page);
    await page.screenshot({ path: artifactPath('offline-pending-phone.png'), fullPage: false });
    expect(await database.prisma.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: 'CONFIRMED', version: order.version });

    // Still offline, after a reload: the app shell, the saved order (with a banner), the pending count.
    await page.reload({ waitUntil: 'load' });
    await page.getByTestId('offline-banner').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('order-number').innerText()).toBe(`#${order.number}`);
    await expect.poll(() => page.getByTestId('sync-pending-count').innerText()).toContain('1');
    await page.screenshot({ path: artifactPath('offline-saved-data-phone.png'), fullPage: false });

    // Back online: the outbox sends the hold (once), the count goes away, the order shows ON_HOLD.
    await context.setOffline(false);
    await page.getByTestId('sync-pending-count').waitFor({ state: 'detached', timeout: 30_000 });
    await page.reload({ waitUntil: 'load' });
    await expect.poll(() => page.getByTestId('order-header').getAttribute('data-status'), { timeout: 30_000 }).toBe('ON_HOLD');
    const saved = await database.prisma.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(saved.status).toBe('ON_HOLD');
    expect(saved.holdReason).toBe('AWAITING_BUYER');
    expect(saved.version).toBe(order.version + 1);
    expect(await database.prisma.orderEvent.count({ where: { orderId: order.id, type: 'HOLD_PLACED' } })).toBe(1);
    expect(await database.prisma.idempotencyRecord.count({ where: { scope: `user:${user.id}:placeHold` } })).toBe(1);
    expect(errors).toEqual([]);
  });

  it('shows a change refused on replay (the order was cancelled meanwhile) under "needs attention"', async () => {
    const { context, page } = await newPage();
    await signIn(page, server.url, user);
    const order = await database.prisma.order.findFirstOrThrow({ where: { status: 'NEW' }, orderBy: { number: 'desc' } });
    await page.goto(`${server.url}/orders/${encodeURIComponent(globalId('Order', order.id))}`, { waitUntil: 'load' });
    await page.getByTestId('order-header').waitFor({ timeout: 30_000 });

    await context.setOffline(true);
    await page.getByTestId('action-place-hold').click();
    await page.getByTestId('hold-submit').click();
    await page.getByTestId('action-queued').waitFor({ timeout: 30_000 });

    // Meanwhile a colleague (an ADMIN: staff sessions of other roles may only send the PWA's persisted documents) cancels the order.
    const colleague = await createStaffUser(database.prisma as never, { name: 'Admin Colleague', roles: ['ADMIN'] });
    const token = await apiToken(server.url, colleague);
    const cancelled = await graphql(server.url, token, 'mutation ($id: ID!) { cancelOrder(id: $id, reason: BUYER_REQUEST) { order { status } userErrors { code } } }', {
      id: globalId('Order', order.id),
    });
    expect(cancelled.data.cancelOrder.order.status).toBe('CANCELLED');

    await context.setOffline(false);
    await page.getByTestId('sync-attention-count').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('sync-pending-count').count()).toBe(0);
    await page.getByTestId('sync-status').click();
    const item = page.getByTestId('sync-attention-item').first();
    await item.waitFor();
    expect(await item.getAttribute('data-op')).toBe('placeHold');
    const code = await item.getByTestId('sync-attention-error').first().getAttribute('data-code');
    expect(['INVALID_TRANSITION', 'STALE_VERSION']).toContain(code);
    expect(await item.innerText()).toContain(`#${order.number}`);
    await noOverflow(page);
    await page.screenshot({ path: artifactPath('sync-needs-attention-phone.png'), fullPage: true });
    expect((await database.prisma.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('CANCELLED');

    await item.getByTestId('sync-dismiss').click();
    await page.getByTestId('sync-attention-count').waitFor({ state: 'detached' });
  });

  it('switches the whole UI to Russian and Chinese, and the text fits the phone', async () => {
    const { page } = await newPage();
    await signIn(page, server.url, user);
    await page.getByTestId('order-row').first().waitFor({ timeout: 30_000 });

    await page.getByTestId('language-switch').selectOption('ru');
    await expect.poll(() => page.locator('h1').first().innerText()).toBe('Очередь заказов');
    expect(await page.getByTestId('nav-today').innerText()).toBe('Сегодня');
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    await noOverflow(page);
    await page.screenshot({ path: artifactPath('queue-ru-phone.png') });

    await page.getByTestId('nav-today').click();
    await page.getByTestId('today-tiles').waitFor({ timeout: 30_000 });
    expect(await page.locator('h1').first().innerText()).toBe('Сегодня');
    await noOverflow(page);
    await page.screenshot({ path: artifactPath('today-ru-phone.png'), fullPage: true });

    const order = await database.prisma.order.findFirstOrThrow({ where: { status: 'ON_HOLD' } });
    await page.goto(`${server.url}/orders/${encodeURIComponent(globalId('Order', order.id))}`, { waitUntil: 'load' });
    await page.getByTestId('order-header').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('order-status').innerText()).toBe('Отложен');
    await noOverflow(page);
    await page.screenshot({ path: artifactPath('order-detail-ru-phone.png'), fullPage: true });

    await page.getByTestId('language-switch').selectOption('zh-CN');
    await expect.poll(() => page.getByTestId('order-status').innerText()).toBe('已暂停');
    expect(await page.getByTestId('nav-orders').innerText()).toBe('订单');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await noOverflow(page);
    await page.screenshot({ path: artifactPath('order-detail-zh-phone.png'), fullPage: true });

    await page.getByTestId('nav-orders').click();
    await expect.poll(() => page.locator('h1').first().innerText()).toBe('订单队列');
    await page.getByTestId('order-row').first().waitFor({ timeout: 30_000 });
    await noOverflow(page);
    await page.screenshot({ path: artifactPath('queue-zh-phone.png') });

    // Six destinations for a manager: Stock and Settings are behind "More" on a phone.
    await page.getByTestId('nav-more').click();
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-page').waitFor();
    expect(await page.locator('h1').first().innerText()).toBe('设置');
    await page.locator('[data-testid="label-format"][value="ZPL"]').check();
    expect(await page.evaluate(() => localStorage.getItem('orderly.labelFormat'))).toBe('ZPL');
    await noOverflow(page);
    await page.screenshot({ path: artifactPath('settings-zh-phone.png'), fullPage: true });
    // The choice survives a reload.
    await page.reload({ waitUntil: 'load' });
    await expect.poll(() => page.locator('h1').first().innerText()).toBe('设置');
  });

  it('looks stock up by a typed/scanned code and by the camera (zxing loaded only then), and adjusts it', async () => {
    const { page, errors } = await newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    // A "camera" that films an EAN-13 label: a canvas stream instead of getUserMedia's device.
    const product = await database.prisma.product.findFirstOrThrow({ where: { sku: 'TWS-PRO-53' }, include: { barcodes: true, inventoryLevels: true } });
    const barcode = product.barcodes[0].code;
    await page.addInitScript(eanCameraScript, barcode);
    await signIn(page, server.url, user, '/stock');
    await page.getByTestId('stock-scan').waitFor({ timeout: 30_000 });

    // Keyboard wedge: the SKU typed into the focused field, then Enter.
    await page.keyboard.type(product.sku);
    await page.keyboard.press('Enter');
    await page.getByTestId('stock-product').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('stock-sku').innerText()).toBe(product.sku);
    const level = product.inventoryLevels[0];
    expect(await page.getByTestId('stock-on-hand').first().innerText()).toBe(String(level.onHand));
    expect(await page.getByTestId('stock-available').first().innerText()).toBe(String(level.onHand - level.reserved - level.picked));
    expect(await page.getByTestId('stock-bin').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.scan').getAttribute('data-scan-state')).toBe('ok');
    expect(requests.some((p) => p.endsWith('.wasm') || /\/reader-[^/]*\.js$/.test(p))).toBe(false);
    await noOverflow(page);
    await page.screenshot({ path: artifactPath('stock-phone.png'), fullPage: true });

    // Unknown code: red feedback.
    await page.getByTestId('stock-scan').fill('NO-SUCH-CODE');
    await page.getByTestId('stock-scan').press('Enter');
    await page.getByTestId('stock-not-found').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('.scan').getAttribute('data-scan-state')).toBe('error');

    // Camera: zxing-wasm is fetched now, decodes the EAN-13 from the video frames.
    await page.getByTestId('scan-camera').click();
    await page.getByTestId('camera-scanner').waitFor({ timeout: 30_000 });
    await page.getByTestId('stock-product').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('stock-sku').innerText()).toBe(product.sku);
    expect(requests.some((p) => p.endsWith('.wasm'))).toBe(true);
    await expect.poll(() => new URL(page.url()).searchParams.get('code')).toBe(barcode);

    // Adjust: −2 (damaged), into its bin.
    await page.getByTestId('stock-adjust').first().click();
    await page.getByTestId('adjust-delta-minus').click(); // −1 → −2
    await page.getByTestId('adjust-reason').selectOption('DAMAGE');
    await page.getByTestId('adjust-note').fill('коробка мокрая');
    await noOverflow(page);
    await page.screenshot({ path: artifactPath('stock-adjust-phone.png') });
    await page.getByTestId('adjust-submit').click();
    await page.getByTestId('stock-done').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('stock-on-hand').first().innerText()).toBe(String(level.onHand - 2));
    const after = await database.prisma.inventoryLevel.findUniqueOrThrow({ where: { id: level.id } });
    expect(after.onHand).toBe(level.onHand - 2);
    const movement = await database.prisma.stockMovement.findFirstOrThrow({ where: { productId: product.id, kind: 'ADJUSTMENT' }, orderBy: { createdAt: 'desc' } });
    expect(movement.reason).toBe('DAMAGE: коробка мокрая');
    expect(errors).toEqual([]);
  });

  it('keeps the initial JavaScript under 60 kB gzipped (with one language), without the barcode decoder', () => {
    const dist = path.join(repoRoot, 'apps/web/dist');
    const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
    const initial = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    expect(initial.length).toBeGreaterThan(0);
    const gz = (file: string) => zlib.gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;
    const sizes = initial.map((file) => {
      expect(fs.readFileSync(path.join(dist, file)).toString()).not.toContain('zxing');
      return gz(file);
    });
    // The app starts with one language: its dictionary is the first chunk it loads (import()).
    // Count the largest of them; the other two are not loaded unless the user switches.
    const dictionaries = fs.readdirSync(path.join(dist, 'assets')).filter((f) => /^(en|ru|zh-CN)-[\w-]+\.js$/.test(f));
    expect(dictionaries).toHaveLength(3);
    for (const file of initial) expect(fs.readFileSync(path.join(dist, file)).toString()).not.toContain('Очередь заказов');
    const dictionary = Math.max(...dictionaries.map((f) => gz(`assets/${f}`)));
    const total = sizes.reduce((a, b) => a + b, 0) + dictionary;
    console.log(
      `initial JS: ${initial.join(', ')} = ${(sizes.reduce((a, b) => a + b, 0) / 1024).toFixed(1)} kB + largest dictionary ${(dictionary / 1024).toFixed(1)} kB = ${(total / 1024).toFixed(1)} kB gzipped`,
    );
    expect(total).toBeLessThanOrEqual(60 * 1024);
  });
});

/** Runs in the page before the app: getUserMedia returns a canvas stream showing an EAN-13 barcode. */
function eanCameraScript(code: string) {
  const L = ['0001101', '0011001', '0010011', '0111101', '0100011', '0110001', '0101111', '0111011', '0110111', '0001011'];
  const G = ['0100111', '0110011', '0011011', '0100001', '0011101', '0111001', '0000101', '0010001', '0001001', '0010111'];
  const R = ['1110010', '1100110', '1101100', '1000010', '1011100', '1001110', '1010000', '1000100', '1001000', '1110100'];
  const PARITY = ['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLG', 'LGLGGL', 'LGGLGL'];
  const digits = code.split('').map(Number);
  let bits = '101';
  for (let i = 1; i <= 6; i++) bits += (PARITY[digits[0]][i - 1] === 'L' ? L : G)[digits[i]];
  bits += '01010';
  for (let i = 7; i <= 12; i++) bits += R[digits[i]];
  bits += '101';
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 480;
  const draw = () => {
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = '#000';
    const module = 4;
    const left = (canvas.width - bits.length * module) / 2;
    for (let i = 0; i < bits.length; i++) if (bits[i] === '1') ctx.fillRect(left + i * module, 120, module, 220);
  };
  draw();
  setInterval(draw, 100);
  const fake = async () => (canvas as HTMLCanvasElement & { captureStream(fps: number): MediaStream }).captureStream(15);
  if (navigator.mediaDevices) Object.defineProperty(navigator.mediaDevices, 'getUserMedia', { value: fake, configurable: true });
}
