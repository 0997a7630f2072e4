// The floor PWA in a worker's hands (issue 12, items 1–4 and 6), in Chromium on the smallest
// supported handheld (360×640, touch) against the real server and database, with a keyboard-wedge
// scanner (keys typed fast, then Enter):
// 1. a scan typed while "Units per scan" or the parcel weight has focus reaches the scan handler;
//    the number keeps its value;
// 2. the scan field and the answer to a wrong scan are on screen without scrolling (pick, pack, ship);
// 3. the same barcode scanned again and again counts every time; a scanner's double send counts once,
//    and says so;
// 4. offline scans refused because a colleague picked the task meanwhile say so, with the order and
//    what to do with the units (pick screen and Sync page);
// 6. each role lands on its station after signing in, and the last station is remembered.
// Screens are saved as test/artifacts/hands-*-360.png. To look at an older build of the PWA instead:
// E2E_WEB_DIST=<its dist folder> (screenshots named before-hands-…; the assertions then show what
// was wrong).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, CDPSession, Locator, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { type RunningServer, startServer } from '../support/server.ts';
import { artifactPath, buildWeb, launchChromium } from '../support/browser.ts';
import { apiToken, createStaffUser, globalId, graphql, signIn, type StaffUser } from './session.ts';

const otherDist = process.env.E2E_WEB_DIST;
const shot = (page: Page, name: string) => page.screenshot({ path: artifactPath(`${otherDist ? 'before-' : ''}hands-${name}-360.png`) });

type Roles = ('ADMIN' | 'MANAGER' | 'PICKER' | 'PACKER')[];

