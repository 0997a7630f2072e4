// Benchmark: prints figures, asserts nothing. `pnpm bench` (needs the local PostgreSQL).
// Measures the floor's hottest read (a page of the order queue with lines and products), the
// confirmation path under concurrency, and the server's memory, on a database with many orders,
// each next to a hand-written node:http + pg baseline (raw-baseline.ts): throughput ratios.
// Client, API and baseline share this one process (and the machine's CPUs): compare ratios.
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setupTestDatabaseServer, createTestDatabase } from '@orderly/schema/testing';
import { createHttpServer } from '@orderly/api/app';
import { confirmOrder, createBenchOrders, queuePage } from './bench-orders.ts';
import { pool, summary } from './support.ts';
import { startRawBaseline } from './raw-baseline.ts';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 2000);
const READS = Number(process.env.BENCH_READS ?? 200);
const CONFIRMS = Number(process.env.BENCH_CONFIRMS ?? 400);
if (ORDERS < 2 * CONFIRMS) throw new Error('BENCH_ORDERS must be at least twice BENCH_CONFIRMS (each side confirms its own orders)');
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);

const teardown = await setupTestDatabaseServer();
const database = await createTestDatabase({ poolSize: CONCURRENCY });
try {
  const { token, orderIds } = await createBenchOrders(database.prisma, ORDERS, CONCURRENCY);

  // The rate limiter is off: this measures the server, not the per-caller budget.
  const { server } = createHttpServer({ db: database.prisma, graphiql: false, rateLimit: false });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const post = async (query: string, variables: Record<string, unknown>) => {
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return { ms: performance.now() - started, body };
  };

  // The same work against a hand-written node:http + pg endpoint (raw-baseline.ts), in alternating
  // rounds (so load from other processes hits both alike), CONCURRENCY requests in flight.
  const raw = await startRawBaseline(database.url!, CONCURRENCY);
  const postRaw = async (path: string, input: Record<string, unknown>) => {
    const started = performance.now();
    const response = await fetch(`${raw.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
    const body = await response.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return { ms: performance.now() - started, body };
  };

  const readPage = {
    graphql: async (after: string | null) => {
      const { ms, body } = await post(queuePage, { after });
      return { ms, endCursor: body.data.orders.pageInfo.endCursor as string };
    },
    raw: async (after: string | null) => {
      const { ms, body } = await postRaw('/queue', { first: 50, after, status: ['NEW', 'CONFIRMED'] });
      return { ms, endCursor: body.data.orders.pageInfo.endCursor as string };
    },
  };
  const confirmOne = {
    graphql: async (id: string) => (await post(confirmOrder, { id })).ms,
    raw: async (id: string) => (await postRaw('/confirm', { id: Buffer.from(id, 'base64').toString('utf8').split(':')[1] })).ms,
  };
  type Side = 'graphql' | 'raw';
  const sides: Side[] = ['graphql', 'raw'];
  const samples = { read: { graphql: [] as number[], raw: [] as number[] }, confirm: { graphql: [] as number[], raw: [] as number[] } };
  const elapsed = { read: { graphql: 0, raw: 0 }, confirm: { graphql: 0, raw: 0 } };
  // This process's CPU time per phase (client, API and baseline alike): less sensitive than
  // throughput to load from other processes on the machine, so A/B runs compare better.
  const cpu = { read: { graphql: 0, raw: 0 }, confirm: { graphql: 0, raw: 0 } };
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const ROUNDS = 4;
  // Warm both sides up (JIT, pools, plans) before measuring.
  for (const side of sides) for (let i = 0; i < 20; i++) await readPage[side](null);

  // Orders to confirm: the first half for GraphQL, the second for the baseline, in rounds.
  const toConfirm = { graphql: orderIds.slice(0, CONFIRMS), raw: orderIds.slice(CONFIRMS, 2 * CONFIRMS) };
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of round % 2 ? [...sides].reverse() : sides) {
      // Each in-flight client walks the queue by cursor, starting over every 10 pages.
      let t0 = performance.now();
      let c0 = process.cpuUsage();
      const clients = Array.from({ length: CONCURRENCY }, () => ({ after: null as string | null, pages: 0 }));
      await pool(
        Array.from({ length: Math.ceil(READS / ROUNDS) }, (_, i) => i),
        CONCURRENCY,
        async (i) => {
          const client = clients[i % CONCURRENCY]!;
          const { ms, endCursor } = await readPage[side](client.after);
          samples.read[side].push(ms);
          client.after = ++client.pages % 10 === 0 ? null : endCursor;
        },
      );
      elapsed.read[side] += performance.now() - t0;
      cpu.read[side] += cpuMs(c0);

      const ids = toConfirm[side].slice((round * CONFIRMS) / ROUNDS, ((round + 1) * CONFIRMS) / ROUNDS);
      t0 = performance.now();
      c0 = process.cpuUsage();
      await pool(ids, CONCURRENCY, async (id) => {
        samples.confirm[side].push(await confirmOne[side](id));
      });
      elapsed.confirm[side] += performance.now() - t0;
      cpu.confirm[side] += cpuMs(c0);
    }
  }
  const rate = (n: number, ms: number) => n / (ms / 1000);
  for (const kind of ['read', 'confirm'] as const) {
    const label = kind === 'read' ? 'order queue page (50 orders, lines, products)' : 'confirmOrder';
    for (const side of sides) summary(`${label} — ${side} (concurrency ${CONCURRENCY})`, samples[kind][side]);
    const [g, r] = [rate(samples[kind].graphql.length, elapsed[kind].graphql), rate(samples[kind].raw.length, elapsed[kind].raw)];
    console.log(`${label}: graphql ${g.toFixed(0)}/s, raw ${r.toFixed(0)}/s → ratio ${(g / r).toFixed(2)} (goal ≥ 0.5)`);
    const [gc, rc] = sides.map((side) => cpu[kind][side] / samples[kind][side].length);
    console.log(`${label}: this process's CPU per request: graphql ${gc!.toFixed(1)} ms, raw ${rc!.toFixed(1)} ms → ratio ${(rc! / gc!).toFixed(2)}`);
  }
  await raw.close();

  const memory = process.memoryUsage();
  console.log(`memory: rss=${(memory.rss / 2 ** 20).toFixed(0)} MiB heapUsed=${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`);
  await new Promise((resolve) => server.close(resolve));
} finally {
  await database.drop();
  await teardown();
}
