// Benchmark: prints figures, asserts nothing. `pnpm bench` (needs the local PostgreSQL).
// Measures the floor's hottest read (a page of the order queue with lines and products), the
// confirmation path under concurrency, and the server's memory, on a database with many orders.
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setupTestDatabaseServer, createTestDatabase } from '@orderly/schema/testing';
import { createHttpServer } from '@orderly/api/app';
import { createProduct, createWarehouse } from '../../apps/api/src/testing/fixtures.ts';
import { createTestClient } from '../../apps/api/src/testing/graphql-client.ts';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 2000);
const READS = Number(process.env.BENCH_READS ?? 200);
const CONFIRMS = Number(process.env.BENCH_CONFIRMS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const summary = (label: string, samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = samples.reduce((a, b) => a + b, 0);
  console.log(`${label.padEnd(44)} n=${samples.length}  mean=${(total / samples.length).toFixed(1)} ms  p50=${percentile(sorted, 50).toFixed(1)} ms  p95=${percentile(sorted, 95).toFixed(1)} ms  max=${sorted.at(-1)!.toFixed(1)} ms`);
};

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

const teardown = await setupTestDatabaseServer();
const database = await createTestDatabase({ poolSize: CONCURRENCY });
try {
  const gql = createTestClient(database.prisma);
  const caller = await gql.ready;
  const warehouse = await createWarehouse(database.prisma, 'BENCH');
  const products: Awaited<ReturnType<typeof createProduct>>[] = [];
  for (let i = 0; i < 50; i++) products.push(await createProduct(database.prisma, { sku: `BENCH-${i}` }));
  for (const p of products) await gql(`mutation { receiveStock(input: { code: "${p.sku}", warehouseCode: "BENCH", locationCode: "A-01-1", quantity: 100000 }) { userErrors { code } } }`);

  let t = performance.now();
  const orderIds: string[] = [];
  await pool(Array.from({ length: ORDERS }, (_, i) => i), CONCURRENCY, async (i) => {
    const r = await gql(`mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { id } userErrors { code } } }`, {
      i: {
        channel: 'ozon', externalId: `bench-${i}`, currency: 'RUB', warehouseCode: warehouse.code,
        shipBy: new Date(Date.now() + (i % 96) * 3_600_000).toISOString(),
        shippingAddress: { name: `Покупатель ${i}`, address1: 'ул. Ленина, 1', city: 'Казань', postalCode: '420000', countryCode: 'RU' },
        lines: [0, 1, 2].map((k) => ({ sku: products[(i + k * 7) % products.length].sku, quantity: 1 + k })),
      },
    });
    orderIds.push(r.data.createOrder.order.id);
  });
  const createMs = performance.now() - t;
  console.log(`created ${ORDERS} orders (3 lines each) in ${(createMs / 1000).toFixed(1)} s: ${(ORDERS / (createMs / 1000)).toFixed(0)} orders/s at concurrency ${CONCURRENCY}`);

  // The rate limiter is off: this measures the server, not the per-caller budget.
  const { server } = createHttpServer({ db: database.prisma, graphiql: false, rateLimit: false });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const post = async (query: string, variables: Record<string, unknown>) => {
    const started = performance.now();
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${caller.token}` }, body: JSON.stringify({ query, variables }) });
    const body = await response.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return { ms: performance.now() - started, body };
  };

  const queue = `query($after: String) { orders(first: 50, after: $after, status: [NEW, CONFIRMED]) { pageInfo { endCursor } edges { node { id number status shipBy lateRisk itemCount total { minorUnits currency } lines { sku quantity product { name barcodes } } } } } }`;
  const reads: number[] = [];
  let after: string | null = null;
  for (let i = 0; i < READS; i++) {
    const { ms, body } = await post(queue, { after });
    reads.push(ms);
    after = i % 10 === 9 ? null : body.data.orders.pageInfo.endCursor;
  }
  summary('order queue page (50 orders, lines, products)', reads);

  const confirms: number[] = [];
  t = performance.now();
  await pool(orderIds.slice(0, CONFIRMS), CONCURRENCY, async (id) => {
    const { ms } = await post(`mutation($id: ID!) { confirmOrder(id: $id) { order { status } userErrors { code } } }`, { id });
    confirms.push(ms);
  });
  const confirmMs = performance.now() - t;
  summary(`confirmOrder over HTTP (concurrency ${CONCURRENCY})`, confirms);
  console.log(`confirmations: ${(CONFIRMS / (confirmMs / 1000)).toFixed(0)} orders/s`);

  const memory = process.memoryUsage();
  console.log(`memory: rss=${(memory.rss / 2 ** 20).toFixed(0)} MiB heapUsed=${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`);
  await new Promise((resolve) => server.close(resolve));
} finally {
  await database.drop();
  await teardown();
}
