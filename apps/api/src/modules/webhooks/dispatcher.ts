// The webhook dispatcher, run by the job mechanism (the `webhooks.dispatch` job, see
// createWebhookDispatcher at the end) in every API process with a job worker; safe to run in several at once.
// All its state is in the database, so nothing is lost when a process stops (at-least-once):
//  1. fan-out: each outbox event not yet fanned out (webhooksFannedOutAt IS NULL, claimed with
//     FOR UPDATE SKIP LOCKED) becomes one WebhookDelivery per matching active subscription
//     (unique per subscription + event, so a delivery is never created twice), and is marked;
//  2. delivery: a pool of `concurrency` slots per process. Whenever a slot frees up it claims due
//     deliveries for the free slots only, round-robin over subscriptions and at most
//     `perSubscription` in flight per subscription over all processes, so a slow or hanging
//     receiver only ever holds its own few slots. A claim takes a lease (leaseUntil, fenced by the
//     attempt number); the lease is re-checked and renewed right before the request and nobody
//     sends on a lease that ran out. 2xx → SUCCEEDED (and the subscription's deliveries waiting
//     after "receiver unavailable" failures are brought forward); otherwise the next attempt is
//     scheduled with backoff and jitter, FAILED after the last one. A process that dies mid-attempt
//     leaves the lease to expire and another one retries.
// Fan-out never waits for deliveries: new events are turned into deliveries while slow attempts run.
import type { Db, Prisma } from '@orderly/schema';
import { permissionsForScopes } from '../auth/permissions.ts';
import { eventTypes, isEventType, publicEventData } from './event-types.ts';
import { postWebhook, type AttemptOutcome } from './sender.ts';
import { signatureHeader, signatureHeaderValue } from './signing.ts';
import { openWebhookSecret } from './webhooks.service.ts';
import { type UrlPolicy, urlPolicyFromEnv } from './url-policy.ts';
import { type Config, config } from '../../core/config.ts';
import { logLines } from '../../core/observability/logger.ts';

export interface DispatcherOptions {
  /** The dispatcher's clock (tests pass their own). */
  now: () => Date;
  /** How long to wait for an answer. */
  timeoutMs: number;
  /** Wait after the 1st, 2nd, … failed attempt; after the last one the delivery is FAILED. */
  retryScheduleMs: readonly number[];
  /** ±fraction of random jitter on each wait (0.2 = ±20 %), so receivers coming back are not hit all at once. */
  jitter: number;
  /** Attempts in flight at once in one process (its slots). */
  concurrency: number;
  /** Attempts in flight at once for one subscription, over all processes: what a slow receiver can hold. */
  perSubscription: number;
  /** How much longer than the timeout a lease lasts (renewed right before each request): room to record the outcome, and for clock differences between instances. */
  leaseMarginMs: number;
  /** Outbox events fanned out per transaction. */
  batchSize: number;
  policy: UrlPolicy;
  log: (line: string) => void;
}

/** "1m,5m,30m,2h" → milliseconds (plain numbers are seconds). */
export function parseSchedule(text: string): number[] {
  const units: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return text
    .split(',')
    .map((part) => /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/.exec(part))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => Math.round(Number(m[1]) * units[m[2] || 's']));
}

/** 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h: 8 attempts over about 45 hours. */
export const defaultRetrySchedule = '1m,5m,30m,2h,6h,12h,24h';

/** The dispatcher's settings from the process configuration (core/config.ts). */
export function dispatcherOptionsFromEnv(settings: Config = config): DispatcherOptions {
  const schedule = parseSchedule(settings.WEBHOOK_RETRY_SCHEDULE);
  return {
    now: () => new Date(),
    timeoutMs: settings.WEBHOOK_TIMEOUT_SECONDS * 1000,
    retryScheduleMs: schedule.length ? schedule : parseSchedule(defaultRetrySchedule),
    jitter: 0.2,
    concurrency: settings.WEBHOOK_CONCURRENCY,
    perSubscription: settings.WEBHOOK_CONCURRENCY_PER_SUBSCRIPTION,
    leaseMarginMs: 60_000,
    batchSize: 100,
    policy: urlPolicyFromEnv(settings),
    log: logLines('webhooks'),
  };
}

