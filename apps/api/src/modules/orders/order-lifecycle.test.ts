// Orders and stock through the GraphQL endpoint on a real database: intake, confirmation with
// reservation, holds, cancellation, optimistic locking, idempotent replays.
import { describe, expect, it } from 'vitest';
import type { TestDatabase } from '@orderly/schema/testing';
import { useTestDatabase } from '../../testing/database.ts';
import type { TestClient } from '../../testing/graphql-client.ts';
import { createProduct, createWarehouse } from '../../testing/fixtures.ts';

const orderFields = /* GraphQL */ `
  id number status version holdReason holdNote cancelReason
  subtotal { minorUnits currency } total { minorUnits currency }
  lines { id sku quantity quantityCancelled unitPrice { minorUnits } catalogPrice { minorUnits } }
`;
const errorFields = 'userErrors { code field message }';

const CREATE = `mutation($input: CreateOrderInput!, $key: String) {
  createOrder(input: $input, idempotencyKey: $key) { created order { ${orderFields} } ${errorFields} }
}`;
const CONFIRM = `mutation($id: ID!, $v: Int, $accept: Boolean, $key: String) {
  confirmOrder(id: $id, expectedVersion: $v, acceptPriceMismatches: $accept, idempotencyKey: $key) {
    order { ${orderFields} }
    shortages { requested available line { sku } }
    priceMismatches { orderedAmount catalogAmount line { sku } }
    ${errorFields}
  }
}`;
const RECEIVE = `mutation($input: ReceiveStockInput!, $key: String) {
  receiveStock(input: $input, idempotencyKey: $key) { inventoryLevel { onHand reserved picked available bins { quantity location { code } } } ${errorFields} }
}`;
const LEVEL = `query($sku: String) { inventoryLevels(first: 5, sku: $sku) { edges { node { onHand reserved picked available } } } }`;

