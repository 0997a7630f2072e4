// The job mechanism on the real PostgreSQL (graphile-worker) and on PGlite (the in-process runner),
// with Orderly's task definitions: once across instances, retries with backoff, visible failures,
// a slow notification provider, and the purges.
import { once, EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations, type WorkerEvents } from 'graphile-worker';
import { openDatabase, type Db, type Prisma } from '@orderly/schema';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '@orderly/schema/testing';
import type { AddressInfo } from 'node:net';
import { createHttpServer } from '../../app.ts';
import { createOrder } from '../../testing/fixtures.ts';
import { createTestClient } from '../../testing/graphql-client.ts';
import { LoggingNotifier, type BuyerNotice, type BuyerNotifier } from '../notifications/notifier.ts';
import { recordOutboxEvent } from '../webhooks/outbox.service.ts';
import { startGraphileRunner } from './graphile-runner.ts';
import { startInProcessRunner } from './in-process-runner.ts';
import type { JobFailure, JobRunner, TaskDefinition } from './jobs.ts';
import { orderlyTasks, purgeConsumedOutboxEvents } from './tasks.ts';

const DAY = 86_400_000;
const config = { worker: true, piiRetention: true, outboxRetentionDays: 30 };
const quiet = () => {};

async function queueShippedNotice(db: Db, number = 1) {
  const order = await createOrder(db, { status: 'SHIPPED' });
  return db.outboxEvent.create({
    data: {
      type: 'notification.order_shipped',
      aggregateType: 'Order',
      aggregateId: order.id,
      payload: { orderId: order.id, number, channel: 'ozon', externalId: null, carrier: 'СДЭК', trackingNumbers: [`T${number}`], trackingUrls: [] },
    },
  });
}

