// Pickup-point reminders against the real database with an injected clock: one reminder per order
// for the parcels waiting PICKUP_REMINDER_DAYS (queued as a buyer notice, on the timeline), once;
// parcels waiting PICKUP_UNCOLLECTED_DAYS marked on the timeline once and listed by uncollectedPickups.
import type { Db, TrackingEventStatus } from '@orderly/schema';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClient } from '../../testing/graphql-client.ts';
import { dispatchBuyerNotifications, LoggingNotifier } from '../notifications/notifier.ts';
import { recordTrackingEvent } from '../tracking/tracking.service.ts';
import { createShippedOrder } from '../tracking/tracking.fixtures.ts';
import { pickupReminderTask, remindPickups } from './pickup-reminders.ts';

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);
const settings = { reminderDays: 3, uncollectedDays: 7 };

async function track(db: Db, trackingNumber: string, status: TrackingEventStatus, occurredAt: Date, location?: string) {
  await db.$transaction((tx) => recordTrackingEvent(tx, { trackingNumber, status, occurredAt, location }, { actor: 'system', now: new Date(), root: ['events', 0] }));
}

describe('pickup-point reminders', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('reminds the buyer once per order, marks uncollected parcels once, and lists them for the seller', async () => {
    const db = database.prisma;
    const waiting = await createShippedOrder(db, { shippedAt: daysAgo(8) });
    await track(db, waiting.numbers[0]!, 'ARRIVED_AT_PICKUP_POINT', daysAgo(4), 'ПВЗ СДЭК, Тверская 5');
    const justArrived = await createShippedOrder(db, { shippedAt: daysAgo(3) });
    await track(db, justArrived.numbers[0]!, 'ARRIVED_AT_PICKUP_POINT', daysAgo(1), 'ПВЗ СДЭК, Арбат 1');
    const twoParcels = await createShippedOrder(db, { parcels: 2, shippedAt: daysAgo(12) });
    await track(db, twoParcels.numbers[0]!, 'ARRIVED_AT_PICKUP_POINT', daysAgo(8), 'ПВЗ СДЭК, Тверская 5');
    await track(db, twoParcels.numbers[1]!, 'ARRIVED_AT_PICKUP_POINT', daysAgo(5), 'ПВЗ СДЭК, Тверская 5');
    const collected = await createShippedOrder(db, { shippedAt: daysAgo(14) });
    await track(db, collected.numbers[0]!, 'ARRIVED_AT_PICKUP_POINT', daysAgo(10), 'ПВЗ СДЭК, Тверская 5');
    await track(db, collected.numbers[0]!, 'DELIVERED', daysAgo(9));

    const now = new Date();
    expect(await remindPickups(db, { now, settings })).toEqual({ reminded: 2, listed: 1 });
    const reminders = await db.outboxEvent.findMany({ where: { type: 'notification.pickup_reminder' }, orderBy: { createdAt: 'asc' } });
    expect(reminders.map((r) => [r.aggregateId, (r.payload as any).trackingNumbers]).sort()).toEqual(
      [
        [waiting.order.id, waiting.numbers],
        [twoParcels.order.id, [...twoParcels.numbers].sort()],
      ].sort(),
    );
    expect((reminders[0]!.payload as any).pickupPoint).toBe('ПВЗ СДЭК, Тверская 5');
    const queued = await db.orderEvent.findMany({ where: { orderId: twoParcels.order.id, type: 'NOTIFICATION_QUEUED' } });
    expect(queued.map((e) => e.data)).toEqual([
      expect.objectContaining({ kind: 'PICKUP_REMINDER', template: 'PICKUP_REMINDER', trackingNumbers: [...twoParcels.numbers].sort() }),
    ]);
    const uncollected = await db.orderEvent.findMany({ where: { type: 'PICKUP_UNCOLLECTED' } });
    expect(uncollected.map((e) => [e.orderId, (e.data as any).trackingNumber, (e.data as any).days])).toEqual([[twoParcels.order.id, twoParcels.numbers[0], 8]]);

    // Once: running again changes nothing.
    expect(await remindPickups(db, { now, settings })).toEqual({ reminded: 0, listed: 0 });

    // Three days on: the just-arrived parcel is due a reminder; two more parcels have waited 7 days.
    const later = new Date(now.getTime() + 3 * DAY);
    expect(await remindPickups(db, { now: later, settings })).toEqual({ reminded: 1, listed: 2 });
    expect(await remindPickups(db, { now: later, settings })).toEqual({ reminded: 0, listed: 0 });
    expect(await db.outboxEvent.count({ where: { type: 'notification.pickup_reminder' } })).toBe(3);
    expect(await db.orderEvent.count({ where: { orderId: collected.order.id, type: { in: ['NOTIFICATION_QUEUED', 'PICKUP_UNCOLLECTED'] } } })).toBe(0);

    // The buyer gets the reminder with the pickup point and the parcels, nothing else.
    const notifier = new LoggingNotifier(() => {});
    expect(await dispatchBuyerNotifications(db, notifier, 10)).toBe(3);
    const sent = notifier.sent.find((n) => n.orderNumber === waiting.order.number)!;
    expect(sent).toMatchObject({ kind: 'PICKUP_REMINDER', template: 'PICKUP_REMINDER', pickupPoint: 'ПВЗ СДЭК, Тверская 5', trackingNumbers: waiting.numbers });

    // The seller's list (real time: only the parcel that has waited 8 days so far).
    const gql = createTestClient(db, { roles: ['SUPPORT'] });
    const listed = await gql(`{ uncollectedPickups { order { number status } trackingNumber carrier pickupPoint daysWaiting remindedAt } }`);
    expect(listed.errors).toBeUndefined();
    expect(listed.data.uncollectedPickups).toEqual([
      {
        order: { number: twoParcels.order.number, status: 'IN_TRANSIT' },
        trackingNumber: twoParcels.numbers[0],
        carrier: 'CDEK',
        pickupPoint: 'ПВЗ СДЭК, Тверская 5',
        daysWaiting: 8,
        remindedAt: expect.any(String),
      },
    ]);
    const inventoryKey = createTestClient(db, { apiKeyScopes: ['read_inventory'] });
    expect((await inventoryKey(`{ uncollectedPickups { trackingNumber } }`)).errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      requiredPermissions: ['orders:read'],
    });
  });

  it('runs as the pickups.remind job', async () => {
    const db = database.prisma;
    const { numbers } = await createShippedOrder(db, { shippedAt: daysAgo(6) });
    await track(db, numbers[0]!, 'ARRIVED_AT_PICKUP_POINT', daysAgo(3.5));
    const lines: string[] = [];
    await pickupReminderTask(settings).run({ db, now: () => new Date(), log: (line) => lines.push(line), addJob: async () => {} }, {});
    expect(lines).toEqual(['[delivery] 1 pickup reminder(s) queued, 0 parcel(s) listed as uncollected']);
  });
});
