// The tracking feed through the GraphQL endpoint on the real database: per-row results, idempotency
// on the unique indexes, occurredAt order, multi-parcel delivery, and — property-style — a feed
// shuffled and duplicated with a seeded RNG ends in the same state as the clean feed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';
import { createShippedOrder, seededRandom } from './tracking.fixtures.ts';

const HOUR = 3_600_000;
const RECORD = `mutation($events: [TrackingEventInput!]!, $key: String) {
  recordTrackingEvents(events: $events, idempotencyKey: $key) {
    recordedCount duplicateCount failedCount
    results { index trackingNumber recorded event { status occurredAt } order { status } userErrors { code field message } }
  }
}`;
const SNAPSHOT = `query($id: ID!) { order(id: $id) {
  status deliveredAt expectedDeliveryAt lastTrackingAt
  tracking { number status deliveredAt lastEventAt expectedDeliveryAt events { status occurredAt location externalId message } }
  lastTrackingEvent { status occurredAt trackingNumber }
} }`;

interface FeedEvent {
  parcel: number;
  status: string;
  hours: number;
  ext?: string;
  expectedHours?: number;
}

/** A clean feed of a two-parcel order: delays, a failed attempt, and a scan after delivery. */
const cleanFeed: FeedEvent[] = [
  { parcel: 0, status: 'IN_TRANSIT', hours: 2, ext: 'a1' },
  { parcel: 1, status: 'IN_TRANSIT', hours: 3 },
  { parcel: 0, status: 'DELAYED', hours: 20 },
  { parcel: 0, status: 'IN_TRANSIT', hours: 30, ext: 'a3' },
  { parcel: 0, status: 'ARRIVED_AT_PICKUP_POINT', hours: 40, ext: 'a4', expectedHours: 50 },
  { parcel: 0, status: 'DELIVERED', hours: 48, ext: 'a5' },
  { parcel: 1, status: 'OUT_FOR_DELIVERY', hours: 50, ext: 'b2', expectedHours: 55 },
  { parcel: 1, status: 'FAILED_ATTEMPT', hours: 52, ext: 'b3' },
  { parcel: 0, status: 'IN_TRANSIT', hours: 60 }, // a stray scan after delivery: never undoes it
  { parcel: 1, status: 'DELIVERED', hours: 70 },
];