/** What GET /health says about the jobs. */
async function healthOf(db: Db, jobs: JobRunner) {
  const { server } = createHttpServer({ db, jobs, rateLimit: false });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/health`);
    return { status: res.status, body: await res.json() };
  } finally {
    server.close();
  }
}

const postgres = (await testDatabaseKind()) === 'postgres';

describe.skipIf(!postgres)('jobs on PostgreSQL (graphile-worker)', () => {
  let database: TestDatabase;
  const runners: JobRunner[] = [];
  const start = async (tasks: TaskDefinition[], events?: WorkerEvents) => {
    const runner = await startGraphileRunner(database.prisma, database.url!, tasks, { log: quiet, events });
    runners.push(runner);
    return runner;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await runMigrations({ connectionString: database.url!, logger: undefined });
  });
  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await database.drop();
  });

  it('schedules a recurring task once across two instances', async () => {
    // A tick ten minutes ago that both instances missed (a deployment window): the schedule has
    // been known for two hours, so each instance backfills it at start — and they race for it.
    const tick = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000);
    await database.prisma.$executeRaw`
      INSERT INTO graphile_worker._private_known_crontabs (identifier, known_since) VALUES ('report.tick', now() - interval '2 hours')`;
    const runs: string[] = [];
    const task: TaskDefinition = {
      name: 'report.tick',
      schedule: `${tick.getUTCMinutes()} ${tick.getUTCHours()} * * *`,
      backfillMs: 3_600_000,
      run: async (_ctx, payload) => void runs.push(JSON.stringify(payload)),
    };
    const events = [new EventEmitter() as WorkerEvents, new EventEmitter() as WorkerEvents];
    const started = events.map((e) => once(e, 'cron:started'));
    await Promise.all([start([task], events[0]), start([task], events[1])]);
    await Promise.all(started);
    await expect.poll(() => runs.length).toBe(1);
    await expect
      .poll(
        async () => (await database.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'report.tick'`)[0].n,
      )
      .toBe(0);
    expect(runs).toEqual([expect.stringContaining(tick.toISOString())]);
  });

  it('retries a failing job with backoff and shows the failure without its data', async () => {
    let attempts = 0;
    const flaky: TaskDefinition = {
      name: 'flaky',
      async run() {
        if (++attempts === 1) throw new Error('could not reach Анна Смирнова at +7 900 000-00-00');
      },
    };
    const hopeless: TaskDefinition = { name: 'hopeless', maxAttempts: 1, run: () => Promise.reject(new TypeError('always')) };
    const runner = await start([flaky, hopeless]);
    const before = Date.now();
    await runner.addJob('flaky');
    await runner.addJob('hopeless');

    await expect.poll(async () => (await runner.failures()).length, { timeout: 10_000 }).toBe(2);
    const failures = await runner.failures();
    const flakyFailure = failures.find((f) => f.task === 'flaky')!;
    expect(flakyFailure).toMatchObject({ attempts: 1, maxAttempts: 10 });
    expect(flakyFailure.lastError).toMatch(/^Error/);
    expect(flakyFailure.lastError).not.toMatch(/Анна|900/);
    // graphile-worker's backoff: exp(1) ≈ 2.7 s after the first failure.
    expect(flakyFailure.nextAttemptAt!.getTime()).toBeGreaterThan(before + 2_000);
    expect(failures.find((f) => f.task === 'hopeless')).toMatchObject<Partial<JobFailure>>({ attempts: 1, maxAttempts: 1, nextAttemptAt: null });
    expect(await healthOf(database.prisma, runner)).toEqual({
      status: 200,
      body: { status: 'ok', database: 'ok', jobs: { runner: 'graphile-worker', retrying: 1, failed: 1, failingTasks: expect.arrayContaining(['flaky', 'hopeless']) } },
    });

    // The same list for admins through GraphQL, with the details; nobody else may read it.
    const admin = createTestClient(database.prisma);
    const listed = await admin(`{ jobFailures { task attempts maxAttempts lastError nextAttemptAt failedAt gaveUp } }`);
    expect(listed.errors).toBeUndefined();
    expect(listed.data.jobFailures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ task: 'flaky', attempts: 1, maxAttempts: 10, gaveUp: false, nextAttemptAt: flakyFailure.nextAttemptAt!.toISOString() }),
        expect.objectContaining({ task: 'hopeless', attempts: 1, maxAttempts: 1, gaveUp: true, nextAttemptAt: null, lastError: expect.stringMatching(/^TypeError/) }),
      ]),
    );
    expect(JSON.stringify(listed.data)).not.toMatch(/Анна|900/);
    const manager = createTestClient(database.prisma, { roles: ['MANAGER'] });
    expect((await manager(`{ jobFailures { task } }`)).errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredPermissions: ['audit:read'] });

    // Time passes (rescheduled rather than waited for): the retry succeeds and the failure is gone.
    await database.prisma.$executeRaw`
      SELECT FROM graphile_worker.reschedule_jobs((SELECT array_agg(id) FROM graphile_worker.jobs WHERE task_identifier = 'flaky'), run_at := now())`;
    // Picked up at the worker's next poll (every 2 s): rescheduling sends no notification.
    await expect.poll(() => attempts, { timeout: 10_000 }).toBe(2);
    await expect.poll(async () => (await runner.failures()).map((f) => f.task)).toEqual(['hopeless']);
  });

  it('sends a notification through a provider slower than a transaction allows, exactly once, from two instances', async () => {
    const event = await queueShippedNotice(database.prisma, 7);
    const sent: BuyerNotice[] = [];
    // Slower than Prisma's 5 s interactive-transaction timeout: real time, since that timeout is.
    const slow: BuyerNotifier = { name: 'slow', send: (n) => new Promise((resolve) => setTimeout(() => resolve(void sent.push(n)), 5_500)) };
    const tasks = orderlyTasks({ notifier: slow, config }).filter((t) => t.name === 'notifications.send');
    const [a, b] = await Promise.all([start(tasks), start(tasks)]);
    await Promise.all([a.addJob('notifications.send'), b.addJob('notifications.send', {}, { jobKey: 'other' })]);

    await expect.poll(async () => (await database.prisma.outboxEvent.findUniqueOrThrow({ where: { id: event.id } })).dispatchedAt, { timeout: 20_000 }).not.toBeNull();
    expect(sent.map((n) => n.eventId)).toEqual([event.id]);
    const timeline = await database.prisma.orderEvent.findMany({ where: { orderId: event.aggregateId, type: 'BUYER_NOTIFIED' } });
    expect(timeline).toHaveLength(1);
    expect((await a.failures()).filter((f) => f.task === 'notifications.send')).toEqual([]);
  }, 30_000);

  it('purges expired idempotency keys and consumed outbox events only', async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 40 * DAY);
    const expiredKey = await database.prisma.idempotencyRecord.create({
      data: { scope: 's', key: 'expired', requestHash: 'h', expiresAt: new Date(now.getTime() - 1000) },
    });
    const liveKey = await database.prisma.idempotencyRecord.create({ data: { scope: 's', key: 'live', requestHash: 'h', expiresAt: new Date(now.getTime() + DAY) } });
    const order = await createOrder(database.prisma);
    const event = (data: object) =>
      database.prisma.outboxEvent.create({ data: { type: 'order.created', aggregateType: 'Order', aggregateId: order.id, payload: {}, createdAt: old, ...data } });
    const consumed = await event({ webhooksFannedOutAt: old });
    const notFannedOut = await event({});
    const recent = await event({ createdAt: now, webhooksFannedOutAt: now });
    const unsentNotice = await event({ type: 'notification.order_shipped', webhooksFannedOutAt: old });
    const sentNotice = await event({ type: 'notification.order_shipped', webhooksFannedOutAt: old, dispatchedAt: old });
    const key = await database.prisma.apiKey.create({ data: { name: 'purge test', prefix: 'ork_p', keyHash: `purge-${now.getTime()}`, scopes: ['read_orders'] } });
    const subscription = await database.prisma.webhookSubscription.create({
      data: { apiKeyId: key.id, url: 'http://127.0.0.1:9/hook', secretSealed: 's', eventTypes: ['order.created'] },
    });
    const delivering = await event({ webhooksFannedOutAt: old });
    await database.prisma.webhookDelivery.create({ data: { subscriptionId: subscription.id, eventId: delivering.id, nextAttemptAt: now } });

    const lines: string[] = [];
    const purge = orderlyTasks({ notifier: new LoggingNotifier(quiet), config }).find((t) => t.name === 'housekeeping.purge')!;
    await purge.run({ db: database.prisma, now: () => now, log: (l) => lines.push(l), addJob: () => Promise.reject(new Error('not expected')) }, {});

    const keys = await database.prisma.idempotencyRecord.findMany({ where: { id: { in: [expiredKey.id, liveKey.id] } } });
    expect(keys.map((k) => k.key)).toEqual(['live']);
    const left = new Set((await database.prisma.outboxEvent.findMany({ select: { id: true } })).map((e) => e.id));
    expect(left.has(consumed.id)).toBe(false);
    expect(left.has(sentNotice.id)).toBe(false);
    for (const kept of [notFannedOut, recent, unsentNotice, delivering]) expect(left.has(kept.id)).toBe(true);
    expect(lines.join('\n')).toMatch(/purged 1 idempotency keys, 0 webhook deliveries, 2 outbox events/);
    // Nothing left to do: a second run deletes nothing.
    expect(await purgeConsumedOutboxEvents(database.prisma, new Date(now.getTime() - 30 * DAY))).toBe(0);
  });
});