const withDefaults = (options: Partial<DispatcherOptions>): DispatcherOptions => ({ ...dispatcherOptionsFromEnv(), ...options });

/** Attempts a delivery gets before it is FAILED: the first one plus one per scheduled retry. */
export const maxAttempts = (options: Pick<DispatcherOptions, 'retryScheduleMs'>) => options.retryScheduleMs.length + 1;

/** The wait after failed attempt number `attempt` (1-based), with jitter. */
export function backoffMs(attempt: number, options: Pick<DispatcherOptions, 'retryScheduleMs' | 'jitter'>, random = Math.random): number {
  const schedule = options.retryScheduleMs;
  const base = schedule[Math.min(Math.max(attempt, 1), schedule.length) - 1] ?? 60_000;
  return Math.max(0, Math.round(base * (1 + options.jitter * (2 * random() - 1))));
}

// ─── 1. Fan-out ─────────────────────────────────────────────────────────────────────────────────

/**
 * Turns not-yet-fanned-out outbox events into deliveries for the active subscriptions that want
 * them: the subscription lists the type, existed when the event happened, and its key (not
 * revoked) may read that kind of data. Every event gets marked, also those no webhook carries
 * (buyer notifications keep their own marker, `dispatchedAt`, which this never touches).
 * Returns the number of deliveries created.
 */
export async function fanOutWebhookEvents(db: Db, options: Partial<DispatcherOptions> = {}): Promise<number> {
  const { now, batchSize } = withDefaults(options);
  let created = 0;
  for (;;) {
    const round = await db.$transaction(
      async (tx) => {
        const events = await tx.$queryRaw<{ id: string; type: string; createdAt: Date }[]>`
          SELECT id::text AS id, type, "createdAt" FROM "OutboxEvent"
          WHERE "webhooksFannedOutAt" IS NULL
          ORDER BY "createdAt" LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`;
        if (!events.length) return null;
        const types = [...new Set(events.map((e) => e.type).filter(isEventType))];
        const subscriptions = types.length
          ? await tx.webhookSubscription.findMany({
              where: { active: true, eventTypes: { hasSome: types }, apiKey: { revokedAt: null } },
              select: { id: true, eventTypes: true, createdAt: true, apiKey: { select: { scopes: true } } },
            })
          : [];
        const rows: Prisma.WebhookDeliveryCreateManyInput[] = [];
        const at = now();
        for (const event of events) {
          if (!isEventType(event.type)) continue;
          const needs = eventTypes[event.type].permission;
          for (const s of subscriptions) {
            if (!s.eventTypes.includes(event.type) || s.createdAt > event.createdAt) continue;
            if (!permissionsForScopes(s.apiKey.scopes).has(needs)) continue;
            rows.push({ subscriptionId: s.id, eventId: event.id, nextAttemptAt: at });
          }
        }
        const inserted = rows.length ? (await tx.webhookDelivery.createMany({ data: rows, skipDuplicates: true })).count : 0;
        await tx.outboxEvent.updateMany({ where: { id: { in: events.map((e) => e.id) } }, data: { webhooksFannedOutAt: at } });
        return { events: events.length, inserted };
      },
      { maxWait: 10_000, timeout: 30_000 },
    );
    if (!round) break;
    created += round.inserted;
    if (round.events < batchSize) break;
  }
  return created;
}

// ─── 2. Delivery ────────────────────────────────────────────────────────────────────────────────

export interface Claimed {
  id: string;
  subscriptionId: string;
  /** This attempt's number, and the lease's fencing token (a later claim increments it). */
  attempts: number;
  manualAttempt: boolean;
}

const leaseEnd = (at: Date, options: DispatcherOptions) => new Date(at.getTime() + options.timeoutMs + options.leaseMarginMs);

/**
 * Leases up to `limit` due deliveries in one statement. Subscriptions are locked (SKIP LOCKED) for
 * the statement, so concurrent claimers never both fill the same subscription's in-flight quota;
 * each subscription gets at most `perSubscription` minus what is already in flight, and the
 * subscriptions take turns (first due of each, then second of each, …). `contended`: a
 * subscription with due work was being claimed by another instance just then (try again shortly:
 * that claim could not see work committed after it started).
 */
