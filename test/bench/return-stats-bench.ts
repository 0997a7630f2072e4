// Benchmark: prints figures, asserts nothing. `npx tsx test/bench/return-stats-bench.ts` (needs the
// local PostgreSQL; run under `flock /tmp/bench.lock`). returnStats (modules/returns/return-stats.ts)
// through the GraphQL endpoint on a database of BENCH_RETURNS_ORDERS orders (default 1 000 000): a
// copy of the kept scale database (orderly_bench_scale_<N>, made by `BENCH_SCALE_KEEP=1 pnpm
// bench:scale`) when there is one, else freshly loaded (packages/schema/src/seed/scale.ts). Returns
// are added set-based for the RETURNED and RETURN_REQUESTED orders (about a tenth of the history),
// with inspections and refunds for the closed ones. p50/p95 for a month, a quarter and a year, for
// every channel and for one.
import { performance } from 'node:perf_hooks';
import { openDatabase } from '@orderly/schema';
import { deployMigrations } from '@orderly/schema/migrate';
import { loadScaleData } from '@orderly/schema/seed/scale';
import { testServerUrl } from '@orderly/schema/testing';
import { createTestClient } from '../../apps/api/src/testing/graphql-client.ts';

const ORDERS = Number(process.env.BENCH_RETURNS_ORDERS ?? 1_000_000);
const REPS = Number(process.env.BENCH_RETURNS_REPS ?? 20);
const DAY = 86_400_000;

const stats = `query ReturnStats($range: ReturnStatsRangeInput!, $channel: String) {
  returnStats(range: $range, channel: $channel, limit: 10) {
    returns units ordersReturned ordersDelivered returnRate byStatus { status count } topReasons { reason returns units }
    topProducts { sku returns units resellable damaged missing } refunded { minorUnits currency count }
  }
}`;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main() {
  const name = `orderly_bench_returns_${process.pid}`;
  const template = `orderly_bench_scale_${ORDERS}`;
  const server = await openDatabase({ target: { kind: 'postgres', url: testServerUrl }, poolSize: 1 });
  const [row] = await server.prisma.$queryRaw<{ exists: boolean }[]>`SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = ${template}) AS exists`;
  const copy = row!.exists;
  let started = performance.now();
  await server.prisma.$executeRawUnsafe(copy ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`);
  console.log(copy ? `copied ${template} in ${((performance.now() - started) / 1000).toFixed(1)} s` : `created ${name}`);
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  try {
    await deployMigrations({ kind: 'postgres', url: url.toString() });
    const database = await openDatabase({ target: { kind: 'postgres', url: url.toString() }, poolSize: 4 });
    const exec = (sql: string) => database.prisma.$executeRawUnsafe(sql);
    try {
      if (!copy) await loadScaleData(exec, { orders: ORDERS, log: (line) => process.stdout.write(`\r${line}`) });
      started = performance.now();
      // A return per returned order (its first line, every shipped unit), requested two days after delivery.
      await exec(`INSERT INTO "Return" (id, "orderId", channel, status, reason, "requestedOutcome", currency, "requestedBy", "createdAt", "updatedAt",
          "closedAt", outcome, "refundAmount")
        SELECT gen_random_uuid(), o.id, o.channel, CASE WHEN o.status = 'RETURNED' THEN 'CLOSED' ELSE 'REQUESTED' END::"ReturnStatus",
          (ARRAY['DEFECTIVE','DAMAGED_IN_TRANSIT','WRONG_ITEM','NOT_AS_DESCRIBED','SIZE_OR_FIT','CHANGED_MIND'])[1 + (hashint8(o.number) & 5)]::"ReturnReason",
          'REFUND', 'RUB', 'system', o."deliveredAt" + interval '2 days', o."deliveredAt" + interval '2 days',
          CASE WHEN o.status = 'RETURNED' THEN o."deliveredAt" + interval '9 days' END,
          CASE WHEN o.status = 'RETURNED' THEN 'REFUND'::"ReturnOutcome" END,
          CASE WHEN o.status = 'RETURNED' THEN l."totalAmount" END
        FROM "Order" o JOIN "OrderLine" l ON l."orderId" = o.id AND l.position = 1
        WHERE o.status IN ('RETURNED', 'RETURN_REQUESTED')`);
      await exec(`INSERT INTO "ReturnLine" (id, "returnId", "orderLineId", position, quantity, reason)
        SELECT gen_random_uuid(), r.id, l.id, 1, l."quantityShipped", r.reason
        FROM "Return" r JOIN "OrderLine" l ON l."orderId" = r."orderId" AND l.position = 1`);
      await exec(`INSERT INTO "ReturnInspection" (id, "returnLineId", condition, quantity, actor, "createdAt")
        SELECT gen_random_uuid(), rl.id, (ARRAY['RESELLABLE','RESELLABLE','DAMAGED','MISSING'])[1 + (hashint8(r.number) & 3)]::"ItemCondition", rl.quantity, 'system', r."closedAt"
        FROM "Return" r JOIN "ReturnLine" rl ON rl."returnId" = r.id WHERE r.status = 'CLOSED'`);
      await exec(`INSERT INTO "Refund" (id, "returnId", amount, currency, method, actor, "createdAt")
        SELECT gen_random_uuid(), r.id, r."refundAmount", 'RUB', 'MARKETPLACE', 'system', r."closedAt" FROM "Return" r WHERE r.status = 'CLOSED'`);
      await exec(`ANALYZE "Order", "Return", "ReturnLine", "ReturnInspection", "Refund"`);
      const [counts] = await database.prisma.$queryRaw<{ orders: number; returns: number }[]>`
        SELECT (SELECT count(*) FROM "Order")::int AS orders, (SELECT count(*) FROM "Return")::int AS returns`;
      console.log(
        `${counts!.orders.toLocaleString('en')} orders, ${counts!.returns.toLocaleString('en')} returns (added in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
      );

      const gql = createTestClient(database.prisma, { roles: ['MANAGER'] });
      const now = Date.now();
      const cases = [
        { name: 'last 30 days, every channel', days: 30, channel: null },
        { name: 'last 30 days, ozon', days: 30, channel: 'ozon' },
        { name: 'last 90 days, every channel', days: 90, channel: null },
        { name: 'last 365 days, every channel', days: 365, channel: null },
      ];
      console.log('\noperation                         p50 ms   p95 ms   returns   rate');
      for (const c of cases) {
        const variables = { range: { from: new Date(now - c.days * DAY).toISOString(), to: new Date(now).toISOString() }, channel: c.channel };
        const times: number[] = [];
        let last: any = null;
        for (let i = 0; i < REPS + 2; i++) {
          const t = performance.now();
          const r = await gql(stats, variables);
          if (r.errors) throw new Error(JSON.stringify(r.errors));
          if (i >= 2) times.push(performance.now() - t); // two warm-up runs
          last = r.data.returnStats;
        }
        times.sort((a, b) => a - b);
        console.log(
          `${c.name.padEnd(32)} ${percentile(times, 50).toFixed(1).padStart(7)} ${percentile(times, 95).toFixed(1).padStart(8)} ${String(last.returns).padStart(9)}   ${(last.returnRate ?? 0).toFixed(3)}`,
        );
      }
    } finally {
      await database.close();
    }
  } finally {
    await server.prisma.$executeRawUnsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await server.close();
  }
}

await main();
process.exit(0);