describe('jobs on PGlite (in-process runner)', () => {
  let database: Awaited<ReturnType<typeof openDatabase>>;
  beforeAll(async () => {
    database = await openDatabase({ target: { kind: 'pglite', dataDir: null }, migrate: true });
  });
  afterAll(() => database.close());

  it('runs the same task definitions on their schedule, retrying failures with backoff', async () => {
    const event = await queueShippedNotice(database.prisma, 3);
    let down = true;
    const logger = new LoggingNotifier(quiet);
    const notifier: BuyerNotifier = { name: 'sms', send: (n) => (down ? Promise.reject(new Error('gateway down')) : logger.send(n)) };
    let clock = new Date('2026-12-05T10:00:30Z');
    const failingPurge: TaskDefinition = { name: 'broken', schedule: '* * * * *', run: () => Promise.reject(new RangeError('nope')) };
    const runner = startInProcessRunner(database.prisma, [...orderlyTasks({ notifier, config }), failingPurge], { log: quiet, now: () => clock, pollMs: 3_600_000 });
    try {
      await runner.tick();
      // The notifier's own backoff (the send failed; the job itself succeeded) …
      expect(await database.prisma.outboxEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ dispatchedAt: null, notificationAttempts: 1 });
      // … and the runner's for a task that throws: visible with its next attempt ≈ e s later.
      const [failure] = await runner.failures();
      expect(failure).toMatchObject({ task: 'broken', attempts: 1, lastError: expect.stringMatching(/^RangeError/) });
      expect(failure.nextAttemptAt!.getTime()).toBe(clock.getTime() + Math.round(Math.exp(1) * 1000));
      expect((await healthOf(database.prisma, runner)).body.jobs).toEqual({ runner: 'in-process', retrying: 1, failed: 0, failingTasks: ['broken'] });

      down = false;
      clock = new Date('2026-12-05T10:02:00Z');
      await runner.tick();
      expect(logger.sent.map((n) => n.eventId)).toEqual([event.id]);
      expect((await database.prisma.outboxEvent.findUniqueOrThrow({ where: { id: event.id } })).dispatchedAt).not.toBeNull();
      await runner.tick();
      expect(logger.sent).toHaveLength(1);
    } finally {
      await runner.stop();
    }
  });
});

