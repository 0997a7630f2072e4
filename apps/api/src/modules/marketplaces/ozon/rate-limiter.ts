// The client-side limit of Ozon's Seller API: about 50 requests a second per Client-Id — the
// account's budget, shared by every API instance that calls Ozon for it. The limiter spaces the
// account's calls 1/rate apart: each call reserves the next free slot of its key in one atomic
// statement on PostgreSQL ("OutboundRateLimit": next = max(clock, next) + spacing, on the
// database's clock, so instances whose clocks disagree still share one timeline) and waits for it.
// Strict spacing, no burst: any one-second window, however aligned with Ozon's, holds at most
// `rate` slots. A slot reserved by a process that then dies is simply unused. On PGlite (one
// process) the same statement works; `MemoryRateLimiter` serves a client given no database.
import type { Db } from '@orderly/schema';

export interface RateLimitSlot {
  /** When the slot begins (microseconds since the epoch, on the limiter's clock). */
  atUs: number;
  /** How long the caller waited for it (ms). */
  waitedMs: number;
}

export interface OzonRateLimiter {
  /** Waits for the next slot of `key` at `perSecond` calls a second. */
  take(key: string, perSecond: number, sleep: (ms: number) => Promise<void>): Promise<RateLimitSlot>;
}

const spacingUs = (perSecond: number) => {
  if (!(Number.isFinite(perSecond) && perSecond > 0)) throw new Error('rate limit: calls per second must be a positive number');
  return Math.ceil(1_000_000 / perSecond);
};

/** The limiter shared by every process on the database. */
export class PostgresRateLimiter implements OzonRateLimiter {
  constructor(private readonly db: Pick<Db, '$queryRaw'>) {}

  async take(key: string, perSecond: number, sleep: (ms: number) => Promise<void>): Promise<RateLimitSlot> {
    const step = spacingUs(perSecond);
    const [slot] = await this.db.$queryRaw<{ atUs: number; waitMs: number }[]>`
      INSERT INTO "OutboundRateLimit" AS r (key, "nextAt") VALUES (${key}, clock_timestamp() + ${step}::int * interval '1 microsecond')
      ON CONFLICT (key) DO UPDATE SET "nextAt" = greatest(clock_timestamp(), r."nextAt") + ${step}::int * interval '1 microsecond'
      RETURNING (extract(epoch FROM r."nextAt") * 1000000)::float8 - ${step}::int AS "atUs",
        greatest(0, extract(epoch FROM r."nextAt" - clock_timestamp()) * 1000 - ${step}::int / 1000.0)::float8 AS "waitMs"`;
    const waitedMs = Math.max(0, Number(slot!.waitMs));
    if (waitedMs >= 1) await sleep(waitedMs);
    return { atUs: Number(slot!.atUs), waitedMs };
  }

  /**
   * Like `take`, but only when the next slot begins within `maxWaitMs`; otherwise nothing is
   * reserved and null is returned (the caller leaves the work for a later run instead of sleeping).
   */
  async tryTake(key: string, perSecond: number, maxWaitMs: number, sleep: (ms: number) => Promise<void>): Promise<RateLimitSlot | null> {
    const step = spacingUs(perSecond);
    const horizon = Math.max(0, Math.round(maxWaitMs * 1000));
    const [slot] = await this.db.$queryRaw<{ atUs: number; waitMs: number }[]>`
      INSERT INTO "OutboundRateLimit" AS r (key, "nextAt") VALUES (${key}, clock_timestamp() + ${step}::int * interval '1 microsecond')
      ON CONFLICT (key) DO UPDATE SET "nextAt" = greatest(clock_timestamp(), r."nextAt") + ${step}::int * interval '1 microsecond'
        WHERE r."nextAt" <= clock_timestamp() + ${horizon}::bigint * interval '1 microsecond'
      RETURNING (extract(epoch FROM r."nextAt") * 1000000)::float8 - ${step}::int AS "atUs",
        greatest(0, extract(epoch FROM r."nextAt" - clock_timestamp()) * 1000 - ${step}::int / 1000.0)::float8 AS "waitMs"`;
    if (!slot) return null;
    const waitedMs = Math.max(0, Number(slot.waitMs));
    if (waitedMs >= 1) await sleep(waitedMs);
    return { atUs: Number(slot.atUs), waitedMs };
  }
}

/** This process only (a client given no database: scripts, unit tests of the client). */
export class MemoryRateLimiter implements OzonRateLimiter {
  private readonly next = new Map<string, number>();

  async take(key: string, perSecond: number, sleep: (ms: number) => Promise<void>): Promise<RateLimitSlot> {
    const step = spacingUs(perSecond);
    const now = Date.now() * 1000;
    const at = Math.max(now, this.next.get(key) ?? 0);
    this.next.set(key, at + step);
    const waitedMs = (at - now) / 1000;
    if (waitedMs >= 1) await sleep(waitedMs);
    return { atUs: at, waitedMs };
  }
}

/** The process's fallback limiter (clients without a database share it). */
export const memoryRateLimiter = new MemoryRateLimiter();
