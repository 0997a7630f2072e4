// Held orders released by arriving stock, on the real database: the receipt's transaction adds the
// release job, the job (run by the in-process runner over the job table) confirms the held orders
// in ship-by order through confirmOrder, as far as the stock goes — and never oversells while
// receipts, new confirmations and two runners (two instances) race.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient } from '../../testing/graphql-client.ts';
import { createProduct, createWarehouse } from '../../testing/fixtures.ts';
import { startInProcessRunner, type InProcessRunner } from '../jobs/in-process-runner.ts';
import { liveUpdates, type OrderChangeEvent } from '../live/live-bus.ts';
import { releaseHeldTask } from './held-release.ts';
import { releaseHeldOrdersTask, stockArrivedNote } from './held-release.task.ts';

const E = 'userErrors { code field message }';
const HOUR = 3_600_000;

describe('held orders released by arriving stock', () => {
  let database: TestDatabase;
  let gql: ReturnType<typeof createTestClient>;
  const runners: InProcessRunner[] = [];
  let warehouseCode: string;
  let warehouseId: string;

  const runner = () => {
    const started = startInProcessRunner(database.prisma, [releaseHeldOrdersTask()], { log: () => {}, pollMs: 3_600_000 });
    runners.push(started);
    return started;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    gql = createTestClient(database.prisma);
    const warehouse = await createWarehouse(database.prisma);
    warehouseCode = warehouse.code;
    warehouseId = warehouse.id;
  });
  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await database.drop();
  });

  const receive = async (sku: string, quantity: number) => {
    const r = await gql(`mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { ${E} } }`, {
      i: { code: sku, warehouseCode, locationCode: 'A-01-1', quantity },
    });
    expect(r.data.receiveStock.userErrors).toEqual([]);
  };
  /** A manual order confirmed at once (held when the stock is short); its database id. */
  const order = async (lines: { sku: string; quantity: number }[], shipBy: Date) => {
    const created = await gql(`mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { id } ${E} } }`, {
      i: {
        channel: 'manual',
        currency: 'RUB',
        warehouseCode,
        shipBy: shipBy.toISOString(),
        lines,
        shippingAddress: { name: 'Анна', address1: 'ул. Ленина, 1', city: 'Казань', postalCode: '420000', countryCode: 'RU' },
      },
    });
    const id = created.data.createOrder.order.id as string;
    const confirmed = await gql(`mutation($id: ID!) { confirmOrder(id: $id) { ${E} } }`, { id });
    expect(confirmed.data.confirmOrder.userErrors).toEqual([]);
    return decodeGlobalID(id).id;
  };
  const statusOf = async (id: string) => (await database.prisma.order.findUniqueOrThrow({ where: { id } })).status;
  /** Units an order holds per the ledger. */
  const reservedBy = async (id: string) =>
    (await database.prisma.stockMovement.aggregate({ where: { orderId: id }, _sum: { reservedDelta: true } }))._sum.reservedDelta ?? 0;
  const pendingReleases = () => database.prisma.jobQueue.count({ where: { task: releaseHeldTask } });

  it('confirms held orders in ship-by order as far as the stock goes, on the timeline and the live queue', async () => {
    const { sku } = await createProduct(database.prisma);
    const now = Date.now();
    const later = await order([{ sku, quantity: 2 }], new Date(now + 3 * HOUR));
    const urgent = await order([{ sku, quantity: 3 }], new Date(now + 1 * HOUR));
    const next = await order([{ sku, quantity: 1 }], new Date(now + 2 * HOUR));
    const last = await order([{ sku, quantity: 1 }], new Date(now + 4 * HOUR));
    for (const id of [later, urgent, next, last]) expect(await statusOf(id)).toBe('ON_HOLD');

    const changes: OrderChangeEvent[] = [];
    const stream = liveUpdates().subscribe();
    const pump = (async () => {
      for await (const change of stream) changes.push(change);
    })();

    // 5 units: urgent (3) and next (1) fit, later (2) no longer does, last (1) still fits.
    await receive(sku, 5);
    expect(await pendingReleases()).toBe(1);
    await runner().tick();
    await stream.return?.();
    await pump;

    expect(await pendingReleases()).toBe(0);
    const statuses = { urgent: await statusOf(urgent), next: await statusOf(next), later: await statusOf(later), last: await statusOf(last) };
    expect(statuses).toEqual({ urgent: 'CONFIRMED', next: 'CONFIRMED', later: 'ON_HOLD', last: 'CONFIRMED' });
    expect(await reservedBy(later)).toBe(0);
    const confirmedInOrder = await database.prisma.order.findMany({ where: { id: { in: [urgent, next, last] } }, orderBy: { confirmedAt: 'asc' }, select: { id: true } });
    expect(confirmedInOrder.map((o) => o.id)).toEqual([urgent, next, last]);
    const level = await database.prisma.inventoryLevel.findFirstOrThrow({ where: { product: { sku }, warehouseId } });
    expect({ onHand: level.onHand, reserved: level.reserved }).toEqual({ onHand: 5, reserved: 5 });

    const timeline = await database.prisma.orderEvent.findMany({ where: { orderId: urgent }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    const released = timeline.slice(timeline.findIndex((e) => e.type === 'HOLD_RELEASED'));
    expect(released.map((e) => [e.type, e.actor])).toEqual([
      ['HOLD_RELEASED', 'system'],
      ['CONFIRMED', 'system'],
      ['STOCK_RESERVED', 'system'],
      ['NOTE_ADDED', 'system'],
    ]);
    expect(released.at(-1)!.data).toEqual({ note: stockArrivedNote });

    const confirmedLive = changes.filter((c) => c.toStatus === 'CONFIRMED').map((c) => c.orderId);
    expect(confirmedLive).toEqual([urgent, next, last]);
  });

  it('keeps an order held while any of its lines is still short: all lines or none', async () => {
    const arrived = await createProduct(database.prisma);
    const missing = await createProduct(database.prisma);
    const both = await order(
      [
        { sku: arrived.sku, quantity: 1 },
        { sku: missing.sku, quantity: 1 },
      ],
      new Date(Date.now() + HOUR),
    );
    await receive(arrived.sku, 3);
    await runner().tick();
    expect(await statusOf(both)).toBe('ON_HOLD');
    expect(await reservedBy(both)).toBe(0);

    const r = await gql(`mutation($i: AdjustStockInput!) { adjustStock(input: $i) { ${E} } }`, {
      i: { code: missing.sku, warehouseCode, locationCode: 'A-01-1', delta: 1, reason: 'found in the back' },
    });
    expect(r.data.adjustStock.userErrors).toEqual([]);
    // The missing unit came in as a counted correction (a positive adjustment): now both lines fit.
    await runner().tick();
    expect(await statusOf(both)).toBe('CONFIRMED');
    expect(await reservedBy(both)).toBe(2);
  });

  it('does not lose stock that arrives while a release pass is running', async () => {
    const { sku } = await createProduct(database.prisma);
    const held = await order([{ sku, quantity: 2 }], new Date(Date.now() + HOUR));
    await receive(sku, 1);
    // The pass reads the levels, then a second unit is received before the job has finished.
    const task = releaseHeldOrdersTask();
    const slow = startInProcessRunner(database.prisma, [{ ...task, run: async (ctx, payload) => (await task.run(ctx, payload), await receive(sku, 1)) }], {
      log: () => {},
      pollMs: 3_600_000,
    });
    runners.push(slow);
    await slow.tick();
    expect(await statusOf(held)).toBe('ON_HOLD');
    // The second receipt's job was added behind the running one, not merged into it.
    expect(await pendingReleases()).toBe(1);
    await runner().tick();
    expect(await statusOf(held)).toBe('CONFIRMED');
  });

  it('never oversells when receipts, new confirmations and two release runners race', async () => {
    const { sku } = await createProduct(database.prisma);
    const product = await database.prisma.product.findUniqueOrThrow({ where: { sku } });
    const now = Date.now();
    const heldBefore = await Promise.all([3, 1, 2, 2, 1, 3].map((quantity, i) => order([{ sku, quantity }], new Date(now + (i + 1) * HOUR))));
    for (const id of heldBefore) expect(await statusOf(id)).toBe('ON_HOLD');

    const [a, b] = [runner(), runner()];
    const newOrders: Promise<string>[] = [];
    await Promise.all([
      receive(sku, 4),
      receive(sku, 5),
      ...[2, 1, 3, 1].map((quantity, i) => {
        const placed = order([{ sku, quantity }], new Date(now + (i + 0.5) * HOUR));
        newOrders.push(placed);
        return placed;
      }),
      a.tick(),
      b.tick(),
      a.tick(),
      b.tick(),
    ]);
    // Whatever is still queued runs now.
    while (await pendingReleases()) await Promise.all([a.tick(), b.tick()]);

    const ids = [...heldBefore, ...(await Promise.all(newOrders))];
    const orders = await database.prisma.order.findMany({ where: { id: { in: ids } }, include: { lines: true } });
    const level = await database.prisma.inventoryLevel.findFirstOrThrow({ where: { productId: product.id, warehouseId } });
    expect(level.onHand).toBe(9);
    expect(level.reserved).toBeLessThanOrEqual(level.onHand);
    let reserved = 0;
    for (const o of orders) {
      const holds = await reservedBy(o.id);
      // All lines or none: a confirmed order holds exactly its units, a held one nothing.
      expect(holds, `order ${o.number} (${o.status})`).toBe(o.status === 'CONFIRMED' ? o.lines[0]!.quantity : 0);
      expect(['CONFIRMED', 'ON_HOLD']).toContain(o.status);
      reserved += holds;
    }
    // The ledger and the level agree, and the stock went as far as it could: no held order fits what is left.
    expect(level.reserved).toBe(reserved);
    const left = level.onHand - level.reserved - level.picked;
    for (const o of orders.filter((x) => x.status === 'ON_HOLD')) expect(o.lines[0]!.quantity, `order ${o.number}`).toBeGreaterThan(left);
  });
});
