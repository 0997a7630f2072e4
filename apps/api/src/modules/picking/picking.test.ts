// Short picks that end in a hold, assignment, progress per picker, scans a colleague beat and the
// packing slip, through the GraphQL endpoint on a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient } from '../../testing/graphql-client.ts';
import { createProduct, createWarehouse } from '../../testing/fixtures.ts';
import { extractPdfText } from '../../testing/pdf.ts';

const E = 'userErrors { code field message }';

describe('picking: holds, assignment and progress', () => {
  let database: TestDatabase;
  let manager: ReturnType<typeof createTestClient>;
  let picker: ReturnType<typeof createTestClient>;
  let orderId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    manager = createTestClient(database.prisma, { roles: ['MANAGER'] });
    picker = createTestClient(database.prisma, { roles: ['PICKER'] });
    const warehouse = await createWarehouse(database.prisma, 'PICK');
    await createProduct(database.prisma, { sku: 'VASE', name: 'Ваза фарфоровая / 瓷花瓶' });
    await manager(`mutation { receiveStock(input: { code: "VASE", warehouseCode: "PICK", locationCode: "A-01-1", quantity: 3 }) { ${E} } }`);
    const created = await manager(`mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { id } ${E} } }`, {
      i: {
        channel: 'manual',
        currency: 'RUB',
        warehouseCode: warehouse.code,
        lines: [{ sku: 'VASE', quantity: 3 }],
        shippingAddress: { name: 'Иван Петров', address1: 'ул. Ленина, 5', city: 'Казань', postalCode: '420000', countryCode: 'RU' },
      },
    });
    orderId = created.data.createOrder.order.id;
    await manager(`mutation($id: ID!) { confirmOrder(id: $id) { ${E} } }`, { id: orderId });
  });
  afterAll(() => database.drop());

  it('assigns the list to the picker who creates it, and a manager can reassign it', async () => {
    const me = (await picker(`{ me { user { id name } } }`)).data.me.user;
    const created = await picker(`mutation($ids: [ID!]) { createPickList(orderIds: $ids) { pickList { id assignee { id } } ${E} } }`, { ids: [orderId] });
    expect(created.data.createPickList.pickList.assignee).toEqual({ id: me.id });
    const listId = created.data.createPickList.pickList.id;
    const unassigned = await manager(`mutation($l: ID!) { assignPickList(pickListId: $l, assigneeId: null) { pickList { assignee { id } } ${E} } }`, { l: listId });
    expect(unassigned.data.assignPickList).toEqual({ pickList: { assignee: null }, userErrors: [] });
    const back = await manager(`mutation($l: ID!, $u: ID) { assignPickList(pickListId: $l, assigneeId: $u) { pickList { assignee { id } } ${E} } }`, {
      l: listId,
      u: me.id,
    });
    expect(back.data.assignPickList.pickList.assignee).toEqual({ id: me.id });
  });

  it('puts the order ON_HOLD when the missing units are nowhere else, and reports progress per picker', async () => {
    const list = (await picker(`{ pickLists(first: 1) { edges { node { id tasks { id } } } } }`)).data.pickLists.edges[0].node;
    const scan = await picker(`mutation($l: ID!) { scanPick(pickListId: $l, code: "BC-VASE", locationCode: "A-01-1") { ${E} } }`, { l: list.id });
    expect(scan.data.scanPick.userErrors).toEqual([]);
    const short = await picker(
      `mutation($l: ID!, $t: ID!) { shortPick(pickListId: $l, taskId: $t, resolution: OTHER_BIN, note: "разбиты / 碎了") { resolvedBy ${E} } }`,
      { l: list.id, t: list.tasks[0].id },
    );
    expect(short.data.shortPick).toEqual({ resolvedBy: 'HOLD', userErrors: [] });
    const order = (await manager(`query($id: ID!) { order(id: $id) { status holdReason holdNote } }`, { id: orderId })).data.order;
    expect(order).toMatchObject({ status: 'ON_HOLD', holdReason: 'OUT_OF_STOCK' });
    expect(order.holdNote).toContain('VASE ×2');

    const done = await picker(`mutation($l: ID!) { completePickList(pickListId: $l) { pickList { status } ${E} } }`, { l: list.id });
    expect(done.data.completePickList).toEqual({ pickList: { status: 'COMPLETED' }, userErrors: [] });
    expect((await manager(`query($id: ID!) { order(id: $id) { status } }`, { id: orderId })).data.order.status).toBe('ON_HOLD');

    const progress = (await manager(`{ pickerProgress { picker { name } lists unitsPicked unitsShort unitsTotal } }`)).data.pickerProgress;
    expect(progress).toEqual([{ picker: { name: 'Test PICKER' }, lists: 1, unitsPicked: 1, unitsShort: 2, unitsTotal: 3 }]);
  });

  it('says ALREADY_PICKED, with the order and the bin, when a colleague picked the units first', async () => {
    await createProduct(database.prisma, { sku: 'CUP' });
    await manager(`mutation { receiveStock(input: { code: "CUP", warehouseCode: "PICK", locationCode: "A-01-1", quantity: 1 }) { ${E} } }`);
    const created = await manager(`mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { id number } ${E} } }`, {
      i: {
        channel: 'manual',
        currency: 'RUB',
        warehouseCode: 'PICK',
        lines: [{ sku: 'CUP', quantity: 1 }],
        shippingAddress: { name: 'Анна Смирнова', address1: 'ул. Мира, 1', city: 'Казань', postalCode: '420000', countryCode: 'RU' },
      },
    });
    const order = created.data.createOrder.order;
    await manager(`mutation($id: ID!) { confirmOrder(id: $id) { ${E} } }`, { id: order.id });
    const list = (await manager(`mutation($ids: [ID!]) { createPickList(orderIds: $ids) { pickList { id } ${E} } }`, { ids: [order.id] })).data.createPickList.pickList;
    const scan = (code: string, bin: string) =>
      picker(`mutation($l: ID!, $c: String!, $b: String) { scanPick(pickListId: $l, code: $c, locationCode: $b) { ${E} } }`, { l: list.id, c: code, b: bin });

    expect((await scan('BC-CUP', 'A-01-1')).data.scanPick.userErrors).toEqual([]);
    // The second device's scan of the same unit, replayed from its outbox.
    expect((await scan('BC-CUP', 'A-01-1')).data.scanPick.userErrors).toEqual([
      { code: 'ALREADY_PICKED', field: ['code'], message: `CUP for order #${order.number} was already picked at bin A-01-1` },
    ]);
    // Not on the list at all stays WRONG_ITEM.
    expect((await scan('BC-VASE', 'A-01-1')).data.scanPick.userErrors).toEqual([{ code: 'WRONG_ITEM', field: ['code'], message: 'VASE is not on this pick list' }]);
  });

  it("prints a packing slip with a thank-you in the buyer's language", async () => {
    const slip = await manager(`query($id: ID!) { packingSlip(orderId: $id, locale: ru) { filename contentType content } }`, { id: orderId });
    expect(slip.data.packingSlip.contentType).toBe('application/pdf');
    const text = await extractPdfText(Buffer.from(slip.data.packingSlip.content, 'base64'));
    expect(text).toContain('Спасибо за покупку!');
    expect(text).toContain('Ваза фарфоровая');
    const pickerSlip = await picker(`query($id: ID!) { packingSlip(orderId: $id) { filename } }`, { id: orderId });
    expect(pickerSlip.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
