// Driver-adapter factories for the schema engine, for PostgreSQL and PGlite.
//
// Both factories fix problems of the stock adapters that only matter to the migration engine:
// - every adapter handed out is tracked and disposed on close() (engine.free() disposes nothing);
// - `executeScript` sends the whole migration script in one simple-protocol call. The stock
//   adapter-pg splits scripts on ";" (breaks plpgsql bodies and string literals) and the PGlite
//   adapter does not await `exec` (errors become unhandled rejections and are never reported);
// - PostgreSQL: Postgres' internal "char" type (OID 18, read by the engine from pg_constraint)
//   reaches the engine as a *character* column, on the migration's own pg clients only. Mapping it
//   to text (the usual workaround) makes the engine panic once a CHECK exists;
// - PostgreSQL: one connection per pool, so the engine's session-level advisory lock and its
//   statements share a session; PGlite instances we were given get that lock released;
// - PostgreSQL: our own shadow database (random CREATE DATABASE, dropped WITH (FORCE) after its
//   pool has ended); PrismaPg#connectToShadowDb connects to the main database and leaks its temp DB;
// - PGlite: the shadow database is a fresh in-memory PGlite that is closed on dispose (the stock
//   adapter never closes it).

import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { ColumnTypeEnum, DriverAdapterError, type SqlDriverAdapter, type SqlResultSet, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { describeDatabaseTarget, type DatabaseTarget } from '../config.ts';

/** PGlite and its adapter, imported only for a PGlite target (a PostgreSQL migration never loads them). */
const loadPglite = async () => (await import('../pglite.ts')).loadPglite();

export type MigrationTarget = DatabaseTarget | { kind: 'pglite-instance'; pglite: PGlite };

export interface MigrationConnection {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Human-readable target, never containing a password. */
  description: string;
  /** The Postgres schema the engine manages (`public` unless the URL says `?schema=`). */
  schemaName: string;
  /** Run SQL (several statements allowed) on the main database, outside the engine. */
  executeScript(sql: string): Promise<void>;
  /** Run one query on the main database and return its rows as objects. */
  query<Row extends Record<string, unknown>>(sql: string): Promise<Row[]>;
  /** Dispose every adapter handed out (shadow databases dropped), close what we opened. */
  close(): Promise<void>;
}

export function describeMigrationTarget(target: MigrationTarget): string {
  return target.kind === 'pglite-instance' ? 'PGlite (open instance)' : describeDatabaseTarget(target);
}

export async function openMigrationConnection(target: MigrationTarget, log: (line: string) => void = () => {}): Promise<MigrationConnection> {
  if (target.kind === 'postgres') return openPostgres(target.url, log);
  if (target.kind === 'pglite-instance') return openPglite(target.pglite, false, describeMigrationTarget(target), log);
  let pglite: PGlite;
  try {
    if (target.dataDir) {
      await mkdir(target.dataDir, { recursive: true });
      const { PGlite, extensions } = await loadPglite();
      const db = new PGlite(target.dataDir, { extensions });
      await db.waitReady.catch(async (error: unknown) => {
        await db.close().catch(() => {});
        throw error;
      });
      pglite = db;
    } else {
      pglite = await newEmptyPglite();
    }
  } catch (error) {
    throw new Error(`Could not open ${describeDatabaseTarget(target)}: ${(error as Error).message}`, { cause: error });
  }
  return openPglite(pglite, true, describeDatabaseTarget(target), log);
}

// ─── Adapter bookkeeping ────────────────────────────────────────────────────────────────────────

/** Wraps an adapter: idempotent dispose with extra cleanup, replaced executeScript. */
function wrapAdapter(inner: SqlDriverAdapter, overrides: { executeScript: (script: string) => Promise<void>; dispose: () => Promise<void> }): SqlDriverAdapter {
  let disposed: Promise<void> | undefined;
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => inner.queryRaw(query),
    executeRaw: (query) => inner.executeRaw(query),
    startTransaction: (isolationLevel) => inner.startTransaction(isolationLevel),
    getConnectionInfo: inner.getConnectionInfo ? () => inner.getConnectionInfo!() : undefined,
    executeScript: overrides.executeScript,
    dispose: () => (disposed ??= overrides.dispose()),
  };
}

