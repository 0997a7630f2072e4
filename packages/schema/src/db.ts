import fs from 'node:fs';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from './generated/prisma/client.ts';
import { type DatabaseTarget, resolveDatabaseTarget } from './config.ts';

// The drivers and the migration runner are imported when they are needed, not with this module: a
// server on PostgreSQL never loads PGlite (its WebAssembly build and extensions), one on PGlite never
// loads pg, and the schema engine stays out of a process that migrates elsewhere (main.ts on
// PostgreSQL migrates in a worker thread). Idle memory of the API process (issue 11).
const deployMigrations: typeof import('./migrate/index.ts').deployMigrations = async (...args) => (await import('./migrate/index.ts')).deployMigrations(...args);

export interface Database {
  prisma: PrismaClient;
  target: DatabaseTarget;
  /** Closes Prisma and, for PGlite, the embedded database itself ($disconnect alone does not). */
  close(): Promise<void>;
  /** The PostgreSQL connection pool right now (for /metrics); null on PGlite, which has no pool. */
  poolUsage(): PoolUsage | null;
}

export interface PoolUsage {
  /** Connections open (idle or lent out). */
  total: number;
  idle: number;
  /** Queries queued for a connection. */
  waiting: number;
  max: number;
}

export interface OpenDatabaseOptions {
  /** Defaults to DATABASE_URL (see resolveDatabaseTarget). */
  target?: DatabaseTarget;
  /** Deploy pending migrations before returning (the server does this at boot). */
  migrate?: boolean;
  /** Connection pool size for PostgreSQL. */
  poolSize?: number;
  /** Called with every SQL statement Prisma sends (tests count them to catch N+1). */
  onQuery?: (sql: string) => void;
  log?: (line: string) => void;
}

/** The one database client factory: PGlite (embedded, the default) or PostgreSQL. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const target = options.target ?? resolveDatabaseTarget();
  const log = options.log ?? (() => {});
  let adapter: SqlDriverAdapterFactory;
  let closeDriver: () => Promise<void> = async () => {};
  let poolUsage: () => PoolUsage | null = () => null;

  if (target.kind === 'pglite') {
    if (target.dataDir) fs.mkdirSync(target.dataDir, { recursive: true });
    const { PGlite, PrismaPGlite, extensions } = await (await import('./pglite.ts')).loadPglite();
    const pglite = await PGlite.create(target.dataDir ?? undefined, { extensions });
    closeDriver = () => pglite.close();
    try {
      if (options.migrate) await deployMigrations({ kind: 'pglite-instance', pglite }, { log });
    } catch (error) {
      await pglite.close();
      throw error;
    }
    adapter = new PrismaPGlite(pglite);
  } else {
    if (options.migrate) await deployMigrations(target, { log });
    const [{ PrismaPg }, { default: pg }] = await Promise.all([import('@prisma/adapter-pg'), import('pg')]);
    // Our own pool (the adapter ends it on $disconnect) so /metrics can read its usage.
    const max = options.poolSize ?? 10;
    const pool = new pg.Pool({ connectionString: target.url, max });
    poolUsage = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max });
    adapter = new PrismaPg(pool, { disposeExternalPool: true });
  }

  // Prisma's defaults (2 s to get a connection, 5 s to finish) fail a transaction with P2028 when a
  // burst (a shift's handhelds signing in, a pack station's retries) queues behind a busy pool on a
  // loaded machine; waiting longer is what the caller wants. The timeout still ends a stuck one.
  const transactionOptions = { maxWait: 10_000, timeout: 30_000 };
  const prisma = new PrismaClient({ adapter, transactionOptions, ...(options.onQuery ? { log: [{ emit: 'event' as const, level: 'query' as const }] } : {}) });
  if (options.onQuery) {
    const onQuery = options.onQuery;
    (prisma as unknown as { $on(e: 'query', cb: (ev: { query: string }) => void): void }).$on('query', (e) => onQuery(e.query));
  }

  return {
    prisma,
    target,
    async close() {
      await prisma.$disconnect();
      await closeDriver();
    },
    poolUsage,
  };
}

export type Db = PrismaClient;
