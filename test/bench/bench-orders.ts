// The order benchmarks' data and operations (api-bench.ts, two-instances.ts): one warehouse, 50
// products with stock, and NEW orders of three lines each, created through GraphQL as an ADMIN (the
// test client's real session token, valid for any server on the same database).
import { performance } from 'node:perf_hooks';
import type { Db } from '@orderly/schema';
import { createProduct, createWarehouse } from '../../apps/api/src/testing/fixtures.ts';
import { createTestClient } from '../../apps/api/src/testing/graphql-client.ts';
import { pool } from './support.ts';

/** The PWA's order-queue page as the benchmarks read it: 50 open orders with lines and products. */
export const queuePage = `query($after: String) { orders(first: 50, after: $after, status: [NEW, CONFIRMED]) { pageInfo { endCursor } edges { node { id number status shipBy lateRisk itemCount total { minorUnits currency } lines { sku quantity product { name barcodes } } } } } }`;
export const confirmOrder = `mutation($id: ID!) { confirmOrder(id: $id) { order { status } userErrors { code } } }`;

/** Creates the benchmark's products, stock and `count` NEW orders; prints the creation rate. */
export async function createBenchOrders(db: Db, count: number, concurrency: number) {
  const gql = createTestClient(db);
  const caller = await gql.ready;
  const warehouse = await createWarehouse(db, 'BENCH');
  const products: Awaited<ReturnType<typeof createProduct>>[] = [];
  for (let i = 0; i < 50; i++) products.push(await createProduct(db, { sku: `BENCH-${i}` }));
  for (const p of products)
    await gql(`mutation { receiveStock(input: { code: "${p.sku}", warehouseCode: "BENCH", locationCode: "A-01-1", quantity: 100000 }) { userErrors { code } } }`);

  const t = performance.now();
  const orderIds: string[] = [];
  await pool(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (i) => {
      const r = await gql(`mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { id } userErrors { code } } }`, {
        i: {
          channel: 'ozon',
          externalId: `bench-${i}`,
          currency: 'RUB',
          warehouseCode: warehouse.code,
          shipBy: new Date(Date.now() + (i % 96) * 3_600_000).toISOString(),
          shippingAddress: { name: `Покупатель ${i}`, address1: 'ул. Ленина, 1', city: 'Казань', postalCode: '420000', countryCode: 'RU' },
          lines: [0, 1, 2].map((k) => ({ sku: products[(i + k * 7) % products.length].sku, quantity: 1 + k })),
        },
      });
      orderIds.push(r.data.createOrder.order.id);
    },
  );
  const createMs = performance.now() - t;
  console.log(
    `created ${count} orders (3 lines each) in ${(createMs / 1000).toFixed(1)} s: ${(count / (createMs / 1000)).toFixed(0)} orders/s at concurrency ${concurrency}`,
  );
  return { token: caller.token!, orderIds };
}
