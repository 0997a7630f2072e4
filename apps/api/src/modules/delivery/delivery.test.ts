// Delivery confirmation on the real database: markDelivered and completeOrder through the GraphQL
// endpoint, and the auto-completion after the channel's return window with an injected clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';
import { createShippedOrder } from '../tracking/tracking.fixtures.ts';
import { afterShipmentTasks } from '../tracking/tracking.tasks.ts';
import { autoCompleteDeliveredOrders, returnWindows } from './delivery.service.ts';

const DAY = 86_400_000;
const E = 'userErrors { code field message }';
const MARK = `mutation($id: ID!, $reason: String!, $at: DateTime, $key: String) {
  markDelivered(orderId: $id, reason: $reason, deliveredAt: $at, idempotencyKey: $key) { order { status deliveredAt version } ${E} }
}`;
const COMPLETE = `mutation($id: ID!, $key: String) { completeOrder(orderId: $id, idempotencyKey: $key) { order { status completedAt } ${E} } }`;
const gid = (id: string) => encodeGlobalID('Order', id);

describe('delivery confirmation', () => {
  let database: TestDatabase;
  let gql: TestClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    gql = createTestClient(database.prisma, { roles: ['SUPPORT'] });
  });
  afterAll(() => database.drop());

  it('markDelivered: by hand with a reason, once per idempotency key, never for an order not shipped', async () => {
    const { order } = await createShippedOrder(database.prisma, { status: 'IN_TRANSIT' });
    const deliveredAt = new Date(Date.now() - DAY).toISOString();
    const first = await gql(MARK, { id: gid(order.id), reason: 'Buyer confirmed by phone', at: deliveredAt, key: 'deliver-0001' });
    expect(first.data.markDelivered).toMatchObject({ order: { status: 'DELIVERED', deliveredAt }, userErrors: [] });
    const replay = await gql(MARK, { id: gid(order.id), reason: 'Buyer confirmed by phone', at: deliveredAt, key: 'deliver-0001' });
    expect(replay.data.markDelivered).toMatchObject({ order: { status: 'DELIVERED', version: first.data.markDelivered.order.version }, userErrors: [] });

    const timeline = await database.prisma.orderEvent.findMany({ where: { orderId: order.id } });
    expect(timeline.map((e) => [e.type, e.fromStatus, e.toStatus, (e.data as any).reason])).toEqual([
      ['DELIVERED', 'IN_TRANSIT', 'DELIVERED', 'Buyer confirmed by phone'],
    ]);
    const outbox = await database.prisma.outboxEvent.findMany({ where: { aggregateId: order.id }, orderBy: { createdAt: 'asc' } });
    expect(outbox.map((e) => e.type)).toEqual(['order.status_changed', 'order.delivered']);
    expect(outbox[1]!.payload).toMatchObject({ deliveredAt, source: 'manual' });

    const notShipped = await createShippedOrder(database.prisma, { status: 'PACKED' });
    const refused = await gql(MARK, { id: gid(notShipped.order.id), reason: 'x' });
    expect(refused.data.markDelivered).toMatchObject({ order: null, userErrors: [{ code: 'INVALID_TRANSITION', field: ['orderId'] }] });
    const blank = await gql(MARK, { id: gid(notShipped.order.id), reason: '   ' });
    expect(blank.data.markDelivered.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['reason'] });
    const future = await gql(MARK, { id: gid(order.id), reason: 'x', at: new Date(Date.now() + DAY).toISOString() });
    expect(future.data.markDelivered.userErrors).toEqual([]); // already delivered: unchanged, nothing checked
    expect(await database.prisma.orderEvent.count({ where: { orderId: notShipped.order.id } })).toBe(0);
  });

  it('completeOrder: only delivered orders without an open return or exception', async () => {
    const { order, shipment } = await createShippedOrder(database.prisma, { status: 'DELIVERED', deliveredAt: new Date(Date.now() - DAY) });
    const exception = await database.prisma.exceptionCase.create({ data: { orderId: order.id, shipmentId: shipment.id, kind: 'DAMAGED' } });
    const blocked = await gql(COMPLETE, { id: gid(order.id) });
    expect(blocked.data.completeOrder).toMatchObject({ order: null, userErrors: [{ code: 'OPEN_CASES', field: ['orderId'] }] });
    await database.prisma.exceptionCase.update({ where: { id: exception.id }, data: { status: 'RESOLVED' } });
    const done = await gql(COMPLETE, { id: gid(order.id), key: 'complete-0001' });
    expect(done.data.completeOrder).toMatchObject({ order: { status: 'COMPLETED' }, userErrors: [] });
    const outbox = await database.prisma.outboxEvent.findMany({ where: { aggregateId: order.id, type: 'order.completed' } });
    expect(outbox.map((e) => (e.payload as any).source)).toEqual(['manual']);

    const inTransit = await createShippedOrder(database.prisma, { status: 'IN_TRANSIT' });
    expect((await gql(COMPLETE, { id: gid(inTransit.order.id) })).data.completeOrder.userErrors[0].code).toBe('INVALID_TRANSITION');
    // A picker may not; an orders-only key may.
    const picker = createTestClient(database.prisma, { roles: ['PICKER'] });
    expect((await picker(COMPLETE, { id: gid(inTransit.order.id) })).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('completes delivered orders once their channel’s return window has passed, not before, and not with open cases', async () => {
    const now = new Date('2026-12-01T12:00:00.000Z');
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    const make = async (channel: string, deliveredDaysAgo: number, status: 'DELIVERED' | 'IN_TRANSIT' = 'DELIVERED') =>
      (await createShippedOrder(database.prisma, { channel, status, deliveredAt: ago(deliveredDaysAgo), shippedAt: ago(deliveredDaysAgo + 3) })).order.id;
    const orders = {
      manualPast: await make('manual', 15), // default window 14 days: past
      manualWithin: await make('manual', 13),
      ozonPast: await make('ozon', 8), // ozon=7
      ozonWithin: await make('ozon', 6),
      withReturn: await make('manual', 30),
      withException: await make('manual', 30),
      notDelivered: await make('manual', 30, 'IN_TRANSIT'),
    };
    await database.prisma.return.create({
      data: {
        orderId: orders.withReturn,
        channel: 'manual',
        currency: 'RUB',
        status: 'APPROVED',
        reason: 'DEFECTIVE',
        requestedOutcome: 'REFUND',
        requestedBy: 'system',
      },
    });
    await database.prisma.exceptionCase.create({ data: { orderId: orders.withException, kind: 'LOST' } });
    const windows = returnWindows({ RETURN_WINDOW_DAYS: 14, RETURN_WINDOW_DAYS_BY_CHANNEL: ['ozon=7'] });

    expect(await autoCompleteDeliveredOrders(database.prisma, { now, windows })).toBe(2);
    const status = async () =>
      Object.fromEntries(
        await Promise.all(Object.entries(orders).map(async ([k, id]) => [k, (await database.prisma.order.findUniqueOrThrow({ where: { id } })).status])),
      );
    expect(await status()).toEqual({
      manualPast: 'COMPLETED',
      manualWithin: 'DELIVERED',
      ozonPast: 'COMPLETED',
      ozonWithin: 'DELIVERED',
      withReturn: 'DELIVERED',
      withException: 'DELIVERED',
      notDelivered: 'IN_TRANSIT',
    });
    const completed = await database.prisma.orderEvent.findFirstOrThrow({ where: { orderId: orders.ozonPast, type: 'COMPLETED' } });
    expect(completed).toMatchObject({ actor: 'system', fromStatus: 'DELIVERED', toStatus: 'COMPLETED', data: { source: 'return_window' } });
    expect((await database.prisma.order.findUniqueOrThrow({ where: { id: orders.ozonPast } })).completedAt).toEqual(now);

    // Two days later (the same job, the clock moved): the rest of the windows have passed.
    await database.prisma.return.updateMany({ where: { orderId: orders.withReturn }, data: { status: 'CLOSED' } });
    const task = afterShipmentTasks({
      providers: [],
      settings: { TRACKING_POLLER: false, TRACKING_FAKE_PROVIDER: false, RETURN_WINDOW_DAYS: 14, RETURN_WINDOW_DAYS_BY_CHANNEL: ['ozon=7'] },
    }).find((t) => t.name === 'orders.autocomplete')!;
    const lines: string[] = [];
    await task.run({ db: database.prisma, now: () => new Date(now.getTime() + 2 * DAY), log: (l: string) => lines.push(l) } as never, {});
    expect(await status()).toMatchObject({
      manualWithin: 'COMPLETED',
      ozonWithin: 'COMPLETED',
      withReturn: 'COMPLETED',
      withException: 'DELIVERED',
      notDelivered: 'IN_TRANSIT',
    });
    expect(lines).toEqual(['[delivery] completed 3 delivered order(s) past their return window']);
    // Nothing left to do: a second run changes nothing.
    expect(await autoCompleteDeliveredOrders(database.prisma, { now: new Date(now.getTime() + 2 * DAY), windows })).toBe(0);
  });
});
