// Quantities and amounts of an order stay within their 32-bit columns: what would overflow is a
// typed userError on the field at fault and nothing is written (README "Money, quantities and dates").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient } from '../../testing/graphql-client.ts';
import { createProduct, createWarehouse } from '../../testing/fixtures.ts';

const CREATE = `mutation($input: CreateOrderInput!) {
  createOrder(input: $input) { order { subtotal { minorUnits } total { minorUnits } } userErrors { code field } }
}`;
const IMPORT = `mutation($orders: [CreateOrderInput!]!) { importOrders(orders: $orders) { results { created userErrors { code field } } } }`;
const address = { name: 'Анна Смирнова', address1: 'ул. Тверская, д. 1', city: 'Москва', postalCode: '101000', countryCode: 'RU' };

describe('order amounts and quantities', () => {
  let database: TestDatabase;
  let gql: ReturnType<typeof createTestClient>;
  let expensive: string;
  let cheap: string;
  const input = (lines: { sku: string; quantity: number; unitPrice?: number }[], extra: Record<string, unknown> = {}) => ({
    channel: 'manual',
    currency: 'RUB',
    shippingAddress: address,
    lines,
    ...extra,
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    gql = createTestClient(database.prisma);
    await createWarehouse(database.prisma);
    expensive = (await createProduct(database.prisma, { priceAmount: 1_000_000_00 })).sku;
    cheap = (await createProduct(database.prisma, { priceAmount: 1_00 })).sku;
  });
  afterAll(() => database.drop());

  it('refuses what would overflow: a line, the subtotal, the total with shipping, too many units', async () => {
    const cases: [ReturnType<typeof input>, { code: string; field: string[] }][] = [
      [input([{ sku: expensive, quantity: 22 }]), { code: 'AMOUNT_TOO_LARGE', field: ['input', 'lines', '0'] }],
      [input([{ sku: cheap, quantity: 3, unitPrice: 2_147_483_647 }]), { code: 'AMOUNT_TOO_LARGE', field: ['input', 'lines', '0'] }],
      [input([{ sku: expensive, quantity: 20 }, { sku: cheap, quantity: 1, unitPrice: 200_000_000 }]), { code: 'AMOUNT_TOO_LARGE', field: ['input', 'lines'] }],
      [input([{ sku: expensive, quantity: 21 }], { shippingAmount: 100_000_000 }), { code: 'AMOUNT_TOO_LARGE', field: ['input', 'shippingAmount'] }],
      [input([{ sku: cheap, quantity: 1_000_001 }]), { code: 'INVALID_QUANTITY', field: ['input', 'lines', '0', 'quantity'] }],
    ];
    for (const [order, error] of cases) {
      const r = await gql(CREATE, { input: order });
      expect(r.errors).toBeUndefined();
      expect(r.data.createOrder).toEqual({ order: null, userErrors: [error] });
    }
    expect(await database.prisma.order.count()).toBe(0);

    const largest = await gql(CREATE, { input: input([{ sku: expensive, quantity: 21 }], { shippingAmount: 47_483_647 }) });
    expect(largest.data.createOrder).toEqual({ order: { subtotal: { minorUnits: 2_100_000_000 }, total: { minorUnits: 2_147_483_647 } }, userErrors: [] });
  });

  it('re-roots the error at the row of an import; the other rows are taken in', async () => {
    const r = await gql(IMPORT, { orders: [input([{ sku: cheap, quantity: 2 }], { externalId: 'ok-1' }), input([{ sku: expensive, quantity: 30 }], { externalId: 'too-big' })] });
    expect(r.data.importOrders.results).toEqual([
      { created: true, userErrors: [] },
      { created: null, userErrors: [{ code: 'AMOUNT_TOO_LARGE', field: ['orders', '1', 'lines', '0'] }] },
    ]);
    expect(await database.prisma.order.count({ where: { externalId: 'too-big' } })).toBe(0);
  });
});
