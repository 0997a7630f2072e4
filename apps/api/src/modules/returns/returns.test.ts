// Returns through the GraphQL endpoint on the real database: the lifecycle with restocking (the
// stock ledger checked), the channel's policy and a manager's override, idempotent intake, exchange
// orders with their price difference, photos, refunds (racing ones too), returnStats, the list's
// statement count and who may do what.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';
import { createProduct, createWarehouse } from '../../testing/fixtures.ts';
import { requestReturn, returnPolicy } from './returns.service.ts';

const DAY = 86_400_000;
const E = 'userErrors { code field message }';
const RETURN = `id number status reason requestedOutcome outcome buyerComment overrideReason returnTrackingNumber refund { minorUnits currency }
  lines { id sku quantity quantityInspected inspections { condition quantity location { code } } } order { status } exchangeOrder { id status lines { sku quantity } }`;
const REQUEST = `mutation($i: RequestReturnInput!, $key: String) { requestReturn(input: $i, idempotencyKey: $key) { created return { ${RETURN} } order { status } ${E} } }`;
const step = (name: string, args = '', vars = '') => `mutation($id: ID!${vars}) { ${name}(returnId: $id${args}) { return { ${RETURN} } order { status } ${E} } }`;
const APPROVE = step('approveReturn');
const DECLINE = step('declineReturn', ', reason: $reason', ', $reason: String!');
const IN_TRANSIT = step('markReturnInTransit', ', carrier: $carrier, trackingNumber: $tn', ', $carrier: String!, $tn: String!');
const RECEIVE = step('receiveReturn');
const INSPECT = step('inspectReturn', ', items: $items', ', $items: [ReturnInspectionInput!]!');
const CANCEL = step('cancelReturn');
const CLOSE = `mutation($id: ID!, $outcome: ReturnOutcome!, $amount: Int, $key: String) { closeReturn(returnId: $id, outcome: $outcome, refundAmount: $amount, idempotencyKey: $key) {
  return { ${RETURN} } order { status } exchangeOrder { id status lines { sku quantity } } ${E} } }`;
const REFUND = `mutation($i: RecordRefundInput!, $key: String) { recordRefund(input: $i, idempotencyKey: $key) {
  refund { id amount { minorUnits currency } method reference actor } return { status refund { minorUnits } refundable { minorUnits } refunds { id } } order { status } ${E} } }`;
const PHOTO = `mutation($i: AddReturnPhotoInput!, $key: String) { addReturnPhoto(input: $i, idempotencyKey: $key) {
  photo { id returnLineId fileName contentType byteSize note actor } return { photos { id } } ${E} } }`;
const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const jpeg = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const gid = (type: string, id: string) => encodeGlobalID(type, id);
const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

