// `pnpm start` runs on the embedded PGlite database by default: the core flow must work there too,
// not only on the PostgreSQL server the other suites use (row locks, conditional updates and
// affected-row counts behave differently through the PGlite adapter).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '@orderly/schema';
import { createTestClient } from './testing/graphql-client.ts';
import { createProduct, createWarehouse } from './testing/fixtures.ts';

const E = 'userErrors { code message }';

describe('the order flow on embedded PGlite', () => {
  let database: Database;
  let gql: ReturnType<typeof createTestClient>;

  beforeAll(async () => {
    database = await openDatabase({ target: { kind: 'pglite', dataDir: null }, migrate: true });
    gql = createTestClient(database.prisma);
    await createWarehouse(database.prisma, 'EMB');
    await createProduct(database.prisma, { sku: 'EMB-1' });
    await database.prisma.carrier.create({ data: { code: 'cdek', name: 'СДЭК' } });
  });
  afterAll(() => database.close());

  it('takes an order from intake to shipped, guarding stock', async () => {
    const receive = await gql(
      `mutation { receiveStock(input: { code: "EMB-1", warehouseCode: "EMB", locationCode: "A-01-1", quantity: 2 }) { inventoryLevel { onHand } ${E} } }`,
    );
    expect(receive.data.receiveStock).toEqual({ inventoryLevel: { onHand: 2 }, userErrors: [] });
    const create = (n: number) =>
      gql(`mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { id } ${E} } }`, {
        i: {
          channel: 'manual',
          currency: 'RUB',
          warehouseCode: 'EMB',
          lines: [{ sku: 'EMB-1', quantity: n }],
          shippingAddress: { name: 'Анна', address1: 'ул. Тверская, 1', city: 'Москва', postalCode: '101000', countryCode: 'RU' },
        },
      });
    const orderId = (await create(2)).data.createOrder.order.id;
    const otherId = (await create(1)).data.createOrder.order.id;

    const confirmed = await gql(`mutation($id: ID!) { confirmOrder(id: $id, expectedVersion: 1) { order { status version } ${E} } }`, { id: orderId });
    expect(confirmed.data.confirmOrder).toEqual({ order: { status: 'CONFIRMED', version: 2 }, userErrors: [] });
    const short = await gql(`mutation($id: ID!) { confirmOrder(id: $id) { order { status } shortages { available } ${E} } }`, { id: otherId });
    expect(short.data.confirmOrder).toMatchObject({ order: { status: 'ON_HOLD' }, shortages: [{ available: 0 }] });
    const stale = await gql(`mutation($id: ID!) { placeHold(id: $id, reason: OTHER, expectedVersion: 1) { ${E} } }`, { id: orderId });
    expect(stale.data.placeHold.userErrors[0].code).toBe('STALE_VERSION');

    const list = (await gql(`mutation($ids: [ID!]) { createPickList(orderIds: $ids) { pickList { id } ${E} } }`, { ids: [orderId] })).data.createPickList.pickList;
    const scan = await gql(`mutation($l: ID!) { scanPick(pickListId: $l, code: "BC-EMB-1", quantity: 2, idempotencyKey: "emb-scan-0001") { task { remaining } ${E} } }`, {
      l: list.id,
    });
    expect(scan.data.scanPick).toEqual({ task: { remaining: 0 }, userErrors: [] });
    expect((await gql(`mutation($l: ID!) { completePickList(pickListId: $l) { pickList { status } ${E} } }`, { l: list.id })).data.completePickList.userErrors).toEqual(
      [],
    );

    const packed = await gql(`mutation($o: ID!) { scanPack(orderId: $o, code: "EMB-1", quantity: 2) { parcel { id } ${E} } }`, { o: orderId });
    const parcelId = packed.data.scanPack.parcel.id;
    expect(
      (await gql(`mutation($p: ID!) { closeParcel(parcelId: $p, weightGrams: 300) { order { status } ${E} } }`, { p: parcelId })).data.closeParcel.order.status,
    ).toBe('PACKED');
    expect(
      (await gql(`mutation($p: ID!) { printLabel(parcelId: $p, format: ZPL, carrierCode: "cdek") { order { status } ${E} } }`, { p: parcelId })).data.printLabel.order
        .status,
    ).toBe('READY_TO_SHIP');
    const shipped = await gql(
      `mutation($o: ID!, $p: ID!) { shipOrder(orderId: $o, parcels: [{ parcelId: $p, trackingNumbers: ["EMB-TRACK-1"] }]) { order { status } ${E} } }`,
      { o: orderId, p: parcelId },
    );
    expect(shipped.data.shipOrder).toEqual({ order: { status: 'SHIPPED' }, userErrors: [] });

    const level = await database.prisma.inventoryLevel.findFirstOrThrow();
    expect(level).toMatchObject({ onHand: 0, reserved: 0, picked: 0 });
  });
});
