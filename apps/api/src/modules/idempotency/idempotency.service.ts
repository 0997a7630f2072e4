import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '@orderly/schema';
import type { Tx } from '../../core/transaction.ts';
import { DomainError, userError } from '../../core/errors.ts';
import { config } from '../../core/config.ts';

/** Keys are kept at least this long (Stripe keeps 24 h; handhelds may replay after a night offline). */
export const idempotencyTtlMs = config.IDEMPOTENCY_TTL_HOURS * 3_600_000;

/** Stable JSON (sorted keys) so the same input always hashes the same. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

export const requestHash = (input: unknown) => createHash('sha256').update(canonical(input)).digest('hex');

export interface IdempotencyOptions {
  /** Who and what: `<actor>:<operation>`; the same key from another caller or operation is a different key. */
  scope: string;
  key: string | null | undefined;
  input: unknown;
}

/**
 * Runs `work` in one transaction together with the idempotency record, so the effect and the
 * stored result commit or vanish together. A repeat with the same key and input returns the
 * stored result without running `work` (a concurrent repeat waits for the first to commit);
 * the same key with different input is refused. Results must be JSON-serialisable.
 * Work that throws (including DomainError) stores nothing, so a retry runs again.
 */
/** PostgreSQL chose this transaction as a deadlock victim (or a serialisation failure): safe to run again. */
function isRetryableConflict(error: unknown): boolean {
  const e = error as { code?: string; meta?: { code?: string }; message?: string };
  return e?.code === 'P2034' || e?.meta?.code === '40P01' || e?.meta?.code === '40001' || /deadlock detected|could not serialize/i.test(e?.message ?? '');
}

/** Runs a transaction, retrying it a few times when the database aborted it for a lock conflict. */
async function transactionWithRetry<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(work, { maxWait: 30_000, timeout: 60_000 });
    } catch (error) {
      if (attempt >= 3 || !isRetryableConflict(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
    }
  }
}

export async function runIdempotent<T>(db: Db, options: IdempotencyOptions, work: (tx: Tx) => Promise<T>): Promise<T> {
  const { key, scope } = options;
  if (!key) return transactionWithRetry(db, work);
  const hash = requestHash(options.input);

  return transactionWithRetry(db, async (tx) => {
    const now = new Date();
    // One statement claims the key, or takes over a claim whose time is up. ON CONFLICT blocks while
    // another transaction holds the same key, then claims nothing (that row is kept, and locked).
    const claimed = await tx.$queryRaw<unknown[]>`
      INSERT INTO "IdempotencyRecord" (id, scope, key, "requestHash", "createdAt", "expiresAt")
      VALUES (${randomUUID()}::uuid, ${scope}, ${key}, ${hash}, ${now}::timestamptz, ${new Date(now.getTime() + idempotencyTtlMs)}::timestamptz)
      ON CONFLICT (scope, key) DO UPDATE
        SET "requestHash" = EXCLUDED."requestHash", response = NULL, "createdAt" = EXCLUDED."createdAt", "expiresAt" = EXCLUDED."expiresAt"
        WHERE "IdempotencyRecord"."expiresAt" <= EXCLUDED."createdAt"
      RETURNING 1 AS claimed`;
    if (claimed.length === 0) {
      const existing = await tx.idempotencyRecord.findUniqueOrThrow({ where: { scope_key: { scope, key } } });
      if (existing.requestHash !== hash) {
        throw new DomainError(userError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was already used with a different request', ['idempotencyKey']));
      }
      return existing.response as T;
    }
    const result = await work(tx);
    await tx.$executeRaw`UPDATE "IdempotencyRecord" SET response = ${JSON.stringify(result ?? null)}::jsonb WHERE scope = ${scope} AND key = ${key}`;
    return result;
  });
}

/** Housekeeping: forget expired keys. */
export function purgeExpiredIdempotencyRecords(db: Db, now = new Date()) {
  return db.idempotencyRecord.deleteMany({ where: { expiresAt: { lte: now } } });
}
