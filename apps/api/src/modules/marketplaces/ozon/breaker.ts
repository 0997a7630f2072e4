// A circuit breaker for Ozon's per-method blocks. After a burst of requests Ozon stops one method of
// an account for a few minutes and answers every call of it with "Circle is open" (its list of
// common errors); a method with its own limit answers 429 "…per minute". Calling on only extends
// the block and burns the jobs' attempts, so the breaker opens for that account and method: no call
// of it leaves any instance until `blockedUntil` (callers get OzonMethodBlockedError at once, and the
// jobs put themselves off until then instead of failing). After that the breaker is half-open: one
// instance claims the probe (a lease, so a probe that dies does not keep the others out) and calls;
// any answer from Ozon that is not a block closes it (the row is deleted), another block opens it
// again for twice as long (capped). No answer (5xx, timeout) releases the probe for the next caller.
//
// State is shared by every API instance in "OzonMethodBlock" (one row per open breaker) and read
// with one statement per call (the probe is claimed in the same statement). The clock is the
// caller's (injectable; blocks last minutes, so instances' clocks agree well enough).
import type { Db } from '@orderly/schema';
import { enqueueJob } from '../../jobs/enqueue.ts';
import type { OzonMethodBlockedError } from './client.ts';

export const breakerPolicy = {
  /** "Circle is open": Ozon says the method works again "within a few minutes". */
  blockMs: 3 * 60_000,
  /** A method's own per-minute limit: the rest of the minute. */
  minuteLimitMs: 60_000,
  /** Each block after a failed probe lasts twice as long, up to this. */
  maxBlockMs: 30 * 60_000,
  /** How long one instance's probe keeps the others waiting. */
  probeLeaseMs: 60_000,
};

export type BlockKind = 'circle' | 'minute';

/** Which answers are Ozon blocking a method (rather than failing one request). */
export function blockKindOf(status: number, message: string): BlockKind | null {
  if (/circle is open/i.test(message)) return 'circle';
  if (status === 429 && /per minute/i.test(message)) return 'minute';
  return null;
}

export interface BreakerState {
  method: string;
  /** OPEN: no calls until blockedUntil; HALF_OPEN: one probe may go (or is under way). */
  state: 'OPEN' | 'HALF_OPEN';
  blockedUntil: Date;
  /** When this run of blocks began. */
  since: Date;
  /** Blocks in a row (the period doubles with each). */
  opens: number;
  message: string;
}

export type BreakerCheck = { blockedUntil: null; probe: boolean } | { blockedUntil: Date; message: string; probe: false };

export interface OzonBreaker {
  /** Before a call of `method`: may it go, and is it the half-open probe? */
  check(method: string): Promise<BreakerCheck>;
  /** Ozon blocked `method`: opens the breaker (again: for longer); returns until when. */
  open(method: string, kind: BlockKind, message: string, retryAfterMs: number | null): Promise<Date>;
  /** The probe got Ozon's answer: closed. */
  close(method: string): Promise<void>;
  /** The probe got no answer: the next caller may probe. */
  release(method: string): Promise<void>;
}

const periodMs = (kind: BlockKind, opens: number, retryAfterMs: number | null) => {
  if (retryAfterMs !== null && retryAfterMs > 0) return Math.min(retryAfterMs, breakerPolicy.maxBlockMs);
  const base = kind === 'minute' ? breakerPolicy.minuteLimitMs : breakerPolicy.blockMs;
  return Math.min(base * 2 ** Math.max(0, opens - 1), breakerPolicy.maxBlockMs);
};

