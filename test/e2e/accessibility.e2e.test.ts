// Every screen of the floor PWA on the smallest supported handheld (360×640, touch), in Russian
// (the longest words), against the real server and database:
// - axe-core (the engine's own source injected into the page): 0 violations;
// - tap targets: every visible button, link, input and select at least 44×44 CSS px;
// - text: nothing cut off (no element whose text is wider than its box, no placeholder wider than
//   its field, no word broken in the middle across lines), tab labels and badges ≥ 14 px.
// Each screen is saved as test/artifacts/a11y-<screen>-360.png for review. To compare with an older
// build of the PWA: E2E_WEB_DIST=<its dist folder> (served instead; screenshots named before-a11y-…).
// The pick, pack and sync screens are also saved as pick-360.png, pack-360.png and sync-360.png (CSS
// pixels), next to before-pick/pack/sync-360.png: the build before issue 12, kept in
// test/e2e/screenshots-before/ (an E2E_WEB_DIST run writes them there) and copied by every run.
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { type RunningServer, startServer } from '../support/server.ts';
import { artifactPath, buildWeb, launchChromium } from '../support/browser.ts';
import { apiToken, createStaffUser, globalId, graphql, signIn, type StaffUser } from './session.ts';
import { axeViolations } from '../support/axe.ts';

/** An older build to look at instead of the current code (before/after screenshots). */
const otherDist = process.env.E2E_WEB_DIST;
const shotName = (name: string) => `${otherDist ? 'before-' : ''}a11y-${name}-360.png`;
/** The screens compared before/after issue 12, by their check name. */
const stationShots: Record<string, string> = { 'pick-list': 'pick', 'pack-order': 'pack', 'sync-waiting': 'sync' };
const beforeShotsDir = path.join(import.meta.dirname, 'screenshots-before');

/** Visible interactive elements smaller than 44×44 CSS px (a checkbox or radio counts by its label). */
async function smallTapTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const describe = (el: Element) => {
      const testid = el.getAttribute('data-testid');
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30) || el.getAttribute('aria-label') || el.getAttribute('placeholder') || '';
      return `${el.tagName.toLowerCase()}${testid ? `[data-testid=${testid}]` : ''} "${text}"`;
    };
    const offenders: string[] = [];
    for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, [role="button"], [role="tab"], [role="link"]')) {
      let target: Element = el;
      if (el instanceof HTMLInputElement && ['checkbox', 'radio', 'file'].includes(el.type)) target = el.closest('label') ?? el;
      const style = getComputedStyle(target);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      if ((el as HTMLInputElement).type === 'hidden') continue;
      const rect = target.getBoundingClientRect();
      if (rect.width < 2 || rect.height < 2) continue; // not rendered / visually hidden
      if (rect.bottom <= 0 || rect.right <= 0) continue; // parked off-screen (the skip link until focused)
      // A link inside running text is exempt (WCAG 2.5.8: inline).
      if (
        el.tagName === 'A' &&
        getComputedStyle(el).display === 'inline' &&
        el.parentElement &&
        getComputedStyle(el.parentElement).display === 'block' &&
        el.parentElement.tagName === 'P'
      )
        continue;
      if (rect.width < 43.5 || rect.height < 43.5) offenders.push(`${describe(el)} ${Math.round(rect.width)}×${Math.round(rect.height)}`);
    }
    return offenders;
  });
}

