// The demo data's returns (packages/schema/src/seed/demo.ts) as a new user meets them through the
// API: returns in several states on the completed orders, their orders RETURN_REQUESTED, the parcel
// on its way scannable at the station, a refunded unit back on the shelf with the ledger agreeing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '@orderly/schema/seed';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';

describe('demo returns', () => {
  let database: TestDatabase;
  let manager: TestClient;
  let packer: TestClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    const seeded = await seedDemoData(database.prisma);
    expect(seeded).toMatchObject({ orders: 50, returns: 5 });
    manager = createTestClient(database.prisma, { roles: ['MANAGER'] });
    packer = createTestClient(database.prisma, { roles: ['PACKER'] });
  }, 180_000);
  afterAll(() => database.drop());

  it('shows returns in several states, their orders RETURN_REQUESTED, the delivered orders untouched', async () => {
    const r = await manager(`{ returns(first: 20) { edges { node { number status channel reason requestedOutcome buyerComment refund { minorUnits currency }
      refunds { method reference } returnTrackingNumber order { status } lines { sku quantity inspections { condition location { code } } } } } } }`);
    expect(r.errors).toBeUndefined();
    const returns = r.data.returns.edges.map((e: any) => e.node);
    expect(returns.map((x: any) => x.status).sort()).toEqual(['CLOSED', 'DECLINED', 'IN_TRANSIT', 'RECEIVED', 'REQUESTED']);
    for (const x of returns.filter((x: any) => ['REQUESTED', 'IN_TRANSIT', 'RECEIVED'].includes(x.status))) expect(x.order.status).toBe('RETURN_REQUESTED');
    expect(returns.every((x: any) => /[а-яё]/i.test(x.buyerComment))).toBe(true);
    const closed = returns.find((x: any) => x.status === 'CLOSED');
    expect(closed.refund.currency).toBe('RUB');
    expect(closed.refunds).toEqual([{ method: 'MARKETPLACE', reference: `OZ-REFUND-${closed.number}` }]);
    expect(closed.lines[0].inspections).toEqual([{ condition: 'RESELLABLE', location: { code: expect.any(String) } }]);
    const counts = await manager(`{ orderStatusCounts { status count } }`);
    const byStatus = Object.fromEntries(counts.data.orderStatusCounts.map((c: any) => [c.status, c.count]));
    expect(byStatus).toMatchObject({ DELIVERED: 3, RETURN_REQUESTED: 3 });
    expect(byStatus.COMPLETED ?? 0).toBe(0);
  });

  it('the station finds the parcel on its way by its tracking number; the restocked unit is in the ledger', async () => {
    const transit = await database.prisma.return.findFirstOrThrow({ where: { status: 'IN_TRANSIT' } });
    const found = await packer(`query($c: String!) { returnsByScan(code: $c) { number status buyerComment } }`, { c: transit.returnTrackingNumber });
    expect(found.data.returnsByScan).toEqual([{ number: transit.number, status: 'IN_TRANSIT', buyerComment: '***' }]);
    const closed = await database.prisma.return.findFirstOrThrow({ where: { status: 'CLOSED' }, include: { lines: { include: { orderLine: true } } } });
    const productId = closed.lines[0]!.orderLine.productId;
    const movement = await database.prisma.stockMovement.findFirstOrThrow({ where: { productId, kind: 'RETURN' } });
    expect(movement).toMatchObject({ onHandDelta: 1, reference: `return:R-${closed.number}`, orderId: closed.orderId });
    const level = await database.prisma.inventoryLevel.findFirstOrThrow({ where: { productId } });
    const ledger = await database.prisma.stockMovement.aggregate({ where: { productId }, _sum: { onHandDelta: true, reservedDelta: true, pickedDelta: true } });
    expect([ledger._sum.onHandDelta, ledger._sum.reservedDelta, ledger._sum.pickedDelta]).toEqual([level.onHand, level.reserved, level.picked]);
  });
});
