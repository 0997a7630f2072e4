// Test databases: a fresh, migrated database per test file on the real PostgreSQL server, cloned
// from a template migrated once per run (fast), dropped afterwards. A server that cannot be reached
// fails the run: tests fall back to an in-memory PGlite (one connection, no real concurrency) only
// when asked to with ORDERLY_TEST_PGLITE=1. Likewise the Redis suites run on the real Redis and
// fail without it, unless ORDERLY_TEST_SKIP_REDIS=1 asks to skip them.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import { type Database, type OpenDatabaseOptions, openDatabase } from './db.ts';
import { deployMigrations } from './migrate/index.ts';

/** The server tests use: TEST_DATABASE_URL, else the local PostgreSQL every dev machine here runs. */
export const testServerUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const TEMPLATE_ENV = 'ORDERLY_TEST_TEMPLATE_DB';
const PREFIX = 'orderly_test_';

function urlForDatabase(name: string): string {
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withServer<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testServerUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function serverReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const asked = (value: string | undefined) => !!value && !['0', 'off', 'false', 'no'].includes(value.toLowerCase());

/**
 * Where the database tests run: on PostgreSQL at `url`, or on PGlite when `ORDERLY_TEST_PGLITE=1`
 * asks for it. A server that cannot be reached otherwise fails loudly, never silently downgrades.
 */
export async function testDatabaseKind(url = testServerUrl, env: NodeJS.ProcessEnv = process.env): Promise<'postgres' | 'pglite'> {
  if (asked(env.ORDERLY_TEST_PGLITE)) return 'pglite';
  if (await serverReachable(url)) return 'postgres';
  throw new Error(
    `PostgreSQL at ${new URL(url).host} is not reachable (TEST_DATABASE_URL). Start it, or set ORDERLY_TEST_PGLITE=1 to run the database tests on in-memory PGlite instead`,
  );
}

/** The Redis the Redis suites use (TEST_REDIS_URL). */
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** PING over a plain socket: is Redis there? */
function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

/**
 * Whether the Redis suites run: true when Redis answers at `url`, false when ORDERLY_TEST_SKIP_REDIS=1
 * asks to skip them; a Redis that does not answer otherwise fails loudly.
 */
export async function testRedisAvailable(url = testRedisUrl, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (asked(env.ORDERLY_TEST_SKIP_REDIS)) return false;
  if (await redisAnswers(url)) return true;
  throw new Error(`Redis at ${url} is not answering (TEST_REDIS_URL). Start it, or set ORDERLY_TEST_SKIP_REDIS=1 to skip the Redis suites`);
}

/**
 * Vitest global setup: migrate a template database once for the whole run and drop it (and any
 * database a crashed test file left behind from this run) at the end.
 */
export async function setupTestDatabaseServer(): Promise<() => Promise<void>> {
  // Several test projects share one run (one process): the first one's template serves all.
  if (process.env[TEMPLATE_ENV]?.includes(`_${process.pid}_`)) return async () => {};
  if ((await testDatabaseKind()) === 'pglite') {
    console.warn('ORDERLY_TEST_PGLITE=1: database tests run on in-memory PGlite, not PostgreSQL');
    return async () => {};
  }
  const runId = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const template = `${PREFIX}tpl_${runId}`;
  await withServer((c) => c.query(`CREATE DATABASE "${template}"`));
  await deployMigrations({ kind: 'postgres', url: urlForDatabase(template) });
  process.env[TEMPLATE_ENV] = template;
  return async () => {
    await withServer(async (c) => {
      const { rows } = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${PREFIX}%${runId}%`]);
      for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    });
  };
}

export interface TestDatabase extends Database {
  /** Connection URL (PostgreSQL) or null (PGlite), e.g. to start a server process on it. */
  url: string | null;
  /** Close and drop the database. */
  drop(): Promise<void>;
}

/** A fresh migrated database for one test file. */
export async function createTestDatabase(options: Omit<OpenDatabaseOptions, 'target' | 'migrate'> = {}): Promise<TestDatabase> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) {
    if (!asked(process.env.ORDERLY_TEST_PGLITE)) {
      throw new Error('No template database: run tests through vitest (its global setup, test/support/database-setup.ts, creates it), or set ORDERLY_TEST_PGLITE=1');
    }
    const db = await openDatabase({ ...options, target: { kind: 'pglite', dataDir: null }, migrate: true });
    return { ...db, url: null, drop: () => db.close() };
  }
  const name = `${template.replace('_tpl_', '_')}_${randomBytes(4).toString('hex')}`;
  await withServer((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const url = urlForDatabase(name);
  const db = await openDatabase({ ...options, target: { kind: 'postgres', url } });
  return {
    ...db,
    url,
    async drop() {
      await db.close();
      await withServer((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
