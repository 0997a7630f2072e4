// GET /ready: may a load balancer send this instance traffic? Yes when the database answers, every
// migration in the folder is applied, Redis answers (when REDIS_URL is set: live updates and the
// shared rate limit need it) and the process is not shutting down. /health stays the liveness probe.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import type * as IORedis from 'ioredis';
import { type Db, repoRoot } from '@orderly/schema';

const migrationsDir = path.join(repoRoot, 'packages/schema/prisma/migrations');

/** The migration folders shipped with this build (`<timestamp>_<name>/migration.sql`). */
export function shippedMigrations(dir = migrationsDir): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Shipped migrations the database has not finished applying, from Prisma's own bookkeeping table
 * (what `pnpm db:status` compares too; its drift check is left to that command). All of them when
 * the table does not exist yet.
 */
export async function pendingMigrations(db: Db, dir = migrationsDir): Promise<string[]> {
  const shipped = shippedMigrations(dir);
  const [{ present }] = await db.$queryRaw<{ present: boolean }[]>`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`;
  if (!present) return shipped;
  const applied = await db.$queryRaw<{ name: string }[]>`
    SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const done = new Set(applied.map((row) => row.name));
  return shipped.filter((name) => !done.has(name));
}

export interface Readiness {
  /** Set by the shutdown: the instance answers 503 so the balancer moves traffic elsewhere first. */
  draining: boolean;
  respond(res: ServerResponse): Promise<void>;
  close(): Promise<void>;
}

export function createReadiness(db: Db, redisUrl: string | undefined): Readiness {
  let migrationsApplied = false; // once true it stays true: nothing un-applies a migration
  let redis: IORedis.Redis | null = null;
  const redisClient = () => {
    if (!redis && redisUrl) {
      const { Redis } = createRequire(import.meta.url)('ioredis') as typeof IORedis;
      redis = new Redis(redisUrl, { connectionName: 'orderly-ready', lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 1000 });
      redis.on('error', () => {}); // reported through the probe, not as log noise every reconnect
    }
    return redis;
  };
  const readiness: Readiness = {
    draining: false,
    async respond(res) {
      const checks: Record<string, string> = {};
      try {
        await db.$queryRaw`SELECT 1`;
        checks.database = 'ok';
        if (!migrationsApplied) migrationsApplied = (await pendingMigrations(db)).length === 0;
        checks.migrations = migrationsApplied ? 'ok' : 'pending';
      } catch {
        checks.database = 'unavailable';
      }
      const client = redisClient();
      if (client) {
        try {
          if (client.status === 'wait') await client.connect();
          checks.redis = (await client.ping()) === 'PONG' ? 'ok' : 'unavailable';
        } catch {
          checks.redis = 'unavailable';
        }
      }
      if (readiness.draining) checks.shutdown = 'draining';
      const ready = Object.values(checks).every((value) => value === 'ok');
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ status: ready ? 'ready' : 'not ready', ...checks }));
    },
    async close() {
      await (redis as IORedis.Redis | null)?.quit().catch(() => {});
    },
  };
  return readiness;
}