// ─── Jobs added in the transaction that creates their work ──────────────────────────────────────

/** Jobs of `task` waiting in the database: in "JobQueue" and, once installed, graphile-worker's table. */
async function queued(db: Db, task: string): Promise<number> {
  const [{ graphile }] = await db.$queryRaw<{ graphile: boolean }[]>`SELECT to_regclass('graphile_worker.jobs') IS NOT NULL AS graphile`;
  const [{ n }] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "JobQueue" WHERE task = ${task}`;
  if (!graphile) return n;
  const [{ m }] = await db.$queryRaw<{ m: number }[]>`SELECT count(*)::int AS m FROM graphile_worker.jobs WHERE task_identifier = ${task}`;
  return n + m;
}

/** An integrator listening to order.status_changed (so events of that type call for the dispatcher). */
async function subscribeToStatusChanges(db: Db) {
  const key = await db.apiKey.create({ data: { name: 'enqueue test', prefix: 'ork_e', keyHash: `enqueue-${Date.now()}-${Math.random()}`, scopes: ['read_orders'] } });
  await db.webhookSubscription.create({ data: { apiKeyId: key.id, url: 'http://127.0.0.1:9/hook', secretSealed: 's', eventTypes: ['order.status_changed'] } });
}

/** A mutation's writes: two status changes and a shipping notice of one order, in `tx`. */
async function writeEvents(tx: Prisma.TransactionClient, orderId: string, number: number) {
  for (const toStatus of ['ON_HOLD', 'NEW']) {
    await recordOutboxEvent(tx, {
      type: 'order.status_changed',
      aggregateType: 'Order',
      aggregateId: orderId,
      payload: { orderId, number, fromStatus: 'NEW', toStatus },
    });
  }
  await recordOutboxEvent(tx, {
    type: 'notification.order_shipped',
    aggregateType: 'Order',
    aggregateId: orderId,
    payload: { orderId, number, channel: 'ozon', externalId: null, carrier: 'СДЭК', trackingNumbers: [`E${number}`], trackingUrls: [] },
  });
}

/** Rolls back: what the transaction wrote, its jobs included, is gone. */
async function rolledBack(db: Db, orderId: string, number: number) {
  await expect(
    db.$transaction(async (tx) => {
      await writeEvents(tx, orderId, number);
      throw new Error('a business rule said no');
    }),
  ).rejects.toThrow('a business rule said no');
}

describe.skipIf(!postgres)('jobs added in the transaction on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('adds nothing when the transaction rolls back and each job once when it commits, before and after the job schema exists', async () => {
    const db = database.prisma;
    await subscribeToStatusChanges(db);
    const order = await createOrder(db, { status: 'SHIPPED' });

    // No worker has ever run on this database: the jobs wait in "JobQueue".
    await rolledBack(db, order.id, 1);
    expect([await queued(db, 'webhooks.dispatch'), await queued(db, 'notifications.send')]).toEqual([0, 0]);
    await db.$transaction((tx) => writeEvents(tx, order.id, 1));
    expect([await queued(db, 'webhooks.dispatch'), await queued(db, 'notifications.send')]).toEqual([1, 1]);

    // With graphile-worker's schema they are its own jobs (added by its add_job in the transaction).
    await runMigrations({ connectionString: database.url!, logger: undefined });
    await rolledBack(db, order.id, 2);
    expect(await queued(db, 'notifications.send')).toBe(1);
    await db.$transaction((tx) => writeEvents(tx, order.id, 2));
    const [{ n }] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'notifications.send'`;
    expect(n).toBe(1);
    expect([await queued(db, 'webhooks.dispatch'), await queued(db, 'notifications.send')]).toEqual([2, 2]);

    // A worker starting later (nothing ran when they committed) takes over the early ones and runs all.
    const notifier = new LoggingNotifier(quiet);
    const tasks = orderlyTasks({ notifier, config }).filter((t) => t.name === 'notifications.send');
    const runner = await startGraphileRunner(db, database.url!, tasks, { log: quiet });
    try {
      await expect.poll(() => queued(db, 'notifications.send'), { timeout: 10_000 }).toBe(0);
      // Moved over too; not this worker's task, so they wait in graphile-worker.
      expect(await db.jobQueue.count()).toBe(0);
      expect(await queued(db, 'webhooks.dispatch')).toBe(2);
      expect(notifier.sent.map((s) => s.trackingNumbers[0]).sort()).toEqual(['E1', 'E2']);
    } finally {
      await runner.stop();
    }
  });
});