describe('returns', () => {
  let database: TestDatabase;
  let manager: TestClient;
  let support: TestClient;
  let packer: TestClient;
  let picker: TestClient;
  let readKey: TestClient;
  let writeKey: TestClient;
  let warehouseId: string;
  let warehouseCode: string;
  let statements: string[] = [];
  let seq = 0;
  const products: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase({ onQuery: (sql) => statements.push(sql) });
    const db = database.prisma;
    manager = createTestClient(db, { roles: ['MANAGER'] });
    support = createTestClient(db, { roles: ['SUPPORT'] });
    packer = createTestClient(db, { roles: ['PACKER'] });
    picker = createTestClient(db, { roles: ['PICKER'] });
    readKey = createTestClient(db, { apiKeyScopes: ['read_returns'] });
    writeKey = createTestClient(db, { apiKeyScopes: ['write_returns', 'read_orders'] });
    const warehouse = await createWarehouse(db, 'RET');
    warehouseId = warehouse.id;
    warehouseCode = warehouse.code;
    for (const [sku, price] of [
      ['KETTLE', 2500_00],
      ['MUG', 300_00],
      ['MUG-BLUE', 300_00],
      ['MUG-BIG', 450_00],
      ['MUG-MINI', 200_00],
    ] as const) {
      products[sku] = (await createProduct(db, { sku, priceAmount: price })).id;
      const r = await manager(`mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { ${E} } }`, {
        i: { code: sku, warehouseCode, locationCode: 'B-01-1', quantity: 10 },
      });
      expect(r.data.receiveStock.userErrors).toEqual([]);
    }
  });
  afterAll(() => database.drop());

  const ok = (payload: { userErrors: unknown[] }) => {
    expect(payload.userErrors).toEqual([]);
    return payload as any;
  };
  /** requestReturn as support, with no userErrors. */
  const requestAsSupport = async (i: Record<string, unknown>) => ok((await support(REQUEST, { i })).data.requestReturn);
  /** A return of `quantity` units of one line of `order`, requested by support. */
  const returnOf = (order: { id: string }, orderLineId: string, reason: string, requestedOutcome = 'REFUND', quantity = 1) =>
    requestAsSupport({ orderId: order.id, reason, requestedOutcome, lines: [{ orderLineId, quantity }] });

  /** A delivered order (kettle ×1, mug ×2; shipping 300 ₽, discount 200 ₽), delivered `daysAgo` days ago. */
  async function deliveredOrder(options: { channel?: string; daysAgo?: number; status?: 'DELIVERED' | 'NEW' | 'CANCELLED' } = {}) {
    const created = ok(
      (
        await manager(`mutation($i: CreateOrderInput!) { createOrder(input: $i) { order { id number lines { id sku } } ${E} } }`, {
          i: {
            channel: options.channel ?? 'ozon',
            externalId: `ret-${Date.now()}-${seq++}`,
            currency: 'RUB',
            warehouseCode,
            shippingAmount: 300_00,
            discountAmount: 200_00,
            buyer: { name: 'Ольга Морозова' },
            shippingAddress: { name: 'Ольга Морозова', address1: 'Невский пр., д. 88', city: 'Санкт-Петербург', postalCode: '190000', countryCode: 'RU' },
            lines: [
              { sku: 'KETTLE', quantity: 1 },
              { sku: 'MUG', quantity: 2 },
            ],
          },
        })
      ).data.createOrder,
    );
    const id = rawId(created.order.id);
    const status = options.status ?? 'DELIVERED';
    const shipped = status === 'DELIVERED';
    const deliveredAt = shipped ? new Date(Date.now() - (options.daysAgo ?? 2) * DAY) : null;
    await database.prisma.order.update({ where: { id }, data: { status, deliveredAt, shippedAt: deliveredAt && new Date(deliveredAt.getTime() - DAY) } });
    if (shipped)
      await database.prisma
        .$executeRaw`UPDATE "OrderLine" SET "quantityPicked" = quantity, "quantityPacked" = quantity, "quantityShipped" = quantity WHERE "orderId" = ${id}::uuid`;
    const line = (sku: string) => created.order.lines.find((l: { sku: string }) => l.sku === sku).id as string;
    return { id: created.order.id as string, rawId: id, number: created.order.number as number, kettle: line('KETTLE'), mug: line('MUG') };
  }

  const levels = async (sku: string) => {
    const level = await database.prisma.inventoryLevel.findUniqueOrThrow({ where: { productId_warehouseId: { productId: products[sku]!, warehouseId } } });
    const ledger = await database.prisma.stockMovement.aggregate({
      where: { productId: products[sku]!, warehouseId },
      _sum: { onHandDelta: true, reservedDelta: true, pickedDelta: true, damagedDelta: true },
    });
    // The levels and the ledger always agree, damaged stock included.
    expect({ onHand: ledger._sum.onHandDelta, reserved: ledger._sum.reservedDelta, picked: ledger._sum.pickedDelta, damaged: ledger._sum.damagedDelta }).toEqual({
      onHand: level.onHand,
      reserved: level.reserved,
      picked: level.picked,
      damaged: level.damaged,
    });
    return level;
  };
  const binQuantity = async (sku: string, code: string) =>
    (
      await database.prisma.locationStock.findFirst({
        where: { productId: products[sku]!, location: { code, warehouseId } },
      })
    )?.quantity ?? 0;

  it('runs the whole lifecycle: request → approve → in transit → receive → inspect (restock) → close with a refund; the order becomes RETURNED', async () => {
    const order = await deliveredOrder();
    const before = { kettle: await levels('KETTLE'), mug: await levels('MUG') };
    const requested = await requestAsSupport({
      orderId: order.id,
      reason: 'DEFECTIVE',
      requestedOutcome: 'REFUND',
      buyerComment: 'Чайник не включается, звоните Ольге +7 900 111-22-33',
      lines: [
        { orderLineId: order.kettle, quantity: 1 },
        { orderLineId: order.mug, quantity: 2, reason: 'CHANGED_MIND' },
      ],
    });
    expect(requested.created).toBe(true);
    expect(requested.return).toMatchObject({ status: 'REQUESTED', reason: 'DEFECTIVE', requestedOutcome: 'REFUND', order: { status: 'RETURN_REQUESTED' } });
    expect(requested.order.status).toBe('RETURN_REQUESTED');
    const id = requested.return.id;

    expect(ok((await manager(APPROVE, { id })).data.approveReturn).return.status).toBe('APPROVED');
    // The station cannot receive what is not approved yet; now it can, but first the buyer posts it.
    const sent = ok((await writeKey(IN_TRANSIT, { id, carrier: 'cdek', tn: 'RT-0001' })).data.markReturnInTransit);
    expect(sent.return).toMatchObject({ status: 'IN_TRANSIT', returnTrackingNumber: 'RT-0001' });

    // Scan-first: the packer finds it by the return tracking number, by R-<number> and by the order number.
    for (const code of ['RT-0001', `R-${requested.return.number}`, String(order.number)]) {
      const found = await packer(`query($c: String!) { returnsByScan(code: $c) { id status buyerComment lines { sku quantity } } }`, { c: code });
      expect(found.errors).toBeUndefined();
      expect(found.data.returnsByScan.map((r: { id: string }) => r.id)).toContain(id);
      // Buyer data: masked for the floor.
      expect(found.data.returnsByScan.find((r: { id: string }) => r.id === id).buyerComment).toBe('***');
    }

    expect(ok((await packer(RECEIVE, { id })).data.receiveReturn).return.status).toBe('RECEIVED');
    const again = (await packer(RECEIVE, { id })).data.receiveReturn;
    expect(again.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TRANSITION', field: ['returnId'] })]);

    const [kettleLine, mugLine] = requested.return.lines;
    // A resellable unit needs its bin; a bin that does not exist is refused; nothing is written.
    const noBin = (await packer(INSPECT, { id, items: [{ returnLineId: kettleLine.id, condition: 'RESELLABLE' }] })).data.inspectReturn;
    expect(noBin.userErrors).toEqual([expect.objectContaining({ code: 'UNKNOWN_LOCATION', field: ['items', '0', 'locationCode'] })]);
    const badBin = (
      await packer(INSPECT, {
        id,
        items: [
          { returnLineId: mugLine.id, condition: 'DAMAGED' },
          { returnLineId: kettleLine.id, condition: 'RESELLABLE', locationCode: 'Z-99' },
        ],
      })
    ).data.inspectReturn;
    expect(badBin.userErrors).toEqual([expect.objectContaining({ code: 'UNKNOWN_LOCATION', field: ['items', '1', 'locationCode'] })]);
    expect(await database.prisma.returnInspection.count({ where: { returnLine: { returnId: rawId(id) } } })).toBe(0);

    // Unit by unit, as the station scans them.
    const first = ok((await packer(INSPECT, { id, items: [{ returnLineId: kettleLine.id, condition: 'RESELLABLE', locationCode: 'A-01-1' }] })).data.inspectReturn);
    expect(first.return.status).toBe('RECEIVED');
    const tooMany = (await packer(INSPECT, { id, items: [{ returnLineId: kettleLine.id, condition: 'DAMAGED' }] })).data.inspectReturn;
    expect(tooMany.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_QUANTITY', field: ['items', '0', 'quantity'] })]);
    const done = ok(
      (
        await packer(INSPECT, {
          id,
          items: [
            { returnLineId: mugLine.id, condition: 'RESELLABLE', locationCode: 'A-01-2' },
            { returnLineId: mugLine.id, condition: 'DAMAGED', note: 'Скол на ручке' },
          ],
        })
      ).data.inspectReturn,
    );
    expect(done.return.status).toBe('INSPECTED');
    expect(done.return.lines.map((l: any) => [l.sku, l.quantityInspected, l.inspections.map((i: any) => i.condition)])).toEqual([
      ['KETTLE', 1, ['RESELLABLE']],
      ['MUG', 2, ['RESELLABLE', 'DAMAGED']],
    ]);

    // Stock: only resellable units are back (on hand and in their bins), the damaged one in damaged
    // stock (never available), through RETURN movements.
    const after = { kettle: await levels('KETTLE'), mug: await levels('MUG') };
    expect(after.kettle.onHand - before.kettle.onHand).toBe(1);
    expect(after.mug.onHand - before.mug.onHand).toBe(1);
    expect([after.kettle.damaged - before.kettle.damaged, after.mug.damaged - before.mug.damaged]).toEqual([0, 1]);
    const stock = await manager(`query { inventoryLevels(first: 1, sku: "MUG") { edges { node { onHand available damaged } } } }`);
    expect(stock.data.inventoryLevels.edges[0].node).toEqual({
      onHand: after.mug.onHand,
      available: after.mug.onHand - after.mug.reserved - after.mug.picked,
      damaged: after.mug.damaged,
    });
    expect(await binQuantity('KETTLE', 'A-01-1')).toBe(1);
    expect(await binQuantity('MUG', 'A-01-2')).toBe(1);
    const movements = await database.prisma.stockMovement.findMany({ where: { orderId: order.rawId, kind: 'RETURN' }, orderBy: { createdAt: 'asc' } });
    expect(movements.map((m) => [m.onHandDelta, m.damagedDelta, m.reference])).toEqual([
      [1, 0, `return:R-${requested.return.number}`],
      [1, 0, `return:R-${requested.return.number}`],
      [0, 1, `return:R-${requested.return.number}`],
    ]);

    // Refund: at most what was paid for these units (3100 ₽ of lines less their share of the discount).
    const paid = 2500_00 + 600_00 - Math.round((200_00 * 3100_00) / 3400_00);
    const tooMuch = (await support(CLOSE, { id, outcome: 'REFUND', amount: paid + 1 })).data.closeReturn;
    expect(tooMuch.userErrors).toEqual([expect.objectContaining({ code: 'REFUND_EXCEEDS_PAID', field: ['refundAmount'] })]);
    const zero = (await support(CLOSE, { id, outcome: 'REFUND', amount: 0 })).data.closeReturn;
    expect(zero.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_AMOUNT', field: ['refundAmount'] })]);
    const closed = ok((await support(CLOSE, { id, outcome: 'REFUND', amount: paid })).data.closeReturn);
    expect(closed.return).toMatchObject({ status: 'CLOSED', outcome: 'REFUND', refund: { minorUnits: paid, currency: 'RUB' } });
    expect(closed.order.status).toBe('RETURNED');

    const timeline = await database.prisma.orderEvent.findMany({ where: { orderId: order.rawId }, orderBy: { createdAt: 'asc' } });
    expect(timeline.map((e) => e.type).filter((t) => t.startsWith('RETURN') || t === 'REFUNDED' || t === 'STATUS_CHANGED')).toEqual([
      'RETURN_REQUESTED',
      'RETURN_UPDATED',
      'RETURN_UPDATED',
      'RETURN_RECEIVED',
      'RETURN_UPDATED',
      'REFUNDED',
      'RETURN_CLOSED',
      'STATUS_CHANGED',
    ]);
    expect(timeline.at(-1)).toMatchObject({ fromStatus: 'RETURN_REQUESTED', toStatus: 'RETURNED' });
    // The timeline never holds the buyer's words.
    expect(JSON.stringify(timeline)).not.toContain('Ольг');
    const outbox = await database.prisma.outboxEvent.findMany({ where: { aggregateId: order.rawId, type: { startsWith: 'return.' } }, orderBy: { createdAt: 'asc' } });
    expect(outbox.map((e) => [e.type, (e.payload as any).status])).toEqual([
      ['return.requested', 'REQUESTED'],
      ['return.approved', 'APPROVED'],
      ['return.updated', 'IN_TRANSIT'],
      ['return.received', 'RECEIVED'],
      ['return.updated', 'INSPECTED'],
      ['return.closed', 'CLOSED'],
    ]);
    expect(outbox.at(-1)!.payload).toMatchObject({ outcome: 'REFUND', refundAmount: paid, orderStatus: 'RETURNED', fullyReturned: true });

    // The manager sees the buyer's words; nothing of the order is returnable any more.
    const seen = await manager(`query($id: ID!) { node(id: $id) { ... on Return { buyerComment } } }`, { id });
    expect(seen.data.node.buyerComment).toContain('Чайник');
    const more = (await manager(REQUEST, { i: { orderId: order.id, reason: 'OTHER', requestedOutcome: 'REFUND', lines: [{ orderLineId: order.mug, quantity: 1 }] } }))
      .data.requestReturn;
    expect(more.userErrors).toEqual([expect.objectContaining({ code: 'NOT_RETURNABLE' })]);
  });

  it('refuses bad input and requests outside the policy (window, reasons); a manager overrides with a reason', async () => {
    const fresh = await deliveredOrder();
    const over = (
      await support(REQUEST, {
        i: {
          orderId: fresh.id,
          reason: 'DEFECTIVE',
          requestedOutcome: 'REFUND',
          lines: [
            { orderLineId: fresh.mug, quantity: 3 },
            { orderLineId: fresh.mug, quantity: 1 },
          ],
        },
      })
    ).data.requestReturn;
    expect(over.userErrors).toEqual([
      expect.objectContaining({ code: 'OVER_RETURN', field: ['input', 'lines', '0', 'quantity'] }),
      expect.objectContaining({ code: 'DUPLICATE_LINE', field: ['input', 'lines', '1', 'orderLineId'] }),
    ]);
    // Units already in a return count: 2 mugs shipped, 1 requested, 2 more refused.
    await returnOf(fresh, fresh.mug, 'DEFECTIVE');
    const twice = (
      await support(REQUEST, { i: { orderId: fresh.id, reason: 'DEFECTIVE', requestedOutcome: 'REFUND', lines: [{ orderLineId: fresh.mug, quantity: 2 }] } })
    ).data.requestReturn;
    expect(twice.userErrors).toEqual([expect.objectContaining({ code: 'OVER_RETURN' })]);

    for (const [status, code] of [
      ['NEW', 'NOT_SHIPPED'],
      ['CANCELLED', 'ORDER_CANCELLED'],
    ] as const) {
      const order = await deliveredOrder({ status });
      const r = (await support(REQUEST, { i: { orderId: order.id, reason: 'OTHER', requestedOutcome: 'REFUND', lines: [{ orderLineId: order.kettle, quantity: 1 }] } }))
        .data.requestReturn;
      expect(r.userErrors).toEqual([expect.objectContaining({ code, field: ['input', 'orderId'] })]);
    }

    // Delivered 30 days ago: past the 14-day window.
    const old = await deliveredOrder({ daysAgo: 30 });
    const input = { orderId: old.id, reason: 'SIZE_OR_FIT', requestedOutcome: 'REFUND', lines: [{ orderLineId: old.kettle, quantity: 1 }] };
    const late = (await support(REQUEST, { i: input })).data.requestReturn;
    expect(late.userErrors).toEqual([expect.objectContaining({ code: 'RETURN_WINDOW_CLOSED', field: ['input', 'orderId'] })]);
    const supportOverride = (await support(REQUEST, { i: { ...input, override: { reason: 'Goodwill' } } })).data.requestReturn;
    expect(supportOverride.userErrors).toEqual([expect.objectContaining({ code: 'OVERRIDE_NOT_ALLOWED', field: ['input', 'override'] })]);
    const keyOverride = (await writeKey(REQUEST, { i: { ...input, override: { reason: 'Goodwill' } } })).data.requestReturn;
    expect(keyOverride.userErrors).toEqual([expect.objectContaining({ code: 'OVERRIDE_NOT_ALLOWED' })]);
    expect(await database.prisma.return.count({ where: { orderId: old.rawId } })).toBe(0);
    const overridden = ok((await manager(REQUEST, { i: { ...input, override: { reason: 'Постоянный покупатель' } } })).data.requestReturn);
    expect(overridden.return).toMatchObject({ status: 'REQUESTED', overrideReason: 'Постоянный покупатель' });
    const event = await database.prisma.orderEvent.findFirstOrThrow({ where: { orderId: old.rawId, type: 'RETURN_REQUESTED' } });
    expect(event.data).toMatchObject({ policyOverride: 'Постоянный покупатель', policyViolations: ['RETURN_WINDOW_CLOSED'] });
    // Declining the only open return sends the order back to DELIVERED.
    const declined = ok((await support(DECLINE, { id: overridden.return.id, reason: 'Следы использования' })).data.declineReturn);
    expect(declined.return.status).toBe('DECLINED');
    expect(declined.order.status).toBe('DELIVERED');

    // Reasons a channel does not accept (RETURN_REASONS_BY_CHANNEL), through the service with its policy.
    const wb = await deliveredOrder({ channel: 'wb' });
    const policy = returnPolicy({ RETURN_WINDOW_DAYS: 14, RETURN_WINDOW_DAYS_BY_CHANNEL: [], RETURN_REASONS_BY_CHANNEL: ['wb=DEFECTIVE|WRONG_ITEM'] });
    const ask = (canOverride: boolean, override: { reason: string } | null) =>
      database.prisma
        .$transaction((tx) =>
          requestReturn(
            tx,
            { orderId: wb.rawId, reason: 'CHANGED_MIND', requestedOutcome: 'REFUND', lines: [{ orderLineId: rawId(wb.kettle), quantity: 1 }], override },
            { actor: 'system', now: new Date(), canOverride, policy },
          ),
        )
        .catch((e: { errors?: unknown }) => e.errors);
    expect(await ask(false, null)).toEqual([expect.objectContaining({ code: 'REASON_NOT_ALLOWED', field: ['input', 'reason'] })]);
    expect(await ask(true, { reason: 'Брак упаковки' })).toMatchObject({ created: true });
  });

  it('requestReturn is idempotent on channel + external id and on idempotency keys; cancelling before receipt restores the order', async () => {
    const order = await deliveredOrder();
    const input = {
      orderId: order.id,
      externalId: 'OZ-RET-1',
      reason: 'PARTIAL_REFUSAL_AT_DELIVERY',
      requestedOutcome: 'REFUND',
      lines: [{ orderLineId: order.mug, quantity: 1 }],
    };
    const first = ok((await writeKey(REQUEST, { i: input })).data.requestReturn);
    const second = ok((await writeKey(REQUEST, { i: { ...input, lines: [{ orderLineId: order.mug, quantity: 2 }] } })).data.requestReturn);
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, return: { id: first.return.id } });
    const keyed = { i: { ...input, externalId: null, lines: [{ orderLineId: order.kettle, quantity: 1 }] }, key: `rr-${Date.now()}` };
    const a = ok((await support(REQUEST, keyed)).data.requestReturn);
    const b = ok((await support(REQUEST, keyed)).data.requestReturn);
    expect(b.return.id).toBe(a.return.id);
    expect(await database.prisma.return.count({ where: { orderId: order.rawId } })).toBe(2);
    expect(await database.prisma.outboxEvent.count({ where: { aggregateId: order.rawId, type: 'return.requested' } })).toBe(2);

    // Cancel both before receipt: the order is DELIVERED again; after receipt cancelling is refused.
    ok((await support(CANCEL, { id: first.return.id })).data.cancelReturn);
    const last = ok((await support(CANCEL, { id: a.return.id })).data.cancelReturn);
    expect(last).toMatchObject({ return: { status: 'CANCELLED' }, order: { status: 'DELIVERED' } });
    const again = await requestAsSupport({ ...input, externalId: 'OZ-RET-2' });
    ok((await support(APPROVE, { id: again.return.id })).data.approveReturn);
    ok((await packer(RECEIVE, { id: again.return.id })).data.receiveReturn);
    const late = (await support(CANCEL, { id: again.return.id })).data.cancelReturn;
    expect(late.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TRANSITION' })]);
    // A unit of another return is not part of this one.
    const foreign = (await packer(INSPECT, { id: again.return.id, items: [{ returnLineId: a.return.lines[0].id, condition: 'MISSING' }] })).data.inspectReturn;
    expect(foreign.userErrors).toEqual([expect.objectContaining({ code: 'NOT_IN_RETURN', field: ['items', '0', 'returnLineId'] })]);
  });

  it('closes an exchange with a linked order, confirmed with stock reserved; a partial return sends the order back to DELIVERED', async () => {
    const order = await deliveredOrder();
    const requested = await requestAsSupport({
      orderId: order.id,
      reason: 'SIZE_OR_FIT',
      requestedOutcome: 'EXCHANGE',
      lines: [{ orderLineId: order.mug, quantity: 1, exchangeProductId: gid('Product', products['MUG-BLUE']!) }],
    });
    const id = requested.return.id;
    ok((await support(APPROVE, { id })).data.approveReturn);
    ok((await packer(RECEIVE, { id })).data.receiveReturn); // handed in at the warehouse: no return tracking
    ok((await packer(INSPECT, { id, items: [{ returnLineId: requested.return.lines[0].id, condition: 'RESELLABLE', locationCode: 'A-01-2' }] })).data.inspectReturn);
    const blueBefore = await levels('MUG-BLUE');
    const closed = ok((await support(CLOSE, { id, outcome: 'EXCHANGE', key: `ex-${Date.now()}` })).data.closeReturn);
    expect(closed.return).toMatchObject({ status: 'CLOSED', outcome: 'EXCHANGE', refund: null });
    expect(closed.exchangeOrder).toMatchObject({ status: 'CONFIRMED', lines: [{ sku: 'MUG-BLUE', quantity: 1 }] });
    expect(closed.return.exchangeOrder.id).toBe(closed.exchangeOrder.id);
    expect(closed.order.status).toBe('DELIVERED');
    const blueAfter = await levels('MUG-BLUE');
    expect(blueAfter.reserved - blueBefore.reserved).toBe(1);
    const exchange = await database.prisma.order.findUniqueOrThrow({ where: { id: rawId(closed.exchangeOrder.id) } });
    expect(exchange).toMatchObject({ channel: 'ozon', shipName: 'Ольга Морозова', totalAmount: 300_00, warehouseId });
    // The exchange order goes through the normal floor flow: it can be picked.
    const pick = await manager(`mutation($ids: [ID!]) { createPickList(orderIds: $ids) { pickList { tasks { quantity } } ${E} } }`, { ids: [closed.exchangeOrder.id] });
    expect(pick.data.createPickList.userErrors).toEqual([]);
    expect(pick.data.createPickList.pickList.tasks).toEqual([{ quantity: 1 }]);
    const event = await database.prisma.outboxEvent.findFirstOrThrow({ where: { aggregateId: order.rawId, type: 'return.closed' } });
    expect(event.payload).toMatchObject({ outcome: 'EXCHANGE', orderStatus: 'DELIVERED', fullyReturned: false, exchangeOrderId: rawId(closed.exchangeOrder.id) });
  });

  it('two refunds racing on one return: one closes it, the other is refused; the order is refunded once', async () => {
    const order = await deliveredOrder();
    const requested = await returnOf(order, order.kettle, 'DAMAGED_IN_TRANSIT');
    const id = requested.return.id;
    ok((await support(APPROVE, { id })).data.approveReturn);
    ok((await packer(RECEIVE, { id })).data.receiveReturn);
    ok((await packer(INSPECT, { id, items: [{ returnLineId: requested.return.lines[0].id, condition: 'DAMAGED' }] })).data.inspectReturn);
    const kettleBefore = await levels('KETTLE');
    const answers = await Promise.all([1000_00, 1500_00].map((amount, i) => support(CLOSE, { id, outcome: 'REFUND', amount, key: `race-${Date.now()}-${i}` })));
    const payloads = answers.map((a) => a.data.closeReturn);
    expect(payloads.filter((p) => p.userErrors.length === 0)).toHaveLength(1);
    expect(payloads.flatMap((p) => p.userErrors.map((e: { code: string }) => e.code))).toEqual(['INVALID_TRANSITION']);
    const refunds = await database.prisma.orderEvent.findMany({ where: { orderId: order.rawId, type: 'REFUNDED' } });
    expect(refunds).toHaveLength(1);
    const closed = await database.prisma.return.findUniqueOrThrow({ where: { id: rawId(id) } });
    expect([1000_00, 1500_00]).toContain(closed.refundAmount);
    // A damaged unit changes no stock; the order is back to DELIVERED (one of three units returned).
    expect((await levels('KETTLE')).onHand).toBe(kettleBefore.onHand);
    expect((await database.prisma.order.findUniqueOrThrow({ where: { id: order.rawId } })).status).toBe('DELIVERED');
  });

  it('lists returns with filters in a fixed number of SQL statements (no N+1)', async () => {
    const query = `query($first: Int!, $channel: String) { returns(first: $first, channel: $channel) { edges { node { number status order { number lines { sku } } lines { sku inspections { condition } } } } } }`;
    const run = async (first: number) => {
      statements = [];
      const r = await manager(query, { first });
      expect(r.errors).toBeUndefined();
      return { count: statements.length, edges: r.data.returns.edges.length };
    };
    const small = await run(2);
    const large = await run(8);
    expect(large.edges).toBeGreaterThan(small.edges);
    expect(large.count).toBe(small.count);
    const wb = await manager(query, { first: 50, channel: 'wb' });
    expect(wb.data.returns.edges.length).toBe(1);
    const open = await manager(`{ returns(first: 50, open: true, status: [REQUESTED]) { edges { node { status } } } }`);
    expect(open.data.returns.edges.every((e: any) => e.node.status === 'REQUESTED')).toBe(true);
    expect(open.data.returns.edges.length).toBeGreaterThan(0);
  });

  it('permissions: pickers see nothing; packers receive but do not request; a read_returns key reads returns, not their orders', async () => {
    const order = await deliveredOrder();
    const input = { orderId: order.id, reason: 'DEFECTIVE', requestedOutcome: 'REFUND', lines: [{ orderLineId: order.kettle, quantity: 1 }] };
    for (const client of [picker, packer, readKey]) {
      const r = await client(REQUEST, { i: input });
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredPermissions: ['returns:manage'] });
    }
    const pickerList = await picker(`{ returns(first: 1) { edges { node { id } } } }`);
    expect(pickerList.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredPermissions: ['returns:read'] });
    const onOrder = await picker(`query($id: ID!) { order(id: $id) { number returns { id } } }`, { id: order.id });
    expect(onOrder.data.order).toEqual({ number: order.number, returns: null });
    const created = ok((await writeKey(REQUEST, { i: input })).data.requestReturn);
    const keyView = await readKey(`query($id: ID!) { node(id: $id) { ... on Return { status lines { sku } order { number } } } }`, { id: created.return.id });
    expect(keyView.data.node).toEqual({ status: 'REQUESTED', lines: [{ sku: 'KETTLE' }], order: null });
    expect(keyView.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredPermissions: ['orders:read'] });
    const supportView = await support(`query($id: ID!) { order(id: $id) { returns { id status } } }`, { id: order.id });
    expect(supportView.data.order.returns).toEqual([{ id: created.return.id, status: 'REQUESTED' }]);
    const packerApprove = await packer(APPROVE, { id: created.return.id });
    expect(packerApprove.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredPermissions: ['returns:manage'] });
  });

  /** A return requested, approved, received and fully inspected (RESELLABLE into A-01-2, or DAMAGED). */
  async function inspectedReturn(
    order: Awaited<ReturnType<typeof deliveredOrder>>,
    lines: { orderLineId: string; quantity: number; exchangeProductId?: string }[],
    outcome: 'REFUND' | 'EXCHANGE',
    condition: 'RESELLABLE' | 'DAMAGED' = 'DAMAGED',
  ) {
    const requested = await requestAsSupport({ orderId: order.id, reason: 'SIZE_OR_FIT', requestedOutcome: outcome, lines });
    const id = requested.return.id as string;
    ok((await support(APPROVE, { id })).data.approveReturn);
    ok((await packer(RECEIVE, { id })).data.receiveReturn);
    const items = requested.return.lines.map((l: { id: string; quantity: number }) => ({
      returnLineId: l.id,
      quantity: l.quantity,
      condition,
      ...(condition === 'RESELLABLE' ? { locationCode: 'A-01-2' } : {}),
    }));
    expect(ok((await packer(INSPECT, { id, items })).data.inspectReturn).return.status).toBe('INSPECTED');
    return { id, rawId: rawId(id), lines: requested.return.lines as { id: string }[] };
  }

  /** addReturnPhoto as a GraphQL multipart request (the file in part "0"), or plain JSON without one. */
  async function addPhoto(client: TestClient, input: Record<string, unknown>, file?: { bytes: Buffer; name: string; type: string }, key?: string) {
    if (!file) return (await client(PHOTO, { i: input, key })).data.addReturnPhoto;
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: PHOTO, variables: { i: { ...input, file: null }, key } }));
    form.set('map', JSON.stringify({ 0: ['variables.i.file'] }));
    form.set('0', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
    const response = await client.fetch('/graphql', { method: 'POST', body: form, headers: { 'graphql-require-preflight': '1' } });
    const body = await response.json();
    if (body.errors) return body;
    return body.data.addReturnPhoto;
  }

  it('photos: a packer adds them to a return or one of its lines (type read from the bytes, size cap, idempotent key); timeline and webhook note them; bad files write nothing', async () => {
    const previous = process.env.UPLOADS_DIR;
    const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'orderly-return-photos-'));
    process.env.UPLOADS_DIR = uploads;
    try {
      const order = await deliveredOrder();
      const requested = await returnOf(order, order.kettle, 'DAMAGED_IN_TRANSIT');
      const id = requested.return.id;
      const lineId = requested.return.lines[0].id;
      const key = `photo-${Date.now()}`;
      const first = ok(await addPhoto(packer, { returnId: id }, { bytes: png, name: 'коробка.png', type: 'image/png' }, key));
      expect(first.photo).toMatchObject({ returnLineId: null, fileName: 'коробка.png', contentType: 'image/png', byteSize: png.length, note: '' });
      expect(first.photo.actor).toMatch(/^user:/);
      // The same key again answers the same photo; nothing more is stored.
      const replay = ok(await addPhoto(packer, { returnId: id }, { bytes: png, name: 'коробка.png', type: 'image/png' }, key));
      expect(replay.photo.id).toBe(first.photo.id);
      // A JPEG sent as "image/png" named .png is a JPEG: the bytes decide.
      const onLine = ok(await addPhoto(packer, { returnId: id, returnLineId: lineId, note: 'Трещина на корпусе' }, { bytes: jpeg, name: 'unit.png', type: 'image/png' }));
      expect(onLine.photo).toMatchObject({ returnLineId: lineId, contentType: 'image/jpeg', note: 'Трещина на корпусе' });
      expect(onLine.return.photos.map((p: { id: string }) => p.id)).toEqual([first.photo.id, onLine.photo.id]);
      const file = await support(`query($id: ID!) { returnPhotoFile(id: $id) { filename contentType encoding content } }`, { id: first.photo.id });
      expect(file.data.returnPhotoFile).toMatchObject({ filename: 'коробка.png', contentType: 'image/png', encoding: 'BASE64' });
      expect(Buffer.from(file.data.returnPhotoFile.content, 'base64').equals(png)).toBe(true);

      // Refusals: nothing written.
      const other = await deliveredOrder();
      const foreign = await returnOf(other, other.mug, 'OTHER');
      const refusals: [Record<string, unknown>, { bytes: Buffer; name: string; type: string } | undefined, unknown][] = [
        [{ returnId: id }, { bytes: pdf, name: 'x.pdf', type: 'application/pdf' }, [expect.objectContaining({ code: 'INVALID_FILE', field: ['input', 'file'] })]],
        [
          { returnId: id },
          { bytes: Buffer.concat([png, Buffer.alloc(10 * 1024 * 1024)]), name: 'big.png', type: 'image/png' },
          [expect.objectContaining({ code: 'INVALID_FILE', field: ['input', 'file'] })],
        ],
        [{ returnId: id }, undefined, [expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'file'] })]],
        [
          { returnId: id, returnLineId: foreign.return.lines[0].id },
          { bytes: png, name: 'p.png', type: 'image/png' },
          [expect.objectContaining({ code: 'NOT_IN_RETURN', field: ['input', 'returnLineId'] })],
        ],
      ];
      for (const [input, upload, errors] of refusals) expect((await addPhoto(packer, input, upload)).userErrors).toEqual(errors);
      const forbidden = await addPhoto(picker, { returnId: id }, { bytes: png, name: 'p.png', type: 'image/png' });
      expect(forbidden.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredPermissions: ['returns:receive'] });

      expect(await database.prisma.returnPhoto.count({ where: { return: { orderId: { in: [order.rawId, other.rawId] } } } })).toBe(2);
      expect(fs.readdirSync(path.join(uploads, 'returns', rawId(id)))).toHaveLength(2);
      const timeline = await database.prisma.orderEvent.findMany({ where: { orderId: order.rawId, type: 'RETURN_UPDATED' } });
      expect(timeline.map((e) => (e.data as { photoId?: string }).photoId).filter(Boolean)).toHaveLength(2);
      expect(JSON.stringify(timeline)).not.toContain('Трещина');
      const events = await database.prisma.outboxEvent.findMany({ where: { aggregateId: order.rawId, type: 'return.updated' } });
      expect(events.filter((e) => (e.payload as { photoAdded?: string }).photoAdded)).toHaveLength(2);
    } finally {
      if (previous === undefined) delete process.env.UPLOADS_DIR;
      else process.env.UPLOADS_DIR = previous;
      fs.rmSync(uploads, { recursive: true, force: true });
    }
  });

  it('recordRefund: partial refunds add up to what was paid; too much, zero, another currency, a declined return are refused with nothing written; a key replays', async () => {
    const order = await deliveredOrder();
    const ret = await inspectedReturn(order, [{ orderLineId: order.mug, quantity: 2 }], 'REFUND');
    // Paid for the two mugs: 600 ₽ less their share of the 200 ₽ discount (spread over 3400 ₽ of lines and shipping).
    const paid = 600_00 - Math.round((200_00 * 600_00) / 3400_00);
    const refund = (amount: number, extra: Record<string, unknown> = {}) => ({
      i: { returnId: ret.id, amount: { minorUnits: amount, currency: 'RUB' }, method: 'MARKETPLACE', reference: 'OZ-REF-77', ...extra },
    });
    const key = `refund-${Date.now()}`;
    const first = ok((await writeKey(REFUND, { ...refund(200_00), key })).data.recordRefund);
    expect(first.refund).toMatchObject({ amount: { minorUnits: 200_00, currency: 'RUB' }, method: 'MARKETPLACE', reference: 'OZ-REF-77' });
    expect(first.return).toMatchObject({ status: 'INSPECTED', refund: { minorUnits: 200_00 }, refundable: { minorUnits: paid - 200_00 } });
    const replay = ok((await writeKey(REFUND, { ...refund(200_00), key })).data.recordRefund);
    expect(replay.refund.id).toBe(first.refund.id);

    const refused: [ReturnType<typeof refund>, unknown][] = [
      [refund(paid - 200_00 + 1), [expect.objectContaining({ code: 'REFUND_EXCEEDS_PAID', field: ['input', 'amount', 'minorUnits'] })]],
      [refund(0), [expect.objectContaining({ code: 'INVALID_AMOUNT', field: ['input', 'amount', 'minorUnits'] })]],
      [refund(-5_00), [expect.objectContaining({ code: 'INVALID_AMOUNT', field: ['input', 'amount', 'minorUnits'] })]],
      [
        { i: { ...refund(10_00).i, amount: { minorUnits: 10_00, currency: 'CNY' } } },
        [expect.objectContaining({ code: 'CURRENCY_MISMATCH', field: ['input', 'amount', 'currency'] })],
      ],
    ];
    for (const [vars, errors] of refused) expect((await support(REFUND, vars)).data.recordRefund.userErrors).toEqual(errors);
    const declined = await returnOf(order, order.kettle, 'OTHER');
    ok((await support(DECLINE, { id: declined.return.id, reason: 'Срок истёк' })).data.declineReturn);
    const onDeclined = (await support(REFUND, { i: { ...refund(10_00).i, returnId: declined.return.id } })).data.recordRefund;
    expect(onDeclined.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TRANSITION', field: ['returnId'] })]);
    expect(await database.prisma.refund.count({ where: { return: { orderId: order.rawId } } })).toBe(1);

    // The rest, then closing needs no amount; nothing more can be refunded.
    const rest = ok((await support(REFUND, refund(paid - 200_00))).data.recordRefund);
    expect(rest.return).toMatchObject({ refund: { minorUnits: paid }, refundable: { minorUnits: 0 } });
    expect(rest.return.refunds).toHaveLength(2);
    const closed = ok((await support(CLOSE, { id: ret.id, outcome: 'REFUND' })).data.closeReturn);
    expect(closed.return).toMatchObject({ status: 'CLOSED', refund: { minorUnits: paid } });
    const after = (await support(REFUND, refund(1))).data.recordRefund;
    expect(after.userErrors).toEqual([expect.objectContaining({ code: 'REFUND_EXCEEDS_PAID' })]);

    const timeline = await database.prisma.orderEvent.findMany({ where: { orderId: order.rawId, type: 'REFUNDED' }, orderBy: { createdAt: 'asc' } });
    expect(timeline.map((e) => (e.data as { amount: number }).amount)).toEqual([200_00, paid - 200_00]);
    const events = await database.prisma.outboxEvent.findMany({ where: { aggregateId: order.rawId, type: 'return.updated' }, orderBy: { createdAt: 'asc' } });
    expect(events.flatMap((e) => ((e.payload as any).refundRecorded ? [[(e.payload as any).refundRecorded.amount, (e.payload as any).refundAmount]] : []))).toEqual([
      [200_00, 200_00],
      [paid - 200_00, paid],
    ]);
    expect((await database.prisma.outboxEvent.findFirstOrThrow({ where: { aggregateId: order.rawId, type: 'return.closed' } })).payload).toMatchObject({
      refundAmount: paid,
    });
  });

  it('two recordRefund calls racing can never refund more than was paid', async () => {
    const order = await deliveredOrder();
    const ret = await inspectedReturn(order, [{ orderLineId: order.kettle, quantity: 1 }], 'REFUND');
    const paid = 2500_00 - Math.round((200_00 * 2500_00) / 3400_00);
    const amount = Math.ceil(paid * 0.6);
    const answers = await Promise.all(
      [0, 1, 2].map((i) =>
        support(REFUND, { i: { returnId: ret.id, amount: { minorUnits: amount, currency: 'RUB' }, method: 'ORIGINAL_PAYMENT' }, key: `race-refund-${Date.now()}-${i}` }),
      ),
    );
    const payloads = answers.map((a) => a.data.recordRefund);
    expect(payloads.filter((p) => p.userErrors.length === 0)).toHaveLength(1);
    expect(payloads.flatMap((p) => p.userErrors.map((e: { code: string }) => e.code))).toEqual(['REFUND_EXCEEDS_PAID', 'REFUND_EXCEEDS_PAID']);
    const total = await database.prisma.refund.aggregate({ where: { returnId: ret.rawId }, _sum: { amount: true } });
    expect(total._sum.amount).toBe(amount);
    expect((await database.prisma.return.findUniqueOrThrow({ where: { id: ret.rawId } })).refundAmount).toBe(amount);
  });

  it('exchange price difference: a dearer replacement (the buyer owes) and a cheaper one (the seller refunds), on the return, the payload and the exchange order', async () => {
    const EXCHANGE_VIEW = `query($id: ID!) { node(id: $id) { ... on Order { total { minorUnits } lines { sku quantity unitPrice { minorUnits } }
      exchangeFor { number exchangeDifference { minorUnits currency } exchangeDifferenceDue } } } }`;
    const CLOSE_EXCHANGE = `mutation($id: ID!) { closeReturn(returnId: $id, outcome: EXCHANGE) {
      return { exchangeDifference { minorUnits currency } exchangeDifferenceDue } exchangeOrder { id } exchangeDifference { minorUnits currency } ${E} } }`;

    const dearer = await deliveredOrder();
    const up = await inspectedReturn(
      dearer,
      [{ orderLineId: dearer.mug, quantity: 2, exchangeProductId: gid('Product', products['MUG-BIG']!) }],
      'EXCHANGE',
      'RESELLABLE',
    );
    const owed = ok((await support(CLOSE_EXCHANGE, { id: up.id })).data.closeReturn);
    expect(owed.return).toEqual({ exchangeDifference: { minorUnits: 300_00, currency: 'RUB' }, exchangeDifferenceDue: 'BUYER_OWES' });
    expect(owed.exchangeDifference).toEqual({ minorUnits: 300_00, currency: 'RUB' });
    const upOrder = (await manager(EXCHANGE_VIEW, { id: owed.exchangeOrder.id })).data.node;
    expect(upOrder).toMatchObject({
      total: { minorUnits: 900_00 },
      lines: [{ sku: 'MUG-BIG', quantity: 2, unitPrice: { minorUnits: 450_00 } }],
      exchangeFor: [{ exchangeDifference: { minorUnits: 300_00 }, exchangeDifferenceDue: 'BUYER_OWES' }],
    });
    const created = await database.prisma.orderEvent.findFirstOrThrow({ where: { orderId: rawId(owed.exchangeOrder.id), type: 'CREATED' } });
    expect(created.data).toMatchObject({ exchangeOf: dearer.rawId, returnId: up.rawId, priceDifference: 300_00, currency: 'RUB' });
    expect((await database.prisma.outboxEvent.findFirstOrThrow({ where: { aggregateId: dearer.rawId, type: 'return.closed' } })).payload).toMatchObject({
      exchangeDifferenceAmount: 300_00,
    });

    const cheaper = await deliveredOrder();
    const down = await inspectedReturn(
      cheaper,
      [{ orderLineId: cheaper.mug, quantity: 1, exchangeProductId: gid('Product', products['MUG-MINI']!) }],
      'EXCHANGE',
      'RESELLABLE',
    );
    const refunded = ok((await support(CLOSE_EXCHANGE, { id: down.id })).data.closeReturn);
    expect(refunded.return).toEqual({ exchangeDifference: { minorUnits: -100_00, currency: 'RUB' }, exchangeDifferenceDue: 'SELLER_REFUNDS' });
    const downOrder = (await manager(EXCHANGE_VIEW, { id: refunded.exchangeOrder.id })).data.node;
    expect(downOrder).toMatchObject({ total: { minorUnits: 200_00 }, lines: [{ sku: 'MUG-MINI', unitPrice: { minorUnits: 200_00 } }] });
    // The seller refunds the difference on the closed return.
    const back = ok((await support(REFUND, { i: { returnId: down.id, amount: { minorUnits: 100_00, currency: 'RUB' }, method: 'ORIGINAL_PAYMENT' } })).data.recordRefund);
    expect(back.return).toMatchObject({ status: 'CLOSED', refund: { minorUnits: 100_00 } });
  });

  it('returnStats: rate, statuses, reasons, products with their inspection results and refunds, aggregated in SQL for a range and a channel', async () => {
    const STATS = `query($r: ReturnStatsRangeInput!, $channel: String, $limit: Int) { returnStats(range: $r, channel: $channel, limit: $limit) {
      returns units ordersReturned ordersDelivered returnRate byStatus { status count } topReasons { reason returns units }
      topProducts { sku returns units resellable damaged missing product { sku } } refunded { minorUnits currency count } } }`;
    const channel = `stats-${Date.now()}`;
    const from = new Date(Date.now() - 60_000).toISOString();
    const a = await deliveredOrder({ channel, daysAgo: 0 });
    const b = await deliveredOrder({ channel, daysAgo: 0 });
    await deliveredOrder({ channel, daysAgo: 0 }); // delivered, never returned
    await deliveredOrder({ channel, daysAgo: 3 }); // delivered before the range
    const ret = await inspectedReturn(a, [{ orderLineId: a.kettle, quantity: 1 }], 'REFUND');
    ok((await support(REFUND, { i: { returnId: ret.id, amount: { minorUnits: 1000_00, currency: 'RUB' }, method: 'ORIGINAL_PAYMENT' } })).data.recordRefund);
    await requestAsSupport({ orderId: b.id, reason: 'CHANGED_MIND', requestedOutcome: 'REFUND', lines: [{ orderLineId: b.mug, quantity: 2, reason: 'DEFECTIVE' }] });
    statements = [];
    const r = await manager(STATS, { r: { from, to: new Date(Date.now() + 60_000).toISOString() }, channel, limit: 5 });
    expect(r.errors).toBeUndefined();
    const stats = r.data.returnStats;
    expect(stats).toMatchObject({ returns: 2, units: 3, ordersReturned: 2, ordersDelivered: 3 });
    expect(stats.returnRate).toBeCloseTo(2 / 3);
    expect(stats.byStatus).toEqual(
      expect.arrayContaining([
        { status: 'INSPECTED', count: 1 },
        { status: 'REQUESTED', count: 1 },
      ]),
    );
    expect(stats.topReasons).toEqual([
      { reason: 'DEFECTIVE', returns: 1, units: 2 },
      { reason: 'SIZE_OR_FIT', returns: 1, units: 1 },
    ]);
    expect(stats.topProducts).toEqual([
      { sku: 'MUG', returns: 1, units: 2, resellable: 0, damaged: 0, missing: 0, product: { sku: 'MUG' } },
      { sku: 'KETTLE', returns: 1, units: 1, resellable: 0, damaged: 1, missing: 0, product: { sku: 'KETTLE' } },
    ]);
    expect(stats.refunded).toEqual([{ minorUnits: 1000_00, currency: 'RUB', count: 1 }]);
    // Grouped statements, no row-by-row reading: the few aggregates (plus the products' lookup per top product).
    expect(statements.filter((sql) => /FROM "ReturnLine"|FROM "Return"|FROM "Order"|FROM "Refund"/.test(sql)).length).toBeLessThanOrEqual(6);
    const bad = await manager(STATS, { r: { from, to: from } });
    expect(bad.errors?.[0]?.message).toMatch(/after/);
    const forbidden = await picker(STATS, { r: { from, to: new Date().toISOString() } });
    expect(forbidden.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredPermissions: ['returns:read'] });
  });

  it('filters returns by reason and overdue (approved, parcel not here RETURN_TRANSIT_OVERDUE_DAYS after approval)', async () => {
    const order = await deliveredOrder();
    const request = async (orderLineId: string, reason: string) => (await returnOf(order, orderLineId, reason)).return.id as string;
    const late = await request(order.kettle, 'WRONG_ITEM');
    const recent = await request(order.mug, 'DEFECTIVE');
    const waiting = await request(order.mug, 'WRONG_ITEM'); // REQUESTED: not approved, never overdue
    for (const id of [late, recent]) ok((await support(APPROVE, { id })).data.approveReturn);
    ok((await writeKey(IN_TRANSIT, { id: late, carrier: 'cdek', tn: `RT-LATE-${Date.now()}` })).data.markReturnInTransit);
    await database.prisma.return.update({ where: { id: rawId(late) }, data: { approvedAt: new Date(Date.now() - 15 * DAY) } });
    await database.prisma.return.update({ where: { id: rawId(waiting) }, data: { createdAt: new Date(Date.now() - 30 * DAY) } });

    const LIST = `query($o: ID, $reason: [ReturnReason!], $overdue: Boolean) { returns(first: 50, orderId: $o, reason: $reason, overdue: $overdue) { edges { node { id } } } }`;
    const list = async (vars: Record<string, unknown>) => {
      const r = await readKey(LIST, { o: order.id, ...vars });
      expect(r.errors).toBeUndefined();
      return r.data.returns.edges.map((e: { node: { id: string } }) => e.node.id).sort();
    };
    expect(await list({ reason: ['WRONG_ITEM'] })).toEqual([late, waiting].sort());
    expect(await list({ reason: ['DEFECTIVE', 'SIZE_OR_FIT'] })).toEqual([recent]);
    expect(await list({ overdue: true })).toEqual([late]);
    expect(await list({ overdue: false })).toEqual([recent, waiting].sort());
    expect(await list({ overdue: true, reason: ['DEFECTIVE'] })).toEqual([]);
    // Received: no longer overdue, however long it took.
    ok((await packer(RECEIVE, { id: late })).data.receiveReturn);
    expect(await list({ overdue: true })).toEqual([]);
  });

  it('refunds shipping: capped by the shipping paid once per order over all returns, within the units and the order total; refund.recorded announces every refund', async () => {
    const REFUND_SHIPPING = `mutation($i: RecordRefundInput!) { recordRefund(input: $i) {
      refund { amount { minorUnits } shipping { minorUnits currency } } return { refund { minorUnits } refundable { minorUnits } refundableShipping { minorUnits } } ${E} } }`;
    const VIEW = `query($id: ID!) { node(id: $id) { ... on Return { refundable { minorUnits } refundableShipping { minorUnits currency } } } }`;
    const order = await deliveredOrder();
    const mugs = await inspectedReturn(order, [{ orderLineId: order.mug, quantity: 2 }], 'REFUND');
    // Shipping paid: 300 ₽ less its share of the 200 ₽ discount; the mugs' as in the recordRefund test.
    const shippingPaid = 300_00 - Math.round((200_00 * 300_00) / 3400_00);
    const mugsPaid = 600_00 - Math.round((200_00 * 600_00) / 3400_00);
    expect((await readKey(VIEW, { id: mugs.id })).data.node).toEqual({
      refundable: { minorUnits: mugsPaid },
      refundableShipping: { minorUnits: shippingPaid, currency: 'RUB' },
    });
    const input = (id: string, amount: number, shipping?: number, currency = 'RUB') => ({
      i: {
        returnId: id,
        amount: { minorUnits: amount, currency: 'RUB' },
        method: 'ORIGINAL_PAYMENT',
        ...(shipping == null ? {} : { shipping: { minorUnits: shipping, currency } }),
      },
    });

    const refused: [ReturnType<typeof input>, unknown][] = [
      [input(mugs.id, 100_00, shippingPaid + 1), [expect.objectContaining({ code: 'INVALID_AMOUNT', field: ['input', 'shipping', 'minorUnits'] })]],
      [input(mugs.id, shippingPaid + 1, shippingPaid + 1), [expect.objectContaining({ code: 'REFUND_EXCEEDS_PAID', field: ['input', 'shipping', 'minorUnits'] })]],
      [input(mugs.id, mugsPaid + shippingPaid + 1, shippingPaid), [expect.objectContaining({ code: 'REFUND_EXCEEDS_PAID', field: ['input', 'amount', 'minorUnits'] })]],
      [input(mugs.id, 100_00, -1), [expect.objectContaining({ code: 'INVALID_AMOUNT', field: ['input', 'shipping', 'minorUnits'] })]],
      [input(mugs.id, 100_00, 10_00, 'CNY'), [expect.objectContaining({ code: 'CURRENCY_MISMATCH', field: ['input', 'shipping', 'currency'] })]],
    ];
    for (const [vars, errors] of refused) expect((await support(REFUND_SHIPPING, vars)).data.recordRefund.userErrors).toEqual(errors);
    expect(await database.prisma.refund.count({ where: { returnId: mugs.rawId } })).toBe(0);

    // The units in full and the shipping in full, in one refund.
    const whole = ok((await support(REFUND_SHIPPING, input(mugs.id, mugsPaid + shippingPaid, shippingPaid))).data.recordRefund);
    expect(whole.refund).toEqual({ amount: { minorUnits: mugsPaid + shippingPaid }, shipping: { minorUnits: shippingPaid, currency: 'RUB' } });
    expect(whole.return).toEqual({ refund: { minorUnits: mugsPaid + shippingPaid }, refundable: { minorUnits: 0 }, refundableShipping: { minorUnits: 0 } });

    // Shipping is paid once per order: the kettle's return refunds its units, no more shipping.
    const kettle = await inspectedReturn(order, [{ orderLineId: order.kettle, quantity: 1 }], 'REFUND');
    const kettlePaid = 2500_00 - Math.round((200_00 * 2500_00) / 3400_00);
    expect((await readKey(VIEW, { id: kettle.id })).data.node).toEqual({
      refundable: { minorUnits: kettlePaid },
      refundableShipping: { minorUnits: 0, currency: 'RUB' },
    });
    expect((await support(REFUND_SHIPPING, input(kettle.id, 10_00, 1))).data.recordRefund.userErrors).toEqual([
      expect.objectContaining({ code: 'REFUND_EXCEEDS_PAID', field: ['input', 'shipping', 'minorUnits'] }),
    ]);
    // closeReturn's refund is announced too; together the refunds are the order's total.
    ok((await support(CLOSE, { id: kettle.id, outcome: 'REFUND', amount: kettlePaid })).data.closeReturn);
    const total = await database.prisma.refund.aggregate({ where: { return: { orderId: order.rawId } }, _sum: { amount: true, shippingAmount: true } });
    expect(total._sum).toEqual({ amount: 3200_00, shippingAmount: shippingPaid });

    const events = await database.prisma.outboxEvent.findMany({ where: { aggregateId: order.rawId, type: 'refund.recorded' }, orderBy: { createdAt: 'asc' } });
    const refunds = await database.prisma.refund.findMany({ where: { return: { orderId: order.rawId } }, orderBy: { createdAt: 'asc' } });
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({
        orderId: order.rawId,
        returnId: mugs.rawId,
        refundId: refunds[0]!.id,
        amount: mugsPaid + shippingPaid,
        shippingAmount: shippingPaid,
        currency: 'RUB',
        method: 'ORIGINAL_PAYMENT',
        reference: null,
        refundAmount: mugsPaid + shippingPaid,
        status: 'INSPECTED',
      }),
      expect.objectContaining({ returnId: kettle.rawId, refundId: refunds[1]!.id, amount: kettlePaid, shippingAmount: 0, refundAmount: kettlePaid }),
    ]);
    const timeline = await database.prisma.orderEvent.findFirstOrThrow({ where: { orderId: order.rawId, type: 'REFUNDED' }, orderBy: { createdAt: 'asc' } });
    expect(timeline.data).toMatchObject({ shippingAmount: shippingPaid });
  });

  it('exchange.created announces the replacement order in the same transaction, before return.closed', async () => {
    const order = await deliveredOrder();
    const ret = await inspectedReturn(
      order,
      [{ orderLineId: order.mug, quantity: 2, exchangeProductId: gid('Product', products['MUG-BIG']!) }],
      'EXCHANGE',
      'RESELLABLE',
    );
    const closed = ok((await support(CLOSE, { id: ret.id, outcome: 'EXCHANGE' })).data.closeReturn);
    const exchange = await database.prisma.order.findUniqueOrThrow({ where: { id: rawId(closed.exchangeOrder.id) } });
    const events = await database.prisma.outboxEvent.findMany({
      where: { aggregateId: order.rawId, type: { in: ['exchange.created', 'return.closed'] } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    expect(events.map((e) => e.type)).toEqual(['exchange.created', 'return.closed']);
    expect(events[0]!.payload).toMatchObject({
      orderId: order.rawId,
      returnId: ret.rawId,
      exchangeOrderId: exchange.id,
      exchangeOrderNumber: exchange.number,
      exchangeOrderStatus: 'CONFIRMED',
      exchangeDifferenceAmount: 300_00,
      currency: 'RUB',
      units: 2,
    });
    // An exchange gives no money back: no refund is announced.
    expect(await database.prisma.outboxEvent.count({ where: { aggregateId: order.rawId, type: 'refund.recorded' } })).toBe(0);
  });

  it('inspection records unexpected items (a wrong product, an unknown code) on the note and the timeline, never restocked', async () => {
    const UNEXPECTED = `mutation($id: ID!, $items: [ReturnInspectionInput!]!, $unexpected: [UnexpectedReturnItemInput!]) {
      inspectReturn(returnId: $id, items: $items, unexpectedItems: $unexpected) { return { status note lines { quantityInspected } } ${E} } }`;
    const order = await deliveredOrder();
    const requested = await returnOf(order, order.mug, 'WRONG_ITEM');
    const id = requested.return.id;
    ok((await support(APPROVE, { id })).data.approveReturn);
    ok((await packer(RECEIVE, { id })).data.receiveReturn);
    const miniBefore = await levels('MUG-MINI');

    const nothing = (await packer(UNEXPECTED, { id, items: [] })).data.inspectReturn;
    expect(nothing.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['items'] })]);
    const extra = ok(
      (
        await packer(UNEXPECTED, {
          id,
          items: [],
          unexpected: [
            { code: 'MUG-MINI', note: 'Not ours to take back' },
            { code: 'UNKNOWN-4601234', quantity: 2 },
          ],
        })
      ).data.inspectReturn,
    );
    expect(extra.return).toMatchObject({ status: 'RECEIVED', lines: [{ quantityInspected: 0 }] });
    expect(extra.return.note).toBe('Unexpected item: MUG-MINI ×1 — Not ours to take back\nUnexpected item: UNKNOWN-4601234 ×2');
    // With the expected unit in the same call: the return is INSPECTED, the note keeps both.
    const done = ok(
      (await packer(UNEXPECTED, { id, items: [{ returnLineId: requested.return.lines[0].id, condition: 'DAMAGED' }], unexpected: [{ code: 'MUG' }] })).data.inspectReturn,
    );
    expect(done.return.status).toBe('INSPECTED');
    expect(done.return.note.split('\n')).toHaveLength(3);

    const timeline = await database.prisma.orderEvent.findMany({ where: { orderId: order.rawId, type: 'NOTE_ADDED' }, orderBy: { createdAt: 'asc' } });
    expect(timeline.map((e) => (e.data as any).unexpectedItems)).toEqual([
      [
        { code: 'MUG-MINI', quantity: 1, sku: 'MUG-MINI', productId: products['MUG-MINI'], note: 'Not ours to take back' },
        { code: 'UNKNOWN-4601234', quantity: 2, sku: null, productId: null, note: '' },
      ],
      [{ code: 'MUG', quantity: 1, sku: 'MUG', productId: products['MUG'], note: '' }],
    ]);
    // Never restocked: no stock moved for the unexpected product.
    expect(await levels('MUG-MINI')).toMatchObject({ onHand: miniBefore.onHand, reserved: miniBefore.reserved });
    expect(await database.prisma.returnInspection.count({ where: { returnLine: { returnId: rawId(id) } } })).toBe(1);
  });

  it('requestReturn takes the buyer photos with the request, atomically: a bad one refuses the whole request, nothing written', async () => {
    const previous = process.env.UPLOADS_DIR;
    const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'orderly-return-request-photos-'));
    process.env.UPLOADS_DIR = uploads;
    const send = async (input: Record<string, unknown>, files: { bytes: Buffer; name: string; type: string }[], key?: string) => {
      const form = new FormData();
      form.set('operations', JSON.stringify({ query: REQUEST, variables: { i: { ...input, photos: files.map(() => null) }, key } }));
      form.set('map', JSON.stringify(Object.fromEntries(files.map((_, i) => [i, [`variables.i.photos.${i}`]]))));
      files.forEach((f, i) => form.set(String(i), new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name));
      const response = await support.fetch('/graphql', { method: 'POST', body: form, headers: { 'graphql-require-preflight': '1' } });
      return (await response.json()).data.requestReturn;
    };
    try {
      const order = await deliveredOrder();
      const input = { orderId: order.id, reason: 'DEFECTIVE', requestedOutcome: 'REFUND', lines: [{ orderLineId: order.kettle, quantity: 1 }] };
      const bad = await send(input, [
        { bytes: png, name: 'ok.png', type: 'image/png' },
        { bytes: pdf, name: 'invoice.png', type: 'image/png' },
      ]);
      expect(bad.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_FILE', field: ['input', 'photos', '1'] })]);
      expect(await database.prisma.return.count({ where: { orderId: order.rawId } })).toBe(0);
      expect(await database.prisma.returnPhoto.count({ where: { return: { orderId: order.rawId } } })).toBe(0);
      expect((await database.prisma.order.findUniqueOrThrow({ where: { id: order.rawId } })).status).toBe('DELIVERED');
      expect(fs.existsSync(path.join(uploads, 'returns'))).toBe(false);

      const key = `req-photos-${Date.now()}`;
      const files = [
        { bytes: png, name: 'скол.png', type: 'image/png' },
        { bytes: jpeg, name: 'box.jpg', type: 'image/jpeg' },
      ];
      const created = ok(await send(input, files, key));
      const photos = await database.prisma.returnPhoto.findMany({ where: { returnId: rawId(created.return.id) }, orderBy: { createdAt: 'asc' } });
      expect(photos.map((p) => [p.fileName, p.contentType, p.returnLineId])).toEqual([
        ['скол.png', 'image/png', null],
        ['box.jpg', 'image/jpeg', null],
      ]);
      expect(fs.readFileSync(path.join(uploads, photos[0]!.filePath)).equals(png)).toBe(true);
      // The same key replays the same return; no photo is stored twice.
      const replay = ok(await send(input, files, key));
      expect(replay.return.id).toBe(created.return.id);
      expect(await database.prisma.returnPhoto.count({ where: { returnId: rawId(created.return.id) } })).toBe(2);
      const event = await database.prisma.outboxEvent.findFirstOrThrow({ where: { aggregateId: order.rawId, type: 'return.requested' } });
      expect((event.payload as any).photoIds).toEqual(photos.map((p) => p.id));
    } finally {
      process.env.UPLOADS_DIR = previous;
      fs.rmSync(uploads, { recursive: true, force: true });
    }
  });

  it('createExchange: replacement lines (the same SKU, another product) before the parcel is back; one exchange per return; closeReturn keeps it', async () => {
    const CREATE = `mutation($i: CreateExchangeInput!, $key: String) { createExchange(input: $i, idempotencyKey: $key) {
      return { status exchangeOrder { id } exchangeDifference { minorUnits currency } exchangeDifferenceDue } exchangeOrder { id status lines { sku quantity } }
      exchangeDifference { minorUnits } ${E} } }`;
    const order = await deliveredOrder();
    const requested = await returnOf(order, order.mug, 'SIZE_OR_FIT', 'EXCHANGE', 2);
    const id = requested.return.id;
    const lineId = requested.return.lines[0].id;
    const mugLine = (quantity: number, sku?: string) => ({ returnLineId: lineId, quantity, ...(sku ? { productId: gid('Product', products[sku]!) } : {}) });
    // Not approved yet: refused.
    const early = (await support(CREATE, { i: { returnId: id, lines: [mugLine(1)] } })).data.createExchange;
    expect(early.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TRANSITION', field: ['input', 'returnId'] })]);
    ok((await support(APPROVE, { id })).data.approveReturn);

    // Bad lines: nothing written.
    const other = await returnOf(order, order.kettle, 'OTHER');
    const bad = (
      await support(CREATE, {
        i: {
          returnId: id,
          lines: [
            mugLine(2),
            mugLine(1, 'MUG-BIG'),
            { returnLineId: other.return.lines[0].id, quantity: 1 },
            { returnLineId: lineId, quantity: 1, productId: gid('Product', order.rawId) },
          ],
        },
      })
    ).data.createExchange;
    expect(bad.userErrors.map((e: any) => [e.code, e.field])).toEqual([
      ['INVALID_QUANTITY', ['input', 'lines', '1', 'quantity']],
      ['NOT_IN_RETURN', ['input', 'lines', '2', 'returnLineId']],
      ['INVALID_QUANTITY', ['input', 'lines', '3', 'quantity']],
    ]);
    const unknown = (await support(CREATE, { i: { returnId: id, lines: [{ returnLineId: lineId, quantity: 1, productId: gid('Product', order.rawId) }] } })).data
      .createExchange;
    expect(unknown.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'lines', '0', 'productId'] })]);
    expect(await database.prisma.order.count({ where: { exchanges: { some: { id: rawId(id) } } } })).toBe(0);

    // One unit as the same SKU, one as the bigger mug: 150 ₽ to collect from the buyer.
    const bigBefore = await levels('MUG-BIG');
    const key = `exchange-${Date.now()}`;
    const made = ok((await support(CREATE, { i: { returnId: id, lines: [mugLine(1), mugLine(1, 'MUG-BIG')] }, key })).data.createExchange);
    expect(made.exchangeOrder).toMatchObject({
      status: 'CONFIRMED',
      lines: [
        { sku: 'MUG', quantity: 1 },
        { sku: 'MUG-BIG', quantity: 1 },
      ],
    });
    expect(made.return).toMatchObject({ status: 'APPROVED', exchangeOrder: { id: made.exchangeOrder.id }, exchangeDifferenceDue: 'BUYER_OWES' });
    expect(made.return.exchangeDifference).toEqual({ minorUnits: 150_00, currency: 'RUB' });
    expect((await levels('MUG-BIG')).reserved - bigBefore.reserved).toBe(1);
    const replay = ok((await support(CREATE, { i: { returnId: id, lines: [mugLine(1), mugLine(1, 'MUG-BIG')] }, key })).data.createExchange);
    expect(replay.exchangeOrder.id).toBe(made.exchangeOrder.id);
    const twice = (await support(CREATE, { i: { returnId: id } })).data.createExchange;
    expect(twice.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_TRANSITION' })]);
    const announced = await database.prisma.outboxEvent.findMany({ where: { aggregateId: order.rawId, type: 'exchange.created' } });
    expect(announced.map((e) => (e.payload as any).exchangeOrderId)).toEqual([rawId(made.exchangeOrder.id)]);
    // It is in the pick queue.
    const pick = await manager(`mutation($ids: [ID!]) { createPickList(orderIds: $ids) { ${E} } }`, { ids: [made.exchangeOrder.id] });
    expect(pick.data.createPickList.userErrors).toEqual([]);

    // The parcel comes back; closing keeps the exchange made (a refund close is refused).
    ok((await packer(RECEIVE, { id })).data.receiveReturn);
    ok((await packer(INSPECT, { id, items: [{ returnLineId: lineId, quantity: 2, condition: 'RESELLABLE', locationCode: 'A-01-2' }] })).data.inspectReturn);
    const refund = (await support(CLOSE, { id, outcome: 'REFUND', amount: 100 })).data.closeReturn;
    expect(refund.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['outcome'] })]);
    const closed = ok((await support(CLOSE, { id, outcome: 'EXCHANGE' })).data.closeReturn);
    expect(closed.exchangeOrder.id).toBe(made.exchangeOrder.id);
    expect(await database.prisma.order.count({ where: { exchanges: { some: { orderId: order.rawId } } } })).toBe(1);
  });

  it('damaged stock: a manager writes damaged units off (idempotent key, typed errors); the ledger still reproduces the levels', async () => {
    const WRITE_OFF = `mutation($i: WriteOffDamagedStockInput!, $key: String) { writeOffDamagedStock(input: $i, idempotencyKey: $key) {
      inventoryLevel { onHand available damaged } ${E} } }`;
    const order = await deliveredOrder();
    await inspectedReturn(order, [{ orderLineId: order.kettle, quantity: 1 }], 'REFUND', 'DAMAGED');
    const before = await levels('KETTLE');
    expect(before.damaged).toBeGreaterThanOrEqual(1);
    const forbidden = await support(WRITE_OFF, { i: { code: 'KETTLE', warehouseCode, quantity: 1, reason: 'утилизация' } });
    expect(forbidden.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const tooMany = (await manager(WRITE_OFF, { i: { code: 'KETTLE', warehouseCode, quantity: before.damaged + 1, reason: 'утилизация' } })).data.writeOffDamagedStock;
    expect(tooMany.userErrors).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_STOCK', field: ['input', 'quantity'] })]);
    const zero = (await manager(WRITE_OFF, { i: { code: 'KETTLE', warehouseCode, quantity: 0, reason: '  ' } })).data.writeOffDamagedStock;
    expect(zero.userErrors.map((e: any) => [e.code, e.field])).toEqual([
      ['INVALID_QUANTITY', ['input', 'quantity']],
      ['INVALID_INPUT', ['input', 'reason']],
    ]);
    expect(await levels('KETTLE')).toEqual(before);
    const key = `write-off-${Date.now()}`;
    const done = ok((await manager(WRITE_OFF, { i: { code: 'KETTLE', warehouseCode, quantity: 1, reason: 'утилизация' }, key })).data.writeOffDamagedStock);
    expect(done.inventoryLevel).toEqual({ onHand: before.onHand, available: before.onHand - before.reserved - before.picked, damaged: before.damaged - 1 });
    ok((await manager(WRITE_OFF, { i: { code: 'KETTLE', warehouseCode, quantity: 1, reason: 'утилизация' }, key })).data.writeOffDamagedStock);
    const after = await levels('KETTLE');
    expect(after.damaged).toBe(before.damaged - 1);
    const movement = await database.prisma.stockMovement.findFirstOrThrow({ where: { productId: products['KETTLE']!, kind: 'ADJUSTMENT', damagedDelta: { lt: 0 } } });
    expect(movement).toMatchObject({ damagedDelta: -1, onHandDelta: 0, reason: 'утилизация' });
  });
});
