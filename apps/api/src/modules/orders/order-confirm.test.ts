// confirmOrder's SQL: how many statements one confirmation sends, with and without enough stock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient } from '../../testing/graphql-client.ts';
import { createProduct, createWarehouse } from '../../testing/fixtures.ts';
import { onOutboxCommitted } from '../webhooks/outbox.service.ts';

const CONFIRM = `mutation($id: ID!) { confirmOrder(id: $id) { order { status version confirmedAt } shortages { requested available } userErrors { code } } }`;

describe('confirmOrder statements', () => {
  let database: TestDatabase;
  let statements: string[] = [];
  let gql: ReturnType<typeof createTestClient>;
  let products: Awaited<ReturnType<typeof createProduct>>[];

  beforeAll(async () => {
    database = await createTestDatabase({ onQuery: (sql) => statements.push(sql) });
    gql = createTestClient(database.prisma);
    await createWarehouse(database.prisma, 'CONF');
    products = [];
    for (let i = 0; i < 3; i++) products.push(await createProduct(database.prisma));
    for (const p of products.slice(0, 2)) {
      const r = await gql(`mutation { receiveStock(input: { code: "${p.sku}", warehouseCode: "CONF", locationCode: "A-01-1", quantity: 10 }) { userErrors { code } } }`);
      expect(r.data.receiveStock.userErrors).toEqual([]);
    }
  });
  afterAll(() => database.drop());

  async function orderOf(skus: string[]) {
    const r = await gql(`mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { id } userErrors { code message } } }`, {
      i: {
        channel: 'manual',
        currency: 'RUB',
        warehouseCode: 'CONF',
        shippingAddress: { name: 'Анна Смирнова', address1: 'ул. Ленина, 1', city: 'Казань', postalCode: '420000', countryCode: 'RU' },
        lines: skus.map((sku, k) => ({ sku, quantity: 1 + k })),
      },
    });
    expect(r.data.createOrder.userErrors).toEqual([]);
    return r.data.createOrder.order.id as string;
  }

  async function confirm(id: string) {
    statements = [];
    const r = await gql(CONFIRM, { id });
    expect(r.errors).toBeUndefined();
    const count = statements.length;
    if (process.env.SHOW_SQL) console.log(statements.join('\n'));
    if (r.data.confirmOrder.order?.status === 'CONFIRMED') {
      // Answered from the confirming update's row: what a read after the commit shows.
      const read = await gql(`query($id: ID!) { order(id: $id) { status version confirmedAt } }`, { id });
      expect(r.data.confirmOrder.order).toEqual(read.data.order);
    }
    return { payload: r.data.confirmOrder, count };
  }

  it('confirms an order with two lines in a bounded number of statements, whatever the line count', async () => {
    const two = await confirm(await orderOf([products[0]!.sku, products[1]!.sku]));
    expect(two.payload.order.status).toBe('CONFIRMED');
    const one = await confirm(await orderOf([products[0]!.sku]));
    expect(one.payload.order.status).toBe('CONFIRMED');
    expect(two.count).toBe(one.count);
    // Authenticate; lock the order and read it; one set-based statement reading the lines with
    // their catalogue prices, reserving every line's stock with its ledger rows, updating the
    // order, writing its two timeline events and the outbox event, and returning the order the
    // payload shows; commit. Was 17 for one line and one more per further line, then 14, then 8.
    expect(two.count).toBe(4);
    expect(statements.filter((sql) => /UPDATE "InventoryLevel"/.test(sql))).toHaveLength(1);
  });

  it('puts an order on hold for short stock without reserving anything', async () => {
    const short = await confirm(await orderOf([products[0]!.sku, products[2]!.sku]));
    expect(short.payload.order.status).toBe('ON_HOLD');
    expect(short.payload.shortages).toEqual([{ requested: 2, available: 0 }]);
    // The same two statements (nothing reserved), then the hold: the order's update, its timeline
    // event and the outbox event.
    expect(short.count).toBe(7);
    expect(statements.some((sql) => /INSERT INTO "public"\."StockMovement"/.test(sql))).toBe(false);
    const level = await database.prisma.inventoryLevel.findFirst({ where: { productId: products[0]!.id } });
    expect(level!.reserved).toBe(1 + 1); // the two confirmed orders above, nothing from this one
  });

  it("answers the payload's order from the confirming update: nothing is read after the commit", async () => {
    const id = await orderOf([products[0]!.sku, products[1]!.sku]);
    const rich = `mutation($id: ID!, $key: String) {
      confirmOrder(id: $id, idempotencyKey: $key) {
        order { id status version confirmedAt itemCount lines { sku quantity product { name } } }
        userErrors { code }
      }
    }`;
    statements = [];
    const first = await gql(rich, { id, key: `confirm-payload-${id}` });
    expect(first.errors).toBeUndefined();
    expect(first.data.confirmOrder.order).toMatchObject({
      id,
      status: 'CONFIRMED',
      itemCount: 3,
      lines: [
        { sku: products[0]!.sku, quantity: 1, product: { name: products[0]!.name } },
        { sku: products[1]!.sku, quantity: 2, product: { name: products[1]!.name } },
      ],
    });
    expect(statements.slice(statements.indexOf('COMMIT') + 1)).toEqual([]);
    // An idempotent replay reads the order as it is now: the same as the update returned.
    const replay = await gql(rich, { id, key: `confirm-payload-${id}` });
    expect(replay.data.confirmOrder.order).toEqual(first.data.confirmOrder.order);
    const read = await gql(`query($id: ID!) { order(id: $id) { version confirmedAt } }`, { id });
    expect(read.data.order).toEqual({ version: first.data.confirmOrder.order.version, confirmedAt: first.data.confirmOrder.order.confirmedAt });
  });

  it('writes what a transition writes: timeline entries in order, the outbox event with the new version, announced after the commit', async () => {
    const id = await orderOf([products[0]!.sku, products[1]!.sku]);
    const announced: { type: string; payload: unknown; createdAt: Date }[] = [];
    const stop = onOutboxCommitted((events) => announced.push(...events));
    try {
      expect((await confirm(id)).payload.order.status).toBe('CONFIRMED');
    } finally {
      stop();
    }
    const orderId = Buffer.from(id, 'base64').toString('utf8').split(':')[1]!;
    const order = await database.prisma.order.findUniqueOrThrow({ where: { id: orderId }, include: { lines: { orderBy: { position: 'asc' } } } });
    expect(order).toMatchObject({ status: 'CONFIRMED', version: 2 });
    const events = await database.prisma.orderEvent.findMany({ where: { orderId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    expect(events.map((e) => [e.type, e.fromStatus, e.toStatus])).toEqual([
      ['CREATED', null, 'NEW'],
      ['CONFIRMED', 'NEW', 'CONFIRMED'],
      ['STOCK_RESERVED', null, null],
    ]);
    expect(events[2]!.data).toEqual({ lines: order.lines.map((l) => ({ lineId: l.id, sku: l.sku, quantity: l.quantity })) });
    const payload = { orderId, number: order.number, from: 'NEW', to: 'CONFIRMED', orderVersion: 2 };
    const outbox = await database.prisma.outboxEvent.findMany({ where: { aggregateId: orderId, type: 'order.status_changed' } });
    expect(outbox.map((e) => e.payload)).toEqual([payload]);
    expect(announced).toEqual([expect.objectContaining({ id: outbox[0]!.id, type: 'order.status_changed', payload, createdAt: outbox[0]!.createdAt })]);
    const ledger = await database.prisma.stockMovement.findMany({ where: { orderId }, orderBy: { productId: 'asc' } });
    expect(ledger.map((m) => [m.productId, m.kind, m.reservedDelta])).toEqual(
      order.lines.map((l) => [l.productId, 'RESERVATION', l.quantity]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });
});
