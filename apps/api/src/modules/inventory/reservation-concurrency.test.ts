// No oversell under load: many handhelds and integrators confirming orders for the same SKU at
// once, through a real HTTP server on the real PostgreSQL.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createHttpServer } from '../../app.ts';
import { createTestClient } from '../../testing/graphql-client.ts';
import { createProduct, createWarehouse } from '../../testing/fixtures.ts';

const ORDERS = 200;
const STOCK = 50;

describe('reservation under concurrency', () => {
  let database: TestDatabase;
  let server: ReturnType<typeof createHttpServer>['server'];
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase({ poolSize: 20 });
    ({ server } = createHttpServer({ db: database.prisma, graphiql: false }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await database.drop();
  });

  it(`confirms exactly ${STOCK} of ${ORDERS} simultaneous orders for a SKU with ${STOCK} in stock`, async () => {
    const gql = createTestClient(database.prisma);
    const warehouse = await createWarehouse(database.prisma);
    const product = await createProduct(database.prisma, { sku: 'HOT-ITEM-1' });
    await gql(`mutation { receiveStock(input: { code: "HOT-ITEM-1", warehouseCode: "${warehouse.code}", quantity: ${STOCK} }) { userErrors { code } } }`);

    const ids: string[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const r = await gql(`mutation($input: CreateOrderInput!) { createOrder(input: $input) { order { id } userErrors { code message } } }`, {
        input: {
          channel: 'ozon',
          externalId: `9000${String(i).padStart(4, '0')}-0001-1`,
          currency: 'RUB',
          warehouseCode: warehouse.code,
          shippingAddress: { name: `Покупатель ${i}`, address1: 'ул. Ленина, 1', city: 'Казань', postalCode: '420000', countryCode: 'RU' },
          lines: [{ sku: 'HOT-ITEM-1', quantity: 1 }],
        },
      });
      ids.push(r.data.createOrder.order.id);
    }

    // Fire every confirmation at once over real sockets (as the same admin, with its session token).
    const { token } = await gql.ready;
    const responses = await Promise.all(
      ids.map((id) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            query: `mutation($id: ID!) { confirmOrder(id: $id) { order { status } shortages { available } userErrors { code } } }`,
            variables: { id },
          }),
        }).then((r) => r.json()),
      ),
    );

    for (const r of responses) {
      expect(r.errors).toBeUndefined();
      expect(r.data.confirmOrder.userErrors).toEqual([]);
    }
    const statuses = responses.map((r) => r.data.confirmOrder.order.status);
    expect(statuses.filter((s) => s === 'CONFIRMED')).toHaveLength(STOCK);
    expect(statuses.filter((s) => s === 'ON_HOLD')).toHaveLength(ORDERS - STOCK);

    const level = await database.prisma.inventoryLevel.findFirstOrThrow({ where: { productId: product.id } });
    expect(level).toMatchObject({ onHand: STOCK, reserved: STOCK, picked: 0 });
    expect(level.onHand - level.reserved - level.picked).toBe(0);

    const ledger = await database.prisma.stockMovement.aggregate({
      where: { productId: product.id },
      _sum: { onHandDelta: true, reservedDelta: true, pickedDelta: true },
      _count: true,
    });
    expect(ledger._sum).toEqual({ onHandDelta: level.onHand, reservedDelta: level.reserved, pickedDelta: level.picked });
    expect(ledger._count).toBe(1 + STOCK);
    expect(await database.prisma.order.count({ where: { status: 'CONFIRMED' } })).toBe(STOCK);
  });

  it('refuses, in the database itself, a write that would reserve more than is on hand', async () => {
    const product = await createProduct(database.prisma);
    const warehouse = await createWarehouse(database.prisma);
    await database.prisma.inventoryLevel.create({ data: { productId: product.id, warehouseId: warehouse.id, onHand: 2 } });
    await expect(
      database.prisma.inventoryLevel.update({ where: { productId_warehouseId: { productId: product.id, warehouseId: warehouse.id } }, data: { reserved: 3 } }),
    ).rejects.toThrow(/InventoryLevel_allocated_within_onHand/);
  });
});