/** Text that does not fit: wider than its box, a placeholder wider than its field, a word split across lines. */
async function clippedText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const offenders: string[] = [];
    const canvas = document.createElement('canvas').getContext('2d')!;
    const visible = (el: Element) => {
      const rect = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return rect.width > 1 && rect.height > 1 && style.visibility !== 'hidden' && !el.closest('[aria-hidden="true"], .visually-hidden, .sr-only');
    };
    // A tab label wider than its tab spills over its neighbours (the tab itself shows no overflow).
    for (const label of document.querySelectorAll('.tabbar__label')) {
      const [own, tab] = [label.getBoundingClientRect(), label.parentElement!.getBoundingClientRect()];
      if (own.left < tab.left - 1 || own.right > tab.right + 1)
        offenders.push(`tab label wider than its tab: "${label.textContent}" ${Math.round(own.width)}>${Math.round(tab.width)}`);
    }
    for (const el of document.body.querySelectorAll('*')) {
      if (!(el instanceof HTMLElement) || !visible(el)) continue;
      if (['SCRIPT', 'STYLE', 'svg', 'IMG', 'HTML', 'BODY', 'MAIN', 'CANVAS', 'VIDEO', 'IFRAME'].includes(el.tagName)) continue;
      const ownText = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()).map((n) => n.textContent!.trim());
      const style = getComputedStyle(el);
      // Scrolling containers (lists, tables that scroll sideways on purpose) are not clipping.
      const scrolls = ['auto', 'scroll'].includes(style.overflowX);
      if (ownText.length && !scrolls && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && style.display !== 'inline')
        offenders.push(`overflow: <${el.tagName.toLowerCase()} class="${el.className}"> "${ownText.join(' ').slice(0, 40)}" ${el.scrollWidth}>${el.clientWidth}`);
      if (ownText.length && style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1)
        offenders.push(`ellipsis: <${el.tagName.toLowerCase()} class="${el.className}"> "${ownText.join(' ').slice(0, 40)}"`);
      if ((el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && el.placeholder && !el.value) {
        canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const available = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        const needed = canvas.measureText(el.placeholder).width;
        if (needed > available + 1) offenders.push(`placeholder: "${el.placeholder}" needs ${Math.round(needed)} px, field has ${Math.round(available)}`);
      }
      // A word broken in the middle: its letters on two lines (Latin and Cyrillic; Chinese breaks between any characters).
      for (const node of el.childNodes) {
        if (node.nodeType !== Node.TEXT_NODE) continue;
        const text = node.textContent!;
        for (const match of text.matchAll(/[\p{Script=Latin}\p{Script=Cyrillic}\p{N}]{4,}/gu)) {
          const range = document.createRange();
          range.setStart(node, match.index!);
          range.setEnd(node, match.index! + match[0].length);
          const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (tops.size > 1) offenders.push(`broken word: "${match[0]}" in <${el.tagName.toLowerCase()} class="${el.className}">`);
        }
      }
    }
    // Tab labels and badges are read at arm's length.
    for (const el of document.querySelectorAll('.tabbar__label, .badge, .status-badge, [data-testid="status-badge"]')) {
      if (!visible(el)) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 14) offenders.push(`small text: <${el.tagName.toLowerCase()} class="${el.className}"> "${el.textContent!.trim().slice(0, 20)}" ${size}px`);
    }
    return [...new Set(offenders)];
  });
}