describe('recordTrackingEvents', () => {
  let database: TestDatabase;
  let gql: TestClient;
  const shippedAt = new Date('2026-11-20T08:00:00.000Z');
  const at = (hours: number) => new Date(shippedAt.getTime() + hours * HOUR).toISOString();

  beforeAll(async () => {
    database = await createTestDatabase();
    gql = createTestClient(database.prisma, { apiKeyScopes: ['write_shipments', 'read_orders'] });
  });
  afterAll(() => database.drop());

  const toInput = (numbers: string[], e: FeedEvent) => ({
    trackingNumber: numbers[e.parcel],
    status: e.status,
    occurredAt: at(e.hours),
    location: `Hub ${e.hours}`,
    message: `Carrier says ${e.status}`,
    externalId: e.ext ? `${numbers[e.parcel]}-${e.ext}` : null,
    expectedDeliveryAt: e.expectedHours ? at(e.expectedHours) : null,
  });

  const record = async (events: unknown[], key?: string) => {
    const r = await gql(RECORD, { events, key });
    expect(r.errors).toBeUndefined();
    return r.data.recordTrackingEvents;
  };

  /** The order's tracking state with its tracking numbers replaced by their parcel index. */
  const snapshot = async (orderId: string, numbers: string[]) => {
    const r = await gql(SNAPSHOT, { id: encodeGlobalID('Order', orderId) });
    expect(r.errors).toBeUndefined();
    const text = JSON.stringify(r.data.order);
    return JSON.parse(numbers.reduce((s, n, i) => s.replaceAll(n, `#${i}`), text));
  };

  it('moves the order SHIPPED → IN_TRANSIT → DELIVERED only when every parcel is delivered', async () => {
    const { order, numbers } = await createShippedOrder(database.prisma, { parcels: 2, shippedAt });
    const first = await record([toInput(numbers, cleanFeed[0]!)]);
    expect(first).toMatchObject({ recordedCount: 1, duplicateCount: 0, failedCount: 0 });
    expect(first.results[0]).toMatchObject({ index: 0, recorded: true, event: { status: 'IN_TRANSIT' }, order: { status: 'IN_TRANSIT' }, userErrors: [] });

    // Parcel 0 delivered, parcel 1 still on its way: the order stays IN_TRANSIT.
    const partial = await record(cleanFeed.slice(1, 6).map((e) => toInput(numbers, e)));
    expect(partial.recordedCount).toBe(5);
    expect(partial.results.at(-1).order.status).toBe('IN_TRANSIT');
    const stillOnItsWay = await record(cleanFeed.slice(6, 9).map((e) => toInput(numbers, e)));
    expect(stillOnItsWay.results.map((r: any) => r.order.status)).toEqual(['IN_TRANSIT', 'IN_TRANSIT', 'IN_TRANSIT']);

    const rest = await record(cleanFeed.slice(9).map((e) => toInput(numbers, e)));
    // Each row's `order` is the order as it is after the call.
    expect(rest.results.map((r: any) => r.order.status)).toEqual(['DELIVERED']);

    const state = await snapshot(order.id, numbers);
    expect(state).toMatchObject({
      status: 'DELIVERED',
      deliveredAt: at(70), // when the last parcel arrived
      expectedDeliveryAt: at(55),
      lastTrackingAt: at(70),
      lastTrackingEvent: { status: 'DELIVERED', occurredAt: at(70), trackingNumber: '#1' },
    });
    // The stray IN_TRANSIT after delivery is stored, but parcel 0 stays DELIVERED.
    expect(state.tracking.map((t: any) => [t.number, t.status, t.deliveredAt, t.events.length])).toEqual([
      ['#0', 'DELIVERED', at(48), 6],
      ['#1', 'DELIVERED', at(70), 4],
    ]);
    expect(state.tracking[0].events.map((e: any) => e.occurredAt)).toEqual([2, 20, 30, 40, 48, 60].map(at));

    const timeline = await database.prisma.orderEvent.findMany({ where: { orderId: order.id }, orderBy: { createdAt: 'asc' } });
    expect(timeline.filter((e) => e.type === 'TRACKING_UPDATED')).toHaveLength(cleanFeed.length);
    expect(timeline.filter((e) => e.toStatus).map((e) => `${e.fromStatus}→${e.toStatus}`)).toEqual(['SHIPPED→IN_TRANSIT', 'IN_TRANSIT→DELIVERED']);
    // No carrier message (carriers write names into it) on the timeline or in webhooks.
    expect(JSON.stringify(timeline.map((e) => e.data))).not.toContain('Carrier says');
    const outbox = await database.prisma.outboxEvent.findMany({ where: { aggregateId: order.id }, orderBy: { createdAt: 'asc' } });
    expect(outbox.filter((e) => e.type === 'tracking.updated')).toHaveLength(cleanFeed.length);
    expect(outbox.filter((e) => e.type === 'order.delivered').map((e) => (e.payload as any).deliveredAt)).toEqual([at(70)]);
    expect(JSON.stringify(outbox.map((e) => e.payload))).not.toContain('Carrier says');
    const shipment = await database.prisma.shipment.findFirstOrThrow({ where: { orderId: order.id } });
    expect(shipment).toMatchObject({ status: 'DELIVERED', deliveredAt: new Date(at(70)) });
  });

  it('stores an event once: by (carrier, external id), or by (tracking number, status, occurredAt) without one', async () => {
    const { order, numbers } = await createShippedOrder(database.prisma, { parcels: 1, shippedAt });
    const events = [toInput(numbers, { parcel: 0, status: 'IN_TRANSIT', hours: 1, ext: 'x1' }), toInput(numbers, { parcel: 0, status: 'DELAYED', hours: 5 })];
    expect((await record(events)).recordedCount).toBe(2);
    const counts = async () => ({
      events: await database.prisma.trackingEvent.count({ where: { shipment: { orderId: order.id } } }),
      timeline: await database.prisma.orderEvent.count({ where: { orderId: order.id } }),
      outbox: await database.prisma.outboxEvent.count({ where: { aggregateId: order.id } }),
    });
    const before = await counts();

    // The same carrier event id with other details (a re-sent, corrected event) and the same id-less event again.
    const again = await record([{ ...events[0], location: 'elsewhere', occurredAt: at(2) }, events[1]]);
    expect(again).toMatchObject({ recordedCount: 0, duplicateCount: 2, failedCount: 0 });
    expect(again.results.map((r: any) => r.event.occurredAt)).toEqual([at(1), at(5)]);
    // Concurrent deliveries of the same feed: still stored once.
    const parallel = await Promise.all([record(events), record(events), record(events)]);
    expect(parallel.map((p) => p.duplicateCount)).toEqual([2, 2, 2]);
    expect(await counts()).toEqual(before);

    // The database itself refuses a second copy (the unique indexes), whatever the code does.
    const row = await database.prisma.trackingEvent.findFirstOrThrow({ where: { shipment: { orderId: order.id }, externalId: null } });
    const { id: _id, createdAt: _createdAt, ...copy } = row;
    await expect(database.prisma.trackingEvent.create({ data: copy })).rejects.toMatchObject({ code: 'P2002' });
  });

  it('ends in the same state whatever the order and repetition of the feed (seeded shuffles)', async () => {
    const seed = Number(process.env.TRACKING_SEED ?? 20261205);
    const random = seededRandom(seed);
    const reference = await createShippedOrder(database.prisma, { parcels: 2, shippedAt });
    await record(cleanFeed.map((e) => toInput(reference.numbers, e)));
    const expected = await snapshot(reference.order.id, reference.numbers);
    expect(expected.status).toBe('DELIVERED');

    for (let trial = 0; trial < 6; trial++) {
      const { order, numbers } = await createShippedOrder(database.prisma, { parcels: 2, shippedAt });
      const feed = cleanFeed.flatMap((e) => Array.from({ length: 1 + Math.floor(random() * 3) }, () => toInput(numbers, e)));
      for (let i = feed.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [feed[i], feed[j]] = [feed[j]!, feed[i]!];
      }
      let recorded = 0;
      while (feed.length) {
        const batch = feed.splice(0, 1 + Math.floor(random() * 5));
        const result = await record(batch);
        expect(result.failedCount).toBe(0);
        recorded += result.recordedCount;
      }
      expect({ seed, trial, recorded }).toEqual({ seed, trial, recorded: cleanFeed.length });
      expect({ seed, trial, state: await snapshot(order.id, numbers) }).toEqual({ seed, trial, state: expected });
    }
  });

  it('refuses bad rows with typed errors and field paths, writing nothing for them, and records the rest', async () => {
    const { order, numbers } = await createShippedOrder(database.prisma, { parcels: 1, shippedAt });
    const cancelled = await createShippedOrder(database.prisma, { parcels: 1, shippedAt, status: 'CANCELLED' });
    const result = await record([
      toInput(numbers, { parcel: 0, status: 'IN_TRANSIT', hours: 1 }),
      { trackingNumber: 'NO-SUCH-NUMBER', status: 'IN_TRANSIT', occurredAt: at(1) },
      toInput(cancelled.numbers, { parcel: 0, status: 'IN_TRANSIT', hours: 1 }),
      { trackingNumber: numbers[0], carrierCode: 'nope', status: 'IN_TRANSIT', occurredAt: at(2) },
      { status: 'IN_TRANSIT', occurredAt: at(3) },
      { ...toInput(numbers, { parcel: 0, status: 'DELIVERED', hours: 4 }), occurredAt: new Date(Date.now() + 72 * HOUR).toISOString() },
    ]);
    expect(result).toMatchObject({ recordedCount: 1, duplicateCount: 0, failedCount: 5 });
    expect(result.results.map((r: any) => r.userErrors.map((e: any) => `${e.code} ${e.field.join('.')}`))).toEqual([
      [],
      ['UNKNOWN_TRACKING_NUMBER events.1.trackingNumber'],
      ['ORDER_CANCELLED events.2.trackingNumber'],
      ['UNKNOWN_CARRIER events.3.carrierCode'],
      ['INVALID_INPUT events.4.trackingNumber'],
      ['INVALID_INPUT events.5.occurredAt'],
    ]);
    expect(result.results[2]).toMatchObject({ recorded: null, event: null, order: null });
    expect(await database.prisma.trackingEvent.count({ where: { shipment: { orderId: cancelled.order.id } } })).toBe(0);
    expect(await database.prisma.orderEvent.count({ where: { orderId: cancelled.order.id } })).toBe(0);
    expect(await database.prisma.order.findUniqueOrThrow({ where: { id: cancelled.order.id } })).toMatchObject({ status: 'CANCELLED', version: 1 });
    expect((await database.prisma.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('IN_TRANSIT');
  });

  it('takes the shipment id instead of the number, and replays a keyed call without acting again', async () => {
    const { order, numbers, shipment } = await createShippedOrder(database.prisma, { parcels: 1, shippedAt });
    const events = [{ shipmentId: encodeGlobalID('Shipment', shipment.id), status: 'OUT_FOR_DELIVERY', occurredAt: at(30) }];
    const first = await record(events, 'feed-batch-0001');
    expect(first.results[0]).toMatchObject({ recorded: true, trackingNumber: null, order: { status: 'IN_TRANSIT' } });
    const replay = await record(events, 'feed-batch-0001');
    expect(replay.results[0]).toMatchObject({ recorded: true, userErrors: [] });
    expect(await database.prisma.trackingEvent.count({ where: { trackingNumber: { number: numbers[0] } } })).toBe(1);
    expect(await database.prisma.orderEvent.count({ where: { orderId: order.id, type: 'TRACKING_UPDATED' } })).toBe(1);
  });

  it('shows days since the last movement while the order is on its way', async () => {
    const now = Date.now();
    const { order, numbers } = await createShippedOrder(database.prisma, { parcels: 1, shippedAt: new Date(now - 10 * 24 * HOUR) });
    const days = async () =>
      (await gql(`query($id: ID!) { order(id: $id) { daysSinceLastMovement } }`, { id: encodeGlobalID('Order', order.id) })).data.order.daysSinceLastMovement;
    expect(await days()).toBe(10); // nothing heard since shipping
    await record([{ trackingNumber: numbers[0], status: 'IN_TRANSIT', occurredAt: new Date(now - 3 * 24 * HOUR - HOUR).toISOString() }]);
    expect(await days()).toBe(3);
    await record([{ trackingNumber: numbers[0], status: 'DELIVERED', occurredAt: new Date(now - HOUR).toISOString() }]);
    expect(await days()).toBeNull();
  });

  it('needs write_shipments (shipping); a read-only key is refused', async () => {
    const { numbers } = await createShippedOrder(database.prisma, { parcels: 1, shippedAt });
    const reader = createTestClient(database.prisma, { apiKeyScopes: ['read_shipments', 'write_orders'] });
    const r = await reader(RECORD, { events: [{ trackingNumber: numbers[0], status: 'IN_TRANSIT', occurredAt: at(1) }] });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredPermissions: ['shipping'] });
    expect(await database.prisma.trackingEvent.count({ where: { trackingNumber: { number: numbers[0] } } })).toBe(0);
    // A shipments-only key records events; the order in the result needs orders:read.
    const carrierKey = createTestClient(database.prisma, { apiKeyScopes: ['write_shipments'] });
    const ok = await carrierKey(RECORD, { events: [{ trackingNumber: numbers[0], status: 'IN_TRANSIT', occurredAt: at(1) }] });
    expect(ok.data.recordTrackingEvents.results[0]).toMatchObject({ recorded: true, order: null });
  });
});