/** The breaker of one account, shared by every instance through the database. */
export class PostgresBreaker implements OzonBreaker {
  constructor(
    private readonly db: Pick<Db, '$queryRaw' | '$executeRaw'>,
    private readonly accountId: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async check(method: string): Promise<BreakerCheck> {
    const now = this.now();
    const lease = new Date(now.getTime() + breakerPolicy.probeLeaseMs);
    // One statement: the block (if any) as it was, and whether this call claimed the probe.
    const rows = await this.db.$queryRaw<{ blockedUntil: Date; probeUntil: Date | null; message: string; claimed: boolean }[]>`
      WITH claim AS (
        UPDATE "OzonMethodBlock" SET "probeUntil" = ${lease}
        WHERE "accountId" = ${this.accountId}::uuid AND method = ${method} AND "blockedUntil" <= ${now}
          AND ("probeUntil" IS NULL OR "probeUntil" <= ${now})
        RETURNING 1)
      SELECT b."blockedUntil", b."probeUntil", b.message, EXISTS (SELECT 1 FROM claim) AS claimed
      FROM "OzonMethodBlock" b WHERE b."accountId" = ${this.accountId}::uuid AND b.method = ${method}`;
    const row = rows[0];
    if (!row) return { blockedUntil: null, probe: false };
    if (row.claimed) return { blockedUntil: null, probe: true };
    // Open, or half-open with another instance's probe under way (until its lease ends).
    const until = row.blockedUntil > now ? row.blockedUntil : (row.probeUntil ?? lease);
    return { blockedUntil: until, message: row.message, probe: false };
  }

  async open(method: string, kind: BlockKind, message: string, retryAfterMs: number | null): Promise<Date> {
    const now = this.now();
    const text = message.slice(0, 200);
    // A block seen while the breaker is already open (other calls in flight) keeps the period; a
    // block after it ended (the probe) doubles it.
    const [current] = await this.db.$queryRaw<{ opens: number; blockedUntil: Date }[]>`
      SELECT opens, "blockedUntil" FROM "OzonMethodBlock" WHERE "accountId" = ${this.accountId}::uuid AND method = ${method}`;
    if (current && current.blockedUntil > now) return current.blockedUntil;
    const opens = (current?.opens ?? 0) + 1;
    const until = new Date(now.getTime() + periodMs(kind, opens, retryAfterMs));
    const [row] = await this.db.$queryRaw<{ blockedUntil: Date }[]>`
      INSERT INTO "OzonMethodBlock" ("accountId", method, "blockedUntil", "probeUntil", opens, message, "openedAt")
      VALUES (${this.accountId}::uuid, ${method}, ${until}, NULL, ${opens}, ${text}, ${now})
      ON CONFLICT ("accountId", method) DO UPDATE SET
        "blockedUntil" = greatest("OzonMethodBlock"."blockedUntil", EXCLUDED."blockedUntil"),
        "probeUntil" = NULL, opens = greatest("OzonMethodBlock".opens, EXCLUDED.opens), message = EXCLUDED.message
      RETURNING "blockedUntil"`;
    return row!.blockedUntil;
  }

  async close(method: string): Promise<void> {
    await this.db.$executeRaw`DELETE FROM "OzonMethodBlock" WHERE "accountId" = ${this.accountId}::uuid AND method = ${method}`;
  }

  async release(method: string): Promise<void> {
    await this.db.$executeRaw`UPDATE "OzonMethodBlock" SET "probeUntil" = NULL WHERE "accountId" = ${this.accountId}::uuid AND method = ${method}`;
  }
}

/** This process only (a client given no database). */
export class MemoryBreaker implements OzonBreaker {
  private readonly blocks = new Map<string, { blockedUntil: number; probeUntil: number | null; opens: number; message: string }>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async check(method: string): Promise<BreakerCheck> {
    const block = this.blocks.get(method);
    const now = this.now().getTime();
    if (!block) return { blockedUntil: null, probe: false };
    if (block.blockedUntil <= now && (block.probeUntil === null || block.probeUntil <= now)) {
      block.probeUntil = now + breakerPolicy.probeLeaseMs;
      return { blockedUntil: null, probe: true };
    }
    return { blockedUntil: new Date(block.blockedUntil > now ? block.blockedUntil : block.probeUntil!), message: block.message, probe: false };
  }

  async open(method: string, kind: BlockKind, message: string, retryAfterMs: number | null): Promise<Date> {
    const now = this.now().getTime();
    const block = this.blocks.get(method);
    if (block && block.blockedUntil > now) return new Date(block.blockedUntil);
    const opens = (block?.opens ?? 0) + 1;
    const next = { blockedUntil: now + periodMs(kind, opens, retryAfterMs), probeUntil: null, opens, message: message.slice(0, 200) };
    this.blocks.set(method, next);
    return new Date(next.blockedUntil);
  }

  async close(method: string): Promise<void> {
    this.blocks.delete(method);
  }

  async release(method: string): Promise<void> {
    const block = this.blocks.get(method);
    if (block) block.probeUntil = null;
  }
}

/** The account's open breakers for the health view: which methods are blocked, until when. */
export async function methodBlocks(db: Pick<Db, '$queryRaw'>, accountId: string, now = new Date()): Promise<BreakerState[]> {
  const rows = await db.$queryRaw<{ method: string; blockedUntil: Date; openedAt: Date; opens: number; message: string }[]>`
    SELECT method, "blockedUntil", "openedAt", opens, message FROM "OzonMethodBlock"
    WHERE "accountId" = ${accountId}::uuid ORDER BY "blockedUntil" DESC, method`;
  return rows.map((r) => ({
    method: r.method,
    state: r.blockedUntil > now ? 'OPEN' : 'HALF_OPEN',
    blockedUntil: r.blockedUntil,
    since: r.openedAt,
    opens: r.opens,
    message: r.message,
  }));
}

/**
 * A job whose Ozon method is blocked puts itself off instead of failing: the same task and key,
 * due when the block ends (plus a little jitter so the instances' jobs do not all probe at once).
 * The running job then ends successfully, its attempts untouched.
 */
export async function rescheduleWhileBlocked(db: Db, error: OzonMethodBlockedError, task: string, payload: Record<string, unknown>, jobKey: string): Promise<Date> {
  const runAt = new Date(error.until.getTime() + Math.floor(Math.random() * 5_000));
  await enqueueJob(db, task, { payload, runAt, jobKey });
  return runAt;
}