class AdapterTracker {
  private readonly open = new Set<SqlDriverAdapter>();
  track(adapter: SqlDriverAdapter): SqlDriverAdapter {
    this.open.add(adapter);
    const dispose = adapter.dispose;
    adapter.dispose = () => {
      this.open.delete(adapter);
      return dispose();
    };
    return adapter;
  }
  /** Dispose everything still open, newest first; collect errors instead of stopping at one. */
  async disposeAll(): Promise<Error[]> {
    const errors: Error[] = [];
    for (const adapter of [...this.open].reverse()) {
      try {
        await adapter.dispose();
      } catch (error) {
        errors.push(error as Error);
      }
    }
    return errors;
  }
}

interface PgLikeError {
  code?: string;
  severity?: string;
  message: string;
  detail?: string;
  column?: string;
  hint?: string;
  position?: string;
}

/** A database error as the engine understands it (so its message reaches the user). */
function toDriverAdapterError(error: unknown): Error {
  const e = error as PgLikeError;
  if (error instanceof DriverAdapterError || typeof e?.code !== 'string' || typeof e?.message !== 'string') {
    return error as Error;
  }
  return new DriverAdapterError({
    kind: 'postgres',
    code: e.code,
    severity: e.severity ?? 'ERROR',
    message: e.message,
    detail: e.detail,
    column: e.column,
    hint: e.hint,
  });
}

// ─── PostgreSQL ─────────────────────────────────────────────────────────────────────────────────

interface RowDescriptionMessage {
  fields: Array<{ dataTypeID: number }>;
}
type ClientWithInternals = new (config?: pg.ClientConfig | string) => pg.Client & {
  _handleRowDescription(msg: RowDescriptionMessage): void;
  _getActiveQuery(): { _result?: { rows?: unknown[] } } | null | undefined;
};

/** The key of the engine's `SELECT pg_advisory_lock(72707369)` (prisma-engines, apply_migrations). */
const ENGINE_ADVISORY_LOCK_KEY = 72707369;

const PG_CHAR_OID = 18; // Postgres' internal one-byte "char" (pg_constraint.contype, …)
const PG_TEXT_OID = 25;

/** Result row arrays → indexes of the columns that were "char" (see MigrationPgClient). */
const charColumnsOfRows = new WeakMap<unknown[], number[]>();

/**
 * A pg client for the migration pools only (the rest of the process keeps stock pg behaviour).
 * adapter-pg 7.10.1 cannot decode Postgres' "char" (OID 18), which the engine reads from
 * pg_constraint.contype, and the engine insists on getting it back as a *character* column:
 * decoding it as text makes the engine panic ("Getting constraint_type … as char failed") as
 * soon as the database has a CHECK constraint. So the column is announced to pg/adapter-pg as
 * text (a one-letter string) and remembered here; `fixCharColumns` then reports it to the
 * engine as ColumnTypeEnum.Character.
 */
const MigrationPgClient: ClientWithInternals = (() => {
  const Base = pg.Client as unknown as ClientWithInternals;
  if (typeof Base.prototype._handleRowDescription !== 'function' || typeof Base.prototype._getActiveQuery !== 'function') {
    throw new Error('pg internals changed: Client#_handleRowDescription/_getActiveQuery missing (needed for the "char" workaround)');
  }
  return class extends Base {
    override _handleRowDescription(msg: RowDescriptionMessage): void {
      const charColumns: number[] = [];
      msg.fields.forEach((field, i) => {
        if (field.dataTypeID === PG_CHAR_OID) {
          field.dataTypeID = PG_TEXT_OID;
          charColumns.push(i);
        }
      });
      super._handleRowDescription(msg);
      if (charColumns.length > 0) {
        const rows = this._getActiveQuery()?._result?.rows;
        if (Array.isArray(rows)) charColumnsOfRows.set(rows, charColumns);
      }
    }
  };
})();

