// Benchmark: prints figures, asserts nothing. `pnpm bench:start` (needs the local PostgreSQL).
// How fast the API process answers /health after it is started, and how much memory it holds
// idle, running the compiled JavaScript (`pnpm start`: apps/api/dist/main.js, built by
// apps/api/build.mjs) — next to the TypeScript sources under the tsx loader for comparison.
// Each start: on a fresh PostgreSQL database (migrated; the demo data is loaded on that first
// start), then a restart on the same database, then the same on a fresh PGlite folder.
// RSS is read from /proc/<pid>/status: once /health answers, after 20 GraphQL requests, and
// after 5 s idle; on a compiled restart also after a busy spell of queue pages and 45 s idle.
// Goals (issue 11): /health ≤ 5 s after start, idle RSS ≤ 200 MiB on PostgreSQL.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '@orderly/schema';
import { createTestDatabase, setupTestDatabaseServer } from '@orderly/schema/testing';
import { freePort } from './support.ts';
import { demoLogins } from '../support/api-auth.ts';
import { startCommand } from '../support/start-command.ts';

const webDist = path.join(repoRoot, 'apps/web/dist/index.html');
if (!fs.existsSync(webDist)) console.log('note: the PWA is not built (apps/web/dist); run `pnpm build` first to measure with it');

const t = performance.now();
execFileSync(process.execPath, [path.join(repoRoot, 'apps/api/build.mjs')], { stdio: 'ignore' });
console.log(`build (esbuild): ${((performance.now() - t) / 1000).toFixed(1)} s`);

const rssMiB = (pid: number) => {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
};

/** Pages of the order queue (50 orders with lines and products) the demo admin reads, one at a time. */
async function readQueuePages(base: string, pages: number) {
  const post = (query: string, token?: string) =>
    fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query }),
    }).then((r) => r.json() as Promise<{ data?: Record<string, { token?: string }>; errors?: unknown }>);
  const login = await post(`mutation { login(email: "${demoLogins.admin.email}", password: "${demoLogins.admin.password}", bearer: true) { token } }`);
  const token = login.data?.login?.token;
  if (!token) throw new Error(`demo admin login failed: ${JSON.stringify(login)}`);
  const page =
    '{ orders(first: 50) { totalCount edges { node { id number status shipBy itemCount total { minorUnits currency } lines { sku quantity product { name barcodes } } } } } }';
  for (let i = 0; i < pages; i++) {
    const body = await post(page, token);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  }
}

/**
 * Starts the server and prints seconds to /health and RSS at health, after 20 requests and 5 s
 * idle; with `busyPages`, also after that many queue pages and after 45 s idle (V8 gives the
 * garbage of a busy spell back when its memory reducer runs, some 30 s into the quiet).
 */
async function measure(label: string, args: string[], databaseUrl: string, env: Record<string, string> = {}, busyPages = 0) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    // The rate limit is lifted so the busy spell measures memory, not the per-caller budget.
    env: { ...process.env, ...env, PORT: String(port), DATABASE_URL: databaseUrl, NODE_ENV: 'development', RATE_LIMIT_CAPACITY: '100000000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label}: exited with ${child.exitCode}\n${output}`);
    const ok = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (performance.now() - started > 120_000) throw new Error(`${label}: no /health within 120 s\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const healthS = (performance.now() - started) / 1000;
  const atHealth = rssMiB(child.pid!);
  for (let i = 0; i < 20; i++) {
    await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    if (fs.existsSync(webDist)) await fetch(`${base}/`, { headers: { 'accept-encoding': 'br' } }).then((r) => r.arrayBuffer());
  }
  const afterRequests = rssMiB(child.pid!);
  await new Promise((r) => setTimeout(r, 5000));
  const idle = rssMiB(child.pid!);
  let busy = '';
  if (busyPages) {
    await readQueuePages(base, busyPages);
    const afterBusy = rssMiB(child.pid!);
    await new Promise((r) => setTimeout(r, 45_000));
    busy = `; ${afterBusy.toFixed(0)} after ${busyPages} queue pages, ${rssMiB(child.pid!).toFixed(0)} idle 45 s later`;
  }
  console.log(
    `${label.padEnd(48)} /health after ${healthS.toFixed(1)} s   RSS: ${atHealth.toFixed(0)} MiB at health, ${afterRequests.toFixed(0)} after 20 requests, ${idle.toFixed(0)} idle 5 s later${busy}`,
  );
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

// As `pnpm start` runs it (apps/api/package.json, test/support/start-command.ts; README
// "Benchmarks" says what each is worth): a 2 MiB young generation, two malloc arenas, glibc's mmap
// threshold pinned at 128 KiB, and Prisma's WebAssembly query compiler kept on V8's baseline tier.
const { env: startEnv, nodeFlags } = startCommand();
/** BENCH_BUSY_PAGES: queue pages read in the busy spell (default 400). */
const BUSY_PAGES = Number(process.env.BENCH_BUSY_PAGES ?? 400);
const compiled = [...nodeFlags, 'apps/api/dist/main.js'];
const plainNode = ['apps/api/dist/main.js'];
const typescript = ['--import', 'tsx', 'apps/api/src/main.ts'];
const teardown = await setupTestDatabaseServer();
const pgliteDirs: string[] = [];
try {
  for (const [name, args] of [
    ['compiled', compiled],
    ['tsx', typescript],
  ] as const) {
    const database = await createTestDatabase({ poolSize: 1 });
    try {
      await database.close();
      await measure(`${name}, PostgreSQL, first start (+ demo data)`, args, database.url!, startEnv);
      await measure(`${name}, PostgreSQL, restart`, args, database.url!, startEnv);
      if (name === 'compiled') {
        await measure(`compiled, PG, restart, then busy`, args, database.url!, startEnv, BUSY_PAGES);
        await measure(`compiled without the malloc settings, PG, restart, then busy`, compiled, database.url!, {}, BUSY_PAGES);
        await measure(`compiled without any flags, PG, restart`, plainNode, database.url!);
      }
    } finally {
      await database.drop();
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderly-start-'));
    pgliteDirs.push(dir);
    await measure(`${name}, PGlite, first start (+ migrations, demo data)`, args, `pglite:${dir}`, startEnv);
    await measure(`${name}, PGlite, restart`, args, `pglite:${dir}`, startEnv);
  }
} finally {
  for (const dir of pgliteDirs) fs.rmSync(dir, { recursive: true, force: true });
  await teardown();
}
