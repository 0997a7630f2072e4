// Benchmark: prints figures, asserts nothing. `pnpm bench:start` (needs the local PostgreSQL).
// How fast the API process answers /health after it is started, and how much memory it holds
// idle, running the compiled JavaScript (`pnpm start`: apps/api/dist/main.js, built by
// apps/api/build.mjs) — next to the TypeScript sources under the tsx loader for comparison.
// Each start: on a fresh PostgreSQL database (migrated; the demo data is loaded on that first
// start), then a restart on the same database, then the same on a fresh PGlite folder.
// RSS is read from /proc/<pid>/status: once /health answers, after 20 GraphQL requests, and
// after 5 s idle. Goals (issue 11): /health ≤ 5 s after start, idle RSS ≤ 200 MiB on PostgreSQL.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '@orderly/schema';
import { createTestDatabase, setupTestDatabaseServer } from '@orderly/schema/testing';
import { freePort } from './support.ts';

const webDist = path.join(repoRoot, 'apps/web/dist/index.html');
if (!fs.existsSync(webDist)) console.log('note: the PWA is not built (apps/web/dist); run `pnpm build` first to measure with it');

const t = performance.now();
execFileSync(process.execPath, [path.join(repoRoot, 'apps/api/build.mjs')], { stdio: 'ignore' });
console.log(`build (esbuild): ${((performance.now() - t) / 1000).toFixed(1)} s`);

const rssMiB = (pid: number) => {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
};

async function measure(label: string, args: string[], databaseUrl: string, env: Record<string, string> = {}) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env, PORT: String(port), DATABASE_URL: databaseUrl, NODE_ENV: 'development' },
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
  console.log(
    `${label.padEnd(48)} /health after ${healthS.toFixed(1)} s   RSS: ${atHealth.toFixed(0)} MiB at health, ${afterRequests.toFixed(0)} after 20 requests, ${idle.toFixed(0)} idle 5 s later`,
  );
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

// As `pnpm start` runs it (apps/api/package.json): a 2 MiB young generation (V8's default is 16
// MiB per semi-space, held once touched) and two malloc arenas (glibc otherwise keeps one per thread
// that ever allocated: the migration worker, libuv's pool), each worth 20–40 MiB of idle RSS.
const startEnv = { MALLOC_ARENA_MAX: '2' };
const compiled = ['--max-semi-space-size=2', 'apps/api/dist/main.js'];
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
      if (name === 'compiled') await measure(`compiled without the flags, PG, restart`, plainNode, database.url!);
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
