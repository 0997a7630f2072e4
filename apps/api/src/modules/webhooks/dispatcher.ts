// The webhook dispatcher: an in-process loop in every API process, safe to run in several at once.
// All its state is in the database, so nothing is lost when a process stops (at-least-once):
//  1. fan-out: each outbox event not yet fanned out (webhooksFannedOutAt IS NULL, claimed with
//     FOR UPDATE SKIP LOCKED) becomes one WebhookDelivery per matching active subscription
//     (unique per subscription + event, so a delivery is never created twice), and is marked;
//  2. delivery: due PENDING deliveries are leased (nextAttemptAt moved past the request timeout in
//     the same statement that claims them with SKIP LOCKED), POSTed, and the outcome recorded: 2xx →
//     SUCCEEDED; otherwise the next attempt is scheduled with backoff and jitter, FAILED after the
//     last one. A process that dies mid-attempt leaves the lease to expire and another one retries.
import type { Db, Prisma } from '@orderly/schema';
import { permissionsForScopes } from '../auth/permissions.ts';
import { eventTypes, isEventType, publicEventData } from './event-types.ts';
import { onOutboxCommitted } from './outbox.service.ts';
import { postWebhook, type AttemptOutcome } from './sender.ts';
import { signatureHeaderValue } from './signing.ts';
import { type UrlPolicy, urlPolicyFromEnv } from './url-policy.ts';

