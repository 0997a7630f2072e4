// Per-order stock accounting under the awkward paths of the floor: holds during picking, line
// cancellations mid-pick, cancelled orders on a hand-over act. After every scenario the ledger
// must agree per order, not only in total: no order holds negative stock, and the level's
// reserved/picked units are exactly what the orders hold.
import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient } from '../../testing/graphql-client.ts';
import { createProduct, createWarehouse } from '../../testing/fixtures.ts';
import { dispatchBuyerNotifications, LoggingNotifier, type BuyerNotifier } from '../notifications/notifier.ts';

const E = 'userErrors { code field message }';

describe('stock stays attributed to the right orders', () => {
  let database: TestDatabase;
  let gql: ReturnType<typeof createTestClient>;
  let sku = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    gql = createTestClient(database.prisma);
    await createWarehouse(database.prisma, 'INV');
    await database.prisma.carrier.create({ data: { code: 'cdek', name: 'СДЭК' } });
  });
  afterAll(() => database.drop());

  async function product(onHand: number) {
    const p = await createProduct(database.prisma, { sku: `INV-${++sku}` });
    await gql(`mutation { receiveStock(input: { code: "${p.sku}", warehouseCode: "INV", locationCode: "A-01-1", quantity: ${onHand} }) { ${E} } }`);
    return p.sku;
  }
  async function order(code: string, quantity: number, confirm = true) {
    const r = await gql(`mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { id lines { id } } ${E} } }`, {
      i: {
        channel: 'manual',
        currency: 'RUB',
        warehouseCode: 'INV',
        lines: [{ sku: code, quantity }],
        shippingAddress: { name: 'Анна', address1: 'ул. Ленина, 1', city: 'Казань', postalCode: '420000', countryCode: 'RU' },
      },
    });
    const created = r.data.createOrder.order;
    if (confirm) await gql(`mutation($id: ID!) { confirmOrder(id: $id) { ${E} } }`, { id: created.id });
    return { id: created.id as string, lineId: created.lines[0].id as string };
  }
  const status = async (id: string) => (await gql(`query($id: ID!) { order(id: $id) { status } }`, { id })).data.order.status;
  const pickList = async (ids: string[]) =>
    (await gql(`mutation($ids: [ID!]) { createPickList(orderIds: $ids) { pickList { id tasks { id } } ${E} } }`, { ids })).data.createPickList;
  const scan = (list: string, code: string, quantity = 1) =>
    gql(`mutation($l: ID!, $c: String!, $q: Int) { scanPick(pickListId: $l, code: $c, quantity: $q) { ${E} } }`, { l: list, c: code, q: quantity });

  /** Every order's holding is non-negative and the levels are exactly the sum of the orders' holdings. */
  async function assertAttribution() {
    const perOrder = await database.prisma.stockMovement.groupBy({
      by: ['orderId', 'productId'],
      where: { orderId: { not: null } },
      _sum: { reservedDelta: true, pickedDelta: true },
    });
    for (const row of perOrder) {
      expect(row._sum.reservedDelta, `order ${row.orderId} reserved`).toBeGreaterThanOrEqual(0);
      expect(row._sum.pickedDelta, `order ${row.orderId} picked`).toBeGreaterThanOrEqual(0);
    }
    for (const level of await database.prisma.inventoryLevel.findMany()) {
      const rows = perOrder.filter((r) => r.productId === level.productId);
      expect({ reserved: level.reserved, picked: level.picked }).toEqual({
        reserved: rows.reduce((s, r) => s + (r._sum.reservedDelta ?? 0), 0),
        picked: rows.reduce((s, r) => s + (r._sum.pickedDelta ?? 0), 0),
      });
    }
    const cancelled = await database.prisma.order.findMany({ where: { status: 'CANCELLED' }, select: { id: true } });
    for (const row of perOrder.filter((r) => cancelled.some((c) => c.id === r.orderId))) {
      expect(row._sum, 'a cancelled order holds nothing').toEqual({ reservedDelta: 0, pickedDelta: 0 });
    }
  }

  it('never picks for an order on hold: it keeps no stock and cannot join a pick list', async () => {
    const code = await product(2);
    const a = await order(code, 2);
    const b = await order(code, 2);
    expect(await status(b.id)).toBe('ON_HOLD');
    const list = await pickList([b.id]);
    expect(list.userErrors[0]).toMatchObject({ code: 'INVALID_TRANSITION', field: ['orderIds'] });
    expect(await status(a.id)).toBe('CONFIRMED');
    await assertAttribution();
  });

  it('does not reserve twice when an order held mid-pick is confirmed again; releasing it sends it back to be picked', async () => {
    const code = await product(5);
    const o = await order(code, 3);
    const list = await pickList([o.id]);
    await scan(list.pickList.id, code, 1);
    const short = await gql(`mutation($l: ID!, $t: ID!) { shortPick(pickListId: $l, taskId: $t, resolution: HOLD) { resolvedBy ${E} } }`, {
      l: list.pickList.id,
      t: list.pickList.tasks[0].id,
    });
    expect(short.data.shortPick.resolvedBy).toBe('HOLD');

    const again = await gql(`mutation($id: ID!) { confirmOrder(id: $id) { ${E} } }`, { id: o.id });
    expect(again.data.confirmOrder.userErrors[0].code).toBe('INVALID_TRANSITION');
    const picking = await pickList([o.id]);
    expect(picking.userErrors[0].code).toBe('INVALID_TRANSITION');

    await gql(`mutation($l: ID!) { completePickList(pickListId: $l) { ${E} } }`, { l: list.pickList.id });
    const released = await gql(`mutation($id: ID!) { releaseHold(id: $id) { order { status } ${E} } }`, { id: o.id });
    expect(released.data.releaseHold.order.status).toBe('CONFIRMED');
    const next = await pickList([o.id]);
    expect(next.userErrors).toEqual([]);
    expect((await scan(next.pickList.id, code, 2)).data.scanPick.userErrors).toEqual([]);
    await gql(`mutation($l: ID!) { completePickList(pickListId: $l) { ${E} } }`, { l: next.pickList.id });
    expect(await status(o.id)).toBe('PICKED');
    await assertAttribution();
  });

  it("cancels only unpicked units mid-pick and shrinks the open task, so nobody picks another order's reservation", async () => {
    const code = await product(4);
    const o = await order(code, 3);
    const other = await order(code, 1);
    const list = await pickList([o.id]);
    await scan(list.pickList.id, code, 1);
    const cancel = (quantity: number) =>
      gql(`mutation($id: ID!, $lines: [CancelLineInput!]!) { cancelOrderLines(id: $id, lines: $lines, reason: BUYER_REQUEST) { ${E} } }`, {
        id: o.id,
        lines: [{ lineId: o.lineId, quantity }],
      });
    expect((await cancel(3)).data.cancelOrderLines.userErrors[0]).toMatchObject({ code: 'INVALID_QUANTITY', field: ['lines', '0', 'quantity'] });
    expect((await cancel(2)).data.cancelOrderLines.userErrors).toEqual([]);
    const over = await scan(list.pickList.id, code, 1);
    expect(over.data.scanPick.userErrors[0].code).toBe('ALREADY_PICKED');
    const done = await gql(`mutation($l: ID!) { completePickList(pickListId: $l) { pickList { status } ${E} } }`, { l: list.pickList.id });
    expect(done.data.completePickList.userErrors).toEqual([]);
    expect(await status(o.id)).toBe('PICKED');
    expect(await status(other.id)).toBe('CONFIRMED');
    await assertAttribution();
  });

  it('stops scans for an order cancelled while its list is being walked', async () => {
    const code = await product(3);
    const o = await order(code, 2);
    const list = await pickList([o.id]);
    await scan(list.pickList.id, code, 1);
    await gql(`mutation($id: ID!) { cancelOrder(id: $id, reason: BUYER_REQUEST) { ${E} } }`, { id: o.id });
    expect((await scan(list.pickList.id, code, 1)).data.scanPick.userErrors[0].code).toBe('WRONG_ITEM');
    await assertAttribution();
  });

  it("keeps a cancelled order's parcel off the carrier's truck", async () => {
    const code = await product(1);
    const o = await order(code, 1);
    const list = await pickList([o.id]);
    await scan(list.pickList.id, code, 1);
    await gql(`mutation($l: ID!) { completePickList(pickListId: $l) { ${E} } }`, { l: list.pickList.id });
    const parcel = (await gql(`mutation($o: ID!, $c: String!) { scanPack(orderId: $o, code: $c) { parcel { id code } ${E} } }`, { o: o.id, c: code })).data.scanPack
      .parcel;
    await gql(`mutation($p: ID!) { closeParcel(parcelId: $p, weightGrams: 100) { ${E} } }`, { p: parcel.id });
    await gql(`mutation($p: ID!) { printLabel(parcelId: $p, format: ZPL, carrierCode: "cdek") { ${E} } }`, { p: parcel.id });
    const manifest = (await gql(`mutation { createManifest(carrierCode: "cdek") { manifest { id } ${E} } }`)).data.createManifest.manifest;
    await gql(`mutation($m: ID!, $c: String!) { addParcelToManifest(manifestId: $m, parcelCode: $c) { ${E} } }`, { m: manifest.id, c: parcel.code });
    await gql(`mutation($id: ID!) { cancelOrder(id: $id, reason: PLATFORM) { ${E} } }`, { id: o.id });
    const close = await gql(`mutation($m: ID!) { closeManifest(manifestId: $m) { ${E} } }`, { m: manifest.id });
    expect(close.data.closeManifest.userErrors[0]).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(close.data.closeManifest.userErrors[0].message).toContain(parcel.code);
    await assertAttribution();
  });

  it('answers malformed ids with INVALID_ID and unknown orders with nothing, never a server error', async () => {
    const bogus = Buffer.from('Order:not-a-uuid').toString('base64');
    const r = await gql(`query($id: ID!) { order(id: $id) { number } }`, { id: bogus });
    expect(r.errors?.[0].extensions?.code).toBe('INVALID_ID');
    const missing = Buffer.from('Order:00000000-0000-7000-8000-000000000000').toString('base64');
    const slip = await gql(`query($id: ID!) { packingSlip(orderId: $id) { filename } }`, { id: missing });
    expect(slip).toEqual(expect.objectContaining({ data: { packingSlip: null } }));
    expect(slip.errors).toBeUndefined();
  });

  it('retries a buyer notification that failed without holding back the ones behind it', async () => {
    const events = await database.prisma.$transaction(async (tx) => {
      const make = (n: number) =>
        tx.outboxEvent.create({
          data: {
            type: 'notification.order_shipped',
            aggregateType: 'Order',
            aggregateId: 'x',
            payload: {
              orderId: decodeGlobalID(Buffer.from('Order:00000000-0000-7000-8000-000000000000').toString('base64')).id,
              number: n,
              channel: 'ozon',
              externalId: null,
              carrier: 'СДЭК',
              trackingNumbers: [`T${n}`],
              trackingUrls: [],
            },
          },
        });
      return [await make(1), await make(2)];
    });
    // appendOrderEvent needs a real order: point both events at one.
    const real = await order(await product(1), 1, false);
    for (const e of events)
      await database.prisma.outboxEvent.update({ where: { id: e.id }, data: { payload: { ...(e.payload as object), orderId: decodeGlobalID(real.id).id } } });

    const logger = new LoggingNotifier(() => {});
    const flaky: BuyerNotifier = {
      name: 'flaky',
      send: async (n) => (n.orderNumber === 1 ? Promise.reject(new Error('SMS gateway down')) : logger.send(n)),
    };
    let clock = new Date();
    expect(await dispatchBuyerNotifications(database.prisma, flaky, 20, () => clock)).toBe(1);
    expect(logger.sent.map((n) => n.orderNumber)).toEqual([2]);
    const failed = await database.prisma.outboxEvent.findUniqueOrThrow({ where: { id: events[0].id } });
    expect(failed).toMatchObject({ dispatchedAt: null, notificationAttempts: 1 });
    expect(await dispatchBuyerNotifications(database.prisma, logger, 20, () => clock)).toBe(0);
    clock = new Date(clock.getTime() + 61_000);
    expect(await dispatchBuyerNotifications(database.prisma, logger, 20, () => clock)).toBe(1);
    expect(logger.sent.map((n) => n.orderNumber)).toEqual([2, 1]);
  });
});