function fixCharColumns(result: SqlResultSet): SqlResultSet {
  const charColumns = charColumnsOfRows.get(result.rows);
  if (charColumns) for (const i of charColumns) result.columnTypes[i] = ColumnTypeEnum.Character;
  return result;
}

/** adapter-pg adapter (and its transactions) with "char" columns reported as characters. */
function withCharColumns(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const queryRaw = adapter.queryRaw.bind(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.queryRaw = async (query) => fixCharColumns(await queryRaw(query));
  adapter.startTransaction = async (isolationLevel) => {
    const tx = await startTransaction(isolationLevel);
    const txQueryRaw = tx.queryRaw.bind(tx);
    tx.queryRaw = async (query) => fixCharColumns(await txQueryRaw(query));
    return tx;
  };
  return adapter;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function databaseUrlFor(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.href;
}

/**
 * The engine runs its statements one after the other, and takes a session-level advisory lock
 * (pg_advisory_lock) on the connection it happens to get: one connection per pool keeps every
 * statement, and that lock, on the same session.
 */
function migrationPool(url: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 1,
    // With one connection a stuck checkout would wait forever: fail instead.
    connectionTimeoutMillis: 30_000,
    Client: MigrationPgClient as unknown as typeof pg.Client,
    application_name: 'orderly-migrate',
  });
  pool.on('error', () => {}); // an idle client dying must not crash the process; the next query reports it
  return pool;
}

