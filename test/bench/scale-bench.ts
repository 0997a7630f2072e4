// Benchmark: prints figures, asserts nothing. `pnpm bench:scale` (needs the local PostgreSQL).
// The floor's and integrators' reads at 10 000 orders and at BENCH_SCALE_ORDERS (default 100 000;
// 1 000 000 for the real run), each on its own throw-away database loaded with set-based SQL
// (packages/schema/src/seed/scale.ts: a year of history, 3 % open work), through the HTTP API one
// request at a time, alternating between the two sizes (so load from other processes hits both
// alike): p50/p95 per operation at both sizes and how much they grew.
// BENCH_SCALE_KEEP=1 keeps the large database between runs (orderly_bench_scale_<N>: loading a
// million orders takes minutes); a kept one gets pending migrations and a fresh ANALYZE.
// LOG_LEVEL=warn keeps the per-request log lines out of the table.
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createHttpServer } from '@orderly/api/app';
import { openDatabase, type Database } from '@orderly/schema';
import { deployMigrations } from '@orderly/schema/migrate';
import { loadScaleData, SCALE_PRODUCTS, scaleSku } from '@orderly/schema/seed/scale';
import { createTestDatabase, setupTestDatabaseServer, testServerUrl } from '@orderly/schema/testing';
import { createTestClient } from '../../apps/api/src/testing/graphql-client.ts';

const SMALL = 10_000;
const LARGE = Number(process.env.BENCH_SCALE_ORDERS ?? 100_000);
const REPS = Number(process.env.BENCH_SCALE_REPS ?? 40);
const KEEP = ['1', 'on', 'true', 'yes'].includes(process.env.BENCH_SCALE_KEEP ?? '');
/** BENCH_SCALE_ONLY: measure only the operations whose name contains this text (e.g. "search"). */
const ONLY = process.env.BENCH_SCALE_ONLY ?? '';

const OPEN = ['NEW', 'CONFIRMED', 'ON_HOLD', 'PICKING', 'PICKED', 'PACKED', 'READY_TO_SHIP'];
const STATUSES = [...OPEN, 'SHIPPED', 'IN_TRANSIT', 'DELIVERED', 'COMPLETED', 'CANCELLED', 'EXCEPTION', 'RETURN_REQUESTED', 'RETURNED'];

// The PWA's queue page (apps/web/src/pages/orders/orderQueue.graphql.ts), its counts and the Today screen.
const queue = `query OrderQueue($first: Int!, $after: String, $status: [OrderStatus!], $search: String, $shipByBefore: DateTime) {
  orders(first: $first, after: $after, status: $status, search: $search, shipByBefore: $shipByBefore) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id number channel status shipBy lateRisk itemCount total { minorUnits currency } shippingAddress { city countryCode } } }
  }
}`;
const counts = `query OrderStatusCounts { orderStatusCounts { status count } }`;
const today = `query Today($open: [OrderStatus!], $now: DateTime!, $dueBefore: DateTime!, $first: Int!) {
  orderStatusCounts { status count }
  overdue: orders(first: 1, status: $open, shipByBefore: $now) { totalCount }
  dueSoon: orders(first: $first, status: $open, shipByBefore: $dueBefore) {
    totalCount edges { node { id number channel status shipBy lateRisk itemCount total { minorUnits currency } shippingAddress { city countryCode } } }
  }
}`;

type Operation = { name: string; query: string; variables: (i: number) => Record<string, unknown> };
type Prepared = { operations: Operation[]; post: (query: string, variables: Record<string, unknown>) => Promise<{ ms: number }>; close: () => Promise<void> };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** The kept database for `orders` (BENCH_SCALE_KEEP), loaded when it is new; null when it has to be loaded. */
async function keptDatabase(orders: number): Promise<{ database: Database & { drop(): Promise<void> }; loaded: boolean }> {
  const name = `orderly_bench_scale_${orders}`;
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  const server = await openDatabase({ target: { kind: 'postgres', url: testServerUrl }, poolSize: 1 });
  let loaded: boolean;
  try {
    const [row] = await server.prisma.$queryRaw<{ exists: boolean }[]>`SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = ${name}) AS exists`;
    if (!row!.exists) await server.prisma.$executeRawUnsafe(`CREATE DATABASE "${name}"`);
    await deployMigrations({ kind: 'postgres', url: url.toString() });
    const database = await openDatabase({ target: { kind: 'postgres', url: url.toString() }, poolSize: 4 });
    const [count] = await database.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Order"`;
    loaded = count!.n === orders;
    if (!loaded && count!.n > 0) throw new Error(`${name} holds ${count!.n} orders, not ${orders}: drop it`);
    // Indexes a new migration added need statistics (expression indexes have their own).
    if (loaded) await database.prisma.$executeRawUnsafe(`ANALYZE "Order", "OrderLine"`);
    console.log(`${loaded ? 'reusing' : 'keeping'} the database ${name} (BENCH_SCALE_KEEP)`);
    return { database: { ...database, drop: () => database.close() }, loaded };
  } finally {
    await server.close();
  }
}

