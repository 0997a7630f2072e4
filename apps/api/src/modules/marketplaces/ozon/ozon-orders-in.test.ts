// Orders in from Ozon, second slice, against the fake Ozon Seller API (test/ozon-fake, in-process) on
// the real database: rFBS buyers and addresses (masked, never logged), requirements and available
// actions on the order in GraphQL, delivery-date changes, Ozon's states after hand-over feeding the
// order's tracking up to DELIVERED, a cancelled part of a split posting, and bad pushes.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db, OzonAccount } from '@orderly/schema';
import type { FakeOzon } from '../../../../../../test/ozon-fake/fake.ts';
import { createTestClient } from '../../../testing/graphql-client.ts';
import { confirmOrder } from '../../orders/order.service.ts';
import { createCarrier } from '../../tracking/tracking.fixtures.ts';
import { kazanBuyer, OZON_WH, useOzonHarness } from './ozon.fixtures.ts';
import { pollAccount } from './sync.service.ts';

const ozon = useOzonHarness({ http: true, stock: 100 });
let db: Db;
let fake: FakeOzon;
let base = '';
let account: OzonAccount;
let warehouseId = '';
const { logged, drainJobs } = ozon;
beforeAll(() => {
  ({ db, fake, base, account } = ozon);
  warehouseId = ozon.warehouse.id;
});