export interface DispatcherOptions {
  /** The dispatcher's clock (tests pass their own). */
  now: () => Date;
  /** How long to wait for an answer. */
  timeoutMs: number;
  /** Wait after the 1st, 2nd, … failed attempt; after the last one the delivery is FAILED. */
  retryScheduleMs: readonly number[];
  /** ±fraction of random jitter on each wait (0.2 = ±20 %), so receivers coming back are not hit all at once. */
  jitter: number;
  /** Deliveries attempted at the same time by one process. */
  concurrency: number;
  /** Outbox events fanned out / deliveries claimed per round. */
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

export function dispatcherOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DispatcherOptions {
  const schedule = parseSchedule(env.WEBHOOK_RETRY_SCHEDULE || defaultRetrySchedule);
  const positive = (value: string | undefined, fallback: number) => (Number(value) > 0 ? Number(value) : fallback);
  return {
    now: () => new Date(),
    timeoutMs: positive(env.WEBHOOK_TIMEOUT_SECONDS, 10) * 1000,
    retryScheduleMs: schedule.length ? schedule : parseSchedule(defaultRetrySchedule),
    jitter: 0.2,
    concurrency: positive(env.WEBHOOK_CONCURRENCY, 8),
    batchSize: 100,
    policy: urlPolicyFromEnv(env),
    log: (line) => console.log(`[webhooks] ${line}`),
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

interface Claimed {
  id: string;
  attempts: number;
  manualAttempt: boolean;
}

/** Leases up to `limit` due deliveries of active subscriptions (one statement; SKIP LOCKED). */
async function claimDueDeliveries(db: Db, at: Date, leaseUntil: Date, limit: number): Promise<Claimed[]> {
  return db.$queryRaw<Claimed[]>`
    UPDATE "WebhookDelivery" d
    SET attempts = d.attempts + 1, "nextAttemptAt" = ${leaseUntil}, "lastAttemptAt" = ${at}
    WHERE d.id IN (
      SELECT w.id FROM "WebhookDelivery" w
      JOIN "WebhookSubscription" s ON s.id = w."subscriptionId"
      JOIN "ApiKey" k ON k.id = s."apiKeyId"
      WHERE w.status = 'PENDING' AND w."nextAttemptAt" <= ${at} AND s.active AND k."revokedAt" IS NULL
      ORDER BY w."nextAttemptAt"
      LIMIT ${limit}
      FOR UPDATE OF w SKIP LOCKED)
    RETURNING d.id::text AS id, d.attempts, d."manualAttempt"`;
}

export interface DeliveryRound {
  attempted: number;
  succeeded: number;
  failed: number;
}

/** The exact request body of a delivery (the same on every attempt). */
export function webhookBody(event: { id: string; type: string; createdAt: Date; payload: unknown }): string {
  return JSON.stringify({ id: event.id, type: event.type, createdAt: event.createdAt.toISOString(), data: publicEventData(event.payload) });
}

async function attemptDelivery(db: Db, claimed: Claimed, options: DispatcherOptions): Promise<AttemptOutcome | null> {
  const delivery = await db.webhookDelivery.findUnique({
    where: { id: claimed.id },
    select: { id: true, event: { select: { id: true, type: true, createdAt: true, payload: true } }, subscription: { select: { url: true, secret: true } } },
  });
  if (!delivery) return null;
  const startedAt = options.now();
  const timestamp = Math.floor(startedAt.getTime() / 1000);
  const body = webhookBody(delivery.event);
  const signature = signatureHeaderValue(delivery.subscription.secret, timestamp, body);
  const outcome = await postWebhook(
    delivery.subscription.url,
    body,
    {
      'x-orderly-event-id': delivery.event.id,
      'x-orderly-event-type': delivery.event.type,
      'x-orderly-delivery-id': delivery.id,
      'x-orderly-attempt': String(claimed.attempts),
      'x-orderly-timestamp': String(timestamp),
      'x-orderly-signature': signature,
    },
    { timeoutMs: options.timeoutMs, policy: options.policy, redact: [delivery.subscription.secret, signature] },
  );
  await recordOutcome(db, claimed, startedAt, outcome, options);
  return outcome;
}

async function recordOutcome(db: Db, claimed: Claimed, startedAt: Date, outcome: AttemptOutcome, options: DispatcherOptions) {
  const finished = options.now();
  await db.$transaction(async (tx) => {
    await tx.webhookDeliveryAttempt.create({
      data: {
        deliveryId: claimed.id,
        number: claimed.attempts,
        manual: claimed.manualAttempt,
        startedAt,
        durationMs: outcome.durationMs,
        statusCode: outcome.statusCode,
        succeeded: outcome.succeeded,
        error: outcome.error,
        responseSnippet: outcome.responseSnippet,
      },
    });
    const last = { lastStatusCode: outcome.statusCode, lastError: outcome.error, lastDurationMs: outcome.durationMs, manualAttempt: false };
    if (outcome.succeeded) {
      await tx.webhookDelivery.update({ where: { id: claimed.id }, data: { ...last, status: 'SUCCEEDED', deliveredAt: finished } });
      return;
    }
    // Only the attempt that holds the lease decides what happens next (a stale one just logs).
    const exhausted = claimed.manualAttempt || claimed.attempts >= maxAttempts(options);
    await tx.webhookDelivery.updateMany({
      where: { id: claimed.id, status: 'PENDING', attempts: claimed.attempts },
      data: exhausted ? { ...last, status: 'FAILED' } : { ...last, nextAttemptAt: new Date(finished.getTime() + backoffMs(claimed.attempts, options)) },
    });
  });
}

/** Delivers every due delivery (in rounds of `batchSize`, `concurrency` at a time) and returns the counts. */
export async function deliverDueWebhooks(db: Db, partial: Partial<DispatcherOptions> = {}): Promise<DeliveryRound> {
  const options = withDefaults(partial);
  const round: DeliveryRound = { attempted: 0, succeeded: 0, failed: 0 };
  for (;;) {
    const at = options.now();
    // The lease: longer than the request may take, so nobody else takes it meanwhile.
    const leaseUntil = new Date(at.getTime() + options.timeoutMs + 60_000);
    const claimed = await claimDueDeliveries(db, at, leaseUntil, options.batchSize);
    if (!claimed.length) break;
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) {
        const item = claimed[next++];
        try {
          const outcome = await attemptDelivery(db, item, options);
          if (!outcome) continue;
          round.attempted++;
          if (outcome.succeeded) round.succeeded++;
          else round.failed++;
        } catch (error) {
          // Recording failed (database gone?): the lease expires and the delivery is retried.
          options.log(`delivery ${item.id} could not be recorded: ${(error as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, claimed.length) }, worker));
    if (claimed.length < options.batchSize) break;
  }
  return round;
}

/** One full pass: fan out new events, then deliver what is due. */
export async function runWebhookDispatcher(db: Db, options: Partial<DispatcherOptions> = {}) {
  const fannedOut = await fanOutWebhookEvents(db, options);
  const delivered = await deliverDueWebhooks(db, options);
  return { fannedOut, ...delivered };
}

/** Delivery log kept this long (WEBHOOK_LOG_RETENTION_DAYS); pending deliveries are never purged. */
export const webhookLogRetentionDays = () => (Number(process.env.WEBHOOK_LOG_RETENTION_DAYS) > 0 ? Number(process.env.WEBHOOK_LOG_RETENTION_DAYS) : 30);

/** Forgets finished deliveries (and their attempts) created before `before`. */
export async function purgeWebhookLog(db: Db, before: Date): Promise<number> {
  const { count } = await db.webhookDelivery.deleteMany({ where: { status: { not: 'PENDING' }, createdAt: { lt: before } } });
  return count;
}

// ─── The loop ───────────────────────────────────────────────────────────────────────────────────

let wakeRunning: (() => void) | null = null;

/** Asks this process's dispatcher to run now (after a commit, a redelivery request); no-op when none runs. */
export const wakeWebhookDispatcher = () => wakeRunning?.();

export interface RunningDispatcher {
  /** Run a pass as soon as the current one ends. */
  wake(): void;
  /** Stop the loop and wait for the pass in progress (an attempt cut short is retried later). */
  stop(): Promise<void>;
}

/**
 * Runs the dispatcher every `intervalMs` (WEBHOOK_POLL_SECONDS, default 5 s) and right after this
 * process commits outbox events. Timers are unref'd: the loop never keeps the process alive.
 */
export function startWebhookDispatcher(db: Db, options: Partial<DispatcherOptions> & { intervalMs?: number } = {}): RunningDispatcher {
  const full = withDefaults(options);
  const intervalMs = options.intervalMs ?? (Number(process.env.WEBHOOK_POLL_SECONDS) > 0 ? Number(process.env.WEBHOOK_POLL_SECONDS) * 1000 : 5_000);
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let failures = 0;
  let purgedAt = 0;

  const pass = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          const result = await runWebhookDispatcher(db, full);
          if (result.attempted) full.log(`attempted ${result.attempted}: ${result.succeeded} delivered, ${result.failed} failed`);
          failures = 0;
          const now = full.now().getTime();
          if (now - purgedAt > 3_600_000) {
            purgedAt = now;
            await purgeWebhookLog(db, new Date(now - webhookLogRetentionDays() * 86_400_000));
          }
        } catch (error) {
          // Log the first failure of a streak, not one per tick while the database is away.
          if (failures++ === 0) full.log(`dispatch failed: ${(error as Error).message}`);
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
  };

  const timer = setInterval(pass, intervalMs);
  timer.unref();
  // A committed mutation with events (in this process): deliver without waiting for the next tick.
  const unsubscribe = onOutboxCommitted((events) => {
    if (events.some((e) => isEventType(e.type))) setImmediate(pass).unref();
  });
  wakeRunning = pass;
  setImmediate(pass).unref();

  return {
    wake: pass,
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      if (wakeRunning === pass) wakeRunning = null;
      await running;
    },
  };
}