export async function claimDeliveries(db: Db, options: DispatcherOptions, limit: number): Promise<{ claimed: Claimed[]; contended: boolean }> {
  if (limit <= 0) return { claimed: [], contended: false };
  const at = options.now();
  const rows = await db.$queryRaw<(Claimed | { id: null })[]>`
    WITH candidates AS (
      SELECT s.id FROM "WebhookSubscription" s
      JOIN "ApiKey" k ON k.id = s."apiKeyId"
      WHERE s.active AND k."revokedAt" IS NULL AND EXISTS (
        SELECT 1 FROM "WebhookDelivery" w
        WHERE w."subscriptionId" = s.id AND w.status = 'PENDING' AND w."nextAttemptAt" <= ${at}
          AND (w."leaseUntil" IS NULL OR w."leaseUntil" <= ${at}))
    ), subscriptions AS (
      SELECT s.id FROM "WebhookSubscription" s
      WHERE s.id IN (SELECT id FROM candidates) AND s.active
      FOR NO KEY UPDATE SKIP LOCKED
    ), picked AS (
      SELECT due.id FROM subscriptions s
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS n FROM "WebhookDelivery" f
        WHERE f."subscriptionId" = s.id AND f.status = 'PENDING' AND f."leaseUntil" > ${at}) busy
      CROSS JOIN LATERAL (
        SELECT w.id, w."nextAttemptAt", row_number() OVER (ORDER BY w."nextAttemptAt", w.id) AS turn
        FROM "WebhookDelivery" w
        WHERE w."subscriptionId" = s.id AND w.status = 'PENDING' AND w."nextAttemptAt" <= ${at}
          AND (w."leaseUntil" IS NULL OR w."leaseUntil" <= ${at})
        ORDER BY w."nextAttemptAt", w.id
        LIMIT greatest(${options.perSubscription}::int - busy.n, 0)) due
      ORDER BY due.turn, due."nextAttemptAt"
      LIMIT ${limit}::int
    ), claimed AS (
      UPDATE "WebhookDelivery" d
      SET attempts = d.attempts + 1, "leaseUntil" = ${leaseEnd(at, options)}, "lastAttemptAt" = ${at}
      FROM picked
      WHERE d.id = picked.id AND d.status = 'PENDING' AND (d."leaseUntil" IS NULL OR d."leaseUntil" <= ${at})
      RETURNING d.id, d."subscriptionId", d.attempts, d."manualAttempt")
    SELECT id::text AS id, "subscriptionId"::text AS "subscriptionId", attempts, "manualAttempt" FROM claimed
    UNION ALL
    SELECT NULL, NULL, NULL, NULL WHERE (SELECT count(*) FROM subscriptions) < (SELECT count(*) FROM candidates)`;
  const claimed = rows.filter((r): r is Claimed => r.id !== null);
  return { claimed, contended: claimed.length < rows.length };
}

export interface DeliveryRound {
  attempted: number;
  succeeded: number;
  failed: number;
  /** Successes after the delivery had already succeeded through another attempt (see WebhookDeliveryAttempt.duplicate). */
  duplicates: number;
}

/** The exact request body of a delivery (the same on every attempt). */
export function webhookBody(event: { id: string; type: string; createdAt: Date; payload: unknown }): string {
  return JSON.stringify({ id: event.id, type: event.type, createdAt: event.createdAt.toISOString(), data: publicEventData(event.payload) });
}

/**
 * Sends one claimed delivery and records the outcome. Returns null, sending nothing, when the
 * lease is no longer ours (it ran out and another dispatcher may have taken the delivery over).
 */
