// The tracking poller with the fake provider on the real database, on an injected clock (no
// sleeps): each carrier is asked at its own interval, only about parcels still on their way, and
// what the provider repeats is recorded once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { FakeTrackingProvider, pollTracking, type TrackingProvider } from './provider.ts';
import { createCarrier, createShippedOrder } from './tracking.fixtures.ts';
import { afterShipmentTasks } from './tracking.tasks.ts';

const HOUR = 3_600_000;

describe('tracking poller', () => {
  let database: TestDatabase;
  const shippedAt = new Date('2026-11-02T09:00:00.000Z');
  const at = (hours: number) => new Date(shippedAt.getTime() + hours * HOUR);

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('asks each carrier at its interval about open parcels only, and records repeated answers once', async () => {
    // The fake's journeys by number: FAKE0 delivered at +60 h, FAKE8 at +34 h, FAKE1 stalls after +28 h.
    expect(['FAKE0', 'FAKE8', 'FAKE1', 'FAKE5'].map((n) => FakeTrackingProvider.journeyOf(n))).toEqual([0, 1, 3, 0]);
    await createCarrier(database.prisma, 'fastco', 60);
    await createCarrier(database.prisma, 'slowco', 240);
    const a = await createShippedOrder(database.prisma, { carrierCode: 'fastco', numbers: ['FAKE0', 'FAKE8'], shippedAt });
    const b = await createShippedOrder(database.prisma, { carrierCode: 'slowco', numbers: ['FAKE1'], shippedAt });
    await createShippedOrder(database.prisma, { carrierCode: 'fastco', numbers: ['FAKE5'], shippedAt, status: 'CANCELLED' });
    const provider = new FakeTrackingProvider();
    const poll = (hours: number) => pollTracking(database.prisma, { providers: [provider], now: at(hours) });
    const asked = () =>
      provider.calls
        .at(-1)
        ?.map((q) => q.trackingNumber)
        .sort();
    const status = async (id: string) => (await database.prisma.order.findUniqueOrThrow({ where: { id } })).status;

    expect(await poll(1)).toEqual({ polled: 3, recorded: 0, failed: 0 }); // nothing has happened yet
    expect(asked()).toEqual(['FAKE0', 'FAKE1', 'FAKE8']); // never the cancelled order's parcel
    expect(await poll(1.5)).toEqual({ polled: 0, recorded: 0, failed: 0 });
    expect(await poll(2)).toEqual({ polled: 2, recorded: 0, failed: 0 }); // fastco every hour, slowco every 4 h
    expect(asked()).toEqual(['FAKE0', 'FAKE8']);

    // FAKE8 is delivered by now, FAKE0 is not: the order is still IN_TRANSIT.
    expect(await poll(40)).toEqual({ polled: 3, recorded: 7, failed: 0 });
    expect([await status(a.order.id), await status(b.order.id)]).toEqual(['IN_TRANSIT', 'IN_TRANSIT']);

    // The fake reports every step again; only the new ones are stored.
    expect(await poll(100)).toEqual({ polled: 2, recorded: 2, failed: 0 }); // FAKE8 is closed
    expect(await database.prisma.order.findUniqueOrThrow({ where: { id: a.order.id } })).toMatchObject({ status: 'DELIVERED', deliveredAt: at(60) });
    expect(await database.prisma.trackingEvent.count({ where: { shipmentId: a.shipment.id } })).toBe(7);
    expect(await database.prisma.trackingEvent.count({ where: { actor: { not: 'system' } } })).toBe(0);

    // Delivered parcels are closed: never asked again; the stalled one is, at its carrier's pace.
    expect(await poll(110)).toEqual({ polled: 1, recorded: 0, failed: 0 });
    expect(asked()).toEqual(['FAKE1']);
    expect(await poll(200)).toMatchObject({ polled: 1 });
  });

  it('a failing provider is logged and asked again at the next interval; the poll task runs only when enabled', async () => {
    await createShippedOrder(database.prisma, { carrierCode: 'flaky', numbers: ['FAKE10'], shippedAt });
    let fail = true;
    const fake = new FakeTrackingProvider();
    const flaky: TrackingProvider = {
      name: 'flaky',
      carriers: ['flaky'],
      track: (queries, now) => (fail ? Promise.reject(new Error('carrier API down')) : fake.track(queries, now)),
    };
    const lines: string[] = [];
    expect(await pollTracking(database.prisma, { providers: [flaky], now: at(300), log: (l) => lines.push(l) })).toEqual({ polled: 0, recorded: 0, failed: 1 });
    expect(lines[0]).toMatch(/^\[tracking\] provider flaky failed for 1 number\(s\)/);
    fail = false;
    expect(await pollTracking(database.prisma, { providers: [flaky], now: at(300.5) })).toEqual({ polled: 0, recorded: 0, failed: 0 }); // not before its interval
    expect(await pollTracking(database.prisma, { providers: [flaky], now: at(301) })).toEqual({ polled: 1, recorded: 4, failed: 0 });

    const settings = { TRACKING_POLLER: true, TRACKING_FAKE_PROVIDER: false, RETURN_WINDOW_DAYS: 14, RETURN_WINDOW_DAYS_BY_CHANNEL: [] };
    expect(afterShipmentTasks({ settings }).map((t) => t.name)).toEqual(['orders.autocomplete']); // no provider, no poller
    expect(afterShipmentTasks({ settings: { ...settings, TRACKING_FAKE_PROVIDER: true } }).map((t) => t.name)).toEqual(['orders.autocomplete', 'tracking.poll']);
    expect(afterShipmentTasks({ settings: { ...settings, TRACKING_POLLER: false, TRACKING_FAKE_PROVIDER: true } }).map((t) => t.name)).toEqual(['orders.autocomplete']);
  });
});
