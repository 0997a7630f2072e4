// Errors a program can act on, as an integrator's key meets them: a batch's idempotency key reused
// with a changed batch, malformed arguments, every problem of one order at once, money in messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from '../../apps/api/src/testing/graphql-client.ts';
import { createProduct, createWarehouse } from '../../apps/api/src/testing/fixtures.ts';

describe('errors a program can act on', () => {
  let database: TestDatabase;
  let key: TestClient;
  let sku: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createWarehouse(database.prisma);
    sku = (await createProduct(database.prisma, { priceAmount: 129000 })).sku;
    key = createTestClient(database.prisma, { apiKeyScopes: ['write_orders', 'read_products'] });
  });
  afterAll(() => database?.drop());

  const address = { name: 'Анна Смирнова', address1: 'ул. Тверская, д. 12', city: 'Москва', postalCode: '101000', countryCode: 'RU' };
  const order = (externalId: string, unitPrice = 129000, shippingAddress: Record<string, unknown> = address) => ({
    channel: 'ozon',
    externalId,
    currency: 'RUB',
    shippingAddress,
    lines: [{ sku, quantity: 1, unitPrice }],
  });
  const importOrders = (orders: unknown[], idempotencyKey: string) =>
    key(
      `mutation($orders: [CreateOrderInput!]!, $key: String) {
        importOrders(orders: $orders, idempotencyKey: $key) {
          createdCount existingCount failedCount userErrors { code field message }
          results { index created order { id } userErrors { code field } }
        }
      }`,
      { orders, key: idempotencyKey },
    );

  it('importOrders: the same key with a changed batch is refused as a whole (IDEMPOTENCY_KEY_REUSED), nothing runs', async () => {
    const batch = [order('IMP-1'), order('IMP-2')];
    const first = await importOrders(batch, 'erp-sync-0001');
    expect(first.data.importOrders).toMatchObject({ createdCount: 2, userErrors: [] });
    const replay = await importOrders(batch, 'erp-sync-0001');
    expect(replay.data.importOrders).toMatchObject({ createdCount: 2, userErrors: [] });
    expect(replay.data.importOrders.results.map((r: any) => r.order.id)).toEqual(first.data.importOrders.results.map((r: any) => r.order.id));

    const before = await database.prisma.order.count();
    // Only the second row differs (a changed address), plus a new third row: neither runs.
    const changed = [order('IMP-1'), order('IMP-2', 129000, { ...address, address1: 'ул. Арбат, д. 1' }), order('IMP-3')];
    const refused = await importOrders(changed, 'erp-sync-0001');
    expect(refused.errors).toBeUndefined();
    expect(refused.data.importOrders).toEqual({
      createdCount: 0,
      existingCount: 0,
      failedCount: 0,
      results: [],
      userErrors: [{ code: 'IDEMPOTENCY_KEY_REUSED', field: ['idempotencyKey'], message: expect.any(String) }],
    });
    expect(await database.prisma.order.count()).toBe(before);
  });

  it('a malformed argument names its field and carries a code (a too-short idempotency key)', async () => {
    const answer = await key(`mutation($input: CreateOrderInput!) { createOrder(input: $input, idempotencyKey: "short") { userErrors { code } } }`, {
      input: order('SHORT-KEY'),
    });
    expect(answer.errors).toEqual([
      expect.objectContaining({
        message: 'idempotencyKey: Idempotency keys must have at least 8 characters',
        extensions: {
          code: 'BAD_USER_INPUT',
          field: ['idempotencyKey'],
          userErrors: [{ code: 'INVALID_INPUT', field: ['idempotencyKey'], message: 'Idempotency keys must have at least 8 characters' }],
        },
      }),
    ]);
  });

  it('createOrder reports every problem of the input at once, each with a code and a path', async () => {
    const { countryCode: _missing, ...withoutCountry } = address;
    const input = { ...order('ALL-AT-ONCE', 129000, withoutCountry), lines: [{ sku: 'NO-SUCH-SKU', quantity: 1 }] };
    const answer = await key(`mutation($input: CreateOrderInput!) { createOrder(input: $input) { order { id } userErrors { code field message } } }`, { input });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.createOrder.order).toBeNull();
    expect(answer.data.createOrder.userErrors).toEqual([
      { code: 'INCOMPLETE_ADDRESS', field: ['input', 'shippingAddress', 'countryCode'], message: 'Country code is required (ISO 3166 two letters, e.g. RU)' },
      { code: 'UNKNOWN_SKU', field: ['input', 'lines', '0', 'sku'], message: 'No product with SKU "NO-SUCH-SKU"' },
    ]);
  });

  it('PRICE_MISMATCH says the amounts in the currency, not in kopecks', async () => {
    const created = await key(`mutation($input: CreateOrderInput!) { createOrder(input: $input) { order { id } userErrors { code } } }`, {
      input: order('PRICED-LOW', 128900),
    });
    const confirmed = await key(`mutation($id: ID!) { confirmOrder(id: $id) { userErrors { code field message } } }`, { id: created.data.createOrder.order.id });
    const [mismatch] = confirmed.data.confirmOrder.userErrors;
    expect(mismatch.code).toBe('PRICE_MISMATCH');
    expect(mismatch.message).toMatch(/priced RUB\s1,289\.00 but the catalogue says RUB\s1,290\.00/);
  });
});