export async function attemptDelivery(db: Db, claimed: Claimed, options: DispatcherOptions): Promise<{ outcome: AttemptOutcome; duplicate: boolean } | null> {
  const delivery = await db.webhookDelivery.findUnique({
    where: { id: claimed.id },
    select: {
      id: true,
      event: { select: { id: true, type: true, createdAt: true, payload: true } },
      subscription: { select: { id: true, url: true, secretSealed: true } },
    },
  });
  if (!delivery) return null;
  const startedAt = options.now();
  // The last step before the request: still our lease (nobody claimed it since, not expired)? Renew it for the whole request.
  const renewed = await db.webhookDelivery.updateMany({
    where: { id: claimed.id, attempts: claimed.attempts, status: 'PENDING', leaseUntil: { gt: startedAt } },
    data: { leaseUntil: leaseEnd(startedAt, options) },
  });
  if (renewed.count !== 1) {
    options.log(`delivery ${claimed.id}: lease lost before attempt ${claimed.attempts}, not sent`);
    return null;
  }
  const timestamp = Math.floor(startedAt.getTime() / 1000);
  const body = webhookBody(delivery.event);
  const secret = openWebhookSecret(delivery.subscription);
  const signature = signatureHeaderValue(secret, timestamp, body);
  const outcome = await postWebhook(
    delivery.subscription.url,
    body,
    {
      'x-orderly-event-id': delivery.event.id,
      'x-orderly-event-type': delivery.event.type,
      'x-orderly-delivery-id': delivery.id,
      'x-orderly-attempt': String(claimed.attempts),
      'x-orderly-timestamp': String(timestamp),
      [signatureHeader]: signature,
    },
    { timeoutMs: options.timeoutMs, policy: options.policy, redact: [secret, signature] },
  );
  const duplicate = await recordOutcome(db, claimed, startedAt, outcome, options);
  return { outcome, duplicate };
}

/** Records the attempt; returns whether it was a duplicate success. */
async function recordOutcome(db: Db, claimed: Claimed, startedAt: Date, outcome: AttemptOutcome, options: DispatcherOptions): Promise<boolean> {
  const finished = options.now();
  return db.$transaction(async (tx) => {
    // Row lock: two attempts finishing at once (a lease lost mid-request) agree on which success counts.
    const [current] = await tx.$queryRaw<{ status: string; attempts: number }[]>`
      SELECT status::text AS status, attempts FROM "WebhookDelivery" WHERE id = ${claimed.id}::uuid FOR UPDATE`;
    const duplicate = outcome.succeeded && current?.status === 'SUCCEEDED';
    await tx.webhookDeliveryAttempt.create({
      data: {
        deliveryId: claimed.id,
        number: claimed.attempts,
        manual: claimed.manualAttempt,
        startedAt,
        durationMs: outcome.durationMs,
        statusCode: outcome.statusCode,
        succeeded: outcome.succeeded,
        duplicate,
        error: outcome.error,
        responseSnippet: outcome.responseSnippet,
      },
    });
    if (!current || duplicate) return duplicate;
    const last = { lastStatusCode: outcome.statusCode, lastError: outcome.error, lastDurationMs: outcome.durationMs, manualAttempt: false, leaseUntil: null };
    if (outcome.succeeded) {
      await tx.webhookDelivery.update({ where: { id: claimed.id }, data: { ...last, status: 'SUCCEEDED', deliveredAt: finished } });
      // The receiver is back: its deliveries that failed before this attempt started because it was
      // unavailable (no answer, 408, 429, 5xx — not a 4xx refusing that one event) go now, not
      // after their backoff.
      // (Rows another success is moving right now are skipped: it moves them.)
      await tx.$executeRaw`
        UPDATE "WebhookDelivery" SET "nextAttemptAt" = ${finished}
        WHERE id IN (
          SELECT id FROM "WebhookDelivery"
          WHERE "subscriptionId" = ${claimed.subscriptionId}::uuid AND status = 'PENDING' AND "nextAttemptAt" > ${finished}
            AND "lastAttemptAt" < ${startedAt} AND ("lastStatusCode" IS NULL OR "lastStatusCode" IN (408, 429) OR "lastStatusCode" >= 500)
          FOR UPDATE SKIP LOCKED)`;
      return false;
    }
    // Only the attempt that still holds the lease decides what happens next (a stale one just logs).
    if (current.status !== 'PENDING' || current.attempts !== claimed.attempts) return false;
    const exhausted = claimed.manualAttempt || claimed.attempts >= maxAttempts(options);
    await tx.webhookDelivery.update({
      where: { id: claimed.id },
      data: exhausted ? { ...last, status: 'FAILED' } : { ...last, nextAttemptAt: new Date(finished.getTime() + backoffMs(claimed.attempts, options)) },
    });
    return false;
  });
}

const contentionRetryMs = 25;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The delivery slots of one process: claims work only for free slots and only when it can start
 * it, and claims again as each attempt ends (no batch to wait for). It has no timer of its own:
 * whoever drives it (a `webhooks.dispatch` job, or `deliverDueWebhooks`) waits for it.
 */