describe('jobs added in the transaction on PGlite', () => {
  let database: Awaited<ReturnType<typeof openDatabase>>;
  beforeAll(async () => {
    database = await openDatabase({ target: { kind: 'pglite', dataDir: null }, migrate: true });
  });
  afterAll(() => database.close());

  it('adds nothing when the transaction rolls back and each job once when it commits; a runner started later runs it', async () => {
    const db = database.prisma;
    await subscribeToStatusChanges(db);
    const order = await createOrder(db, { status: 'SHIPPED' });
    await rolledBack(db, order.id, 1);
    expect(await db.jobQueue.count()).toBe(0);
    await db.$transaction((tx) => writeEvents(tx, order.id, 1));
    expect((await db.jobQueue.findMany({ orderBy: { task: 'asc' } })).map((j) => j.task)).toEqual(['notifications.send', 'webhooks.dispatch']);

    // The process that committed stops before any runner looked: the next one finds the jobs.
    const notifier = new LoggingNotifier(quiet);
    const runner = startInProcessRunner(
      db,
      orderlyTasks({ notifier, config }).filter((t) => t.name === 'notifications.send'),
      { log: quiet, pollMs: 3_600_000 },
    );
    try {
      await runner.tick();
      expect(notifier.sent.map((s) => s.trackingNumbers[0])).toEqual(['E1']);
      expect((await db.jobQueue.findMany()).map((j) => j.task)).toEqual(['webhooks.dispatch']); // not this runner's task
    } finally {
      await runner.stop();
    }
  });
});
