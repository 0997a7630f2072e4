// The manager dashboard on real PostgreSQL, against figures worked out by hand from a small shop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderStatus } from '@orderly/schema';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';
import { createProduct } from '../../testing/fixtures.ts';

const H = 3_600_000;
const day = (d: number, hour = 10) => new Date(Date.UTC(2026, 10, d, hour));
const range = { from: '2026-11-01T00:00:00.000Z', to: '2026-11-04T00:00:00.000Z' };

const QUERY = `query($range: DashboardRangeInput!, $channel: String, $timeZone: String) {
  dashboard(range: $range, channel: $channel, timeZone: $timeZone) {
    ordersPerDay { day channel orders }
    orders revenue { minorUnits currency } shippedOnTime shipDue onTimeRate lateRiskNow openExceptions
    ratingTrendUnit ratingTrend { period averageRating reviews }
    topProductsBySales { sku units revenue { minorUnits currency } }
    returns { ordersDelivered ordersReturned returnRate topReasons { reason returns units } topProducts { sku units } }
    promotions { name orders units discount { minorUnits currency } }
  }
}`;

describe('dashboard', () => {
  let database: TestDatabase;
  let statements: string[] = [];
  let manager: TestClient;
  let skus: { p1: string; p2: string };

  beforeAll(async () => {
    database = await createTestDatabase({ onQuery: (sql) => statements.push(sql) });
    const db = database.prisma;
    manager = createTestClient(db, { roles: ['MANAGER'] });
    const p1 = await createProduct(db, { priceAmount: 100_00 });
    const p2 = await createProduct(db, { priceAmount: 50_00 });
    skus = { p1: p1.sku, p2: p2.sku };
    let n = 0;
    const order = async (o: {
      channel: string;
      placedAt: Date;
      shipBy: Date;
      status: OrderStatus;
      shippedAt?: Date;
      deliveredAt?: Date;
      lines: [typeof p1, number][];
    }) => {
      const lines = o.lines.map(([p, quantity], i) => ({
        productId: p.id,
        position: i + 1,
        sku: p.sku,
        name: p.name,
        quantity,
        unitPriceAmount: p.priceAmount,
        totalAmount: p.priceAmount * quantity,
      }));
      const total = lines.reduce((s, l) => s + l.totalAmount, 0);
      return db.order.create({
        data: {
          channel: o.channel,
          externalId: `d-${n++}`,
          status: o.status,
          placedAt: o.placedAt,
          shipBy: o.shipBy,
          shippedAt: o.shippedAt,
          deliveredAt: o.deliveredAt,
          currency: 'RUB',
          subtotalAmount: total,
          totalAmount: total,
          shipName: 'x',
          shipAddress1: 'x',
          shipCity: 'x',
          shipPostalCode: '101000',
          shipCountryCode: 'RU',
          lines: { create: lines },
        },
        include: { lines: true },
      });
    };
    // A: shop, shipped on time, delivered, returned (1 unit, DEFECTIVE). B: shop, shipped a day late.
    const a = await order({ channel: 'shop', placedAt: day(1), shipBy: day(2), shippedAt: day(1, 22), deliveredAt: day(2), status: 'DELIVERED', lines: [[p1, 3]] });
    const b = await order({
      channel: 'shop',
      placedAt: day(1, 11),
      shipBy: day(2),
      shippedAt: day(3),
      status: 'SHIPPED',
      lines: [
        [p1, 1],
        [p2, 2],
      ],
    });
    // C: ozon, not shipped, ship-by long past (late, and at risk now). D: ozon, due in a month, placed
    // at 22:00 UTC (already 4 November in Moscow). E: cancelled, placed but not counted in sales.
    await order({ channel: 'ozon', placedAt: day(1, 12), shipBy: day(2), status: 'NEW', lines: [[p2, 1]] });
    await order({ channel: 'ozon', placedAt: day(3, 22), shipBy: new Date(Date.now() + 30 * 24 * H), status: 'CONFIRMED', lines: [[p2, 5]] });
    await order({ channel: 'shop', placedAt: day(2), shipBy: day(3), status: 'CANCELLED', lines: [[p1, 10]] });
    // Outside the range (31 October, 23:00 UTC).
    await order({ channel: 'shop', placedAt: new Date(Date.UTC(2026, 9, 31, 23)), shipBy: day(1), shippedAt: day(1), status: 'SHIPPED', lines: [[p1, 7]] });

    await db.exceptionCase.create({ data: { orderId: a.id, kind: 'DAMAGED' } });
    await db.exceptionCase.create({ data: { orderId: b.id, kind: 'DELAYED', status: 'RESOLVED' } });
    const ret = await db.return.create({
      data: { orderId: a.id, channel: 'shop', reason: 'DEFECTIVE', requestedOutcome: 'REFUND', currency: 'RUB', requestedBy: 'test', createdAt: day(2, 12) },
    });
    await db.returnLine.create({ data: { returnId: ret.id, orderLineId: a.lines[0]!.id, position: 1, quantity: 1, reason: 'DEFECTIVE' } });
    // A promotion gave 30 ₽ on A's line (its 3 units).
    const promotion = await db.promotion.create({ data: { name: 'Autumn', kind: 'AMOUNT_OFF', value: 10_00, allProducts: true, startsAt: day(0) } });
    await db.orderDiscount.create({ data: { orderId: a.id, lineId: a.lines[0]!.id, promotionId: promotion.id, source: 'PROMOTION', amount: 30_00 } });
    for (const [channel, rating, published] of [
      ['shop', 5, day(1)],
      ['shop', 3, day(1, 18)],
      ['ozon', 2, day(3)],
      ['ozon', 1, day(5)], // outside the range
    ] as const) {
      await db.review.create({ data: { channel, externalId: `rv-${rating}-${channel}`, rating, publishedAt: published } });
    }
  });
  afterAll(() => database.drop());

  it('answers the hand-computed figures in a handful of statements', async () => {
    statements = [];
    const r = await manager(QUERY, { range });
    expect(r.errors).toBeUndefined();
    const d = r.data.dashboard;
    expect(d.ordersPerDay).toEqual([
      { day: '2026-11-01', channel: 'ozon', orders: 1 },
      { day: '2026-11-01', channel: 'shop', orders: 2 },
      { day: '2026-11-02', channel: 'shop', orders: 1 },
      { day: '2026-11-03', channel: 'ozon', orders: 1 },
    ]);
    // A 300 ₽ + B 200 ₽ + C 50 ₽ + D 250 ₽; due: A (on time), B (late), C (past ship-by, unshipped).
    expect(d).toMatchObject({ orders: 4, revenue: [{ minorUnits: 800_00, currency: 'RUB' }], shippedOnTime: 1, shipDue: 3, lateRiskNow: 1, openExceptions: 1 });
    expect(d.onTimeRate).toBeCloseTo(1 / 3);
    expect(d.ratingTrendUnit).toBe('DAY');
    expect(d.ratingTrend).toEqual([
      { period: '2026-11-01', averageRating: 4, reviews: 2 },
      { period: '2026-11-03', averageRating: 2, reviews: 1 },
    ]);
    // p2: 2 + 1 + 5 units (400 ₽); p1: 3 + 1 (the cancelled 10 and the 7 before the range do not count).
    expect(d.topProductsBySales).toEqual([
      { sku: skus.p2, units: 8, revenue: { minorUnits: 400_00, currency: 'RUB' } },
      { sku: skus.p1, units: 4, revenue: { minorUnits: 400_00, currency: 'RUB' } },
    ]);
    expect(d.returns).toEqual({
      ordersDelivered: 1,
      ordersReturned: 1,
      returnRate: 1,
      topReasons: [{ reason: 'DEFECTIVE', returns: 1, units: 1 }],
      topProducts: [{ sku: skus.p1, units: 1 }],
    });
    expect(d.promotions).toEqual([{ name: 'Autumn', orders: 1, units: 3, discount: { minorUnits: 30_00, currency: 'RUB' } }]);
    const selects = statements.filter((s) => /^\s*(SELECT|WITH)/i.test(s));
    expect(selects.length).toBeLessThanOrEqual(13); // 5 of its own + returnStats' 6 + promotionReport's 1, whatever the number of orders
  });

  it('narrows to one channel and counts days in the time zone asked for', async () => {
    const r = await manager(QUERY, { range, channel: 'ozon', timeZone: 'Europe/Moscow' });
    expect(r.errors).toBeUndefined();
    const d = r.data.dashboard;
    expect(d.ordersPerDay).toEqual([
      { day: '2026-11-01', channel: 'ozon', orders: 1 },
      { day: '2026-11-04', channel: 'ozon', orders: 1 },
    ]);
    expect(d).toMatchObject({ orders: 2, shippedOnTime: 0, shipDue: 1, lateRiskNow: 1, openExceptions: 0 });
    expect(d.ratingTrend).toEqual([{ period: '2026-11-03', averageRating: 2, reviews: 1 }]);
    expect(d.returns.ordersDelivered).toBe(0);
    expect(d.returns.returnRate).toBeNull();
  });

  it('is for managers and admins only, and refuses bad ranges', async () => {
    for (const roles of [['PICKER'], ['SUPPORT'], ['PACKER']] as const) {
      const r = await createTestClient(database.prisma, { roles: [...roles] })(QUERY, { range });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await createTestClient(database.prisma, { roles: ['ADMIN'] })(QUERY, { range })).data.dashboard.orders).toBe(4);
    const backwards = await manager(QUERY, { range: { from: range.to, to: range.from } });
    expect(backwards.data).toBeNull();
    const zone = await manager(QUERY, { range, timeZone: 'Mars/Olympus' });
    expect(zone.data).toBeNull();
  });
});