class DeliveryPool {
  private readonly inFlight = new Set<Promise<void>>();
  private filling: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /** The last claim left slots free while another instance was claiming: look again shortly. */
  contended = false;
  counts: DeliveryRound = { attempted: 0, succeeded: 0, failed: 0, duplicates: 0 };

  constructor(
    private readonly db: Db,
    private readonly options: DispatcherOptions,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Attempts in flight. */
  get busy() {
    return this.inFlight.size > 0;
  }

  /** Resolves when one of the attempts in flight ends (at once when none is). */
  settled(): Promise<unknown> {
    return this.inFlight.size ? Promise.race(this.inFlight) : Promise.resolve();
  }

  /** Claims due deliveries for the free slots and starts them (single-flight; a call meanwhile claims again after). */
  fill(): Promise<void> {
    if (this.filling) {
      this.again = true;
      return this.filling;
    }
    this.filling = (async () => {
      do {
        this.again = false;
        if (this.stopped) return;
        const free = this.options.concurrency - this.inFlight.size;
        const { claimed, contended } = await claimDeliveries(this.db, this.options, free);
        for (const c of claimed) this.start(c);
        this.contended = contended && claimed.length < free;
      } while (this.again);
    })().finally(() => {
      this.filling = null;
    });
    return this.filling;
  }

  private start(claimed: Claimed) {
    const task = attemptDelivery(this.db, claimed, this.options)
      .then((result) => {
        if (!result) return;
        this.counts.attempted++;
        if (result.duplicate) this.counts.duplicates++;
        else if (result.outcome.succeeded) this.counts.succeeded++;
        else this.counts.failed++;
      })
      .catch((error: Error) => {
        // Recording failed (database gone?): the lease expires and the delivery is retried.
        this.options.log(`delivery ${claimed.id} could not be recorded: ${error.message}`);
      })
      .finally(() => {
        this.inFlight.delete(task);
        this.fill().catch(this.onError);
      });
    this.inFlight.add(task);
  }

  /**
   * Until nothing is due and nothing in flight, or `until()` says stop (a deadline, a request to
   * fan out again); `wake` cuts a wait short. Returns whether it stopped with work left.
   */
  async drain(until: () => boolean = () => false, wake?: () => Promise<void>): Promise<boolean> {
    for (;;) {
      await this.fill();
      if (!this.busy && !this.contended) return false;
      if (until()) return true;
      await Promise.race([this.busy ? this.settled() : sleep(contentionRetryMs), ...(wake ? [wake()] : [])]);
      if (until()) return this.busy || this.contended;
    }
  }

  /** Claims nothing more and waits for the attempts in flight. */
  async stop() {
    this.stopped = true;
    await this.filling?.catch(() => {});
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }
}

/** Delivers every due delivery (`concurrency` at a time, claiming as slots free up) and returns the counts. */
export async function deliverDueWebhooks(db: Db, partial: Partial<DispatcherOptions> = {}): Promise<DeliveryRound> {
  let failure: Error | null = null;
  const pool = new DeliveryPool(db, withDefaults(partial), (error) => (failure ??= error));
  await pool.drain(() => failure !== null);
  await pool.stop();
  if (failure) throw failure;
  return pool.counts;
}

/** One full pass: fan out new events, then deliver what is due. */
export async function runWebhookDispatcher(db: Db, options: Partial<DispatcherOptions> = {}) {
  const fannedOut = await fanOutWebhookEvents(db, options);
  const delivered = await deliverDueWebhooks(db, options);
  return { fannedOut, ...delivered };
}

/** Delivery log kept this long (WEBHOOK_LOG_RETENTION_DAYS); pending deliveries are never purged. */
export const webhookLogRetentionDays = () => config.WEBHOOK_LOG_RETENTION_DAYS;

/** Forgets finished deliveries (and their attempts) created before `before` (the hourly housekeeping job, modules/jobs). */
export async function purgeWebhookLog(db: Db, before: Date): Promise<number> {
  const { count } = await db.webhookDelivery.deleteMany({ where: { status: { not: 'PENDING' }, createdAt: { lt: before } } });
  return count;
}

// ─── On the job runner ──────────────────────────────────────────────────────────────────────────

/** The soonest retry after `now` that a claim would take (what the next `webhooks.dispatch` job waits for), if any. */
export async function nextWebhookAttemptAt(db: Db, now: Date): Promise<Date | null> {
  const [row] = await db.$queryRaw<{ at: Date | null }[]>`
    SELECT min(d."nextAttemptAt") AS at FROM "WebhookDelivery" d
    JOIN "WebhookSubscription" s ON s.id = d."subscriptionId" AND s.active
    JOIN "ApiKey" k ON k.id = s."apiKeyId" AND k."revokedAt" IS NULL
    WHERE d.status = 'PENDING' AND d."nextAttemptAt" > ${now}`;
  return row?.at ?? null;
}

export interface DispatchPass {
  /** Another pass was running in this process: it does this one's work (fans out again before it ends). */
  joined: boolean;
  /** The pass ended at its time budget with work left: run another one now. */
  more: boolean;
  /** Otherwise: when the soonest retry is due (run the next pass then), if any. */
  nextAttemptAt: Date | null;
}

export interface WebhookDispatcher {
  /** One pass, the body of the `webhooks.dispatch` job (modules/jobs/tasks.ts). */
  pass(): Promise<DispatchPass>;
  /** Claims nothing more and waits for the attempts in flight (an attempt cut short is retried later). */
  stop(): Promise<void>;
}

/**
 * This process's webhook dispatcher, run by the job mechanism: each `webhooks.dispatch` job is one
 * pass — fan out new events, fill this process's delivery slots, and keep them filled (each ending
 * attempt claims again) until nothing is due and nothing in flight. Jobs come from the
 * transactions that write events a subscription wants and from redeliveries (added in that
 * transaction, modules/jobs/enqueue.ts), from the previous pass (the soonest retry, or "more"
 * when a pass used up its time budget — no job runs for hours) and from a minute tick that
 * catches everything else (leases of a crashed instance, events nobody wanted).
 *
 * A job arriving while a pass runs in this process joins it: the running pass fans out again
 * before it ends, and the job ends at once (it does not hold a worker while the pass waits on a
 * slow receiver). Passes of several processes run side by side: claims and leases in the database
 * keep them from sending a delivery twice, and the per-subscription limit holds over all of them.
 */
export function createWebhookDispatcher(db: Db, options: Partial<DispatcherOptions> & { passBudgetMs?: number } = {}): WebhookDispatcher {
  const full = withDefaults(options);
  const budgetMs = options.passBudgetMs ?? 60_000;
  let failure: Error | null = null;
  const pool = new DeliveryPool(db, full, (error) => (failure ??= error));
  let running: Promise<DispatchPass> | null = null;
  let again = false;
  let stopped = false;
  let wakeUp = () => {};
  const woken = () => new Promise<void>((resolve) => (wakeUp = resolve));

  async function run(): Promise<DispatchPass> {
    const deadline = performance.now() + budgetMs;
    const over = () => performance.now() >= deadline;
    let workLeft: boolean;
    try {
      failure = null;
      pool.counts = { attempted: 0, succeeded: 0, failed: 0, duplicates: 0 };
      do {
        again = false;
        await fanOutWebhookEvents(db, full);
        workLeft = await pool.drain(() => again || stopped || over() || failure !== null, woken);
        if (failure) throw failure;
      } while (again && !stopped && !over());
      const { attempted, succeeded, failed, duplicates } = pool.counts;
      if (attempted) full.log(`attempted ${attempted}: ${succeeded} delivered, ${failed} failed${duplicates ? `, ${duplicates} duplicate` : ''}`);
      const nextAttemptAt = stopped ? null : await nextWebhookAttemptAt(db, full.now());
      // Read together with clearing `running` (no await in between): a job joining after this
      // point starts a pass of its own, one joining before it is answered with `more`.
      const more = !stopped && (again || (workLeft && over()));
      running = null;
      return { joined: false, more, nextAttemptAt: more ? null : nextAttemptAt };
    } finally {
      running = null;
    }
  }

  return {
    pass() {
      if (stopped) return Promise.resolve({ joined: false, more: false, nextAttemptAt: null });
      if (running) {
        again = true;
        wakeUp();
        return Promise.resolve({ joined: true, more: false, nextAttemptAt: null });
      }
      running = run();
      return running;
    },
    async stop() {
      stopped = true;
      wakeUp();
      await running?.catch(() => {});
      await pool.stop();
    },
  };
}
