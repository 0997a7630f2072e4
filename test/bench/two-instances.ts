// Benchmark: prints figures, asserts nothing. `pnpm bench:scale-out` (needs the local PostgreSQL and Redis).
// Scale-out: two API processes, compiled and started as `pnpm start` runs them, on one throw-away
// PostgreSQL database and one Redis (live updates and rate-limit budgets shared through it, as in
// production), serve the order-queue page and confirmOrder — sent round-robin to both, then all to
// one of them — and the throughputs and their ratio two/one are printed. The arrangements alternate
// in rounds, so load from other processes hits both alike. Job workers are off on both instances:
// this measures serving requests, not background work. On one machine the two instances share its
// CPU cores with PostgreSQL, Redis and this client, so the ratio says how much a second instance
// adds here, not across machines (README "Benchmarks").
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '@orderly/schema';
import { createTestDatabase, setupTestDatabaseServer, testRedisUrl } from '@orderly/schema/testing';
import { confirmOrder, createBenchOrders, queuePage } from './bench-orders.ts';
import { freePort, pool, summary } from './support.ts';
import { startCommand } from '../support/start-command.ts';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 2000);
const READS = Number(process.env.BENCH_READS ?? 400);
const CONFIRMS = Number(process.env.BENCH_CONFIRMS ?? 400);
if (ORDERS < 2 * CONFIRMS) throw new Error('BENCH_ORDERS must be at least twice BENCH_CONFIRMS (each arrangement confirms its own orders)');
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const ROUNDS = 4;

interface Instance {
  url: string;
  process: ChildProcess;
  /** The end of its output, for an error message. */
  tail: () => string;
}

// Compiled into a folder of this run's own (apps/api/build.mjs), so a build elsewhere meanwhile
// cannot replace the files under the running instances.
const distDir = `dist-bench-${process.pid}`;
const removeDist = () => {
  for (const root of ['apps/api', 'packages/schema']) fs.rmSync(path.join(repoRoot, root, distDir), { recursive: true, force: true });
};

/** One instance as `pnpm start` runs it (apps/api/package.json's flags), ready when /ready says so. */
async function startInstance(databaseUrl: string): Promise<Instance> {
  const port = await freePort();
  const start = startCommand();
  const child = spawn(process.execPath, [...start.nodeFlags, path.join(repoRoot, 'apps/api', distDir, 'main.js')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...start.env,
      NODE_ENV: 'development',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      REDIS_URL: testRedisUrl,
      REDIS_CHANNEL_PREFIX: `orderly-bench-${process.pid}:`,
      MIGRATE_ON_BOOT: 'off',
      ORDERLY_DEMO_DATA: 'off',
      JOBS_WORKER: 'off',
      // One caller sends everything: this measures the servers, not the caller's budget.
      RATE_LIMIT_CAPACITY: '1000000000',
      RATE_LIMIT_RESTORE_PER_SECOND: '1000000000',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`an instance exited with ${child.exitCode}\n${output}`);
    const ready = await fetch(`${url}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { url, process: child, tail: () => output };
    if (performance.now() - started > 120_000) {
      child.kill('SIGKILL');
      throw new Error(`an instance was not ready within 120 s\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopInstance(instance: Instance) {
  if (instance.process.exitCode !== null) return;
  const exited = new Promise((r) => instance.process.once('exit', r));
  instance.process.kill('SIGTERM');
  await exited;
}

const teardown = await setupTestDatabaseServer();
const database = await createTestDatabase({ poolSize: CONCURRENCY });
const instances: Instance[] = [];
try {
  execFileSync(process.execPath, [path.join(repoRoot, 'apps/api/build.mjs')], {
    env: { ...process.env, ORDERLY_DIST_DIR: distDir },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const { token, orderIds } = await createBenchOrders(database.prisma, ORDERS, CONCURRENCY);
  await database.close();
  instances.push(...(await Promise.all([startInstance(database.url!), startInstance(database.url!)])));

  /** POST /graphql to one of `targets`, round-robin. */
  const client = (targets: Instance[]) => {
    let next = 0;
    return async (query: string, variables: Record<string, unknown>) => {
      const instance = targets[next++ % targets.length]!;
      const started = performance.now();
      const response = await fetch(`${instance.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = await response.json();
      if (body.errors) throw new Error(`${JSON.stringify(body.errors)}\n${instance.tail()}`);
      return { ms: performance.now() - started, body };
    };
  };
  const arrangements = { one: client(instances.slice(0, 1)), two: client(instances) };
  type Arrangement = keyof typeof arrangements;
  const names: Arrangement[] = ['one', 'two'];
  const samples = { read: { one: [] as number[], two: [] as number[] }, confirm: { one: [] as number[], two: [] as number[] } };
  const elapsed = { read: { one: 0, two: 0 }, confirm: { one: 0, two: 0 } };

  // Warm both instances up (JIT, pools, plans) before measuring.
  for (let i = 0; i < 40; i++) await arrangements.two(queuePage, { after: null });

  // Orders to confirm: the first CONFIRMS through one instance, the next through both, in rounds.
  const toConfirm = { one: orderIds.slice(0, CONFIRMS), two: orderIds.slice(CONFIRMS, 2 * CONFIRMS) };
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) {
      const post = arrangements[name];
      // Each in-flight client walks the queue by cursor, starting over every 10 pages.
      let t0 = performance.now();
      const walkers = Array.from({ length: CONCURRENCY }, () => ({ after: null as string | null, pages: 0 }));
      await pool(
        Array.from({ length: Math.ceil(READS / ROUNDS) }, (_, i) => i),
        CONCURRENCY,
        async (i) => {
          const walker = walkers[i % CONCURRENCY]!;
          const { ms, body } = await post(queuePage, { after: walker.after });
          samples.read[name].push(ms);
          walker.after = ++walker.pages % 10 === 0 ? null : body.data.orders.pageInfo.endCursor;
        },
      );
      elapsed.read[name] += performance.now() - t0;

      const ids = toConfirm[name].slice((round * CONFIRMS) / ROUNDS, ((round + 1) * CONFIRMS) / ROUNDS);
      t0 = performance.now();
      await pool(ids, CONCURRENCY, async (id) => {
        const { ms, body } = await post(confirmOrder, { id });
        if (body.data.confirmOrder.userErrors.length) throw new Error(`confirmOrder: ${JSON.stringify(body.data.confirmOrder.userErrors)}`);
        samples.confirm[name].push(ms);
      });
      elapsed.confirm[name] += performance.now() - t0;
    }
  }

  console.log(`${os.availableParallelism()} CPUs (load average ${os.loadavg()[0]!.toFixed(1)}), ${CONCURRENCY} requests in flight, ${ROUNDS} alternating rounds`);
  const rate = (n: number, ms: number) => n / (ms / 1000);
  for (const kind of ['read', 'confirm'] as const) {
    const label = kind === 'read' ? 'order queue page (50 orders, lines, products)' : 'confirmOrder';
    for (const name of names) summary(`${label} — ${name === 'one' ? 'one instance' : 'two instances'}`, samples[kind][name]);
    const [one, two] = names.map((name) => rate(samples[kind][name].length, elapsed[kind][name]));
    console.log(`${label}: one instance ${one!.toFixed(0)}/s, two instances ${two!.toFixed(0)}/s → ratio two/one ${(two! / one!).toFixed(2)}`);
  }
} finally {
  await Promise.all(instances.map(stopInstance));
  removeDist();
  await database.drop();
  await teardown();
}
