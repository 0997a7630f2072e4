// Delivery exceptions through the GraphQL endpoint on the real database: opened by carrier events
// and by hand, one state table, and the order's way into EXCEPTION and back out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';
import { createShippedOrder } from '../tracking/tracking.fixtures.ts';

const HOUR = 3_600_000;
const E = 'userErrors { code field message }';
const RECORD = `mutation($events: [TrackingEventInput!]!) { recordTrackingEvents(events: $events) { results { recorded ${E} } } }`;
const OPEN = `mutation($id: ID!, $kind: ExceptionKind!, $note: String) { openException(orderId: $id, kind: $kind, note: $note) { exception { id kind status source } order { status } ${E} } }`;
const UPDATE = `mutation($id: ID!, $status: ExceptionStatus!) { updateException(exceptionId: $id, status: $status) { exception { status } order { status } ${E} } }`;
const RESOLVE = `mutation($id: ID!, $resolution: ExceptionResolution!) { resolveException(exceptionId: $id, resolution: $resolution) { exception { status resolution resolvedAt } order { status deliveredAt } ${E} } }`;
const CLOSE = `mutation($id: ID!) { closeException(exceptionId: $id) { exception { status resolution } order { status } ${E} } }`;
const gid = (id: string) => encodeGlobalID('Order', id);

