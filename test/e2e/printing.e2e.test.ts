// Printing to a network label printer (issue 12, item 5) in Chromium at 360×640 against the real
// server and database: a manager adds the printer in Settings and test-prints; a packer's label
// goes to it over raw TCP; a printer that does not answer offers the PDF instead. The "printer" is a
// TCP listener on 127.0.0.1 that keeps the bytes it receives.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { type RunningServer, startServer } from '../support/server.ts';
import { artifactPath, buildWeb, launchChromium } from '../support/browser.ts';
import { createStaffUser, globalId, signIn, type StaffUser } from './session.ts';

describe('printing labels to a network printer', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  let listener: net.Server;
  let port: number;
  const jobs: string[] = [];
  let manager: StaffUser;
  let packer: StaffUser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    buildWeb();
    database = await createTestDatabase();
    server = await startServer(database.url);
    browser = await launchChromium();
    listener = net.createServer((socket) => {
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('end', () => {
        jobs.push(Buffer.concat(chunks).toString('utf8'));
        socket.end();
      });
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as net.AddressInfo).port;
    manager = await createStaffUser(database.prisma as never, { name: 'Manager Print', roles: ['MANAGER'] });
    packer = await createStaffUser(database.prisma as never, { name: 'Packer Print', roles: ['PACKER'], locale: 'ru' });
  }, 300_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    await new Promise((resolve) => listener?.close(resolve));
    await database?.drop();
  });

  async function smallPhone(locale = 'en-US'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale });
    contexts.push(context);
    return context.newPage();
  }

  /** The PACKED orders of the demo data, each with its parcels, oldest first. */
  const packedOrders = () =>
    database.prisma.order.findMany({ where: { status: 'PACKED', parcels: { some: { status: 'PACKED' } } }, include: { parcels: true }, orderBy: { number: 'asc' } });

  it('a manager adds the printer in Settings and test-prints; the packer’s label goes to it and onto the timeline', async () => {
    const page = await smallPhone();
    await signIn(page, server.url, manager, '/settings');
    const section = page.getByTestId('settings-printers');
    await section.waitFor({ timeout: 30_000 });
    await page.getByTestId('printer-add').click();
    const form = page.getByTestId('printer-form');
    await form.getByTestId('printer-name').fill('Pack table E2E');
    await form.getByTestId('printer-host').fill('127.0.0.1');
    await form.getByTestId('printer-port').fill(String(port));
    await form.locator('[data-testid="printer-station"][value="PACK"]').check();
    await form.getByTestId('printer-save').click();
    const row = page.locator('[data-testid="printer-row"][data-name="Pack table E2E"]');
    await row.waitFor();
    expect(await row.textContent()).toContain(`127.0.0.1:${port}`);

    await row.getByTestId('printer-test').click();
    await row.getByTestId('printer-test-result').waitFor();
    await expect.poll(() => jobs.length).toBe(1);
    expect(jobs[0]).toMatch(/^\^XA\n[\s\S]*Pack table E2E[\s\S]*\^XZ\n$/);
    await page.screenshot({ path: artifactPath('printers-settings-360x640.png'), fullPage: true });

    // The packer: the PACK station's default printer, nothing to choose on this device.
    const [order] = await packedOrders();
    const parcel = order!.parcels.find((p) => p.status === 'PACKED')!;
    const packPage = await smallPhone('ru-RU');
    await signIn(packPage, server.url, packer, `/pack/${encodeURIComponent(globalId('Order', order!.id))}`);
    const card = packPage.locator('[data-testid="parcel"]', { hasText: parcel.code });
    await card.getByTestId('label-print').click();
    const sent = packPage.getByTestId('document-sent');
    await sent.waitFor({ timeout: 30_000 });
    expect(await sent.textContent()).toContain('Pack table E2E');
    await expect.poll(() => jobs.length).toBe(2);
    expect(jobs[1]!.startsWith('^XA\n')).toBe(true);
    expect(jobs[1]).toMatch(new RegExp(`\\^BCN,[^\\n]*\\^FD${parcel.code}\\^FS`));
    expect(packPage.context().pages()).toHaveLength(1); // no PDF tab
    await packPage.screenshot({ path: artifactPath('pack-label-sent-360x640.png') });

    const events = await database.prisma.orderEvent.findMany({ where: { orderId: order!.id, type: 'LABEL_PRINTED' } });
    expect(events.map((e) => e.data)).toEqual([expect.objectContaining({ parcel: parcel.code, printer: 'Pack table E2E', format: 'ZPL' })]);
  });

  it('a printer that does not answer: the packer sees why and prints the PDF instead', async () => {
    // The printer is switched off: nothing listens on its port any more.
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const settings = await smallPhone();
    await signIn(settings, server.url, manager, '/settings');
    const row = settings.locator('[data-testid="printer-row"][data-name="Pack table E2E"]');
    await row.getByTestId('printer-edit').click();
    await row.getByTestId('printer-port').fill(String(closedPort));
    await row.getByTestId('printer-save').click();
    await settings.getByTestId('printers-notice').waitFor();
    await row.getByTestId('printer-test').click();
    expect(await row.getByTestId('printer-test-errors').textContent()).toContain('The printer could not be reached.');

    const order = (await packedOrders()).find((o) => o.parcels.every((p) => p.status === 'PACKED'))!;
    const parcel = order.parcels[0]!;
    const page = await smallPhone('ru-RU');
    await signIn(page, server.url, packer, `/pack/${encodeURIComponent(globalId('Order', order.id))}`);
    await page.locator('[data-testid="parcel"]', { hasText: parcel.code }).getByTestId('label-print').click();
    const fallback = page.getByTestId('print-fallback');
    await fallback.waitFor({ timeout: 30_000 });
    expect(await fallback.textContent()).toContain('Принтер не ответил');
    await fallback.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('pack-printer-unreachable-360x640.png') });
    expect(await database.prisma.orderEvent.count({ where: { orderId: order.id, type: 'LABEL_PRINTED' } })).toBe(0);

    const popup = page.context().waitForEvent('page');
    await fallback.getByTestId('print-open-pdf').click();
    const doc = page.getByTestId('label-document');
    await doc.waitFor({ timeout: 30_000 });
    expect(await doc.getAttribute('data-content-type')).toBe('application/pdf');
    await popup; // the PDF opens in a new tab, as before printers
    expect(await database.prisma.orderEvent.count({ where: { orderId: order.id, type: 'LABEL_PRINTED' } })).toBe(1);
  });
});
