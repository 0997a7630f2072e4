// Issue 17 item 4: a marketplace sends an order again with edits. The row says what differs
// (buyer data masked unless the key may read it), safe edits are applied and on the timeline, and
// line changes after picking started hold the order instead of vanishing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from '../../apps/api/src/testing/graphql-client.ts';

const importRow = `mutation($orders: [CreateOrderInput!]!) { importOrders(orders: $orders) {
  results { created changes { field from to applied } order { id status holdReason holdNote shipBy shippingAddress { city postalCode } } userErrors { code message field } }
  userErrors { code } } }`;

describe('re-importing an order with marketplace edits', () => {
  let database: TestDatabase;
  let wms: TestClient;
  let crm: TestClient;

  const order = (externalId: string, edits: Record<string, unknown> = {}) => ({
    channel: 'ozon',
    externalId,
    currency: 'RUB',
    warehouseCode: 'MSK-1',
    shipBy: '2026-12-10T12:00:00.000Z',
    buyer: { name: 'Анна Смирнова', email: 'anna@example.ru', externalId: `buyer-${externalId}` },
    shippingAddress: { name: 'Анна Смирнова', address1: 'ул. Тверская, д. 12', city: 'Москва', postalCode: '101000', countryCode: 'RU' },
    lines: [{ sku: 'MKT-1', quantity: 2 }],
    ...edits,
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.prisma.warehouse.create({
      data: { code: 'MSK-1', name: 'Москва', locations: { create: [{ code: 'A-01-1-1', zone: 'A', aisle: '01', shelf: '1', bin: '1', pickOrder: 10 }] } },
    });
    await database.prisma.product.create({ data: { sku: 'MKT-1', name: 'Кружка', priceAmount: 99000, currency: 'RUB' } });
    // A connector key without buyer data, and one with it.
    wms = createTestClient(database.prisma, { apiKeyScopes: ['write_orders', 'write_inventory', 'write_fulfillment'] });
    crm = createTestClient(database.prisma, { apiKeyScopes: ['write_orders', 'read_customers'] });
    const received = await wms(`mutation { receiveStock(input: { code: "MKT-1", locationCode: "A-01-1-1", quantity: 50 }) { userErrors { code } } }`);
    expect(received.data.receiveStock.userErrors).toEqual([]);
  });
  afterAll(() => database?.drop());

  it('a NEW order: applies the address, ship-by and buyer contact, reports the lines, masks buyer data', async () => {
    expect((await wms(importRow, { orders: [order('MK-1')] })).data.importOrders.results[0].created).toBe(true);
    const again = await wms(importRow, {
      orders: [
        order('MK-1', {
          shipBy: '2026-12-11T12:00:00.000Z',
          buyer: { name: 'Анна Смирнова', email: 'anna.s@example.ru', externalId: 'buyer-MK-1' },
          shippingAddress: { name: 'Анна Смирнова', address1: 'ул. Арбат, д. 5', city: 'Москва', postalCode: '119002', countryCode: 'RU' },
          lines: [{ sku: 'MKT-1', quantity: 3 }],
        }),
      ],
    });
    const [row] = again.data.importOrders.results;
    expect(row.created).toBe(false);
    expect(row.changes).toEqual([
      { field: 'shippingAddress.address1', from: '***', to: '***', applied: true },
      { field: 'shippingAddress.postalCode', from: '101***', to: '119***', applied: true },
      { field: 'shipBy', from: '2026-12-10T12:00:00.000Z', to: '2026-12-11T12:00:00.000Z', applied: true },
      { field: 'buyer.email', from: 'a***@example.ru', to: 'a***@example.ru', applied: true },
      // Lines are never changed by an import; before picking nothing is held.
      { field: 'lines.MKT-1.quantity', from: '2', to: '3', applied: false },
    ]);
    expect(row.order).toMatchObject({ status: 'NEW', holdReason: null, shipBy: '2026-12-11T12:00:00.000Z', shippingAddress: { city: 'Москва', postalCode: '119***' } });

    const timeline = await wms(`query($id: ID!) { order(id: $id) { version timeline(first: 10) { edges { node { type data } } } } }`, { id: row.order.id });
    const imports = timeline.data.order.timeline.edges.map((e: any) => e.node).filter((e: any) => e.type === 'IMPORTED');
    expect(imports.map((e: any) => e.data.applied ?? null)).toContainEqual(['shippingAddress.address1', 'shippingAddress.postalCode', 'shipBy', 'buyer.email']);
    // Field paths only: the timeline holds no buyer data.
    expect(JSON.stringify(imports)).not.toContain('Арбат');

    // Sent once more, identical to what is on file now (but the lines): only the lines differ.
    const same = await wms(importRow, {
      orders: [
        order('MK-1', {
          shipBy: '2026-12-11T12:00:00.000Z',
          buyer: { name: 'Анна Смирнова', email: 'anna.s@example.ru', externalId: 'buyer-MK-1' },
          shippingAddress: { name: 'Анна Смирнова', address1: 'ул. Арбат, д. 5', city: 'Москва', postalCode: '119002', countryCode: 'RU' },
        }),
      ],
    });
    expect(same.data.importOrders.results[0].changes).toEqual([]);
  });

  it('a key that may read buyer data sees the values', async () => {
    await crm(importRow, { orders: [order('MK-2')] });
    const again = await crm(`mutation($input: CreateOrderInput!) { createOrder(input: $input) { created changes { field from to applied } } }`, {
      input: order('MK-2', { shippingAddress: { name: 'Анна Смирнова', address1: 'ул. Арбат, д. 5', city: 'Москва', postalCode: '101000', countryCode: 'RU' } }),
    });
    expect(again.errors).toBeUndefined();
    expect(again.data.createOrder).toEqual({
      created: false,
      changes: [{ field: 'shippingAddress.address1', from: 'ул. Тверская, д. 12', to: 'ул. Арбат, д. 5', applied: true }],
    });
  });

  it('lines changed after picking started: the order is held with the reason, nothing else of the lines changes', async () => {
    const created = (await wms(importRow, { orders: [order('MK-3')] })).data.importOrders.results[0].order;
    const confirmed = await wms(`mutation($id: ID!) { confirmOrder(id: $id) { order { status } userErrors { code } } }`, { id: created.id });
    expect(confirmed.data.confirmOrder).toEqual({ order: { status: 'CONFIRMED' }, userErrors: [] });
    const picking = await wms(`mutation($ids: [ID!]) { createPickList(orderIds: $ids) { userErrors { code message } } }`, { ids: [created.id] });
    expect(picking.data.createPickList.userErrors).toEqual([]);

    const again = await wms(importRow, { orders: [order('MK-3', { lines: [{ sku: 'MKT-1', quantity: 1 }] })] });
    const [row] = again.data.importOrders.results;
    expect(row.changes).toEqual([{ field: 'lines.MKT-1.quantity', from: '2', to: '1', applied: false }]);
    expect(row.order).toMatchObject({ status: 'ON_HOLD', holdReason: 'MARKETPLACE_CHANGED' });
    expect(row.order.holdNote).toContain('lines.MKT-1.quantity 2 → 1');

    const lines = await wms(`query($id: ID!) { order(id: $id) { lines { quantity } timeline(first: 20) { edges { node { type } } } } }`, { id: created.id });
    expect(lines.data.order.lines).toEqual([{ quantity: 2 }]);
    expect(lines.data.order.timeline.edges.map((e: any) => e.node.type)).toContain('HOLD_PLACED');
  });
});