async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'orderly-migrate' });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function openPostgres(url: string, log: (line: string) => void): Promise<MigrationConnection> {
  const description = describeDatabaseTarget({ kind: 'postgres', url });
  const schemaName = new URL(url).searchParams.get('schema') || 'public';
  const tracker = new AdapterTracker();

  const connectTo = async (dbUrl: string, options: { schema?: string }, extraDispose: () => Promise<void>): Promise<SqlDriverAdapter> => {
    const pool = migrationPool(dbUrl);
    const inner = withCharColumns(await new PrismaPg(pool, { schema: options.schema, disposeExternalPool: true }).connect());
    return tracker.track(
      wrapAdapter(inner, {
        async executeScript(script) {
          try {
            await pool.query(script); // no parameters → simple protocol, many statements allowed
          } catch (error) {
            throw toDriverAdapterError(error);
          }
        },
        async dispose() {
          try {
            await inner.dispose(); // ends the pool
          } finally {
            await extraDispose();
          }
        },
      }),
    );
  };

  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => connectTo(url, { schema: schemaName === 'public' ? undefined : schemaName }, async () => {}),
    async connectToShadowDb() {
      const name = `orderly_shadow_${Date.now().toString(36)}_${randomBytes(6).toString('hex')}`;
      try {
        await withAdminClient(url, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
      } catch (error) {
        throw new Error(`Could not create the shadow database ${name} (the database role needs CREATEDB): ${(error as Error).message}`, { cause: error });
      }
      log(`  shadow database ${name} created`);
      const drop = async () => {
        try {
          await withAdminClient(url, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
          log(`  shadow database ${name} dropped`);
        } catch (error) {
          log(`  WARNING: could not drop the shadow database ${name}: ${(error as Error).message}`);
          throw error;
        }
      };
      try {
        return await connectTo(databaseUrlFor(url, name), {}, drop);
      } catch (error) {
        await drop().catch(() => {});
        throw error;
      }
    },
  };

  // A plain pool for our own statements (reset) and reads (status): not handed to the engine.
  let ownPool: pg.Pool | undefined;
  const getOwnPool = () => (ownPool ??= migrationPool(url));

  return {
    factory,
    description,
    schemaName,
    async executeScript(sql) {
      await getOwnPool().query(sql);
    },
    async query<Row extends Record<string, unknown>>(sql: string) {
      return (await getOwnPool().query<Row>(sql)).rows;
    },
    async close() {
      const errors = await tracker.disposeAll();
      if (ownPool) await ownPool.end().catch((error: Error) => errors.push(error));
      if (errors.length > 0) {
        throw new Error(`Cleaning up after the migration failed: ${errors.map((e) => e.message).join('; ')}`);
      }
    },
  };
}

// ─── PGlite ─────────────────────────────────────────────────────────────────────────────────────

/**
 * A fresh empty in-memory PGlite for a shadow database. PGlite's own initialisation takes ~1.4 s
 * and the engine wants two shadow databases per diagnosis, so the first empty cluster is dumped
 * and later ones are loaded from that dump (~0.4 s). The dump (~40 MB) is dropped after a minute
 * without use.
 */
let emptyClusterDump: Promise<File | Blob> | undefined;
let dumpReleaseTimer: NodeJS.Timeout | undefined;

async function newEmptyPglite(): Promise<PGlite> {
  const { PGlite, extensions } = await loadPglite();
  clearTimeout(dumpReleaseTimer);
  dumpReleaseTimer = setTimeout(() => (emptyClusterDump = undefined), 60_000);
  dumpReleaseTimer.unref();
  if (emptyClusterDump) {
    try {
      const db = new PGlite({ loadDataDir: await emptyClusterDump, extensions });
      await db.waitReady;
      return db;
    } catch {
      emptyClusterDump = undefined; // fall back to a clean initialisation
    }
  }
  const db = new PGlite({ extensions });
  await db.waitReady;
  if (!emptyClusterDump) {
    const dump = db.dumpDataDir('none');
    emptyClusterDump = dump;
    dump.catch(() => {
      if (emptyClusterDump === dump) emptyClusterDump = undefined;
    });
    await dump.catch(() => {}); // dump before the engine touches the database
  }
  return db;
}

async function openPglite(pglite: PGlite, owned: boolean, description: string, log: (line: string) => void): Promise<MigrationConnection> {
  const tracker = new AdapterTracker();
  const { PrismaPGlite } = await loadPglite();

  const adapterFor = async (db: PGlite, extraDispose: () => Promise<void>): Promise<SqlDriverAdapter> => {
    const inner = await new PrismaPGlite(db).connect();
    return tracker.track(
      wrapAdapter(inner, {
        async executeScript(script) {
          try {
            await db.exec(script);
          } catch (error) {
            throw toDriverAdapterError(error);
          }
        },
        async dispose() {
          try {
            await inner.dispose();
          } finally {
            await extraDispose();
          }
        },
      }),
    );
  };

  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: 'postgres',
    adapterName: 'pglite-prisma-adapter',
    connect: () => adapterFor(pglite, async () => {}),
    async connectToShadowDb() {
      const shadow = await newEmptyPglite();
      log('  shadow database: in-memory PGlite');
      const close = async () => {
        if (!shadow.closed) await shadow.close();
      };
      try {
        return await adapterFor(shadow, close);
      } catch (error) {
        await close().catch(() => {});
        throw error;
      }
    },
  };

  return {
    factory,
    description,
    schemaName: 'public',
    async executeScript(sql) {
      await pglite.exec(sql);
    },
    async query<Row extends Record<string, unknown>>(sql: string) {
      return (await pglite.query<Row>(sql)).rows;
    },
    async close() {
      const errors = await tracker.disposeAll();
      if (owned && !pglite.closed) await pglite.close().catch((error: Error) => errors.push(error));
      // The engine's applyMigrations takes a session-level advisory lock and never releases it
      // (it relies on the connection closing). A PGlite instance we were given stays open, its
      // single session would keep the lock: release every level the engine stacked.
      if (!owned && !pglite.closed) {
        try {
          for (let i = 0; i < 1000; i++) {
            const { rows } = await pglite.query<{ released: boolean }>(`SELECT pg_advisory_unlock(${ENGINE_ADVISORY_LOCK_KEY}) AS released`);
            if (!rows[0]?.released) break;
          }
        } catch (error) {
          errors.push(error as Error);
        }
      }
      if (errors.length > 0) {
        throw new Error(`Cleaning up after the migration failed: ${errors.map((e) => e.message).join('; ')}`);
      }
    },
  };
}