const queued = async () => (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "JobQueue" WHERE task LIKE 'ozon.%'`)[0]!.n;
const orderOf = async (postingNumber: string) =>
  db.order.findFirstOrThrow({ where: { channel: 'ozon', externalId: postingNumber }, include: { lines: { orderBy: { position: 'asc' } } } });
const post = (path: string, body: string) => fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
const reload = async () => (account = await db.ozonAccount.findUniqueOrThrow({ where: { id: account.id } }));
/** Sends the pushes the fake queued and runs the jobs they asked for. */
const deliverPushes = async (options: { duplicate?: boolean; reverse?: boolean } = {}) => {
  await fake.flushPushes(options);
  return drainJobs();
};

/** The Relay id of an order (the GraphQL `order(id:)` argument). */
const globalIdOf = (orderId: string) => Buffer.from(`Order:${orderId}`).toString('base64');

const buyer = kazanBuyer(7_300_001, 'Позвонить за час');

describe('rFBS and FBS destinations', () => {
  it('imports an rFBS posting with its buyer and address, masked in the API and never logged', async () => {
    const posting = fake.createPosting({ warehouseId: OZON_WH, customer: buyer, products: [{ sku: 501, offer_id: 'OZ-A', quantity: 1 }] });
    expect(await deliverPushes()).toEqual({ ran: 1, failed: 0 });
    const order = await orderOf(posting.posting_number);
    expect(order).toMatchObject({
      status: 'NEW',
      shipName: 'Ярослава Кузнецова',
      shipAddress1: 'ул. Лесная, д. 14, кв. 88',
      shipCity: 'Казань',
      shipRegion: 'Республика Татарстан',
      shipPostalCode: '420111',
      shipCountryCode: 'RU',
    });
    const customer = await db.customer.findUniqueOrThrow({ where: { id: order.customerId! } });
    expect(customer).toMatchObject({ channel: 'ozon', externalId: 'ozon:7300001', name: 'Ярослава Кузнецова' });

    const packer = createTestClient(db, { roles: ['PACKER'] });
    const seen = await packer(`query($id: ID!) { order(id: $id) { shippingAddress { name address1 city masked } } }`, { id: globalIdOf(order.id) });
    expect(seen.errors).toBeUndefined();
    expect(seen.data.order.shippingAddress).toMatchObject({ address1: '***', city: 'Казань', masked: true });
    expect(seen.data.order.shippingAddress.name).not.toBe('Ярослава Кузнецова');
    expect(logged.join('\n')).not.toMatch(/Кузнецова|Лесная|420111/);
  });

  it('keeps the FBS placeholder, saying why there is no address', async () => {
    const posting = fake.createPosting({ warehouseId: OZON_WH, products: [{ sku: 502, offer_id: 'OZ-B', quantity: 1 }] });
    await deliverPushes();
    const order = await orderOf(posting.posting_number);
    expect(order).toMatchObject({ shipName: 'Ozon FBS', shipPostalCode: '000000', customerId: null });
    expect(order.shipAddress2).toContain('Ozon delivers to the buyer and shares no address');
  });

  it('holds an rFBS order whose address has no valid postal code, instead of dropping it', async () => {
    const posting = fake.createPosting({
      warehouseId: OZON_WH,
      customer: { ...buyer, customer_id: 7_300_002, address: { ...buyer.address, zip_code: '' } },
      products: [{ sku: 501, offer_id: 'OZ-A', quantity: 1 }],
    });
    await deliverPushes();
    expect(await orderOf(posting.posting_number)).toMatchObject({ status: 'ON_HOLD', holdReason: 'INCORRECT_ADDRESS', shipPostalCode: '000000' });
  });
});

describe('requirements and available actions', () => {
  it('shows on the order what Ozon still wants, per our SKU, and the actions Ozon allows', async () => {
    const posting = fake.createPosting({
      warehouseId: OZON_WH,
      cutoff: new Date(Date.now() - 3_600_000),
      products: [
        { sku: 501, offer_id: 'OZ-A', quantity: 2 },
        { sku: 502, offer_id: 'OZ-B', quantity: 1 },
      ],
      requirements: { products_requiring_mandatory_mark: ['501'], products_requiring_gtd: ['502'], products_requiring_country: ['502'] },
    });
    fake.dropPushes();
    await pollAccount(db, await reload(), new Date());
    const order = await orderOf(posting.posting_number);
    const answer = await createTestClient(db, { roles: ['PACKER'] })(
      `query($id: ID!) { order(id: $id) { marketplacePosting { marketplace postingNumber status substatus pastCutoff
         requirements { code description skus } availableActions { code description } parts { postingNumber } } } }`,
      { id: globalIdOf(order.id) },
    );
    expect(answer.errors).toBeUndefined();
    const view = answer.data.order.marketplacePosting;
    expect(view).toMatchObject({
      marketplace: 'ozon',
      postingNumber: posting.posting_number,
      status: 'awaiting_packaging',
      substatus: 'posting_created',
      pastCutoff: true,
      parts: [],
    });
    expect(view.requirements).toEqual([
      { code: 'MARKING_CODES', description: expect.stringContaining('Честный ЗНАК'), skus: ['OZ-A'] },
      { code: 'CUSTOMS_DECLARATION', description: 'Give the customs declaration (GTD) number of OZ-B', skus: ['OZ-B'] },
      { code: 'COUNTRY_OF_ORIGIN', description: 'Give the country of origin of OZ-B', skus: ['OZ-B'] },
    ]);
    expect(view.availableActions).toContainEqual({ code: 'ship_with_additional_info', description: 'Fill in the required product information before packing' });
    expect(view.availableActions.map((a: { code: string }) => a.code)).not.toContain('ship');
  });
});

describe('changes from Ozon', () => {
  it('follows a delivery-date change with one timeline entry, however often it is synced', async () => {
    const posting = fake.createPosting({ warehouseId: OZON_WH, products: [{ sku: 502, offer_id: 'OZ-B', quantity: 1 }] });
    await deliverPushes();
    const before = await orderOf(posting.posting_number);
    expect(before.expectedDeliveryAt).toEqual(new Date(posting.delivery_date_end));
    const begin = new Date(Date.now() + 5 * 86_400_000);
    const end = new Date(begin.getTime() + 6 * 3_600_000);
    fake.changeDeliveryDate(posting.posting_number, begin, end);
    expect(fake.queuedPushes.at(-1)).toMatchObject({ message_type: 'TYPE_DELIVERY_DATE_CHANGED', new_delivery_date_end: end.toISOString() });
    await deliverPushes({ duplicate: true });
    await pollAccount(db, await reload(), new Date());
    const after = await orderOf(posting.posting_number);
    expect(after.expectedDeliveryAt).toEqual(end);
    const notes = await db.orderEvent.findMany({ where: { orderId: after.id, type: 'NOTE_ADDED' } });
    expect(notes.map((n) => n.data)).toEqual([
      expect.objectContaining({ source: 'ozon', change: 'expectedDelivery', from: before.expectedDeliveryAt!.toISOString(), to: end.toISOString() }),
    ]);
  });

  it("feeds Ozon's states after hand-over into the order's tracking, once each, up to DELIVERED", async () => {
    const posting = fake.createPosting({ warehouseId: OZON_WH, products: [{ sku: 501, offer_id: 'OZ-A', quantity: 1 }] });
    await deliverPushes();
    const order = await orderOf(posting.posting_number);
    // The floor shipped it with the posting number as the tracking number (the Ozon label's).
    const carrier = await createCarrier(db, 'ozon');
    const shipment = await db.shipment.create({ data: { orderId: order.id, carrierId: carrier.id, status: 'IN_TRANSIT' } });
    const parcel = await db.parcel.create({
      data: { orderId: order.id, sequence: 1, code: `P-${posting.posting_number}`, status: 'SHIPPED', carrierId: carrier.id, shipmentId: shipment.id },
    });
    await db.trackingNumber.create({ data: { shipmentId: shipment.id, parcelId: parcel.id, carrierId: carrier.id, number: posting.posting_number } });
    await db.order.update({ where: { id: order.id }, data: { status: 'SHIPPED', shippedAt: new Date() } });

    fake.setStatus(posting.posting_number, 'driver_pickup');
    await deliverPushes({ duplicate: true });
    expect((await orderOf(posting.posting_number)).status).toBe('IN_TRANSIT');
    fake.setStatus(posting.posting_number, 'delivering', 'posting_in_pickup_point');
    fake.setStatus(posting.posting_number, 'delivered');
    // Out of order and twice: the job reads the posting as Ozon has it now.
    expect(await deliverPushes({ reverse: true, duplicate: true })).toMatchObject({ failed: 0 });
    await pollAccount(db, await reload(), new Date());
    await pollAccount(db, await reload(), new Date());
    const delivered = await orderOf(posting.posting_number);
    expect(delivered.status).toBe('DELIVERED');
    const events = await db.trackingEvent.findMany({ where: { shipmentId: shipment.id }, orderBy: { occurredAt: 'asc' } });
    expect(events.map((e) => e.status)).toEqual(['IN_TRANSIT', 'DELIVERED']);
    expect(events.every((e) => e.actor === 'ozon:ozon')).toBe(true);
    expect(await db.orderEvent.count({ where: { orderId: order.id, type: 'TRACKING_UPDATED' } })).toBe(2);
  });

  it('records a cancellation after hand-over as the parcel coming back, and notes states it cannot track once', async () => {
    const carrier = await createCarrier(db, 'ozon');
    const shipped = async (trackingNumber: string | null) => {
      const posting = fake.createPosting({ warehouseId: OZON_WH, products: [{ sku: 502, offer_id: 'OZ-B', quantity: 1 }] });
      await deliverPushes();
      const order = await orderOf(posting.posting_number);
      const shipment = await db.shipment.create({ data: { orderId: order.id, carrierId: carrier.id, status: 'IN_TRANSIT' } });
      if (trackingNumber) await db.trackingNumber.create({ data: { shipmentId: shipment.id, carrierId: carrier.id, number: trackingNumber } });
      await db.order.update({ where: { id: order.id }, data: { status: 'SHIPPED', shippedAt: new Date() } });
      return { posting, order, shipment };
    };
    const returned = await shipped('CDEK-OTHER-1');
    fake.cancel(returned.posting.posting_number);
    await deliverPushes({ duplicate: true });
    expect(await db.trackingEvent.findMany({ where: { shipmentId: returned.shipment.id }, select: { status: true } })).toEqual([{ status: 'RETURNING_TO_SENDER' }]);
    expect((await orderOf(returned.posting.posting_number)).status).toBe('IN_TRANSIT');

    const untracked = await shipped(null);
    fake.setStatus(untracked.posting.posting_number, 'driver_pickup');
    await deliverPushes({ duplicate: true });
    await pollAccount(db, await reload(), new Date());
    const notes = await db.orderEvent.findMany({ where: { orderId: untracked.order.id, type: 'NOTE_ADDED' } });
    expect(notes.map((n) => n.data)).toEqual([
      expect.objectContaining({ source: 'ozon', change: 'state', status: 'driver_pickup', substatus: 'posting_driver_pick_up' }),
    ]);
    expect((await orderOf(untracked.posting.posting_number)).status).toBe('SHIPPED');
  });

  it('cancels the lines of a split part Ozon cancelled, keeps the rest, and says why; picked units hold the order instead', async () => {
    const product = await db.product.findUniqueOrThrow({ where: { sku: 'OZ-B' } });
    const reserved = async () => (await db.inventoryLevel.findUniqueOrThrow({ where: { productId_warehouseId: { productId: product.id, warehouseId } } })).reserved;
    const posting = fake.createPosting({
      warehouseId: OZON_WH,
      products: [
        { sku: 501, offer_id: 'OZ-A', quantity: 2 },
        { sku: 502, offer_id: 'OZ-B', quantity: 3 },
      ],
    });
    await deliverPushes();
    const order = await orderOf(posting.posting_number);
    await db.$transaction((tx) => confirmOrder(tx, { orderId: order.id, actor: 'test', acceptPriceMismatches: true }));
    const reservedBefore = await reserved();
    const [keep, drop] = fake.splitPosting(posting.posting_number, [[{ sku: 501, quantity: 2 }], [{ sku: 502, quantity: 3 }]]);
    await deliverPushes();
    expect(await db.ozonPosting.findMany({ where: { orderId: order.id }, select: { postingNumber: true }, orderBy: { postingNumber: 'asc' } })).toHaveLength(3);
    expect(await db.order.count({ where: { externalId: { in: [keep!.posting_number, drop!.posting_number] } } })).toBe(0);

    fake.cancel(drop!.posting_number, { id: 352, message: 'Товар закончился у продавца' });
    await deliverPushes({ duplicate: true });
    await pollAccount(db, await reload(), new Date());
    const after = await orderOf(posting.posting_number);
    expect(after.status).toBe('CONFIRMED');
    expect(after.lines.map((l) => [l.sku, l.quantity, l.quantityCancelled])).toEqual([
      ['OZ-A', 2, 0],
      ['OZ-B', 3, 3],
    ]);
    expect(await reserved()).toBe(reservedBefore - 3);
    const cancelled = await db.orderEvent.findMany({ where: { orderId: order.id, type: 'LINE_CANCELLED' } });
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]!.data).toMatchObject({ reason: 'BUYER_REQUEST', note: expect.stringContaining(`Ozon cancelled posting ${drop!.posting_number}`) });

    // The other part is picked already when Ozon cancels it: the order is held for the floor.
    const lineA = after.lines.find((l) => l.sku === 'OZ-A')!;
    await db.orderLine.update({ where: { id: lineA.id }, data: { quantityPicked: 2 } });
    await db.order.update({ where: { id: order.id }, data: { status: 'PICKED' } });
    fake.cancel(keep!.posting_number);
    await deliverPushes();
    const held = await orderOf(posting.posting_number);
    expect(held).toMatchObject({ status: 'ON_HOLD', holdNote: expect.stringContaining('Take 2 × OZ-A out and put them back') });
    expect(held.lines.find((l) => l.sku === 'OZ-A')!.quantityCancelled).toBe(0);
  });
});

describe('bad pushes', () => {
  it('answers malformed bodies, unknown types and unknown accounts correctly, without a crash or a half import', async () => {
    const path = `/integrations/ozon/${account.id}/push`;
    const cases: [string, string, number][] = [
      [path, 'null', 400],
      [path, '[]', 400],
      [path, '"TYPE_NEW_POSTING"', 400],
      [path, JSON.stringify({ message_type: 42 }), 400],
      [path, JSON.stringify({ message_type: 'TYPE_DELIVERY_DATE_CHANGED', seller_id: 1001 }), 400],
      [path, JSON.stringify({ message_type: 'TYPE_STATE_CHANGED', seller_id: 1001, posting_number: 12345 }), 400],
      [path, JSON.stringify({ message_type: 'TYPE_POSTING_CANCELLED', seller_id: 1001, posting_number: '1'.repeat(80) }), 400],
      [path, JSON.stringify({ message_type: 'TYPE_STATE_CHANGED', seller_id: 2002, posting_number: '1-1-1' }), 403],
      [`/integrations/ozon/01900000-0000-7000-8000-000000000000/push`, JSON.stringify({ message_type: 'TYPE_STATE_CHANGED', posting_number: '1-1-1' }), 404],
      [path, JSON.stringify({ message_type: 'TYPE_SOMETHING_NEW', seller_id: 1001, posting_number: '1-1-1' }), 200],
      [path, JSON.stringify({ message_type: 'TYPE_STOCKS_CHANGED', seller_id: 1001, items: [] }), 200],
    ];
    for (const [where, body, status] of cases) {
      const res = await post(where, body);
      expect([body, res.status]).toEqual([body, status]);
      const answer = await res.json();
      if (status === 200) expect(answer).toEqual({ result: true });
      else expect(answer).toEqual({ error: { code: expect.stringMatching(/^ERROR_/), message: expect.any(String), details: null } });
    }
    expect(await queued()).toBe(0);
    // A push for a posting Ozon does not know: the job fails (Ozon answers 404), nothing is imported.
    const res = await post(path, JSON.stringify({ message_type: 'TYPE_NEW_POSTING', seller_id: 1001, posting_number: '99999999-0001-1', products: [] }));
    expect(res.status).toBe(200);
    expect(await drainJobs()).toEqual({ ran: 1, failed: 1 });
    expect(await db.ozonPosting.count({ where: { postingNumber: '99999999-0001-1' } })).toBe(0);
    expect(await db.order.count({ where: { externalId: '99999999-0001-1' } })).toBe(0);
    await db.$executeRaw`DELETE FROM "JobQueue" WHERE task LIKE 'ozon.%'`;
  });
});
