// Delivery exceptions on the clock against the real database: the `exceptions.scan` job with an
// injected clock opens DELAYED exceptions for stale and overdue orders (per-carrier limits,
// pickup points left out), once — a second run changes nothing, nor does a run after staff
// resolved it while the parcel stood still — and again once the parcel moved and stood still again.
import type { Db, TrackingEventStatus } from '@orderly/schema';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoggingNotifier } from '../notifications/notifier.ts';
import { orderlyTasks } from '../jobs/tasks.ts';
import { recordTrackingEvent } from '../tracking/tracking.service.ts';
import { createShippedOrder } from '../tracking/tracking.fixtures.ts';
import { autoOpenSettings, exceptionScanTask, openDelayedExceptions } from './auto-open.ts';
import { endException } from './exceptions.service.ts';

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

async function track(db: Db, trackingNumber: string, status: TrackingEventStatus, occurredAt: Date, expectedDeliveryAt?: Date) {
  await db.$transaction((tx) =>
    recordTrackingEvent(tx, { trackingNumber, status, occurredAt, expectedDeliveryAt }, { actor: 'system', now: new Date(), root: ['events', 0] }),
  );
}

describe('delivery exceptions on the clock', () => {
  let database: TestDatabase;
  const settings = autoOpenSettings({ EXCEPTION_STALE_TRACKING_DAYS: 5, EXCEPTION_STALE_TRACKING_DAYS_BY_CARRIER: ['slowpost=10'], EXCEPTION_OVERDUE_DAYS: 2 });

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('opens one DELAYED exception per stale or overdue order, and a second run changes nothing', async () => {
    const db = database.prisma;
    const stale = await createShippedOrder(db, { shippedAt: daysAgo(10) });
    await track(db, stale.numbers[0]!, 'IN_TRANSIT', daysAgo(6));
    const moving = await createShippedOrder(db, { shippedAt: daysAgo(3) });
    await track(db, moving.numbers[0]!, 'IN_TRANSIT', daysAgo(1));
    const slowCarrier = await createShippedOrder(db, { carrierCode: 'slowpost', shippedAt: daysAgo(10) });
    await track(db, slowCarrier.numbers[0]!, 'IN_TRANSIT', daysAgo(6));
    const atPickup = await createShippedOrder(db, { shippedAt: daysAgo(12) });
    await track(db, atPickup.numbers[0]!, 'ARRIVED_AT_PICKUP_POINT', daysAgo(8));
    const overdue = await createShippedOrder(db, { shippedAt: daysAgo(8) });
    await track(db, overdue.numbers[0]!, 'IN_TRANSIT', daysAgo(1), daysAgo(3));
    const neverTracked = await createShippedOrder(db, { shippedAt: daysAgo(7) });
    const delivered = await createShippedOrder(db, { shippedAt: daysAgo(20), status: 'DELIVERED', deliveredAt: daysAgo(12) });

    const now = new Date();
    expect(await openDelayedExceptions(db, { now, settings })).toBe(3);
    const exceptions = await db.exceptionCase.findMany({ orderBy: { createdAt: 'asc' } });
    expect(exceptions.map((e) => e.orderId).sort()).toEqual([stale.order.id, overdue.order.id, neverTracked.order.id].sort());
    for (const e of exceptions) expect(e).toMatchObject({ kind: 'DELAYED', status: 'OPEN', source: 'clock', openedBy: 'system' });
    expect(exceptions.find((e) => e.orderId === stale.order.id)!.note).toMatch(/^No tracking movement for 6 days/);
    expect(exceptions.find((e) => e.orderId === overdue.order.id)!.note).toMatch(/^Past the expected delivery of \d{4}-\d{2}-\d{2}\.$/);
    const orders = await db.order.findMany({ where: { id: { in: [stale, moving, slowCarrier, atPickup, overdue, delivered].map((o) => o.order.id) } } });
    expect(Object.fromEntries(orders.map((o) => [o.id, o.status]))).toEqual({
      [stale.order.id]: 'EXCEPTION',
      [moving.order.id]: 'IN_TRANSIT',
      [slowCarrier.order.id]: 'IN_TRANSIT',
      [atPickup.order.id]: 'IN_TRANSIT',
      [overdue.order.id]: 'EXCEPTION',
      [delivered.order.id]: 'DELIVERED',
    });
    // On the timeline and announced like any opened exception.
    const opened = await db.orderEvent.findMany({ where: { orderId: stale.order.id, type: 'EXCEPTION_OPENED' } });
    expect(opened.map((e) => e.data)).toEqual([expect.objectContaining({ kind: 'DELAYED', source: 'clock' })]);
    expect(await db.outboxEvent.count({ where: { type: 'exception.opened', aggregateId: stale.order.id } })).toBe(1);

    // Idempotent: later runs open nothing more while the exceptions are open.
    expect(await openDelayedExceptions(db, { now, settings })).toBe(0);
    expect(await openDelayedExceptions(db, { now: new Date(now.getTime() + DAY), settings })).toBe(0);
    expect(await db.exceptionCase.count()).toBe(3);

    // The slow carrier's own limit runs out later.
    // Four days on, the slow carrier's own limit (10 days) runs out, and the moving one stood still for 5.
    expect(await openDelayedExceptions(db, { now: new Date(now.getTime() + 4 * DAY), settings })).toBe(2);
    const later = await db.exceptionCase.findMany({ where: { orderId: { in: [slowCarrier.order.id, moving.order.id] } } });
    expect(later.map((e) => e.kind)).toEqual(['DELAYED', 'DELAYED']);
  });

  it('does not reopen what staff resolved until the parcel moves and stands still again', async () => {
    const db = database.prisma;
    const { order, numbers } = await createShippedOrder(db, { shippedAt: daysAgo(9) });
    await track(db, numbers[0]!, 'IN_TRANSIT', daysAgo(7));
    expect(await openDelayedExceptions(db, { now: new Date(), settings })).toBe(1);
    const first = await db.exceptionCase.findFirstOrThrow({ where: { orderId: order.id } });
    await db.$transaction((tx) => endException(tx, { exceptionId: first.id, status: 'CLOSED', actor: 'user:staff', now: new Date() }));
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('IN_TRANSIT');

    const cases = () => db.exceptionCase.findMany({ where: { orderId: order.id }, orderBy: { createdAt: 'asc' } });

    // Still standing still: closed by staff, not reopened.
    await openDelayedExceptions(db, { now: new Date(Date.now() + 2 * DAY), settings });
    expect(await cases()).toHaveLength(1);

    // It moved; five days later it is stale again.
    const moved = new Date();
    await track(db, numbers[0]!, 'IN_TRANSIT', moved);
    await openDelayedExceptions(db, { now: new Date(moved.getTime() + 4 * DAY), settings });
    expect(await cases()).toHaveLength(1);
    await openDelayedExceptions(db, { now: new Date(moved.getTime() + 5 * DAY), settings });
    expect((await cases()).map((c) => [c.kind, c.status])).toEqual([
      ['DELAYED', 'CLOSED'],
      ['DELAYED', 'OPEN'],
    ]);
  });

  it('runs as the exceptions.scan job of the one registry', async () => {
    const db = database.prisma;
    const { order, numbers } = await createShippedOrder(db, { shippedAt: daysAgo(9) });
    await track(db, numbers[0]!, 'IN_TRANSIT', daysAgo(8));
    const registered = orderlyTasks({ notifier: new LoggingNotifier(() => {}), config: { worker: true, piiRetention: false, outboxRetentionDays: 30 } });
    expect(registered.find((t) => t.name === 'exceptions.scan')?.schedule).toBe('*/10 * * * *');
    const lines: string[] = [];
    const task = exceptionScanTask(settings);
    await task.run({ db, now: () => new Date(), log: (line) => lines.push(line), addJob: async () => {} }, {});
    expect(lines).toEqual(['[exceptions] opened 1 DELAYED exception(s) on the clock']);
    expect(await db.exceptionCase.count({ where: { orderId: order.id, source: 'clock' } })).toBe(1);
  });
});