describe('every screen at 360×640 in Russian: axe, tap targets, text that fits', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let user: StaffUser;
  const contexts: BrowserContext[] = [];
  const report: Record<string, { axe: string[]; taps: string[]; clipped: string[] }> = {};

  beforeAll(async () => {
    if (!otherDist) buildWeb();
    if (!otherDist) for (const file of fs.readdirSync(beforeShotsDir)) fs.copyFileSync(path.join(beforeShotsDir, file), artifactPath(file));
    database = await createTestDatabase();
    server = await startServer(database.url, otherDist ? { WEB_DIST: otherDist } : {});
    browser = await launchChromium();
    user = await createStaffUser(database.prisma as never, { name: 'Елена Кладовщикова', roles: ['MANAGER'], locale: 'ru' });
    context = await browser.newContext({
      viewport: { width: 360, height: 640 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'ru-RU',
      reducedMotion: 'reduce',
    });
    page = await context.newPage();
  });
  afterAll(async () => {
    for (const other of contexts) await other.close().catch(() => {});
    await context?.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  const orderId = async (status: 'NEW' | 'PICKED' | 'READY_TO_SHIP') =>
    globalId('Order', (await database.prisma.order.findFirstOrThrow({ where: { status }, orderBy: { number: 'asc' } })).id);

  /**
   * A new unassigned pick list for a CONFIRMED order nobody picks yet. Each test takes its own: the demo's one
   * open list leaves OPEN as soon as a handheld's scan reaches the server, which made later tests flaky.
   */
  async function freshPickList() {
    const order = await database.prisma.order.findFirstOrThrow({ where: { status: 'CONFIRMED', pickTasks: { none: {} } }, orderBy: { number: 'asc' } });
    const admin = await createStaffUser(database.prisma as never, { roles: ['ADMIN'] });
    const made = await graphql(
      server.url,
      await apiToken(server.url, admin),
      'mutation ($orderIds: [ID!]) { createPickList(orderIds: $orderIds) { pickList { id } userErrors { code message } } }',
      { orderIds: [globalId('Order', order.id)] },
    );
    expect(made.data?.createPickList?.userErrors, JSON.stringify(made)).toEqual([]);
    const { id } = await database.prisma.pickList.findFirstOrThrow({ where: { tasks: { some: { orderId: order.id } } } });
    // Unassigned like the demo's list (createPickList gives it to the caller).
    return database.prisma.pickList.update({
      where: { id },
      data: { assigneeId: null },
      include: { tasks: { include: { location: true, product: { include: { barcodes: true } } } } },
    });
  }

  /** Checks the page (`on`: another person's) as it is now; `name` is used for the screenshot and the messages. */
  async function check(name: string, ready: Locator, on: Page = page) {
    await ready.first().waitFor({ timeout: 30_000 });
    await on
      .locator('[data-testid="route-loading"], .spinner')
      .first()
      .waitFor({ state: 'detached', timeout: 15_000 })
      .catch(() => {});
    await on.evaluate(() => document.fonts.ready.then(() => true));
    await on.screenshot({ path: artifactPath(shotName(name)) });
    const station = stationShots[name];
    if (station) {
      const file = artifactPath(`${otherDist ? 'before-' : ''}${station}-360.png`);
      await on.screenshot({ path: file, scale: 'css' });
      if (otherDist) fs.copyFileSync(file, path.join(beforeShotsDir, path.basename(file)));
    }
    const [axe, taps, clipped] = [await axeViolations(on), await smallTapTargets(on), await clippedText(on)];
    report[name] = { axe, taps, clipped };
    fs.writeFileSync(artifactPath(otherDist ? 'before-a11y-report.json' : 'a11y-report.json'), JSON.stringify(report, null, 1));
    // Joined, so that a failure lists every offender.
    expect.soft(axe.join('\n'), `${name}: axe violations`).toBe('');
    expect.soft(taps.join('\n'), `${name}: tap targets under 44×44`).toBe('');
    expect.soft(clipped.join('\n'), `${name}: text cut off or too small`).toBe('');
    expect.soft(await on.evaluate(() => document.documentElement.scrollWidth), `${name}: page wider than the screen`).toBeLessThanOrEqual(360);
  }
  /** A keyboard-wedge scanner: the code typed fast into the scan field, then Enter. */
  async function scan(testid: string, code: string, on: Page = page) {
    await on.getByTestId(testid).focus();
    await on.keyboard.type(code, { delay: 4 });
    await on.keyboard.press('Enter');
  }
  async function screen(name: string, path: string, ready: string) {
    await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
    await check(name, page.locator(ready));
  }

  it('login', async () => {
    await page.goto(`${server.url}/login`, { waitUntil: 'load' });
    await check('login', page.getByTestId('login-submit'));
    await signIn(page, server.url, user);
  });
  it('order queue', () => screen('queue', '/', '[data-testid="order-row"]'));
  it('order detail', async () => screen('order', `/orders/${encodeURIComponent(await orderId('NEW'))}`, '[data-testid="timeline-event"]'));
  it('today', () => screen('today', '/today', '[data-testid="today-tiles"]'));
  it('stock', () => screen('stock', '/stock', '[data-testid="stock-page"]'));
  it('settings', () => screen('settings', '/settings', '[data-testid="settings-account"]'));
  it('more', () => screen('more', '/more', '[data-testid="nav-settings"]'));
  it('floor', () => screen('floor', '/floor', '[data-testid="station-count"]'));
  it('pick home', () => screen('pick-home', '/pick', '[data-testid="pick-home"]'));
  it('pick list', async () => {
    const list = await freshPickList();
    await screen('pick-list', `/pick/${encodeURIComponent(globalId('PickList', list.id))}`, '[data-testid="pick-current"]');
  });
  it('pack home', () => screen('pack-home', '/pack', '[data-testid="floor-order"]'));
  it('pack order, then a parcel with an item in it', async () => {
    const order = await database.prisma.order.findFirstOrThrow({
      where: { status: 'PICKED' },
      orderBy: { number: 'asc' },
      include: { lines: { include: { product: { include: { barcodes: true } } } } },
    });
    await screen('pack-order', `/pack/${encodeURIComponent(globalId('Order', order.id))}`, '[data-testid="pack-lines"]');
    await page.locator('[data-testid="box-preset"][data-code="BAG"]').click();
    await scan('pack-scan', order.lines[0].product.barcodes[0].code);
    await check('pack-parcel', page.getByTestId('parcel-unpack'));
  });
  it('ship home', () => screen('ship-home', '/ship', '[data-testid="ship-home"]'));
  it('ship order', async () => screen('ship-order', `/ship/${encodeURIComponent(await orderId('READY_TO_SHIP'))}`, '[data-testid="ship-page"]'));
  it('handover', () => screen('handover', '/handover', '[data-testid="handover-create"]'));
  it('handover act with a parcel on it, and an unknown code scanned', async () => {
    const parcel = await database.prisma.parcel.findFirstOrThrow({ where: { status: 'LABELLED', carrier: { code: 'ozon' } } });
    await page.getByTestId('handover-carrier').selectOption('ozon');
    await page.getByTestId('handover-create').click();
    await page.waitForURL(/\/handover\/[^/]+$/, { timeout: 30_000 });
    await page.getByTestId('manifest').waitFor({ timeout: 30_000 });
    await scan('handover-scan', parcel.code);
    await page.locator(`[data-testid="manifest-parcel"][data-code="${parcel.code}"]`).waitFor({ timeout: 20_000 });
    // A code that is no parcel at all: said so, not "it may have been deleted".
    await scan('handover-scan', 'P999999-9');
    await expect.poll(() => page.getByTestId('scan-message').getAttribute('data-code'), { timeout: 20_000 }).toBe('NOT_FOUND');
    const message = await page.getByTestId('scan-message').innerText();
    expect(message).toContain('P999999-9');
    expect(message).not.toMatch(/удален/);
    await check('handover-act', page.getByTestId('manifest'));
  });
  it('sync', () => screen('sync', '/sync', '[data-testid="sync-page"]'));
  it('not found', () => screen('not-found', '/no-such-screen', '[data-testid="not-found"]'));
  /** Another person on another handheld (360×640), signed in. */
  async function otherPage(options: { locale: string; roles?: ('MANAGER' | 'PICKER' | 'PACKER')[]; deviceScaleFactor?: number }) {
    const other = await browser.newContext({
      viewport: { width: 360, height: 640 },
      deviceScaleFactor: options.deviceScaleFactor,
      isMobile: true,
      hasTouch: true,
      locale: options.locale,
    });
    contexts.push(other);
    const otherPage = await other.newPage();
    const person = await createStaffUser(database.prisma as never, {
      roles: options.roles ?? ['MANAGER'],
      locale: options.locale === 'zh-CN' ? 'zh-CN' : options.locale.slice(0, 2),
    });
    await signIn(otherPage, server.url, person);
    return otherPage;
  }

  it('a scan waiting offline: the sync pill in the header and the Sync page', async () => {
    // On a handheld of its own that never comes back online: the scan stays waiting, the data as it was.
    const waiting = await otherPage({ locale: 'ru-RU', deviceScaleFactor: 2 });
    const list = await freshPickList();
    // The Sync screen's code is loaded while online.
    await waiting.goto(`${server.url}/sync`, { waitUntil: 'load' });
    await waiting.getByTestId('sync-page').waitFor({ timeout: 30_000 });
    await waiting.goto(`${server.url}/pick/${encodeURIComponent(globalId('PickList', list.id))}`, { waitUntil: 'load' });
    const current = waiting.getByTestId('pick-current');
    await current.waitFor({ timeout: 30_000 });
    const taskId = await current.getAttribute('data-task-id');
    const task = list.tasks.find((t) => globalId('PickTask', t.id) === taskId)!;
    if (task.location) await scan('pick-scan', task.location.code, waiting);
    await waiting.context().setOffline(true);
    await waiting.getByTestId('offline-indicator').waitFor({ timeout: 10_000 });
    await scan('pick-scan', task.product.barcodes[0].code, waiting);
    await check('pick-list-waiting', waiting.getByTestId('sync-pending-count'), waiting);
    await waiting.getByTestId('sync-status').click();
    await check('sync-waiting', waiting.getByTestId('sync-pending-item'), waiting);
    await waiting.context().close();
  });

  it('says ship-by times as sentences: "Ship within 6 hours", "Overdue by 1 hour"', async () => {
    const en = await otherPage({ locale: 'en-US' });
    await en.goto(`${server.url}/`, { waitUntil: 'load' });
    await en.getByTestId('order-row').first().waitFor({ timeout: 30_000 });
    const texts = await en.getByTestId('order-ship-by').allInnerTexts();
    expect(texts.length).toBeGreaterThan(5);
    for (const text of texts) expect(text).toMatch(/^(Ship within|Overdue by) \d+ (minute|hour|day)s? · |^No ship-by date$/);
    expect(texts.some((text) => text.startsWith('Overdue by'))).toBe(true);
    // Russian and Chinese say it their way too.
    await en.getByTestId('language-switch').selectOption('ru');
    await expect
      .poll(async () => (await en.getByTestId('order-ship-by').allInnerTexts()).every((t) => /^(До отгрузки|Просрочка) \d+ \p{L}+ · |^Без срока/u.test(t)))
      .toBe(true);
    await en.getByTestId('language-switch').selectOption('zh-CN');
    await expect
      .poll(async () => (await en.getByTestId('order-ship-by').allInnerTexts()).every((t) => /^(距发货截止还有|已逾期) ?\d+ ?(分钟|小时|天) · |^无/u.test(t)))
      .toBe(true);
  });

  it('Chinese: money in ₽, the bag box, carriers and the system in Chinese', async () => {
    const zh = await otherPage({ locale: 'zh-CN' });
    const order = await database.prisma.order.findFirstOrThrow({ where: { status: 'PICKED', channel: 'ozon' }, orderBy: { number: 'desc' } });
    await zh.goto(`${server.url}/orders/${encodeURIComponent(globalId('Order', order.id))}`, { waitUntil: 'load' });
    await zh.getByTestId('timeline-event').first().waitFor({ timeout: 30_000 });
    const detail = await zh.getByTestId('order-detail').innerText();
    expect(detail).toContain('₽');
    expect(detail).not.toMatch(/RUB|\bsystem\b/i);
    expect(await zh.locator('[data-testid="timeline-actor"]').first().getAttribute('title')).toBeNull();
    await zh.goto(`${server.url}/pack/${encodeURIComponent(globalId('Order', order.id))}`, { waitUntil: 'load' });
    const bag = zh.locator('[data-testid="box-preset"][data-code="BAG"]');
    await bag.waitFor({ timeout: 30_000 });
    expect(await bag.innerText()).toContain('快递袋');
    await zh.goto(`${server.url}/handover`, { waitUntil: 'load' });
    await zh.getByTestId('handover-carrier').waitFor({ timeout: 30_000 });
    const carriers = await zh.locator('[data-testid="handover-carrier"] option').allInnerTexts();
    expect(carriers).toEqual(expect.arrayContaining(['Ozon 物流', '俄罗斯邮政']));
  });

  it('tells a picker opening a NEW order why there is nothing to do', async () => {
    const picker = await otherPage({ locale: 'en-US', roles: ['PICKER'] });
    await picker.goto(`${server.url}/orders/${encodeURIComponent(await orderId('NEW'))}`, { waitUntil: 'load' });
    const why = picker.getByTestId('order-no-actions');
    await why.waitFor({ timeout: 30_000 });
    expect(await why.innerText()).toMatch(/manager to confirm/);
    await picker.screenshot({ path: artifactPath(shotName('order-picker-new')) });
  });

  it('an unassigned pick list someone already picked from says so (not "nobody yet")', async () => {
    const list = await freshPickList();
    await database.prisma.pickTask.update({ where: { id: list.tasks[0].id }, data: { quantityPicked: 1 } });
    const en = await otherPage({ locale: 'en-US' });
    await en.goto(`${server.url}/pick`, { waitUntil: 'load' });
    const card = en.locator(`[data-testid="pick-list"][data-list-id="${globalId('PickList', list.id)}"]`);
    await card.waitFor({ timeout: 30_000 });
    expect(await card.innerText()).toContain('started, not taken');
  });
  it.each(['en-US', 'zh-CN'])('text fits and targets are big enough in %s too', async (locale) => {
    const other = await otherPage({ locale });
    const [picking, packing, shipping] = await Promise.all([
      freshPickList(),
      database.prisma.order.findFirstOrThrow({ where: { status: 'PICKED' }, orderBy: { number: 'asc' } }),
      database.prisma.order.findFirstOrThrow({ where: { status: 'READY_TO_SHIP' }, orderBy: { number: 'asc' } }),
    ]);
    const screens: [string, string, string][] = [
      ['queue', '/', 'order-row'],
      ['order', `/orders/${encodeURIComponent(await orderId('NEW'))}`, 'timeline-event'],
      ['today', '/today', 'today-tiles'],
      ['stock', '/stock', 'stock-page'],
      ['more', '/more', 'nav-settings'],
      ['settings', '/settings', 'settings-account'],
      ['floor', '/floor', 'station-count'],
      ['pick-home', '/pick', 'pick-home'],
      ['pick-list', `/pick/${encodeURIComponent(globalId('PickList', picking.id))}`, 'pick-current'],
      ['pack-home', '/pack', 'floor-order'],
      ['pack-order', `/pack/${encodeURIComponent(globalId('Order', packing.id))}`, 'pack-lines'],
      ['ship-home', '/ship', 'ship-home'],
      ['ship-order', `/ship/${encodeURIComponent(globalId('Order', shipping.id))}`, 'ship-page'],
      ['handover', '/handover', 'handover-create'],
      ['sync', '/sync', 'sync-page'],
    ];
    const problems: string[] = [];
    for (const [name, path, ready] of screens) {
      await other.goto(`${server.url}${path}`, { waitUntil: 'load' });
      await other.getByTestId(ready).first().waitFor({ timeout: 30_000 });
      await other.evaluate(() => document.fonts.ready.then(() => true));
      for (const problem of [...(await smallTapTargets(other)), ...(await clippedText(other))]) problems.push(`${name}: ${problem}`);
    }
    expect(problems.join('\n')).toBe('');
  });
});
