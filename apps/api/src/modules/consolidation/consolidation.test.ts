// Cross-border through the GraphQL endpoint on the real database: domestic tracking numbers (record,
// import by posting number, unique per carrier + number, remove), the consolidation scan (unknown,
// cancelled, twice, two carriers, the Ozon label to print — on a stand-in printer over raw TCP), the
// domestic-overdue flag and list, the cut-off warning, and who may do it.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@orderly/schema';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createOrder } from '../../testing/fixtures.ts';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';
import { cutoffState } from './consolidation.service.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const E = 'userErrors { code field message }';
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

const ADD = `mutation($order: ID!, $carrier: String!, $number: String!, $sentAt: DateTime, $key: String) {
  addDomesticTracking(orderId: $order, carrier: $carrier, trackingNumber: $number, sentAt: $sentAt, idempotencyKey: $key) {
    created domesticParcel { id carrier trackingNumber receivedAt } order { number } ${E}
  }
}`;
const IMPORT = `mutation($entries: [DomesticTrackingImportInput!]!) {
  importDomesticTracking(entries: $entries) { createdCount unchangedCount failedCount results { index trackingNumber created domesticParcel { carrier trackingNumber order { externalId } } ${E} } }
}`;
const REMOVE = `mutation($id: ID!) { removeDomesticTracking(id: $id) { removedDomesticParcelId order { domesticParcels { trackingNumber } } ${E} } }`;
const RECEIVE = `mutation($number: String!, $carrier: String, $key: String) {
  receiveDomesticParcel(trackingNumber: $number, carrier: $carrier, idempotencyKey: $key) {
    alreadyReceived
    domesticParcel { carrier trackingNumber receivedAt receivedBy }
    order { number status domesticParcels { trackingNumber receivedAt } }
    ozonPostings { postingNumber labelError label { filename contentType content } }
    ${E}
  }
}`;
const PRINT = `mutation($order: ID!, $printer: ID!) { printOzonLabels(orderId: $order, printerId: $printer) { labelCount bytesSent printer { name } ${E} } }`;
const ORDER = `query($id: ID!) { order(id: $id) {
  domesticOverdue cutoffState
  domesticParcels { trackingNumber overdue receivedAt }
  marketplacePosting { pastCutoff cutoffSoon }
  timeline(first: 100) { edges { node { type data } } }
} }`;
const OVERDUE = `{ domesticOverdueOrders(first: 50) { edges { node { id number domesticOverdue } } } }`;