describe('orders and stock', () => {
  let database: TestDatabase;
  let gql: TestClient;
  let warehouseCode: string;
  useTestDatabase(async (world) => {
    ({ database, admin: gql } = world);
    warehouseCode = (await createWarehouse(database.prisma)).code;
  });

  const address = { name: 'Анна Смирнова', phone: '+7 900 111-22-33', address1: 'ул. Тверская, д. 1, кв. 2', city: 'Москва', postalCode: '101000', countryCode: 'RU' };
  const orderInput = (lines: { sku: string; quantity: number; unitPrice?: number }[], extra: Record<string, unknown> = {}) => ({
    channel: 'manual',
    currency: 'RUB',
    shippingAddress: address,
    buyer: { name: 'Анна Смирнова', phone: '+7 900 111-22-33' },
    lines,
    ...extra,
  });

  async function stockedProduct(onHand: number, priceAmount = 500_00) {
    const product = await createProduct(database.prisma, { priceAmount });
    if (onHand > 0) {
      const r = await gql(RECEIVE, { input: { code: product.sku, warehouseCode, locationCode: 'A-01-1', quantity: onHand } });
      expect(r.data.receiveStock.userErrors).toEqual([]);
    }
    return product;
  }
  async function level(sku: string) {
    const r = await gql(LEVEL, { sku });
    return r.data.inventoryLevels.edges[0]?.node;
  }
  async function newOrder(lines: { sku: string; quantity: number; unitPrice?: number }[], extra: Record<string, unknown> = {}) {
    const r = await gql(CREATE, { input: orderInput(lines, extra) });
    expect(r.errors).toBeUndefined();
    expect(r.data.createOrder.userErrors).toEqual([]);
    return r.data.createOrder.order;
  }
  async function ledgerMatchesLevels() {
    const sums = await database.prisma.stockMovement.groupBy({ by: ['productId', 'warehouseId'], _sum: { onHandDelta: true, reservedDelta: true, pickedDelta: true } });
    const levels = await database.prisma.inventoryLevel.findMany();
    for (const l of levels) {
      const s = sums.find((x) => x.productId === l.productId && x.warehouseId === l.warehouseId);
      expect({ onHand: s?._sum.onHandDelta ?? 0, reserved: s?._sum.reservedDelta ?? 0, picked: s?._sum.pickedDelta ?? 0 }).toEqual({
        onHand: l.onHand,
        reserved: l.reserved,
        picked: l.picked,
      });
    }
  }

  describe('intake', () => {
    it('creates an order from SKUs with catalogue prices, totals, a timeline entry and an outbox event', async () => {
      const product = await stockedProduct(0, 123_45);
      const order = await newOrder([{ sku: product.sku, quantity: 3 }], { shippingAmount: 300_00 });
      expect(order.status).toBe('NEW');
      expect(order.lines).toEqual([expect.objectContaining({ sku: product.sku, quantity: 3, unitPrice: { minorUnits: 123_45 } })]);
      expect(order.subtotal).toEqual({ minorUnits: 370_35, currency: 'RUB' });
      expect(order.total).toEqual({ minorUnits: 670_35, currency: 'RUB' });

      const timeline = await gql(`query($id: ID!) { order(id: $id) { timeline(first: 10) { totalCount edges { node { type actor toStatus } } } } }`, { id: order.id });
      expect(timeline.data.order.timeline.edges.map((e: any) => e.node)).toEqual([{ type: 'CREATED', actor: (await gql.ready).actor, toStatus: 'NEW' }]);
      const outbox = await database.prisma.outboxEvent.findMany({ where: { type: 'order.created', payload: { path: ['number'], equals: order.number } } });
      expect(outbox).toHaveLength(1);
    });

    it('is idempotent on channel + externalId: the same order again returns the existing one', async () => {
      const product = await stockedProduct(0);
      const input = orderInput([{ sku: product.sku, quantity: 1 }], { channel: 'ozon', externalId: '87000001-0001-1' });
      const first = await gql(CREATE, { input });
      const again = await gql(CREATE, { input: { ...input, lines: [{ sku: product.sku, quantity: 5 }] } });
      expect(first.data.createOrder.created).toBe(true);
      expect(again.data.createOrder.created).toBe(false);
      expect(again.data.createOrder.order.id).toBe(first.data.createOrder.order.id);
      expect(again.data.createOrder.order.lines[0].quantity).toBe(1);
      expect(await database.prisma.order.count({ where: { externalId: '87000001-0001-1' } })).toBe(1);
    });

    it('rejects bad input with typed errors and field paths, writing nothing', async () => {
      const product = await stockedProduct(0);
      const before = await database.prisma.order.count();
      const r = await gql(CREATE, {
        input: {
          channel: 'manual',
          currency: 'XXQ',
          shippingAddress: { name: 'Иван', address1: 'ул. Ленина, 5', postalCode: '12345', countryCode: 'RU' },
          lines: [
            { sku: 'NO-SUCH-SKU', quantity: 1 },
            { sku: product.sku, quantity: 0 },
            { sku: product.sku, quantity: -2 },
          ],
        },
      });
      expect(r.errors).toBeUndefined();
      expect(r.data.createOrder.order).toBeNull();
      const errors = r.data.createOrder.userErrors;
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ code: 'UNKNOWN_CURRENCY', field: ['input', 'currency'] }),
          expect.objectContaining({ code: 'INCOMPLETE_ADDRESS', field: ['input', 'shippingAddress', 'city'] }),
          expect.objectContaining({ code: 'INCOMPLETE_ADDRESS', field: ['input', 'shippingAddress', 'postalCode'] }),
          expect.objectContaining({ code: 'INVALID_QUANTITY', field: ['input', 'lines', '1', 'quantity'] }),
          expect.objectContaining({ code: 'INVALID_QUANTITY', field: ['input', 'lines', '2', 'quantity'] }),
        ]),
      );
      // Unknown SKUs are reported once the input's shape is valid.
      const sku = await gql(CREATE, { input: orderInput([{ sku: 'NO-SUCH-SKU', quantity: 1 }]) });
      expect(sku.data.createOrder.userErrors).toEqual([{ code: 'UNKNOWN_SKU', field: ['input', 'lines', '0', 'sku'], message: 'No product with SKU "NO-SUCH-SKU"' }]);
      const missing = await gql(CREATE, { input: { ...orderInput([{ sku: product.sku, quantity: 1 }]), shippingAddress: null } });
      expect(missing.data.createOrder.userErrors.map((e: any) => e.code)).toContain('INCOMPLETE_ADDRESS');
      expect(await database.prisma.order.count()).toBe(before);
    });

    it('answers malformed requests with GraphQL errors, not userErrors', async () => {
      const r = await gql(CREATE, { input: { channel: 'manual', currency: 'RUB', lines: [{ sku: 'X', quantity: 'two' }] } });
      expect(r.errors?.[0].message).toMatch(/Int cannot represent/);
      expect(r.data).toBeUndefined();
    });

    it('imports a batch with a result per row; a bad row does not stop the others; re-import changes nothing', async () => {
      const product = await stockedProduct(0);
      const rows = [
        orderInput([{ sku: product.sku, quantity: 1 }], { channel: 'ozon', externalId: '87000002-0001-1' }),
        orderInput([{ sku: 'MISSING', quantity: 1 }], { channel: 'ozon', externalId: '87000003-0001-1' }),
        orderInput([{ sku: product.sku, quantity: 2 }], { channel: 'ozon', externalId: '87000004-0001-1' }),
      ];
      const IMPORT = `mutation($orders: [CreateOrderInput!]!) { importOrders(orders: $orders) { createdCount existingCount failedCount results { index externalId created order { id } ${errorFields} } } }`;
      const first = (await gql(IMPORT, { orders: rows })).data.importOrders;
      expect([first.createdCount, first.existingCount, first.failedCount]).toEqual([2, 0, 1]);
      expect(first.results[1]).toMatchObject({
        index: 1,
        externalId: '87000003-0001-1',
        order: null,
        userErrors: [{ code: 'UNKNOWN_SKU', field: ['orders', '1', 'lines', '0', 'sku'] }],
      });
      const again = (await gql(IMPORT, { orders: rows })).data.importOrders;
      expect([again.createdCount, again.existingCount, again.failedCount]).toEqual([0, 2, 1]);
      expect(again.results[0].order.id).toBe(first.results[0].order.id);
    });
  });

  describe('confirmation and reservation', () => {
    it('reserves stock for every line in one go and records it in the ledger and timeline', async () => {
      const a = await stockedProduct(10);
      const b = await stockedProduct(4);
      const order = await newOrder([
        { sku: a.sku, quantity: 3 },
        { sku: b.sku, quantity: 4 },
      ]);
      const r = (await gql(CONFIRM, { id: order.id, v: order.version })).data.confirmOrder;
      expect(r.userErrors).toEqual([]);
      expect(r.order.status).toBe('CONFIRMED');
      expect(r.order.version).toBe(order.version + 1);
      expect(r.shortages).toEqual([]);
      expect(await level(a.sku)).toEqual({ onHand: 10, reserved: 3, picked: 0, available: 7 });
      expect(await level(b.sku)).toEqual({ onHand: 4, reserved: 4, picked: 0, available: 0 });
      const events = await database.prisma.orderEvent.findMany({ where: { order: { number: order.number } }, orderBy: { createdAt: 'asc' } });
      expect(events.map((e) => [e.type, e.fromStatus, e.toStatus])).toEqual([
        ['CREATED', null, 'NEW'],
        ['CONFIRMED', 'NEW', 'CONFIRMED'],
        ['STOCK_RESERVED', null, null],
      ]);
      await ledgerMatchesLevels();
    });

    it('puts the order ON_HOLD (OUT_OF_STOCK) naming the short lines, reserving nothing; confirms after restock', async () => {
      const plenty = await stockedProduct(10);
      const scarce = await stockedProduct(1);
      const order = await newOrder([
        { sku: plenty.sku, quantity: 2 },
        { sku: scarce.sku, quantity: 3 },
      ]);
      const r = (await gql(CONFIRM, { id: order.id })).data.confirmOrder;
      expect(r.userErrors).toEqual([]);
      expect(r.order).toMatchObject({ status: 'ON_HOLD', holdReason: 'OUT_OF_STOCK' });
      expect(r.order.holdNote).toContain(scarce.sku);
      expect(r.shortages).toEqual([{ requested: 3, available: 1, line: { sku: scarce.sku } }]);
      expect(await level(plenty.sku)).toMatchObject({ reserved: 0, available: 10 });

      await gql(RECEIVE, { input: { code: scarce.sku, warehouseCode, quantity: 5, reference: 'PO-77' } });
      const retry = (await gql(CONFIRM, { id: order.id })).data.confirmOrder;
      expect(retry.order).toMatchObject({ status: 'CONFIRMED', holdReason: null });
      expect(await level(scarce.sku)).toMatchObject({ onHand: 6, reserved: 3, available: 3 });
      await ledgerMatchesLevels();
    });

    it('flags prices that differ from the catalogue instead of accepting them silently', async () => {
      const product = await stockedProduct(5, 1000_00);
      const order = await newOrder([{ sku: product.sku, quantity: 1, unitPrice: 899_00 }]);
      const refused = (await gql(CONFIRM, { id: order.id })).data.confirmOrder;
      expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'PRICE_MISMATCH', field: ['acceptPriceMismatches'] })]);
      expect(refused.userErrors[0].message).toContain(`Line 1 (${product.sku})`);
      expect(refused.order).toBeNull();
      expect(await level(product.sku)).toMatchObject({ reserved: 0 });

      const accepted = (await gql(CONFIRM, { id: order.id, accept: true })).data.confirmOrder;
      expect(accepted.order.status).toBe('CONFIRMED');
      expect(accepted.priceMismatches).toEqual([{ orderedAmount: 899_00, catalogAmount: 1000_00, line: { sku: product.sku } }]);
      expect(accepted.order.lines[0].catalogPrice).toEqual({ minorUnits: 1000_00 });
    });

    it('refuses a stale version and an illegal transition with typed errors naming the state', async () => {
      const product = await stockedProduct(5);
      const order = await newOrder([{ sku: product.sku, quantity: 1 }]);
      const stale = (await gql(CONFIRM, { id: order.id, v: order.version + 7 })).data.confirmOrder;
      expect(stale.userErrors).toEqual([expect.objectContaining({ code: 'STALE_VERSION', field: ['expectedVersion'] })]);

      await gql(`mutation($id: ID!) { cancelOrder(id: $id, reason: BUYER_REQUEST) { ${errorFields} } }`, { id: order.id });
      const illegal = (await gql(CONFIRM, { id: order.id })).data.confirmOrder;
      expect(illegal.userErrors).toEqual([
        { code: 'INVALID_TRANSITION', field: null, message: `Order #${order.number} is CANCELLED; only new orders (or orders held for missing stock) are confirmed` },
      ]);
    });

    it('confirms in bulk with a result per id', async () => {
      const product = await stockedProduct(3);
      const o1 = await newOrder([{ sku: product.sku, quantity: 2 }]);
      const o2 = await newOrder([{ sku: product.sku, quantity: 2 }]);
      const r = await gql(`mutation($ids: [ID!]!) { confirmOrders(ids: $ids) { id order { status } shortages { requested available } ${errorFields} } }`, {
        ids: [o1.id, o2.id],
      });
      expect(r.data.confirmOrders).toEqual([
        { id: o1.id, order: { status: 'CONFIRMED' }, shortages: [], userErrors: [] },
        { id: o2.id, order: { status: 'ON_HOLD' }, shortages: [{ requested: 2, available: 1 }], userErrors: [] },
      ]);
    });
  });

  describe('holds and cancellation', () => {
    it('places and releases a hold with a reason, returning to the previous status', async () => {
      const product = await stockedProduct(5);
      const order = await newOrder([{ sku: product.sku, quantity: 1 }]);
      await gql(CONFIRM, { id: order.id });
      const HOLD = `mutation($id: ID!) { placeHold(id: $id, reason: INCORRECT_ADDRESS, note: "Квартира не указана / 缺少门牌号") { order { status holdReason holdNote } ${errorFields} } }`;
      const held = (await gql(HOLD, { id: order.id })).data.placeHold;
      expect(held.order).toEqual({ status: 'ON_HOLD', holdReason: 'INCORRECT_ADDRESS', holdNote: 'Квартира не указана / 缺少门牌号' });
      const released = (await gql(`mutation($id: ID!) { releaseHold(id: $id, note: "buyer answered") { order { status holdReason } ${errorFields} } }`, { id: order.id }))
        .data.releaseHold;
      expect(released.order).toEqual({ status: 'CONFIRMED', holdReason: null });
      expect(await level(product.sku)).toMatchObject({ reserved: 1 });
      const again = (await gql(`mutation($id: ID!) { releaseHold(id: $id) { ${errorFields} } }`, { id: order.id })).data.releaseHold;
      expect(again.userErrors[0].code).toBe('NOT_ON_HOLD');
    });

    it('cancels a whole order, releasing its reservation into available stock', async () => {
      const product = await stockedProduct(5);
      const order = await newOrder([{ sku: product.sku, quantity: 4 }]);
      await gql(CONFIRM, { id: order.id });
      expect(await level(product.sku)).toMatchObject({ reserved: 4, available: 1 });
      const r = (
        await gql(
          `mutation($id: ID!) { cancelOrder(id: $id, reason: BUYER_REQUEST, note: "передумал") { order { status cancelReason lines { quantityCancelled } } ${errorFields} } }`,
          { id: order.id },
        )
      ).data.cancelOrder;
      expect(r.order).toEqual({ status: 'CANCELLED', cancelReason: 'BUYER_REQUEST', lines: [{ quantityCancelled: 4 }] });
      expect(await level(product.sku)).toMatchObject({ reserved: 0, available: 5 });
      const release = await database.prisma.stockMovement.findFirst({ where: { kind: 'RELEASE', productId: product.id } });
      expect(release).toMatchObject({ reservedDelta: -4, actor: (await gql.ready).actor });
      await ledgerMatchesLevels();
    });

    it('cancels single lines, releasing their units and recomputing totals; the last line cancels the order', async () => {
      const a = await stockedProduct(5, 100_00);
      const b = await stockedProduct(5, 200_00);
      const order = await newOrder([
        { sku: a.sku, quantity: 2 },
        { sku: b.sku, quantity: 1 },
      ]);
      await gql(CONFIRM, { id: order.id });
      const CANCEL_LINES = `mutation($id: ID!, $lines: [CancelLineInput!]!) { cancelOrderLines(id: $id, lines: $lines, reason: OUT_OF_STOCK) { order { status subtotal { minorUnits } lines { quantityCancelled } } ${errorFields} } }`;
      const partial = (await gql(CANCEL_LINES, { id: order.id, lines: [{ lineId: order.lines[0].id, quantity: 1 }] })).data.cancelOrderLines;
      expect(partial.order).toEqual({ status: 'CONFIRMED', subtotal: { minorUnits: 300_00 }, lines: [{ quantityCancelled: 1 }, { quantityCancelled: 0 }] });
      expect(await level(a.sku)).toMatchObject({ reserved: 1 });

      const tooMany = (await gql(CANCEL_LINES, { id: order.id, lines: [{ lineId: order.lines[0].id, quantity: 2 }] })).data.cancelOrderLines;
      expect(tooMany.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_QUANTITY', field: ['lines', '0', 'quantity'] })]);

      const rest = (
        await gql(CANCEL_LINES, {
          id: order.id,
          lines: [
            { lineId: order.lines[0].id, quantity: 1 },
            { lineId: order.lines[1].id, quantity: 1 },
          ],
        })
      ).data.cancelOrderLines;
      expect(rest.order.status).toBe('CANCELLED');
      expect(await level(a.sku)).toMatchObject({ reserved: 0 });
      expect(await level(b.sku)).toMatchObject({ reserved: 0 });
      await ledgerMatchesLevels();
    });

    it('cancels in bulk with a result per id', async () => {
      const product = await stockedProduct(5);
      const o1 = await newOrder([{ sku: product.sku, quantity: 1 }]);
      const shipped = await newOrder([{ sku: product.sku, quantity: 1 }]);
      await database.prisma.order.updateMany({ where: { number: shipped.number }, data: { status: 'SHIPPED' } });
      const r = await gql(`mutation($ids: [ID!]!) { cancelOrders(ids: $ids, reason: SELLER) { id order { status } ${errorFields} } }`, { ids: [o1.id, shipped.id] });
      expect(r.data.cancelOrders[0]).toEqual({ id: o1.id, order: { status: 'CANCELLED' }, userErrors: [] });
      expect(r.data.cancelOrders[1].userErrors).toEqual([
        { code: 'INVALID_TRANSITION', field: null, message: `Order #${shipped.number} is SHIPPED; it cannot become CANCELLED` },
      ]);
    });
  });

  describe('retry safety', () => {
    it('replays the first result for the same key and input, acting once', async () => {
      const product = await stockedProduct(10);
      const order = await newOrder([{ sku: product.sku, quantity: 2 }]);
      const key = 'handheld-7:confirm:0001';
      const first = (await gql(CONFIRM, { id: order.id, key })).data.confirmOrder;
      const replay = (await gql(CONFIRM, { id: order.id, key })).data.confirmOrder;
      expect(first.order.status).toBe('CONFIRMED');
      expect(replay.userErrors).toEqual([]);
      expect(replay.order.id).toBe(first.order.id);
      expect(await database.prisma.stockMovement.count({ where: { productId: product.id, kind: 'RESERVATION' } })).toBe(1);
      // Without the key the same request is a new one and meets the state machine.
      const unkeyed = (await gql(CONFIRM, { id: order.id })).data.confirmOrder;
      expect(unkeyed.userErrors[0].code).toBe('INVALID_TRANSITION');
    });

    it('refuses the same key with a different input', async () => {
      const product = await stockedProduct(10);
      const key = 'erp-import-20261127-42';
      const first = await gql(RECEIVE, { input: { code: product.sku, warehouseCode, quantity: 3 }, key });
      expect(first.data.receiveStock.inventoryLevel.onHand).toBe(13);
      const replay = await gql(RECEIVE, { input: { code: product.sku, warehouseCode, quantity: 3 }, key });
      expect(replay.data.receiveStock.inventoryLevel.onHand).toBe(13);
      const different = await gql(RECEIVE, { input: { code: product.sku, warehouseCode, quantity: 4 }, key });
      expect(different.data.receiveStock.userErrors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['idempotencyKey'] })]);
      expect((await level(product.sku)).onHand).toBe(13);
    });

    it('acts once when the same keyed request arrives several times at once', async () => {
      const product = await stockedProduct(0);
      const input = { code: product.sku, warehouseCode, quantity: 2 };
      const results = await Promise.all(Array.from({ length: 8 }, () => gql(RECEIVE, { input, key: 'scanner-3-burst-0001' })));
      for (const r of results) expect(r.data.receiveStock.userErrors).toEqual([]);
      expect((await level(product.sku)).onHand).toBe(2);
      expect(await database.prisma.stockMovement.count({ where: { productId: product.id } })).toBe(1);
    });

    it('expires keys after their time to live', async () => {
      const product = await stockedProduct(0);
      const key = 'old-key-from-yesterday';
      await gql(RECEIVE, { input: { code: product.sku, warehouseCode, quantity: 1 }, key });
      await database.prisma.idempotencyRecord.updateMany({ where: { key }, data: { expiresAt: new Date(Date.now() - 1000) } });
      const later = await gql(RECEIVE, { input: { code: product.sku, warehouseCode, quantity: 5 }, key });
      expect(later.data.receiveStock.userErrors).toEqual([]);
      expect((await level(product.sku)).onHand).toBe(6);
      const record = await database.prisma.idempotencyRecord.findFirstOrThrow({ where: { key } });
      expect(record.expiresAt.getTime() - record.createdAt.getTime()).toBeGreaterThanOrEqual(24 * 3_600_000);
    });
  });
});
