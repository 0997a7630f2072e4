// Test databases: a fresh, migrated database per test file on the real PostgreSQL server, cloned
// from a template migrated once per run (fast), dropped afterwards. Without a reachable server
// (and outside CI) tests fall back to an in-memory PGlite.
import { randomBytes } from 'node:crypto';
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

async function serverReachable(): Promise<boolean> {
  try {
    await withServer((c) => c.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Vitest global setup: migrate a template database once for the whole run and drop it (and any
 * database a crashed test file left behind from this run) at the end.
 */
export async function setupTestDatabaseServer(): Promise<() => Promise<void>> {
  // Several test projects share one run (one process): the first one's template serves all.
  if (process.env[TEMPLATE_ENV]?.includes(`_${process.pid}_`)) return async () => {};
  if (!(await serverReachable())) {
    if (process.env.CI) throw new Error(`PostgreSQL at ${new URL(testServerUrl).host} is not reachable; CI must test on the real server`);
    console.warn(`PostgreSQL at ${new URL(testServerUrl).host} is not reachable: database tests run on in-memory PGlite`);
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