describe('the floor PWA in a worker’s hands at 360×640: scanner, feedback, repeats, offline conflicts, landing', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  let adminToken: string;
  const contexts: BrowserContext[] = [];
  /** Orders a test already took (each test works on its own). */
  const used = new Set<string>();

  beforeAll(async () => {
    if (!otherDist) buildWeb();
    database = await createTestDatabase();
    server = await startServer(database.url, otherDist ? { WEB_DIST: otherDist } : {});
    browser = await launchChromium();
    const admin = await createStaffUser(database.prisma as never, { name: 'Admin Colleague', roles: ['ADMIN'] });
    adminToken = await apiToken(server.url, admin);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  /** A handheld: 360×640 CSS px, touch. */
  async function handheld(roles: Roles, options: { signIn?: boolean } = {}) {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US' });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    const user = await createStaffUser(database.prisma as never, { name: `${roles[0]} Hands`, roles });
    if (options.signIn !== false) await signIn(page, server.url, user);
    return { context, page, user, errors };
  }

  const sessions = new WeakMap<Page, CDPSession>();
  /**
   * A keyboard-wedge scanner: the code's keys, then Enter, into whatever has focus — sent to the
   * browser all at once (a scanner does not wait between keys; awaiting each key from here would
   * add the test machine's own delays).
   */
  async function cdpOf(page: Page) {
    if (!sessions.has(page)) sessions.set(page, await page.context().newCDPSession(page));
    return sessions.get(page)!;
  }
  async function scanner(page: Page, code: string) {
    const cdp = await cdpOf(page);
    const key = (type: 'keyDown' | 'keyUp', key: string, text?: string, code?: string, keyCode?: number) =>
      cdp.send('Input.dispatchKeyEvent', { type, key, code, windowsVirtualKeyCode: keyCode, ...(text ? { text, unmodifiedText: text } : {}) });
    const sent: Promise<unknown>[] = [];
    for (const ch of code) sent.push(key('keyDown', ch, ch));
    sent.push(key('keyDown', 'Enter', '\r', 'Enter', 13), key('keyUp', 'Enter', undefined, 'Enter', 13));
    await Promise.all(sent);
  }

  /** The element is entirely on screen, above the tab bar (nothing scrolled). */
  async function onScreenAboveTabbar(page: Page, locator: Locator) {
    const box = await locator.boundingBox();
    const tabbar = await page.getByTestId('tabbar').boundingBox();
    expect(box, 'element rendered').not.toBeNull();
    expect(tabbar).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(tabbar!.y + 0.5);
  }

  /** A pick list (made through the API by a colleague) for one CONFIRMED order, assigned to the user. */
  async function pickListFor(user: StaffUser, wanted: (lines: { quantity: number }[]) => boolean = () => true) {
    const orders = await database.prisma.order.findMany({
      where: { status: 'CONFIRMED', id: { notIn: [...used] } },
      include: { lines: true },
      orderBy: { number: 'asc' },
    });
    const order = orders.find((o) => wanted(o.lines));
    if (!order) throw new Error('no suitable CONFIRMED order in the demo data');
    used.add(order.id);
    const made = await graphql(
      server.url,
      adminToken,
      'mutation ($orderIds: [ID!], $assigneeId: ID) { createPickList(orderIds: $orderIds, assigneeId: $assigneeId) { pickList { id } userErrors { code message } } }',
      { orderIds: [globalId('Order', order.id)], assigneeId: globalId('User', user.id) },
    );
    expect(made.data?.createPickList?.userErrors, JSON.stringify(made)).toEqual([]);
    const list = await database.prisma.pickList.findFirstOrThrow({
      where: { tasks: { some: { orderId: order.id } } },
      orderBy: { createdAt: 'desc' },
      include: { tasks: { orderBy: [{ sequence: 'asc' }, { id: 'asc' }], include: { location: true, product: { include: { barcodes: true } } } } },
    });
    return { order, list, url: `${server.url}/pick/${encodeURIComponent(globalId('PickList', list.id))}` };
  }

  /** A product on none of these tasks: a wrong item. */
  const stranger = (productIds: string[]) =>
    database.prisma.product.findFirstOrThrow({ where: { id: { notIn: productIds }, barcodes: { some: {} } }, include: { barcodes: true } });

  /** An order at the packing table, with its lines' barcodes. */
  async function pickedOrder(wanted: (units: number) => boolean = () => true) {
    const orders = await database.prisma.order.findMany({
      where: { status: 'PICKED', id: { notIn: [...used] }, parcels: { none: {} } },
      include: { lines: { include: { product: { include: { barcodes: true } } } } },
      orderBy: { number: 'asc' },
    });
    const order = orders.find((o) => wanted(o.lines.reduce((s, l) => s + l.quantity - l.quantityCancelled, 0)));
    if (!order) throw new Error('no suitable PICKED order in the demo data');
    used.add(order.id);
    return order;
  }

  const taskPicked = async (taskId: string) => (await database.prisma.pickTask.findUniqueOrThrow({ where: { id: taskId } })).quantityPicked;

  it('item 1: a scan typed while "Units per scan" or the parcel weight has focus reaches the scan handler; the number keeps its value', async () => {
    const { page, user, errors } = await handheld(['PICKER', 'PACKER']);
    const { list, url } = await pickListFor(user);
    const task = list.tasks.find((t) => t.location)!;
    await page.goto(url, { waitUntil: 'load' });
    await page.getByTestId('pick-current').waitFor({ timeout: 30_000 });
    await page.getByTestId('pick-scan').focus();
    await scanner(page, task.location!.code);
    await expect.poll(() => page.getByTestId('pick-next-bin').innerText()).toContain('✓');

    // The worker tapped "Units per scan" (the numeric keypad opens), then scans the item.
    const quantity = page.getByTestId('pick-quantity');
    await quantity.focus();
    await scanner(page, task.product.barcodes[0].code);
    await page.waitForTimeout(300);
    await shot(page, 'pick-scan-into-quantity');
    expect(await quantity.inputValue()).toBe('1');
    await expect.poll(() => page.getByTestId('scan-message').getAttribute('data-kind'), { timeout: 10_000 }).toBe('ok');
    expect(await page.getByTestId('scan-message').innerText()).toContain(`+1 ${task.product.name}`);
    await expect.poll(() => taskPicked(task.id), { timeout: 20_000 }).toBe(1);

    // Packing: the weight typed, the field still focused, the next item scanned.
    const order = await pickedOrder((units) => units >= 2);
    await page.goto(`${server.url}/pack/${encodeURIComponent(globalId('Order', order.id))}`, { waitUntil: 'load' });
    await page.getByTestId('pack-lines').waitFor({ timeout: 30_000 });
    const units = order.lines.flatMap((l) => Array.from({ length: l.quantity - l.quantityCancelled }, () => l.product!.barcodes[0].code));
    await page.getByTestId('pack-scan').focus();
    await scanner(page, units[0]);
    const weight = page.getByTestId('parcel-weight');
    await weight.waitFor({ timeout: 30_000 });
    await weight.fill('450');
    await weight.focus();
    await scanner(page, units[1]);
    await page.waitForTimeout(300);
    await shot(page, 'pack-scan-into-weight');
    expect(await weight.inputValue()).toBe('450');
    expect(await page.getByTestId('parcel-weight-grams').innerText()).toContain('450');
    await expect
      .poll(async () => (await database.prisma.parcelItem.findMany({ where: { parcel: { orderId: order.id } } })).reduce((s, i) => s + i.quantity, 0), {
        timeout: 20_000,
      })
      .toBe(2);
    // Enter did not close the parcel with the barcode as its weight.
    expect((await database.prisma.parcel.findFirstOrThrow({ where: { orderId: order.id } })).status).toBe('OPEN');
    expect(errors).toEqual([]);
  });

  it('item 2: at 360×640 the scan field and the answer to a wrong scan are on screen without scrolling (pick, pack, ship)', async () => {
    const { page, user, errors } = await handheld(['PICKER', 'PACKER']);
    const { list, url } = await pickListFor(user);
    const wrong = await stranger(list.tasks.map((t) => t.productId));

    // Pick: the field takes the focus itself (no scrolling); a wrong item.
    await page.goto(url, { waitUntil: 'load' });
    await page.getByTestId('pick-current').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).toBe('pick-scan');
    await scanner(page, wrong.barcodes[0].code);
    const message = page.getByTestId('scan-message');
    await message.waitFor({ timeout: 20_000 });
    await page.waitForTimeout(200);
    await shot(page, 'pick-wrong-scan');
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(await message.getAttribute('data-code')).toBe('WRONG_ITEM');
    expect(await message.getAttribute('role')).toBe('alert');
    await onScreenAboveTabbar(page, message);
    await onScreenAboveTabbar(page, page.getByTestId('pick-scan'));

    // Pack: a wrong item at the packing table.
    const order = await pickedOrder();
    await page.goto(`${server.url}/pack/${encodeURIComponent(globalId('Order', order.id))}`, { waitUntil: 'load' });
    await page.getByTestId('pack-lines').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).toBe('pack-scan');
    const notOnOrder = await stranger(order.lines.map((l) => l.productId!));
    await scanner(page, notOnOrder.barcodes[0].code);
    await page.getByTestId('scan-message').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(200);
    await shot(page, 'pack-wrong-scan');
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(await page.getByTestId('scan-message').getAttribute('data-code')).toBe('WRONG_ITEM');
    await onScreenAboveTabbar(page, page.getByTestId('scan-message'));
    await onScreenAboveTabbar(page, page.getByTestId('pack-scan'));

    // Ship: the shipping queue refuses an unknown code; a tracking number too short is refused in words.
    await page.goto(`${server.url}/ship`, { waitUntil: 'load' });
    await page.getByTestId('ship-finder').waitFor({ timeout: 30_000 });
    await page.getByTestId('floor-scan').focus();
    await scanner(page, 'NO-SUCH-ORDER-1');
    await expect.poll(() => page.getByTestId('scan-message').getAttribute('data-code'), { timeout: 20_000 }).toBe('NOT_FOUND');
    await onScreenAboveTabbar(page, page.getByTestId('scan-message'));
    const ready = await database.prisma.order.findFirstOrThrow({ where: { status: 'READY_TO_SHIP', id: { notIn: [...used] } }, orderBy: { number: 'asc' } });
    used.add(ready.id);
    await page.goto(`${server.url}/ship/${encodeURIComponent(globalId('Order', ready.id))}`, { waitUntil: 'load' });
    await page.getByTestId('ship-parcel').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('tracking-input').first().focus();
    await scanner(page, 'AB');
    await page.waitForTimeout(200);
    await shot(page, 'ship-wrong-tracking');
    await expect.poll(() => page.getByTestId('scan-message').getAttribute('data-kind'), { timeout: 10_000 }).toBe('error');
    await onScreenAboveTabbar(page, page.getByTestId('scan-message'));
    const tracking = `HANDS${ready.number}${Date.now() % 100000}`;
    await scanner(page, tracking);
    await expect.poll(() => page.getByTestId('scan-message').getAttribute('data-kind')).toBe('ok');
    expect(await page.getByTestId('scan-message').innerText()).toContain(tracking);
    await onScreenAboveTabbar(page, page.getByTestId('scan-message'));
    expect(errors).toEqual([]);
  });

  it('item 3: the same barcode scanned again and again counts every time; a double send within 150 ms counts once, and says so', async () => {
    const { page, user, errors } = await handheld(['PICKER']);
    const { list, url } = await pickListFor(user, (lines) => lines.some((l) => l.quantity >= 3));
    const task = [...list.tasks].sort((a, b) => b.quantity - a.quantity)[0];
    expect(task.quantity).toBeGreaterThanOrEqual(3);
    await page.goto(url, { waitUntil: 'load' });
    await page.getByTestId('pick-current').waitFor({ timeout: 30_000 });
    const field = page.getByTestId('pick-scan');
    await field.focus();
    if (task.location) {
      await scanner(page, task.location.code);
      await expect.poll(() => page.locator('[data-testid="pick-current"]').getAttribute('data-task-id')).toBe(globalId('PickTask', task.id));
    }
    // The shortest code the product answers to (the scanner sends it twice as fast as it can).
    const code = [task.product.sku, ...task.product.barcodes.map((b) => b.code)].sort((a, b) => a.length - b.length)[0];

    // A scanner's double send: the two reads arrive within a few milliseconds.
    await cdpOf(page);
    await page.evaluate(() => {
      const enters: number[] = ((window as unknown as { enters: number[] }).enters = []);
      document.addEventListener('keydown', (e) => e.key === 'Enter' && enters.push(e.timeStamp), true);
    });
    await Promise.all([scanner(page, code), scanner(page, code)]);
    const enters = await page.evaluate(() => (window as unknown as { enters: number[] }).enters);
    const took = Math.round(enters[1] - enters[0]);
    await expect.poll(() => page.getByTestId('scan-message').getAttribute('data-code'), { timeout: 10_000 }).toBe('REPEAT');
    expect(await page.getByTestId('scan-message').innerText()).toContain('counted once');
    await onScreenAboveTabbar(page, page.getByTestId('scan-message'));
    await shot(page, 'pick-double-send');
    await expect.poll(() => taskPicked(task.id), { timeout: 20_000 }).toBe(1);
    console.log(`the double send's second Enter came ${took} ms after the first`);

    // Then one unit after the other, 0.3 s apart: every scan counts.
    for (let n = 1; n < task.quantity; n++) {
      await page.waitForTimeout(300);
      await scanner(page, code);
    }
    await expect.poll(() => taskPicked(task.id), { timeout: 20_000 }).toBe(task.quantity);
    await expect
      .poll(() => page.locator(`[data-testid="pick-task"][data-task-id="${globalId('PickTask', task.id)}"]`).getAttribute('data-state'), { timeout: 20_000 })
      .toBe('done');
    expect(await database.prisma.idempotencyRecord.count({ where: { scope: `user:${user.id}:scanPick` } })).toBe(task.quantity);
    expect(errors).toEqual([]);
  });

  it('item 4: offline scans refused because a colleague picked the task say why, for which order, and what to do with the units', async () => {
    const { context, page, user, errors } = await handheld(['PICKER']);
    const { order, list, url } = await pickListFor(user, (lines) => lines.some((l) => l.quantity >= 2));
    const task = [...list.tasks].sort((a, b) => b.quantity - a.quantity)[0];
    const units = Math.min(2, task.quantity);
    await page.goto(url, { waitUntil: 'load' });
    await page.getByTestId('pick-current').waitFor({ timeout: 30_000 });
    await page.getByTestId('pick-scan').focus();
    if (task.location) {
      await scanner(page, task.location.code);
      await expect.poll(() => page.locator('[data-testid="pick-current"]').getAttribute('data-task-id')).toBe(globalId('PickTask', task.id));
    }

    // No network in this aisle: the scan is kept on the device.
    await context.setOffline(true);
    await page.getByTestId('offline-indicator').waitFor({ timeout: 10_000 });
    for (let n = 1; n < units; n++) await page.getByTestId('pick-quantity-plus').click();
    await page.getByTestId('pick-scan').focus();
    await scanner(page, task.product.barcodes[0].code);
    await page.getByTestId('pick-pending').waitFor({ timeout: 20_000 });

    // Meanwhile a colleague picks the whole task.
    const picked = await graphql(
      server.url,
      adminToken,
      'mutation ($pickListId: ID!, $code: String!, $locationCode: String, $quantity: Int) { scanPick(pickListId: $pickListId, code: $code, locationCode: $locationCode, quantity: $quantity) { userErrors { code message } } }',
      { pickListId: globalId('PickList', list.id), code: task.product.sku, locationCode: task.location?.code ?? null, quantity: task.quantity },
    );
    expect(picked.data.scanPick.userErrors).toEqual([]);

    // Back online: the queued scan is refused — and the screen says what really happened.
    await context.setOffline(false);
    const message = page.getByTestId('scan-message');
    await expect.poll(() => message.getAttribute('data-kind'), { timeout: 30_000 }).toBe('error');
    await page.waitForTimeout(200);
    await shot(page, 'pick-offline-refused');
    const text = await message.innerText();
    expect(text).not.toContain('Wrong item');
    expect(text).toContain('already picked');
    expect(text).toContain(`Order #${order.number}`);
    const putBack = task.location
      ? `Put ${units} × ${task.product.sku} back in bin ${task.location.code}.`
      : `Put ${units} × ${task.product.sku} back where you took it from.`;
    expect(text).toContain(putBack);
    await onScreenAboveTabbar(page, message);
    // The list as it is now: the colleague picked the task.
    await expect
      .poll(() => page.locator(`[data-testid="pick-task"][data-task-id="${globalId('PickTask', task.id)}"]`).getAttribute('data-state'), { timeout: 20_000 })
      .toBe('done');

    // The Sync page: the list is a list (not "order #3"), the order, the reason, the next step.
    await page.getByTestId('sync-status').click();
    const item = page.getByTestId('sync-attention-item').first();
    await item.waitFor({ timeout: 20_000 });
    await shot(page, 'sync-refused');
    expect(await item.getAttribute('data-op')).toBe('scanPick');
    expect(await item.innerText()).toContain(`List #${list.number}`);
    expect(await item.getByTestId('sync-attention-order').innerText()).toBe(`Order #${order.number}`);
    expect(await item.getByTestId('sync-attention-reason').innerText()).toContain('already picked');
    expect(await item.getByTestId('sync-attention-next').innerText()).toBe(`Next: ${putBack}`);
    expect(await item.getByTestId('sync-dismiss').innerText()).toBe('Done');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await item.getByTestId('sync-dismiss').click();
    await page.getByTestId('sync-attention-count').waitFor({ state: 'detached', timeout: 10_000 });
    // The colleague's units only: nothing counted twice.
    expect(await taskPicked(task.id)).toBe(task.quantity);
    expect(errors).toEqual([]);
  });

  it('item 6: each role lands on its station after signing in, and the station used last on the device is remembered', async () => {
    const picker = await handheld(['PICKER']);
    expect(new URL(picker.page.url()).pathname).toBe('/pick');
    await picker.page.getByTestId('pick-home').waitFor({ timeout: 30_000 });

    const manager = await handheld(['MANAGER']);
    expect(new URL(manager.page.url()).pathname).toBe('/');

    const packer = await handheld(['PACKER']);
    expect(new URL(packer.page.url()).pathname).toBe('/pack');
    await packer.page.getByTestId('pack-home').waitFor({ timeout: 30_000 });
    // This packer hands parcels over and ships today; a glance at the order queue does not change that.
    await packer.page.getByTestId('nav-floor').click();
    await packer.page.getByTestId('floor-ship').click();
    await packer.page.getByTestId('ship-home').waitFor({ timeout: 30_000 });
    await packer.page.getByTestId('nav-orders').click();
    await packer.page.getByTestId('order-row').first().waitFor({ timeout: 30_000 });
    // Shift over (the session is gone), next morning: signed in again on the same handheld.
    await packer.context.clearCookies();
    await signIn(packer.page, server.url, packer.user);
    expect(new URL(packer.page.url()).pathname).toBe('/ship');
    await packer.page.getByTestId('ship-home').waitFor({ timeout: 30_000 });
    await shot(packer.page, 'landing-ship');
    // A picker signing in on that handheld still lands at picking (may not ship).
    await packer.context.clearCookies();
    const other = await createStaffUser(database.prisma as never, { name: 'Picker Two', roles: ['PICKER'] });
    await signIn(packer.page, server.url, other);
    expect(new URL(packer.page.url()).pathname).toBe('/pick');
    for (const p of [picker, manager, packer]) expect(p.errors).toEqual([]);
  });
});