async function prepare(orders: number, keep = false): Promise<Prepared> {
  const { database, loaded } = keep ? await keptDatabase(orders) : { database: await createTestDatabase({ poolSize: 4 }), loaded: false };
  try {
    if (!loaded) {
      const loadStarted = performance.now();
      await loadScaleData((statement) => database.prisma.$executeRawUnsafe(statement), {
        orders,
        log: (line) => process.stdout.write(`\r${line}`),
      });
      console.log(`\rloaded ${orders.toLocaleString('en')} orders (+ lines) in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);
    }

    const gql = createTestClient(database.prisma);
    const caller = await gql.ready;
    const { server } = createHttpServer({ db: database.prisma, graphiql: false, rateLimit: false });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    const post = async (query: string, variables: Record<string, unknown>) => {
      const started = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${caller.token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = await response.json();
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return { ms: performance.now() - started, body };
    };

    // Search targets spread over the whole history; cursors taken from the API itself.
    const targets = await database.prisma.$queryRaw<{ number: number; externalId: string; shipPhone: string; shipName: string; id: string }[]>`
      SELECT number, "externalId", "shipPhone", "shipName", id::text FROM "Order"
      WHERE "externalId" IS NOT NULL AND number % ${Math.max(1, Math.floor(orders / REPS / 1.2))} = 0 ORDER BY number LIMIT ${REPS}`;
    const cursorOf = async (number: number) => (await post(queue, { first: 1, search: `#${number}` })).body.data.orders.edges[0].cursor as string;
    const [openMiddle] = await database.prisma.$queryRaw<{ number: number }[]>`
      SELECT number FROM "Order" WHERE status IN ('NEW','CONFIRMED','ON_HOLD','PICKING','PICKED','PACKED','READY_TO_SHIP')
      ORDER BY "shipBy", id OFFSET (SELECT count(*) / 2 FROM "Order" WHERE status IN ('NEW','CONFIRMED','ON_HOLD','PICKING','PICKED','PACKED','READY_TO_SHIP')) LIMIT 1`;
    const [allMiddle] = await database.prisma.$queryRaw<{ number: number }[]>`SELECT number FROM "Order" ORDER BY "shipBy", id OFFSET ${Math.floor(orders / 2)} LIMIT 1`;
    const openDeep = await cursorOf(openMiddle!.number);
    const allDeep = await cursorOf(allMiddle!.number);
    const target = (i: number) => targets[i % targets.length]!;

    const operations: Operation[] = [
      { name: 'open-work queue, first page', query: queue, variables: () => ({ first: 20, status: OPEN }) },
      { name: 'open-work queue, deep page (cursor, middle)', query: queue, variables: () => ({ first: 20, status: OPEN, after: openDeep }) },
      ...STATUSES.map((status) => ({ name: `status ${status}, first page`, query: queue, variables: () => ({ first: 20, status: [status] }) })),
      { name: 'all statuses, first page', query: queue, variables: () => ({ first: 20 }) },
      { name: 'all statuses, deep page (cursor, middle)', query: queue, variables: () => ({ first: 20, after: allDeep }) },
      { name: 'search "#number"', query: queue, variables: (i) => ({ first: 20, search: `#${target(i).number}` }) },
      { name: 'search external id (posting)', query: queue, variables: (i) => ({ first: 20, search: target(i).externalId }) },
      { name: 'search SKU', query: queue, variables: (i) => ({ first: 20, search: scaleSku(1 + ((i * 7919) % SCALE_PRODUCTS)) }) },
      { name: 'search phone', query: queue, variables: (i) => ({ first: 20, search: target(i).shipPhone.replace(/\D/g, '') }) },
      { name: 'search recipient name', query: queue, variables: (i) => ({ first: 20, search: target(i).shipName }) },
      { name: 'orderStatusCounts', query: counts, variables: () => ({}) },
      {
        name: 'Today screen (counts, overdue, due in 6 h)',
        query: today,
        variables: () => ({ open: OPEN, now: new Date().toISOString(), dueBefore: new Date(Date.now() + 6 * 3_600_000).toISOString(), first: 5 }),
      },
    ];

    const close = async () => {
      await new Promise((resolve) => server.close(resolve));
      await database.drop();
    };
    return { operations, post, close };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
};

const teardown = await setupTestDatabaseServer();
const prepared: Prepared[] = [];
try {
  prepared.push(await prepare(SMALL), await prepare(LARGE, KEEP));
  const [small, large] = prepared as [Prepared, Prepared];
  const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);
  const [a, b] = [label(SMALL), label(LARGE)];
  console.log(
    `\n${'operation'.padEnd(46)} ${`${a} p50`.padStart(9)} ${`${a} p95`.padStart(9)} ${`${b} p50`.padStart(9)} ${`${b} p95`.padStart(9)}  growth p50  growth p95`,
  );
  for (const [index, operation] of small.operations.entries()) {
    if (!operation.name.includes(ONLY)) continue;
    const other = large.operations[index]!;
    for (let i = 0; i < 3; i++) {
      await small.post(operation.query, operation.variables(i)); // warm-up
      await large.post(other.query, other.variables(i));
    }
    const samples: [number[], number[]] = [[], []];
    for (let i = 0; i < REPS; i++) {
      samples[0].push((await small.post(operation.query, operation.variables(i))).ms);
      samples[1].push((await large.post(other.query, other.variables(i))).ms);
    }
    const [s, l] = [stats(samples[0]), stats(samples[1])];
    const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(9);
    console.log(
      `${operation.name.padEnd(46)} ${ms(s.p50)} ${ms(s.p95)} ${ms(l.p50)} ${ms(l.p95)}  ${`${(l.p50 / s.p50).toFixed(2)}×`.padStart(10)}  ${`${(l.p95 / s.p95).toFixed(2)}×`.padStart(10)}`,
    );
  }
  console.log(`(${REPS} requests per operation and size, one at a time, alternating sizes, after 3 warm-ups; growth = ${b} / ${a})`);
} finally {
  for (const p of prepared) await p.close();
  await teardown();
}