/** A stand-in printer: accepts raw TCP connections and keeps what each sent. */
async function startPrinter() {
  const jobs: Buffer[] = [];
  const server = net.createServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => {
      jobs.push(Buffer.concat(chunks));
      socket.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, jobs, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('cross-border: domestic parcels and the consolidation station', () => {
  let database: TestDatabase;
  let db: Db;
  let admin: TestClient;
  let integrator: TestClient;
  let picker: TestClient;
  let packer: TestClient;
  let accountId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.prisma;
    admin = createTestClient(db);
    integrator = createTestClient(db, { apiKeyScopes: ['write_shipments', 'read_orders'] });
    picker = createTestClient(db, { roles: ['PICKER'] });
    packer = createTestClient(db, { roles: ['PACKER'] });
    accountId = (await db.ozonAccount.create({ data: { name: 'Shop', channel: 'ozon', clientId: 'c1', apiKeySealed: 'sealed' } })).id;
  });
  afterAll(() => database.drop());

  const ok = async (client: TestClient, query: string, variables: Record<string, unknown>, field: string) => {
    const r = await client(query, variables);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data[field];
  };
  const timeline = async (orderId: string) =>
    ((await ok(admin, ORDER, { id: gid('Order', orderId) }, 'order')).timeline.edges as { node: { type: string; data: any } }[]).map((e) => e.node);

  it('records several domestic numbers per order, normalised, once each; another order cannot take one', async () => {
    const order = await createOrder(db, { status: 'CONFIRMED', channel: 'ozon' });
    const other = await createOrder(db, { status: 'CONFIRMED', channel: 'ozon' });
    const first = await ok(packer, ADD, { order: gid('Order', order.id), carrier: ' SF ', number: 'sf 1234 5678 901' }, 'addDomesticTracking');
    expect(first).toMatchObject({ created: true, domesticParcel: { carrier: 'sf', trackingNumber: 'SF12345678901', receivedAt: null }, userErrors: [] });
    const second = await ok(packer, ADD, { order: gid('Order', order.id), carrier: 'zto', number: '7730001' }, 'addDomesticTracking');
    expect(second.created).toBe(true);
    // The same parcel again for the same order: nothing changes (a retry, a re-import).
    const again = await ok(packer, ADD, { order: gid('Order', order.id), carrier: 'sf', number: 'SF12345678901' }, 'addDomesticTracking');
    expect(again).toMatchObject({ created: false, domesticParcel: { id: first.domesticParcel.id } });
    // One domestic parcel, one order.
    const taken = await ok(packer, ADD, { order: gid('Order', other.id), carrier: 'sf', number: 'SF12345678901' }, 'addDomesticTracking');
    expect(taken.userErrors).toEqual([
      { code: 'DUPLICATE_TRACKING', field: ['trackingNumber'], message: `SF SF12345678901 is already recorded for order #${order.number}` },
    ]);
    // …but the same number at another carrier is another parcel.
    expect((await ok(packer, ADD, { order: gid('Order', other.id), carrier: 'yto', number: 'SF12345678901' }, 'addDomesticTracking')).created).toBe(true);

    const bad = await ok(packer, ADD, { order: gid('Order', order.id), carrier: 'S F!', number: '12' }, 'addDomesticTracking');
    expect(bad.userErrors.map((e: { field: string[] }) => e.field)).toEqual([['carrier']]);
    const short = await ok(packer, ADD, { order: gid('Order', order.id), carrier: 'sf', number: '12' }, 'addDomesticTracking');
    expect(short.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['trackingNumber'] });
    const future = await ok(
      packer,
      ADD,
      { order: gid('Order', order.id), carrier: 'sf', number: 'SF999', sentAt: new Date(Date.now() + 2 * DAY).toISOString() },
      'addDomesticTracking',
    );
    expect(future.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['sentAt'] });

    const events = (await timeline(order.id)).filter((e) => e.type === 'DOMESTIC_TRACKING_ADDED');
    expect(events.map((e) => [e.data.carrier, e.data.trackingNumber])).toEqual([
      ['sf', 'SF12345678901'],
      ['zto', '7730001'],
    ]);

    const cancelled = await createOrder(db, { status: 'CANCELLED', channel: 'ozon' });
    const refused = await ok(packer, ADD, { order: gid('Order', cancelled.id), carrier: 'sf', number: 'SF0001' }, 'addDomesticTracking');
    expect(refused.userErrors[0]).toMatchObject({ code: 'ORDER_CANCELLED', field: ['orderId'] });
  });

  it('imports rows for integrators by posting number: each row stands alone', async () => {
    const order = await createOrder(db, { status: 'NEW', channel: 'ozon' });
    const result = await ok(
      integrator,
      IMPORT,
      {
        entries: [
          { channel: 'ozon', externalId: order.externalId, carrier: 'jd', trackingNumber: 'JD0001' },
          { channel: 'ozon', externalId: 'no-such-posting', carrier: 'jd', trackingNumber: 'JD0002' },
          { orderId: gid('Order', order.id), carrier: 'jd', trackingNumber: 'JD0003' },
          { channel: 'ozon', externalId: order.externalId, carrier: 'jd', trackingNumber: 'JD0001' },
          { carrier: 'jd', trackingNumber: 'JD0004' },
        ],
      },
      'importDomesticTracking',
    );
    expect(result).toMatchObject({ createdCount: 2, unchangedCount: 1, failedCount: 2 });
    expect(
      result.results.map((r: { created: boolean | null; userErrors: { code: string; field: unknown[] }[] }) => [
        r.created,
        r.userErrors[0]?.code,
        r.userErrors[0]?.field,
      ]),
    ).toEqual([
      [true, undefined, undefined],
      [null, 'NOT_FOUND', ['entries', '1', 'externalId']],
      [true, undefined, undefined],
      [false, undefined, undefined],
      [null, 'INVALID_INPUT', ['entries', '4', 'orderId']],
    ]);
    expect(result.results[0].domesticParcel.order.externalId).toBe(order.externalId);
  });

  it('scans a domestic parcel in: finds its order, marks it received once, answers Ozon’s label to print', async () => {
    const order = await createOrder(db, { status: 'PACKED', channel: 'ozon' });
    const pdf = Buffer.from('%PDF-1.4 ozon label');
    await db.ozonPosting.create({
      data: { accountId, postingNumber: `${order.number}-0001-1`, orderId: order.id, status: 'awaiting_deliver', labelPdf: new Uint8Array(pdf) },
    });
    await ok(packer, ADD, { order: gid('Order', order.id), carrier: 'sf', number: 'SF5550001' }, 'addDomesticTracking');
    await ok(packer, ADD, { order: gid('Order', order.id), carrier: 'sf', number: 'SF5550002' }, 'addDomesticTracking');

    const unknown = await ok(packer, RECEIVE, { number: 'NOPE0000' }, 'receiveDomesticParcel');
    expect(unknown).toMatchObject({ domesticParcel: null, order: null, userErrors: [{ code: 'UNKNOWN_TRACKING_NUMBER', field: ['trackingNumber'] }] });

    const { actor } = await packer.ready;
    const scanned = await ok(packer, RECEIVE, { number: ' sf5550001 ', key: 'scan-sf5550001' }, 'receiveDomesticParcel');
    expect(scanned).toMatchObject({
      alreadyReceived: false,
      domesticParcel: { carrier: 'sf', trackingNumber: 'SF5550001', receivedBy: actor },
      order: { number: order.number, status: 'PACKED' },
      ozonPostings: [{ postingNumber: `${order.number}-0001-1`, labelError: null, label: { contentType: 'application/pdf', content: pdf.toString('base64') } }],
      userErrors: [],
    });
    expect(scanned.order.domesticParcels.map((p: { receivedAt: string | null }) => !!p.receivedAt)).toEqual([true, false]);
    // The outbox replaying the same scan (same key) answers the first result; a new scan of the same parcel says it is done.
    expect((await ok(packer, RECEIVE, { number: ' sf5550001 ', key: 'scan-sf5550001' }, 'receiveDomesticParcel')).alreadyReceived).toBe(false);
    const twice = await ok(packer, RECEIVE, { number: 'SF5550001' }, 'receiveDomesticParcel');
    expect(twice).toMatchObject({ alreadyReceived: true, domesticParcel: { receivedAt: scanned.domesticParcel.receivedAt }, userErrors: [] });
    expect((await timeline(order.id)).filter((e) => e.type === 'DOMESTIC_PARCEL_RECEIVED').map((e) => e.data.trackingNumber)).toEqual(['SF5550001']);

    // Printed on a PDF printer at the station: the label's bytes reach it, and the timeline says so.
    const printer = await startPrinter();
    try {
      const row = await db.printer.create({ data: { name: 'Consolidation A6', host: '127.0.0.1', port: printer.port, language: 'PDF' } });
      const printed = await ok(packer, PRINT, { order: gid('Order', order.id), printer: gid('Printer', row.id) }, 'printOzonLabels');
      expect(printed).toMatchObject({ labelCount: 1, bytesSent: pdf.length, printer: { name: 'Consolidation A6' }, userErrors: [] });
      expect(printer.jobs.map((j) => j.toString('latin1'))).toEqual([pdf.toString('latin1')]);
      expect((await timeline(order.id)).filter((e) => e.type === 'LABEL_PRINTED').map((e) => e.data)).toEqual([
        { source: 'consolidation', postingNumbers: [`${order.number}-0001-1`], printer: 'Consolidation A6' },
      ]);
      const zpl = await db.printer.create({ data: { name: 'Zebra', host: '127.0.0.1', port: printer.port, language: 'ZPL' } });
      expect((await ok(packer, PRINT, { order: gid('Order', order.id), printer: gid('Printer', zpl.id) }, 'printOzonLabels')).userErrors[0].code).toBe(
        'PRINTER_LANGUAGE_MISMATCH',
      );
    } finally {
      await printer.close();
    }

    // A received parcel stays on record; one not received yet can be removed.
    const removeReceived = await ok(
      packer,
      REMOVE,
      { id: gid('DomesticParcel', (await db.domesticParcel.findFirstOrThrow({ where: { trackingNumber: 'SF5550001' } })).id) },
      'removeDomesticTracking',
    );
    expect(removeReceived.userErrors[0].code).toBe('INVALID_TRANSITION');
    const removed = await ok(
      packer,
      REMOVE,
      { id: gid('DomesticParcel', (await db.domesticParcel.findFirstOrThrow({ where: { trackingNumber: 'SF5550002' } })).id) },
      'removeDomesticTracking',
    );
    expect(removed).toMatchObject({ order: { domesticParcels: [{ trackingNumber: 'SF5550001' }] }, userErrors: [] });
    expect((await timeline(order.id)).filter((e) => e.type === 'DOMESTIC_TRACKING_REMOVED').map((e) => e.data.trackingNumber)).toEqual(['SF5550002']);
  });

  it('says when Ozon’s label is not there yet, when a parcel’s order was cancelled, and which carrier to pick', async () => {
    const order = await createOrder(db, { status: 'CONFIRMED', channel: 'ozon' });
    await db.ozonPosting.create({
      data: { accountId, postingNumber: `${order.number}-0002-1`, orderId: order.id, status: 'awaiting_packaging', labelError: 'not shipped' },
    });
    await ok(packer, ADD, { order: gid('Order', order.id), carrier: 'zto', number: 'SHARED0001' }, 'addDomesticTracking');
    await ok(packer, ADD, { order: gid('Order', order.id), carrier: 'yto', number: 'SHARED0001' }, 'addDomesticTracking');
    const which = await ok(packer, RECEIVE, { number: 'SHARED0001' }, 'receiveDomesticParcel');
    expect(which.userErrors).toEqual([{ code: 'INVALID_INPUT', field: ['carrier'], message: 'SHARED0001 is recorded at YTO and ZTO: choose the carrier' }]);
    const picked = await ok(packer, RECEIVE, { number: 'SHARED0001', carrier: 'zto' }, 'receiveDomesticParcel');
    expect(picked).toMatchObject({ domesticParcel: { carrier: 'zto' }, ozonPostings: [{ label: null, labelError: 'not shipped' }], userErrors: [] });
    const printer = await db.printer.create({ data: { name: 'PDF', host: '127.0.0.1', port: 9100, language: 'PDF' } });
    const notReady = await ok(packer, PRINT, { order: gid('Order', order.id), printer: gid('Printer', printer.id) }, 'printOzonLabels');
    expect(notReady.userErrors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['orderId'] });

    const gone = await createOrder(db, { status: 'CONFIRMED', channel: 'ozon' });
    await ok(packer, ADD, { order: gid('Order', gone.id), carrier: 'sf', number: 'SFCANCEL01' }, 'addDomesticTracking');
    await db.order.update({ where: { id: gone.id }, data: { status: 'CANCELLED' } });
    const cancelled = await ok(packer, RECEIVE, { number: 'SFCANCEL01' }, 'receiveDomesticParcel');
    expect(cancelled.userErrors).toEqual([
      { code: 'ORDER_CANCELLED', field: ['trackingNumber'], message: `This parcel belongs to order #${gone.number}, which was cancelled: set it aside, do not ship it` },
    ]);
    expect((await db.domesticParcel.findFirstOrThrow({ where: { trackingNumber: 'SFCANCEL01' } })).receivedAt).toBeNull();
  });

  it('flags orders whose domestic parcel is overdue, and lists them nearest ship-by first', async () => {
    const late = await createOrder(db, { status: 'CONFIRMED', channel: 'ozon', shipBy: new Date(Date.now() + 30 * HOUR) });
    const fresh = await createOrder(db, { status: 'CONFIRMED', channel: 'ozon' });
    const arrived = await createOrder(db, { status: 'CONFIRMED', channel: 'ozon' });
    const gone = await createOrder(db, { status: 'SHIPPED', channel: 'ozon' });
    const tenDaysAgo = new Date(Date.now() - 10 * DAY).toISOString();
    await ok(packer, ADD, { order: gid('Order', late.id), carrier: 'sf', number: 'SFLATE0001', sentAt: tenDaysAgo }, 'addDomesticTracking');
    await ok(packer, ADD, { order: gid('Order', late.id), carrier: 'sf', number: 'SFLATE0002' }, 'addDomesticTracking');
    await ok(
      packer,
      ADD,
      { order: gid('Order', fresh.id), carrier: 'sf', number: 'SFFRESH001', sentAt: new Date(Date.now() - 3 * DAY).toISOString() },
      'addDomesticTracking',
    );
    await ok(packer, ADD, { order: gid('Order', arrived.id), carrier: 'sf', number: 'SFARRIVE01', sentAt: tenDaysAgo }, 'addDomesticTracking');
    await ok(packer, RECEIVE, { number: 'SFARRIVE01' }, 'receiveDomesticParcel');
    await db.domesticParcel.create({ data: { orderId: gone.id, carrier: 'sf', trackingNumber: 'SFGONE0001', sentAt: new Date(tenDaysAgo), createdBy: 'system' } });

    const lateView = await ok(admin, ORDER, { id: gid('Order', late.id) }, 'order');
    expect(lateView.domesticOverdue).toBe(true);
    expect(lateView.domesticParcels.map((p: { trackingNumber: string; overdue: boolean }) => [p.trackingNumber, p.overdue])).toEqual([
      ['SFLATE0001', true],
      ['SFLATE0002', false],
    ]);
    for (const o of [fresh, arrived, gone]) expect((await ok(admin, ORDER, { id: gid('Order', o.id) }, 'order')).domesticOverdue).toBe(false);
    const listed = (await ok(packer, OVERDUE, {}, 'domesticOverdueOrders')).edges.map((e: { node: { id: string } }) => e.node.id);
    expect(listed).toEqual([gid('Order', late.id)]);
  });

  it('warns of the cut-off: SOON within the warning hours, PAST after it, nothing once the order left', async () => {
    const now = new Date('2026-12-06T10:00:00Z');
    expect(cutoffState({ status: 'CONFIRMED', shipBy: new Date(now.getTime() + 5 * HOUR) }, now, 4)).toBe('OK');
    expect(cutoffState({ status: 'PICKING', shipBy: new Date(now.getTime() + 4 * HOUR) }, now, 4)).toBe('SOON');
    expect(cutoffState({ status: 'NEW', shipBy: now }, now, 4)).toBe('PAST');
    expect(cutoffState({ status: 'SHIPPED', shipBy: new Date(now.getTime() - HOUR) }, now, 4)).toBeNull();
    expect(cutoffState({ status: 'CANCELLED', shipBy: new Date(now.getTime() - HOUR) }, now, 4)).toBeNull();

    const soon = await createOrder(db, { status: 'CONFIRMED', channel: 'ozon', shipBy: new Date(Date.now() + 2 * HOUR) });
    await db.ozonPosting.create({
      data: { accountId, postingNumber: `${soon.number}-0003-1`, orderId: soon.id, status: 'awaiting_packaging', shipmentDate: soon.shipBy },
    });
    const past = await createOrder(db, { status: 'NEW', channel: 'ozon', shipBy: new Date(Date.now() - HOUR) });
    await db.ozonPosting.create({
      data: { accountId, postingNumber: `${past.number}-0004-1`, orderId: past.id, status: 'awaiting_packaging', shipmentDate: past.shipBy },
    });
    const later = await createOrder(db, { status: 'CONFIRMED', shipBy: new Date(Date.now() + 30 * HOUR) });
    expect(
      await ok(
        picker,
        ORDER.replace('timeline(first: 100) { edges { node { type data } } }', '').replace('domesticParcels { trackingNumber overdue receivedAt }', ''),
        { id: gid('Order', soon.id) },
        'order',
      ),
    ).toMatchObject({
      cutoffState: 'SOON',
      marketplacePosting: { pastCutoff: false, cutoffSoon: true },
    });
    expect(await ok(admin, ORDER, { id: gid('Order', past.id) }, 'order')).toMatchObject({
      cutoffState: 'PAST',
      marketplacePosting: { pastCutoff: true, cutoffSoon: false },
    });
    expect((await ok(admin, ORDER, { id: gid('Order', later.id) }, 'order')).cutoffState).toBe('OK');
  });

  it('lets the floor that ships scan and print; a picker or a read-only key may not', async () => {
    const order = await createOrder(db, { status: 'CONFIRMED', channel: 'ozon' });
    const denied = await picker(ADD, { order: gid('Order', order.id), carrier: 'sf', number: 'SFDENY0001' });
    expect(denied.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const reader = createTestClient(db, { apiKeyScopes: ['read_orders', 'read_shipments'] });
    expect((await reader(RECEIVE, { number: 'SFDENY0001' })).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(await db.domesticParcel.count({ where: { trackingNumber: 'SFDENY0001' } })).toBe(0);
  });
});
