// The order list's domesticOverdue filter through the GraphQL endpoint on the real database: the same
// orders as Order.domesticOverdue and the domesticOverdueOrders list (late parcel not received, order
// still to leave), the rest with false, combined with the other filters, counted and paged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@orderly/schema';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createOrder } from '../../testing/fixtures.ts';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');

const ORDERS = `query($overdue: Boolean, $status: [OrderStatus!], $channel: [String!], $first: Int, $after: String) {
  orders(domesticOverdue: $overdue, status: $status, channel: $channel, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id domesticOverdue } }
  }
}`;
const OVERDUE_LIST = `{ domesticOverdueOrders(first: 50) { edges { node { id } } } }`;

describe('orders(domesticOverdue:)', () => {
  let database: TestDatabase;
  let db: Db;
  let packer: TestClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.prisma;
    packer = createTestClient(db, { roles: ['PACKER'] });
    const tenDaysAgo = new Date(Date.now() - 10 * DAY);
    const parcel = (orderId: string, trackingNumber: string, sentAt: Date, receivedAt: Date | null = null) =>
      db.domesticParcel.create({ data: { orderId, carrier: 'sf', trackingNumber, sentAt, receivedAt, createdBy: 'system' } });
    // Two late ones (nearest ship-by first), one late but a second parcel on time, and the ones that are not late.
    const lateSoon = await createOrder(db, { status: 'CONFIRMED', channel: 'ozon', shipBy: new Date(Date.now() + 5 * HOUR) });
    const lateLater = await createOrder(db, { status: 'PACKED', channel: 'ozon-cn', shipBy: new Date(Date.now() + 50 * HOUR) });
    const fresh = await createOrder(db, { status: 'CONFIRMED', channel: 'ozon' });
    const arrived = await createOrder(db, { status: 'CONFIRMED', channel: 'ozon' });
    const gone = await createOrder(db, { status: 'SHIPPED', channel: 'ozon' });
    const none = await createOrder(db, { status: 'CONFIRMED' });
    await parcel(lateSoon.id, 'SFLIST0001', tenDaysAgo);
    await parcel(lateSoon.id, 'SFLIST0002', new Date());
    await parcel(lateLater.id, 'SFLIST0003', tenDaysAgo);
    await parcel(fresh.id, 'SFLIST0004', new Date(Date.now() - 3 * DAY));
    await parcel(arrived.id, 'SFLIST0005', tenDaysAgo, new Date());
    await parcel(gone.id, 'SFLIST0006', tenDaysAgo);
    Object.assign(ids, { lateSoon: lateSoon.id, lateLater: lateLater.id, fresh: fresh.id, arrived: arrived.id, gone: gone.id, none: none.id });
  });
  afterAll(() => database.drop());

  const list = async (variables: Record<string, unknown>) => {
    const r = await packer(ORDERS, { first: 50, ...variables });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data.orders as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string; domesticOverdue: boolean } }[] };
  };

  it('true: the orders Order.domesticOverdue flags, the same as domesticOverdueOrders, nearest ship-by first', async () => {
    const overdue = await list({ overdue: true });
    expect(overdue.edges.map((e) => e.node.id)).toEqual([gid('Order', ids.lateSoon!), gid('Order', ids.lateLater!)]);
    expect(overdue.edges.every((e) => e.node.domesticOverdue)).toBe(true);
    expect(overdue.totalCount).toBe(2);
    const listed = (await packer(OVERDUE_LIST)).data.domesticOverdueOrders.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(overdue.edges.map((e) => e.node.id)).toEqual(listed);
  });

  it('false: every other order; absent: no filter', async () => {
    const others = await list({ overdue: false });
    const otherIds = others.edges.map((e) => e.node.id);
    for (const key of ['fresh', 'arrived', 'gone', 'none']) expect(otherIds).toContain(gid('Order', ids[key]!));
    expect(otherIds).not.toContain(gid('Order', ids.lateSoon!));
    expect(others.edges.some((e) => e.node.domesticOverdue)).toBe(false);
    expect(others.totalCount).toBe(4);
    expect((await list({})).totalCount).toBe(6);
  });

  it('combines with status and channel, and pages by the keyset', async () => {
    expect((await list({ overdue: true, status: ['PACKED'] })).edges.map((e) => e.node.id)).toEqual([gid('Order', ids.lateLater!)]);
    expect((await list({ overdue: true, channel: ['ozon'] })).edges.map((e) => e.node.id)).toEqual([gid('Order', ids.lateSoon!)]);
    expect((await list({ overdue: true, status: ['SHIPPED'] })).totalCount).toBe(0);
    const first = await list({ overdue: true, first: 1 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await list({ overdue: true, first: 1, after: first.pageInfo.endCursor });
    expect(second.edges.map((e) => e.node.id)).toEqual([gid('Order', ids.lateLater!)]);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });
});
