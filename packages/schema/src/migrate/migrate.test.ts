// The migration runner against real databases: PostgreSQL (own uniquely named databases, dropped
// afterwards) and PGlite (open instances and a data directory). No mocks. The real migrations
// folder is only read; changes happen in temporary copies.

import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { pgliteExtensions } from '../pglite.ts';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsDir as realMigrationsDir, prismaSchemaPath } from '../config.ts';
import { openMigrationConnection } from './adapters.ts';
import { parseArgs, resetAllowedWithoutForce } from './cli-args.ts';
import { withSchemaEngine } from './engine.ts';
import { createMigration, deployMigrations, MigrationEngineError, migrationStatus, resetDatabase, type MigrationTarget } from './index.ts';

const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const RUN = `${process.pid}_${randomBytes(3).toString('hex')}`;

// ─── helpers ────────────────────────────────────────────────────────────────────────────────────

async function withServer<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const createdDatabases = new Set<string>();
let dbCounter = 0;

async function newPostgresDatabase(): Promise<string> {
  const name = `orderly_migtest_${RUN}_${dbCounter++}`;
  await withServer((c) => c.query(`CREATE DATABASE "${name}"`));
  createdDatabases.add(name);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.href;
}

async function databaseNames(): Promise<string[]> {
  return withServer(async (c) => (await c.query<{ datname: string }>('SELECT datname FROM pg_database')).rows.map((r) => r.datname));
}

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `orderly-migrate-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

/** A temporary copy of the real migrations folder. */
function copyOfMigrations(): string {
  const dir = path.join(tempDir('migrations'), 'migrations');
  cpSync(realMigrationsDir, dir, { recursive: true });
  return dir;
}

function migrationFolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The real schema plus a new model and a new column on an existing one. */
function changedSchemaFile(): string {
  const original = readFileSync(prismaSchemaPath, 'utf8');
  const withColumn = original.replace(/^model AuditLog \{\n/m, 'model AuditLog {\n  probeNote String?\n');
  expect(withColumn).not.toBe(original);
  const file = path.join(tempDir('schema'), 'schema.prisma');
  writeFileSync(file, `${withColumn}\n\nmodel MigrationProbe {\n  id    Int    @id @default(autoincrement())\n  label String @default("")\n}\n`);
  return file;
}

/** One kind of database, opened per test: `target` stays the same database across calls. */
interface Backend {
  name: string;
  open(): Promise<{ target: MigrationTarget; query(sql: string): Promise<Record<string, unknown>[]>; close(): Promise<void> }>;
}

const postgresBackend: Backend = {
  name: 'PostgreSQL',
  async open() {
    const url = await newPostgresDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return {
      target: { kind: 'postgres', url },
      query: async (sql) => (await client.query(sql)).rows,
      close: () => client.end(),
    };
  },
};

const pgliteBackend: Backend = {
  name: 'PGlite',
  async open() {
    const pglite = new PGlite({ extensions: pgliteExtensions });
    await pglite.waitReady;
    return {
      target: { kind: 'pglite-instance', pglite },
      query: async (sql) => (await pglite.query<Record<string, unknown>>(sql)).rows,
      close: () => pglite.close(),
    };
  },
};

let realMigrations: string[];
let namesBefore: string[] = [];

beforeAll(async () => {
  realMigrations = migrationFolders(realMigrationsDir);
  namesBefore = await databaseNames();
});

afterAll(async () => {
  await withServer(async (c) => {
    for (const name of createdDatabases) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

// ─── the migrations folder itself ───────────────────────────────────────────────────────────────

describe('the committed migrations folder', () => {
  it('has the Prisma CLI layout: a lock file and <timestamp>_<name>/migration.sql', () => {
    expect(readFileSync(path.join(realMigrationsDir, 'migration_lock.toml'), 'utf8')).toMatch(/^provider = "postgresql"$/m);
    expect(realMigrations.length).toBeGreaterThan(0);
    expect(realMigrations[0]).toMatch(/^\d{14}_init$/);
    for (const name of realMigrations) {
      expect(name).toMatch(/^\d{14}_[a-z0-9_]+$/);
      expect(existsSync(path.join(realMigrationsDir, name, 'migration.sql'))).toBe(true);
    }
  });
});

// ─── both database kinds ────────────────────────────────────────────────────────────────────────

describe.each([postgresBackend, pgliteBackend])('on $name', (backend) => {
  it('reports pending migrations, deploys them all with sha256 checksums, then has nothing left to do', async () => {
    const db = await backend.open();
    try {
      const before = await migrationStatus(db.target);
      expect(before).toEqual({ applied: [], pending: realMigrations, problems: [] });

      const first = await deployMigrations(db.target);
      expect(first.applied).toEqual(realMigrations);

      const rows = await db.query('SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name');
      expect(rows.map((r) => r.migration_name)).toEqual(realMigrations);
      for (const row of rows) {
        expect(row.checksum).toBe(sha256(path.join(realMigrationsDir, String(row.migration_name), 'migration.sql')));
        expect(row.finished_at).not.toBeNull();
        expect(row.rolled_back_at).toBeNull();
      }

      expect(await deployMigrations(db.target)).toEqual({ applied: [] });
      expect(await migrationStatus(db.target)).toEqual({ applied: realMigrations, pending: [], problems: [] });

      // The hand-written part of the initial migration is live: CHECKs and append-only triggers.
      const checks = await db.query(
        `SELECT conname FROM pg_constraint WHERE contype = 'c' AND conname IN ('InventoryLevel_allocated_within_onHand', 'Review_rating_range')`,
      );
      expect(checks).toHaveLength(2);
      const triggers = await db.query(`SELECT tgname FROM pg_trigger WHERE tgname LIKE '%append_only' ORDER BY tgname`);
      expect(triggers.map((t) => t.tgname)).toEqual(['OrderEvent_append_only', 'StockMovement_append_only']);
    } finally {
      await db.close();
    }
  });

  it('creates a migration from a schema change, writes it to disk and applies it', async () => {
    const db = await backend.open();
    const dir = copyOfMigrations();
    const schemaPath = changedSchemaFile();
    try {
      const logs: string[] = [];
      const result = await createMigration(db.target, { name: 'Add migrationProbe', migrationsDir: dir, schemaPath, log: (l) => logs.push(l) });
      expect(result.created).toMatch(/^\d{14}_add_migration_probe$/);
      // The empty database first received the committed migrations, then the new one.
      expect(result.applied).toEqual([...realMigrations, result.created]);
      expect(migrationFolders(dir)).toEqual([...realMigrations, result.created].sort());

      const file = path.join(dir, result.created!, 'migration.sql');
      const sql = readFileSync(file, 'utf8');
      expect(sql).toContain('CREATE TABLE "MigrationProbe"');
      expect(sql).toMatch(/ALTER TABLE "AuditLog" ADD COLUMN\s+"probeNote" TEXT/);
      expect(sql).not.toMatch(/DROP|CHECK|TRIGGER/); // the hand-written CHECKs/triggers cause no diff

      const row = await db.query(`SELECT checksum FROM _prisma_migrations WHERE migration_name = '${result.created}'`);
      expect(row).toEqual([{ checksum: sha256(file) }]);
      await db.query(`INSERT INTO "MigrationProbe" (label) VALUES ('works')`);
      expect(await db.query(`SELECT label FROM "MigrationProbe"`)).toEqual([{ label: 'works' }]);

      // Nothing left to change; the real folder was never touched.
      expect(await createMigration(db.target, { name: 'again', migrationsDir: dir, schemaPath })).toEqual({ created: null, applied: [] });
      expect(await migrationStatus(db.target, { migrationsDir: dir })).toEqual({
        applied: [...realMigrations, result.created],
        pending: [],
        problems: [],
      });
      expect(migrationFolders(realMigrationsDir)).toEqual(realMigrations);
    } finally {
      await db.close();
    }
  });

  it('reports drift, edited and failed migrations as problems, with clear errors', async () => {
    const db = await backend.open();
    const dir = copyOfMigrations();
    try {
      await deployMigrations(db.target, { migrationsDir: dir });

      // Drift: a change made outside the migrations.
      await db.query('CREATE TABLE "Stray" (id integer PRIMARY KEY)');
      const drift = await migrationStatus(db.target, { migrationsDir: dir });
      expect(drift.pending).toEqual([]);
      expect(drift.problems.join('\n')).toMatch(/drift/i);
      expect(drift.problems.join('\n')).toContain('Stray');
      await db.query('DROP TABLE "Stray"');

      // A failing migration: clear message naming it, then recorded as failed.
      const failing = '20990101000000_boom';
      const boomDir = path.join(dir, failing);
      mkdirSync(boomDir);
      writeFileSync(path.join(boomDir, 'migration.sql'), 'CREATE TABLE "Boom" (id integer);\nSELECT 1 / 0;\n');
      const error = await deployMigrations(db.target, { migrationsDir: dir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationEngineError);
      expect((error as Error).message).toContain(failing);
      expect((error as Error).message).toMatch(/division by zero/);
      expect((error as Error).message).not.toMatch(/\.rs:\d+/); // no Rust span trace

      // Edited: change an applied migration's file.
      writeFileSync(path.join(dir, realMigrations[0]!, 'migration.sql'), `${readFileSync(path.join(dir, realMigrations[0]!, 'migration.sql'), 'utf8')}\n-- edited\n`);
      const status = await migrationStatus(db.target, { migrationsDir: dir });
      expect(status.problems.some((p) => p.includes(failing) && /failed/.test(p))).toBe(true);
      expect(status.problems.some((p) => p.includes(realMigrations[0]!) && /modified/.test(p))).toBe(true);

      // reset empties the database and deploys again (here: the unchanged real migrations).
      expect(await resetDatabase(db.target)).toEqual({ applied: realMigrations });
      expect(await db.query(`SELECT to_regclass('"Boom"') AS boom`)).toEqual([{ boom: null }]);
      expect(await migrationStatus(db.target)).toEqual({ applied: realMigrations, pending: [], problems: [] });
    } finally {
      await db.close();
    }
  });
});

describe('PostgreSQL specifics', () => {
  it('has migrations in sync with schema.prisma (hand-written CHECKs and triggers cause no diff)', async () => {
    const { target, close } = await postgresBackend.open();
    try {
      const result = await createMigration(target, { name: 'unexpected', migrationsDir: copyOfMigrations() });
      // A failure here means schema.prisma changed without a migration: run `pnpm db:migrate -- --name <change>`.
      expect(result).toEqual({ created: null, applied: realMigrations });
    } finally {
      await close();
    }
  });

  it('refuses a migration that loses data unless it is accepted', async () => {
    const { target, query, close } = await postgresBackend.open();
    const dir = copyOfMigrations();
    try {
      const created = await createMigration(target, { name: 'probe', migrationsDir: dir, schemaPath: changedSchemaFile() });
      expect(created.created).toMatch(/_probe$/);
      await query(`INSERT INTO "MigrationProbe" (label) VALUES ('keep me')`);
      // Back to the real schema: MigrationProbe (with a row) and AuditLog.probeNote would be dropped.
      const error = await createMigration(target, { name: 'drop probe', migrationsDir: dir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationEngineError);
      expect((error as Error).message).toMatch(/lose data[\s\S]*MigrationProbe/);
      expect(migrationFolders(dir)).toHaveLength(realMigrations.length + 1);
      const accepted = await createMigration(target, { name: 'drop probe', migrationsDir: dir, acceptDataLoss: true });
      expect(accepted.created).toMatch(/_drop_probe$/);
      expect(await query(`SELECT to_regclass('"MigrationProbe"') AS t`)).toEqual([{ t: null }]);
    } finally {
      await close();
    }
  });

  it('does not change how pg decodes "char" outside the migration code', async () => {
    const rows = await withServer(async (c) => (await c.query(`SELECT 'c'::"char" AS t`)).fields);
    expect(rows[0]!.dataTypeID).toBe(18);
  });
});

describe('PGlite specifics', () => {
  it('migrates a PGlite data directory that persists between calls', async () => {
    const dataDir = path.join(tempDir('pglite'), 'data');
    const target: MigrationTarget = { kind: 'pglite', dataDir };
    expect((await deployMigrations(target)).applied).toEqual(realMigrations);
    expect(await deployMigrations(target)).toEqual({ applied: [] });
    expect(existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);
  });

  it('does not close a PGlite instance it was given', async () => {
    const pglite = new PGlite({ extensions: pgliteExtensions });
    try {
      await deployMigrations({ kind: 'pglite-instance', pglite });
      expect(pglite.closed).toBe(false);
      expect(await pglite.query('SELECT count(*)::int AS n FROM _prisma_migrations')).toMatchObject({ rows: [{ n: realMigrations.length }] });
    } finally {
      await pglite.close();
    }
  });
});

describe('engine failures', () => {
  it('turns a Rust panic into a clear error and recovers for the next operation', async () => {
    const conn = await openMigrationConnection({ kind: 'pglite', dataDir: null });
    try {
      const error = await withSchemaEngine(
        { schemaPath: 'schema.prisma', schemaText: 'datasource db {\n  provider = "postgresql"\n}\n', factory: conn.factory },
        (session) => session.call('debugPanic', async (engine) => engine.debugPanic()),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationEngineError);
      expect((error as MigrationEngineError).panic).toBe(true);
      expect((error as Error).message).toContain('debugPanic artificial panic');
    } finally {
      await conn.close();
    }
    // A fresh engine instance serves the next call.
    expect((await deployMigrations({ kind: 'pglite', dataDir: null })).applied).toEqual(realMigrations);
  });
});

// ─── CLI ────────────────────────────────────────────────────────────────────────────────────────

describe('CLI', () => {
  it('parses pnpm-style arguments', () => {
    expect(parseArgs(['create', '--name', 'x'])).toMatchObject({ command: 'create', name: 'x', unknown: [] });
    expect(parseArgs(['create', '--', '--name', 'x'])).toMatchObject({ command: 'create', name: 'x', unknown: [] });
    expect(parseArgs(['create', '--', 'add_notes'])).toMatchObject({ command: 'create', name: 'add_notes', unknown: [] });
    expect(parseArgs(['create', '--name=y'])).toMatchObject({ name: 'y' });
    expect(parseArgs(['reset', '--force'])).toMatchObject({ command: 'reset', force: true });
    expect(parseArgs(['deploy', '--bogus']).unknown).toHaveLength(1);
  });

  it('only resets PGlite or test/dev databases without --force', () => {
    expect(resetAllowedWithoutForce({ kind: 'pglite', dataDir: null }, {})).toBe(true);
    expect(resetAllowedWithoutForce({ kind: 'postgres', url: 'postgresql://u:p@h/orderly_dev' }, {})).toBe(true);
    expect(resetAllowedWithoutForce({ kind: 'postgres', url: 'postgresql://u:p@h/orderly_test_1' }, {})).toBe(true);
    expect(resetAllowedWithoutForce({ kind: 'postgres', url: 'postgresql://u:p@h/orderly' }, {})).toBe(false);
    expect(resetAllowedWithoutForce({ kind: 'pglite', dataDir: null }, { NODE_ENV: 'production' })).toBe(false);
  });

  it('runs `status` as a process: lists pending migrations, exits 1, never prints the password', async () => {
    const require = createRequire(import.meta.url);
    const tsxCli = require.resolve('tsx/cli');
    const cli = path.join(path.dirname(new URL(import.meta.url).pathname), 'cli.ts');
    const run = promisify(execFile);
    const url = new URL(await newPostgresDatabase());
    url.username = 'postgres';
    url.password = 'sekret-password'; // trust auth ignores it
    const result = await run(process.execPath, [tsxCli, cli, 'status'], {
      env: { ...process.env, DATABASE_URL: url.href },
      timeout: 30_000,
    }).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout + e.stderr }),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`Pending: ${realMigrations.length}`);
    expect(result.stdout).toContain(realMigrations[0]);
    expect(result.stdout).not.toContain('sekret');
  });
});

describe('PostgreSQL cleanup', () => {
  it('leaves no shadow databases behind', async () => {
    // Runs last: every PostgreSQL status/create above went through shadow databases.
    const after = await databaseNames();
    const leftovers = after.filter((name) => !namesBefore.includes(name) && /shadow/i.test(name));
    expect(leftovers).toEqual([]);
  });
});
