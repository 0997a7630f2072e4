// Lookups an integrator needs without guessing: the bins of a warehouse, a buyer's Customer from an
// order and the customer's orders — each with its own scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from '../../apps/api/src/testing/graphql-client.ts';
import { createProduct, createWarehouse } from '../../apps/api/src/testing/fixtures.ts';

describe('lookups: locations, Order.buyer.customerId, Customer.orders', () => {
  let database: TestDatabase;
  let erp: TestClient;
  let warehouseCode: string;
  let orderIds: string[];

  beforeAll(async () => {
    database = await createTestDatabase();
    warehouseCode = (await createWarehouse(database.prisma)).code;
    await createWarehouse(database.prisma);
    const { sku } = await createProduct(database.prisma);
    erp = createTestClient(database.prisma, { apiKeyScopes: ['write_orders', 'read_customers', 'read_inventory'] });
    orderIds = [];
    for (const externalId of ['LK-1', 'LK-2']) {
      const created = await erp(`mutation($input: CreateOrderInput!) { createOrder(input: $input) { order { id } userErrors { code message } } }`, {
        input: {
          channel: 'ozon',
          externalId,
          currency: 'RUB',
          warehouseCode,
          buyer: { name: 'Анна Смирнова', externalId: 'buyer-70100' },
          shippingAddress: { name: 'Анна Смирнова', address1: 'ул. Тверская, д. 12', city: 'Москва', postalCode: '101000', countryCode: 'RU' },
          lines: [{ sku, quantity: 1 }],
        },
      });
      expect(created.data.createOrder.userErrors).toEqual([]);
      orderIds.push(created.data.createOrder.order.id);
    }
  });
  afterAll(() => database?.drop());

  it("lists a warehouse's bins along the picking route, by zone or code prefix", async () => {
    const all = await erp(`query($wh: String) { locations(first: 10, warehouseCode: $wh) { edges { node { code pickOrder warehouse { code } } } } }`, {
      wh: warehouseCode,
    });
    expect(all.errors).toBeUndefined();
    expect(all.data.locations.edges.map((e: any) => e.node.code)).toEqual(['A-01-1', 'A-01-2', 'B-01-1']);
    expect(new Set(all.data.locations.edges.map((e: any) => e.node.warehouse.code))).toEqual(new Set([warehouseCode]));
    const zoneB = await erp(`query($wh: String) { locations(first: 10, warehouseCode: $wh, zone: "B") { edges { node { code } } } }`, { wh: warehouseCode });
    expect(zoneB.data.locations.edges.map((e: any) => e.node.code)).toEqual(['B-01-1']);
    const prefix = await erp(`query($wh: String) { locations(first: 10, warehouseCode: $wh, codePrefix: "A-01") { edges { node { code } } } }`, { wh: warehouseCode });
    expect(prefix.data.locations.edges.map((e: any) => e.node.code)).toEqual(['A-01-1', 'A-01-2']);
    // Both warehouses' bins without the filter.
    expect((await erp(`{ locations(first: 10) { edges { cursor } } }`)).data.locations.edges).toHaveLength(6);
  });

  it("goes from an order to its buyer's Customer and the customer's other orders", async () => {
    const order = await erp(`query($id: ID!) { order(id: $id) { buyer { customerId } } }`, { id: orderIds[0] });
    const customerId = order.data.order.buyer.customerId;
    const customer = await erp(`query($id: ID!) { node(id: $id) { ... on Customer { externalId orders(first: 10) { edges { node { id } } } } } }`, { id: customerId });
    expect(customer.errors).toBeUndefined();
    expect(customer.data.node.externalId).toBe('buyer-70100');
    expect(customer.data.node.orders.edges.map((e: any) => e.node.id).sort()).toEqual([...orderIds].sort());
  });

  it('Customer.orders needs orders:read: a key with only read_customers gets the customer and a refusal there', async () => {
    const crm = createTestClient(database.prisma, { apiKeyScopes: ['read_customers'] });
    const answer = await crm(`{ customers(first: 5) { edges { node { externalId orders(first: 5) { edges { cursor } } } } } }`);
    expect(answer.data.customers.edges).toEqual([{ node: { externalId: 'buyer-70100', orders: null } }]);
    expect(answer.errors?.map((e) => [e.path?.at(-1), e.extensions?.code, e.extensions?.requiredPermissions])).toEqual([['orders', 'FORBIDDEN', ['orders:read']]]);
  });
});