describe('delivery exceptions', () => {
  let database: TestDatabase;
  let gql: TestClient;
  const shippedAt = new Date('2026-11-20T08:00:00.000Z');
  const at = (hours: number) => new Date(shippedAt.getTime() + hours * HOUR).toISOString();

  beforeAll(async () => {
    database = await createTestDatabase();
    gql = createTestClient(database.prisma, { roles: ['MANAGER'] });
  });
  afterAll(() => database.drop());

  const track = async (trackingNumber: string, status: string, hours: number) => {
    const r = await gql(RECORD, { events: [{ trackingNumber, status, occurredAt: at(hours) }] });
    expect(r.data.recordTrackingEvents.results[0].userErrors).toEqual([]);
  };
  const orderState = async (id: string) =>
    (await gql(`query($id: ID!) { order(id: $id) { status deliveredAt exceptions { kind status resolution source } } }`, { id: gid(id) })).data.order;

  it('a LOST scan opens one exception; the parcel turning up resolves it as delivered late', async () => {
    const { order, numbers } = await createShippedOrder(database.prisma, { parcels: 2, shippedAt });
    await track(numbers[0]!, 'IN_TRANSIT', 2);
    await track(numbers[1]!, 'LOST', 30);
    await track(numbers[1]!, 'LOST', 40); // the carrier repeats itself: still one exception
    expect(await orderState(order.id)).toMatchObject({ status: 'EXCEPTION', exceptions: [{ kind: 'LOST', status: 'OPEN', resolution: null, source: 'tracking' }] });

    await track(numbers[0]!, 'DELIVERED', 48);
    expect((await orderState(order.id)).status).toBe('EXCEPTION'); // parcel 2 is still lost
    await track(numbers[1]!, 'DELIVERED', 70);
    expect(await orderState(order.id)).toMatchObject({
      status: 'DELIVERED',
      deliveredAt: at(70),
      exceptions: [{ kind: 'LOST', status: 'RESOLVED', resolution: 'DELIVERED_LATE' }],
    });
    const timeline = await database.prisma.orderEvent.findMany({ where: { orderId: order.id, toStatus: { not: null } }, orderBy: { createdAt: 'asc' } });
    expect(timeline.map((e) => `${e.fromStatus}→${e.toStatus}`)).toEqual(['SHIPPED→IN_TRANSIT', 'IN_TRANSIT→EXCEPTION', 'EXCEPTION→DELIVERED']);
    const outbox = (
      await database.prisma.outboxEvent.findMany({ where: { aggregateId: order.id, type: { startsWith: 'exception.' } }, orderBy: { createdAt: 'asc' } })
    ).map((e) => e.type);
    expect(outbox).toEqual(['exception.opened', 'exception.resolved']);
    expect(await database.prisma.outboxEvent.count({ where: { aggregateId: order.id, type: 'order.delivered' } })).toBe(1);
  });

  it('by hand: waiting states, a second exception keeps the order in EXCEPTION, resolving returns it where it was', async () => {
    const { order } = await createShippedOrder(database.prisma, { status: 'IN_TRANSIT', shippedAt });
    const address = (await gql(OPEN, { id: gid(order.id), kind: 'ADDRESS_PROBLEM', note: 'Buyer moved' })).data.openException;
    expect(address).toMatchObject({ exception: { kind: 'ADDRESS_PROBLEM', status: 'OPEN', source: 'manual' }, order: { status: 'EXCEPTION' }, userErrors: [] });
    const delayed = (await gql(OPEN, { id: gid(order.id), kind: 'DELAYED' })).data.openException;
    expect(delayed.order.status).toBe('EXCEPTION');

    expect((await gql(UPDATE, { id: address.exception.id, status: 'WAITING_FOR_BUYER' })).data.updateException.exception.status).toBe('WAITING_FOR_BUYER');
    const refusedStatus = (await gql(UPDATE, { id: address.exception.id, status: 'RESOLVED' })).data.updateException;
    expect(refusedStatus.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['status'] })]);

    const first = (await gql(RESOLVE, { id: address.exception.id, resolution: 'OTHER' })).data.resolveException;
    expect(first).toMatchObject({ exception: { status: 'RESOLVED', resolution: 'OTHER' }, order: { status: 'EXCEPTION' } });
    const second = (await gql(CLOSE, { id: delayed.exception.id })).data.closeException;
    expect(second).toMatchObject({ exception: { status: 'CLOSED', resolution: null }, order: { status: 'IN_TRANSIT' } });

    // Resolving an exception that ended: typed error, nothing written.
    const before = await database.prisma.orderEvent.count({ where: { orderId: order.id } });
    const again = (await gql(RESOLVE, { id: address.exception.id, resolution: 'REFUNDED' })).data.resolveException;
    expect(again).toMatchObject({ exception: null, userErrors: [{ code: 'INVALID_TRANSITION', field: ['exceptionId'] }] });
    expect(await database.prisma.orderEvent.count({ where: { orderId: order.id } })).toBe(before);
  });

  it('a delivered order found damaged goes to EXCEPTION and back to DELIVERED; never for orders not shipped', async () => {
    const deliveredAt = new Date(Date.now() - 24 * HOUR);
    const { order } = await createShippedOrder(database.prisma, { status: 'DELIVERED', deliveredAt, shippedAt });
    const damaged = (await gql(OPEN, { id: gid(order.id), kind: 'DAMAGED' })).data.openException;
    expect(damaged.order.status).toBe('EXCEPTION');
    const resolved = (await gql(RESOLVE, { id: damaged.exception.id, resolution: 'REFUNDED' })).data.resolveException;
    expect(resolved.order).toEqual({ status: 'DELIVERED', deliveredAt: deliveredAt.toISOString() });
    expect(await database.prisma.outboxEvent.count({ where: { aggregateId: order.id, type: 'order.delivered' } })).toBe(0); // it was delivered before

    const packed = await createShippedOrder(database.prisma, { status: 'PACKED' });
    expect((await gql(OPEN, { id: gid(packed.order.id), kind: 'LOST' })).data.openException.userErrors[0]).toMatchObject({
      code: 'INVALID_TRANSITION',
      field: ['orderId'],
    });
    const cancelled = await createShippedOrder(database.prisma, { status: 'CANCELLED' });
    expect((await gql(OPEN, { id: gid(cancelled.order.id), kind: 'LOST' })).data.openException.userErrors[0].code).toBe('ORDER_CANCELLED');
    expect(await database.prisma.exceptionCase.count({ where: { orderId: { in: [packed.order.id, cancelled.order.id] } } })).toBe(0);
  });

  it('lists open exceptions; a picker may not open one', async () => {
    const r = await gql(`{ exceptions(first: 10) { edges { node { kind status order { number } } } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.exceptions.edges.map((e: any) => e.node.status)).toEqual([]); // every exception above has ended
    const { order } = await createShippedOrder(database.prisma, { status: 'IN_TRANSIT' });
    await gql(OPEN, { id: gid(order.id), kind: 'OTHER' });
    const open = await gql(`{ exceptions(first: 10, kind: [OTHER]) { edges { node { kind status order { number } } } } }`);
    expect(open.data.exceptions.edges).toEqual([{ node: { kind: 'OTHER', status: 'OPEN', order: { number: order.number } } }]);
    const picker = createTestClient(database.prisma, { roles: ['PICKER'] });
    expect((await picker(OPEN, { id: gid(order.id), kind: 'LOST' })).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });
});
