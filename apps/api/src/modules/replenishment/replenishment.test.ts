// Purchasing through the GraphQL endpoint on the real database: suppliers and what they carry,
// the purchase-order lifecycle, receiving (ledger agreement, moving-average cost in the base
// currency, partial and over-receipts, every bad input writing nothing, idempotent retries, the
// held-order release job), the purchase_order.* webhooks in the outbox, incoming stock,
// replenishment suggestions on a hand-computed data set and turned into POs, the printed PO, the
// list's statement count and who may do what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';
import { createOrder, createProduct, createWarehouse } from '../../testing/fixtures.ts';
import { decodePdfBarcodes, extractPdfText } from '../../testing/pdf.ts';
import { publicEventData } from '../webhooks/event-types.ts';
import { createPurchaseOrder, sendPurchaseOrder } from './purchase-orders.service.ts';

const DAY = 86_400_000;
const E = 'userErrors { code field message }';
const PO = `id number status currency expectedAt sentAt totalQuantity receivedQuantity supplier { name } warehouse { code }
  lines { id quantity receivedQuantity remainingQuantity unitPrice product { sku barcodes } }`;
const CREATE = `mutation($i: CreatePurchaseOrderInput!, $key: String) { createPurchaseOrder(input: $i, idempotencyKey: $key) { purchaseOrder { ${PO} } ${E} } }`;
const SEND = `mutation($id: ID!) { sendPurchaseOrder(purchaseOrderId: $id) { purchaseOrder { ${PO} } ${E} } }`;
const CANCEL = `mutation($id: ID!) { cancelPurchaseOrder(purchaseOrderId: $id) { purchaseOrder { status } ${E} } }`;
const RECEIVE = `mutation($i: ReceivePurchaseOrderItemsInput!) { receivePurchaseOrderItems(input: $i) {
  purchaseOrder { ${PO} } receipt { id createdAt rate currency baseCurrency location { code } unexpectedItems { code quantity knownProduct note } movements { kind onHandDelta reference } } ${E} } }`;
const SET_SUPPLIER = `mutation($i: SetProductSupplierInput!) { setProductSupplier(input: $i) { product { sku suppliers { supplier { name } purchasePrice currency minOrderQuantity supplierSku preferred } } ${E} } }`;
const gid = (type: string, id: string) => encodeGlobalID(type, id);
const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;
let keySeq = 0;
const key = () => `test-key-${Date.now()}-${keySeq++}`;

describe('replenishment', () => {
  let database: TestDatabase;
  let admin: TestClient;
  let manager: TestClient;
  let picker: TestClient;
  let readKey: TestClient;
  let statements: string[] = [];
  let warehouse: { id: string; code: string };
  const supplier: Record<string, string> = {};
  const product: Record<string, string> = {};

  const db = () => database.prisma;
  const level = (productId: string, warehouseId = warehouse.id) =>
    db()
      .inventoryLevel.findUnique({ where: { productId_warehouseId: { productId, warehouseId } } })
      .then((l) => l ?? { onHand: 0, reserved: 0, picked: 0 });
  const snapshot = async () => ({
    movements: await db().stockMovement.count(),
    receipts: await db().purchaseReceipt.count(),
    lines: await db().purchaseOrderLine.findMany({ select: { id: true, receivedQuantity: true }, orderBy: { id: 'asc' } }),
    orders: await db().purchaseOrder.findMany({ select: { id: true, status: true }, orderBy: { id: 'asc' } }),
    costs: await db().product.findMany({ select: { id: true, averageCost: true }, orderBy: { id: 'asc' } }),
  });
  /** Pending held-order release jobs (graphile-worker's table when installed, else ours); `clear` deletes them first. */
  const releaseJobs = async (clear = false) => {
    const graphile = (await db().$queryRaw<{ t: string | null }[]>`SELECT to_regclass('graphile_worker.jobs')::text AS t`)[0]!.t;
    if (graphile) {
      if (clear) await db().$executeRaw`DELETE FROM graphile_worker.jobs WHERE task_identifier = 'orders.release-held'`;
      return (await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'orders.release-held'`)[0]!.n;
    }
    if (clear) await db().$executeRaw`DELETE FROM "JobQueue" WHERE task = 'orders.release-held'`;
    return (await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "JobQueue" WHERE task = 'orders.release-held'`)[0]!.n;
  };

  async function newPo(lines: { sku: string; quantity: number; unitPrice?: number }[], supplierName = 'Yiwu', send = true) {
    const r = await manager(CREATE, {
      i: {
        supplierId: gid('Supplier', supplier[supplierName]!),
        warehouseCode: warehouse.code,
        lines: lines.map((l) => ({ productId: gid('Product', product[l.sku]!), quantity: l.quantity, unitPrice: l.unitPrice })),
      },
    });
    expect(r.data.createPurchaseOrder.userErrors).toEqual([]);
    if (!send) return r.data.createPurchaseOrder.purchaseOrder;
    const s = await manager(SEND, { id: r.data.createPurchaseOrder.purchaseOrder.id });
    expect(s.data.sendPurchaseOrder.userErrors).toEqual([]);
    return s.data.sendPurchaseOrder.purchaseOrder;
  }
  const receive = (po: { id: string; lines: { id: string }[] }, items: [number, number][], extra: Record<string, unknown> = {}) =>
    manager(RECEIVE, {
      i: {
        purchaseOrderId: po.id,
        locationCode: 'A-01-1',
        items: items.map(([i, quantity]) => ({ lineId: po.lines[i]!.id, quantity })),
        idempotencyKey: key(),
        ...extra,
      },
    });

  beforeAll(async () => {
    database = await createTestDatabase({ onQuery: (sql) => statements.push(sql) });
    admin = createTestClient(db());
    manager = createTestClient(db(), { roles: ['MANAGER'] });
    picker = createTestClient(db(), { roles: ['PICKER'] });
    readKey = createTestClient(db(), { apiKeyScopes: ['read_purchasing', 'write_inventory'] });
    warehouse = await createWarehouse(db(), 'RCV');
    for (const sku of ['LAMP', 'CABLE', 'FAN', 'SPARE']) product[sku] = (await createProduct(db(), { sku })).id;
    for (const [name, currency, leadTimeDays] of [
      ['Yiwu', 'CNY', 20],
      ['Moscow', 'RUB', 5],
    ] as const) {
      const r = await manager(`mutation($i: CreateSupplierInput!) { createSupplier(input: $i) { supplier { id currency leadTimeDays } ${E} } }`, {
        i: { name: `${name} Trading`, currency, leadTimeDays, contactName: '王经理', contactEmail: 'wang@example.cn' },
      });
      expect(r.data.createSupplier.userErrors).toEqual([]);
      supplier[name] = rawId(r.data.createSupplier.supplier.id);
    }
    for (const [sku, name, price, moq] of [
      ['LAMP', 'Yiwu', 35_50, 10],
      ['CABLE', 'Yiwu', 4_20, 1],
      ['FAN', 'Moscow', 900_00, 1],
    ] as const) {
      const r = await manager(SET_SUPPLIER, {
        i: {
          productId: gid('Product', product[sku]!),
          supplierId: gid('Supplier', supplier[name]!),
          purchasePrice: price,
          minOrderQuantity: moq,
          supplierSku: `S-${sku}`,
        },
      });
      expect(r.data.setProductSupplier.userErrors).toEqual([]);
    }
  });
  afterAll(() => database.drop());

  it('refuses a CNY purchase order before a rate is set, and products the supplier does not carry; nothing written', async () => {
    const before = await db().purchaseOrder.count();
    const noRate = await manager(CREATE, { i: { supplierId: gid('Supplier', supplier.Yiwu!), lines: [{ productId: gid('Product', product.LAMP!), quantity: 5 }] } });
    expect(noRate.data.createPurchaseOrder.userErrors).toEqual([expect.objectContaining({ code: 'CURRENCY_RATE_MISSING', field: ['input', 'supplierId'] })]);
    const notCarried = await manager(CREATE, {
      i: {
        supplierId: gid('Supplier', supplier.Moscow!),
        lines: [
          { productId: gid('Product', product.FAN!), quantity: 1 },
          { productId: gid('Product', product.LAMP!), quantity: 0 },
        ],
      },
    });
    expect(notCarried.data.createPurchaseOrder.userErrors.map((e: { code: string; field: string[] }) => [e.code, e.field.join('.')])).toEqual([
      ['INVALID_QUANTITY', 'input.lines.1.quantity'],
      ['PRODUCT_NOT_SUPPLIED', 'input.lines.1.productId'],
    ]);
    expect(await db().purchaseOrder.count()).toBe(before);
    const bad = await manager(`mutation { setCurrencyRate(currency: "CNY", rate: "-1") { ${E} } }`);
    expect(bad.data.setCurrencyRate.userErrors[0].code).toBe('INVALID_INPUT');
    const rate = await manager(`mutation { setCurrencyRate(currency: "cny", rate: "12.5") { currencyRate { currency baseCurrency rate } ${E} } }`);
    expect(rate.data.setCurrencyRate).toEqual({ currencyRate: { currency: 'CNY', baseCurrency: 'RUB', rate: '12.50000000' }, userErrors: [] });
  });

  it('lives through DRAFT → SENT → PARTIALLY_RECEIVED → RECEIVED with incoming stock, the ledger and the moving-average cost agreeing', async () => {
    const draft = await newPo(
      [
        { sku: 'LAMP', quantity: 10 },
        { sku: 'CABLE', quantity: 4, unitPrice: 5_00 },
      ],
      'Yiwu',
      false,
    );
    expect(draft).toMatchObject({ status: 'DRAFT', currency: 'CNY', number: expect.stringMatching(/^PO-\d{6}$/), totalQuantity: 14, expectedAt: null });
    expect(draft.lines.map((l: { unitPrice: number }) => l.unitPrice)).toEqual([35_50, 5_00]);
    // A draft is not on the way yet.
    const incoming = async (sku: string) =>
      (await manager(`query($sku: String) { inventoryLevels(first: 5, sku: $sku, warehouseCode: "RCV") { edges { node { incoming onHand } } } }`, { sku })).data
        .inventoryLevels.edges[0]?.node;
    const update = await manager(
      `mutation($i: UpdatePurchaseOrderInput!) { updatePurchaseOrder(input: $i) { purchaseOrder { lines { quantity product { sku } } } ${E} } }`,
      {
        i: {
          purchaseOrderId: draft.id,
          lines: [
            { productId: gid('Product', product.LAMP!), quantity: 12 },
            { productId: gid('Product', product.CABLE!), quantity: 4, unitPrice: 5_00 },
          ],
        },
      },
    );
    expect(update.data.updatePurchaseOrder.userErrors).toEqual([]);
    const beforeSend = Date.now();
    const sent = (await manager(SEND, { id: draft.id })).data.sendPurchaseOrder.purchaseOrder;
    expect(sent.status).toBe('SENT');
    // Default expected date: sentAt + the supplier's 20 days.
    expect(new Date(sent.expectedAt).getTime() - new Date(sent.sentAt).getTime()).toBe(20 * DAY);
    expect(new Date(sent.sentAt).getTime()).toBeGreaterThanOrEqual(beforeSend - 1000);
    const again = await manager(SEND, { id: draft.id });
    expect(again.data.sendPurchaseOrder.userErrors[0].code).toBe('INVALID_TRANSITION');
    const updateSent = await manager(`mutation($i: UpdatePurchaseOrderInput!) { updatePurchaseOrder(input: $i) { ${E} } }`, {
      i: { purchaseOrderId: draft.id, note: 'late' },
    });
    expect(updateSent.data.updatePurchaseOrder.userErrors[0].code).toBe('INVALID_TRANSITION');

    // Stock before: 4 lamps at no known cost, then a first receipt of 8 at 35.50 CNY × 12.5 = 443.75 RUB.
    await manager(`mutation { receiveStock(input: { code: "LAMP", warehouseCode: "RCV", quantity: 4 }) { ${E} } }`);
    expect(await incoming('LAMP')).toEqual({ incoming: 12, onHand: 4 });
    expect(await releaseJobs(true)).toBe(0);
    const first = await receive(sent, [[0, 8]], {
      unexpectedItems: [
        { code: 'BC-FAN', quantity: 1, note: 'not ordered' },
        { code: 'UNKNOWN-1', quantity: 2 },
      ],
    });
    expect(first.data.receivePurchaseOrderItems.userErrors).toEqual([]);
    const afterFirst = first.data.receivePurchaseOrderItems;
    expect(afterFirst.purchaseOrder).toMatchObject({ status: 'PARTIALLY_RECEIVED', receivedQuantity: 8 });
    expect(afterFirst.purchaseOrder.lines.map((l: { remainingQuantity: number }) => l.remainingQuantity)).toEqual([4, 4]);
    expect(afterFirst.receipt).toMatchObject({ rate: '12.50000000', currency: 'CNY', baseCurrency: 'RUB', location: { code: 'A-01-1' } });
    expect(afterFirst.receipt.movements).toEqual([{ kind: 'RECEIPT', onHandDelta: 8, reference: sent.number }]);
    expect(afterFirst.receipt.unexpectedItems).toEqual([
      { code: 'BC-FAN', quantity: 1, knownProduct: true, note: 'not ordered' },
      { code: 'UNKNOWN-1', quantity: 2, knownProduct: false, note: null },
    ]);
    // Unexpected items are recorded, not stocked.
    expect((await level(product.FAN!)).onHand).toBe(0);
    expect(await incoming('LAMP')).toEqual({ incoming: 4, onHand: 12 });
    // No average before: the 4 units already there do not weigh in; 3550 fen × 12.5 = 44375 kopecks.
    expect((await db().product.findUniqueOrThrow({ where: { id: product.LAMP! } })).averageCost).toBe(443_75);
    // The receipt queued the release of held orders in its own transaction.
    expect(await releaseJobs()).toBe(1);

    // The rate moves to 13; 4 more lamps: (44375 × 12 + 3550 × 13 × 4) / 16 = (532500 + 184600) / 16 = 44818.75 → 44819.
    await manager(`mutation { setCurrencyRate(currency: "CNY", rate: "13") { ${E} } }`);
    const second = await receive(sent, [
      [0, 4],
      [1, 4],
    ]);
    expect(second.data.receivePurchaseOrderItems.userErrors).toEqual([]);
    expect(second.data.receivePurchaseOrderItems.purchaseOrder).toMatchObject({ status: 'RECEIVED', receivedQuantity: 16, totalQuantity: 16 });
    expect(second.data.receivePurchaseOrderItems.receipt.rate).toBe('13.00000000');
    const costs = await db().product.findMany({ where: { id: { in: [product.LAMP!, product.CABLE!] } }, select: { sku: true, averageCost: true } });
    expect(Object.fromEntries(costs.map((c) => [c.sku, c.averageCost]))).toEqual({ LAMP: 448_19, CABLE: 65_00 });
    const cost = await manager(`{ productByCode(code: "LAMP") { averageCost { minorUnits currency } suppliers { supplier { name } } } }`);
    expect(cost.data.productByCode).toEqual({ averageCost: { minorUnits: 448_19, currency: 'RUB' }, suppliers: [{ supplier: { name: 'Yiwu Trading' } }] });
    expect(await incoming('LAMP')).toEqual({ incoming: 0, onHand: 16 });

    // The ledger: each line's RECEIPT movements sum to its receivedQuantity; levels equal the ledger.
    const lines = await db().purchaseOrderLine.findMany({ where: { purchaseOrderId: rawId(sent.id) }, include: { stockMovements: true } });
    for (const line of lines) {
      expect(line.stockMovements.every((m) => m.kind === 'RECEIPT' && m.warehouseId === warehouse.id)).toBe(true);
      expect(line.stockMovements.reduce((s, m) => s + m.onHandDelta, 0)).toBe(line.receivedQuantity);
    }
    for (const id of [product.LAMP!, product.CABLE!]) {
      const ledger = await db().stockMovement.aggregate({ where: { productId: id, warehouseId: warehouse.id }, _sum: { onHandDelta: true } });
      expect(ledger._sum.onHandDelta).toBe((await level(id)).onHand);
      const bin = await db().locationStock.findFirstOrThrow({ where: { productId: id, location: { code: 'A-01-1', warehouseId: warehouse.id } } });
      expect(bin.quantity).toBe(lines.find((l) => l.productId === id)!.receivedQuantity);
    }

    // Fully received: refused, nothing written.
    const before = await snapshot();
    const late = await receive(sent, [[0, 1]]);
    expect(late.data.receivePurchaseOrderItems.userErrors).toEqual([expect.objectContaining({ code: 'PURCHASE_ORDER_ALREADY_RECEIVED' })]);
    const cancelReceived = await manager(CANCEL, { id: sent.id });
    expect(cancelReceived.data.cancelPurchaseOrder.userErrors[0].code).toBe('PURCHASE_ORDER_ALREADY_RECEIVED');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses every bad receipt with typed errors and writes nothing', async () => {
    const po = await newPo([{ sku: 'FAN', quantity: 3 }], 'Moscow');
    const draft = await newPo([{ sku: 'FAN', quantity: 3 }], 'Moscow', false);
    const cancelled = await newPo([{ sku: 'FAN', quantity: 2 }], 'Moscow');
    expect((await manager(CANCEL, { id: cancelled.id })).data.cancelPurchaseOrder).toEqual({ purchaseOrder: { status: 'CANCELLED' }, userErrors: [] });
    const before = await snapshot();
    const cases: [string, Promise<any>, string[]][] = [
      ['INVALID_QUANTITY', receive(po, [[0, 0]]), ['input', 'items', '0', 'quantity']],
      ['INVALID_QUANTITY', receive(po, [[0, -2]]), ['input', 'items', '0', 'quantity']],
      ['OVER_RECEIPT', receive(po, [[0, 4]]), ['input', 'items', '0', 'quantity']],
      ['LOCATION_NOT_FOUND', receive(po, [[0, 1]], { locationCode: 'Z-99' }), ['input', 'locationCode']],
      ['INVALID_QUANTITY', receive(po, [[0, 1]], { unexpectedItems: [{ code: 'X', quantity: 0 }] }), ['input', 'unexpectedItems', '0', 'quantity']],
      ['PURCHASE_ORDER_CANCELLED', receive(cancelled, [[0, 1]]), ['input', 'purchaseOrderId']],
      ['PURCHASE_ORDER_NOT_SENT', receive(draft, [[0, 1]]), ['input', 'purchaseOrderId']],
      ['NOT_FOUND', receive({ id: po.id, lines: [draft.lines[0]] }, [[0, 1]]), ['input', 'items', '0', 'lineId']],
    ];
    for (const [code, pending, field] of cases) {
      const r = await pending;
      expect(r.data.receivePurchaseOrderItems.userErrors, code).toEqual([expect.objectContaining({ code, field })]);
      expect(r.data.receivePurchaseOrderItems.purchaseOrder).toBeNull();
    }
    expect(await snapshot()).toEqual(before);
    // Over-receipt when allowed: the line shows 4 of 3, RECEIVED, nothing remaining.
    const over = await receive(po, [[0, 4]], { allowOverReceipt: true });
    expect(over.data.receivePurchaseOrderItems.userErrors).toEqual([]);
    expect(over.data.receivePurchaseOrderItems.purchaseOrder).toMatchObject({
      status: 'RECEIVED',
      receivedQuantity: 4,
      lines: [{ quantity: 3, receivedQuantity: 4, remainingQuantity: 0 }],
    });
  });

  it('counts a retried receipt (same idempotency key) once', async () => {
    const po = await newPo([{ sku: 'CABLE', quantity: 10 }]);
    const input = { purchaseOrderId: po.id, locationCode: 'A-01-2', items: [{ lineId: po.lines[0].id, quantity: 3 }], idempotencyKey: key() };
    const onHand = (await level(product.CABLE!)).onHand;
    const a = await manager(RECEIVE, { i: input });
    const b = await manager(RECEIVE, { i: input });
    expect(a.data.receivePurchaseOrderItems.userErrors).toEqual([]);
    expect(b.data.receivePurchaseOrderItems.receipt.id).toBe(a.data.receivePurchaseOrderItems.receipt.id);
    expect((await level(product.CABLE!)).onHand).toBe(onHand + 3);
    expect(await db().purchaseReceipt.count({ where: { purchaseOrderId: rawId(po.id) } })).toBe(1);
  });

  it('announces sending and every receipt that changes quantities in the webhook outbox, once each, without contact data', async () => {
    const events = (poId: string) =>
      db().outboxEvent.findMany({ where: { aggregateType: 'PurchaseOrder', aggregateId: rawId(poId) }, orderBy: { id: 'asc' }, select: { type: true, payload: true } });
    const draft = await newPo(
      [
        { sku: 'LAMP', quantity: 10 },
        { sku: 'CABLE', quantity: 5 },
      ],
      'Yiwu',
      false,
    );
    expect(await events(draft.id)).toEqual([]);

    const SEND_KEYED = `mutation($id: ID!, $key: String) { sendPurchaseOrder(purchaseOrderId: $id, idempotencyKey: $key) { purchaseOrder { status } ${E} } }`;
    const sendKey = key();
    for (let i = 0; i < 2; i++)
      expect((await manager(SEND_KEYED, { id: draft.id, key: sendKey })).data.sendPurchaseOrder).toEqual({ purchaseOrder: { status: 'SENT' }, userErrors: [] });
    const [sent, ...none] = await events(draft.id);
    expect(none).toEqual([]);
    expect(sent!.type).toBe('purchase_order.sent');
    expect(sent!.payload).toMatchObject({
      purchaseOrderId: rawId(draft.id),
      purchaseOrderNumber: draft.number,
      warehouseCode: 'RCV',
      currency: 'CNY',
      status: 'SENT',
      lines: [
        { sku: 'LAMP', quantity: 10, unitPrice: 35_50 },
        { sku: 'CABLE', quantity: 5, unitPrice: 4_20 },
      ],
      purchaseOrderVersion: 2,
    });
    // What an integrator gets: the API's global ids.
    expect(publicEventData(sent!.payload)).toMatchObject({ purchaseOrderId: draft.id, supplierId: gid('Supplier', supplier.Yiwu!) });

    // A partial receipt, retried with its key; a receipt of unexpected items only changes no quantity; then the rest.
    const partial = { purchaseOrderId: draft.id, locationCode: 'A-01-1', items: [{ lineId: draft.lines[0].id, quantity: 4 }], idempotencyKey: key() };
    for (let i = 0; i < 2; i++) expect((await manager(RECEIVE, { i: partial })).data.receivePurchaseOrderItems.userErrors).toEqual([]);
    expect((await receive(draft, [], { unexpectedItems: [{ code: 'UNKNOWN-2', quantity: 1 }] })).data.receivePurchaseOrderItems.userErrors).toEqual([]);
    const rest = await receive(draft, [
      [0, 6],
      [1, 5],
    ]);
    expect(rest.data.receivePurchaseOrderItems.purchaseOrder.status).toBe('RECEIVED');

    const all = await events(draft.id);
    expect(all.map((e) => [e.type, (e.payload as { status: string }).status])).toEqual([
      ['purchase_order.sent', 'SENT'],
      ['purchase_order.received', 'PARTIALLY_RECEIVED'],
      ['purchase_order.received', 'RECEIVED'],
    ]);
    expect(all[1]!.payload).toMatchObject({
      lines: [
        { sku: 'LAMP', quantity: 10, receivedQuantity: 4, received: 4 },
        { sku: 'CABLE', quantity: 5, receivedQuantity: 0, received: 0 },
      ],
      purchaseOrderVersion: 3,
    });
    expect(all[2]!.payload).toMatchObject({
      receiptId: rawId(rest.data.receivePurchaseOrderItems.receipt.id),
      lines: [
        { sku: 'LAMP', quantity: 10, receivedQuantity: 10, received: 6 },
        { sku: 'CABLE', quantity: 5, receivedQuantity: 5, received: 5 },
      ],
      purchaseOrderVersion: 4,
    });
    // The supplier's contact person and e-mail never go out.
    expect(JSON.stringify(all)).not.toMatch(/王经理|wang@example/);
  });

  it('finds a PO by its scanned number and lists open ones by expected date in a fixed number of statements', async () => {
    const po = await newPo([{ sku: 'FAN', quantity: 1 }], 'Moscow');
    for (const text of [po.number, po.number.toLowerCase(), String(Number(po.number.slice(3)))]) {
      const r = await manager(`query($n: String!) { purchaseOrderByNumber(number: $n) { id } }`, { n: text });
      expect(r.data.purchaseOrderByNumber?.id, text).toBe(po.id);
    }
    expect((await manager(`{ purchaseOrderByNumber(number: "PO-999999") { id } }`)).data.purchaseOrderByNumber).toBeNull();
    const moscow = await manager(`{ purchaseOrders(first: 50, search: "moscow") { edges { node { supplier { name } } } } }`);
    expect(moscow.data.purchaseOrders.edges.every((e: any) => e.node.supplier.name === 'Moscow Trading')).toBe(true);
    expect(moscow.data.purchaseOrders.edges.length).toBeGreaterThan(1);
    const orders = await db().purchaseOrder.count();
    for (let i = 0; i < 10; i++) {
      const created = await createPurchaseOrder(db() as never, {
        supplierId: supplier.Moscow!,
        warehouseId: warehouse.id,
        lines: [{ productId: product.FAN!, quantity: i + 1 }],
        actor: 'system',
      });
      await sendPurchaseOrder(db() as never, { purchaseOrderId: created.id, expectedAt: new Date(Date.now() + (10 - i) * DAY), now: new Date() });
    }
    expect(await db().purchaseOrder.count()).toBe(orders + 10);
    const query = `query($first: Int!) { purchaseOrders(first: $first) { edges { node { number status expectedAt totalQuantity receivedQuantity supplier { name } warehouse { code }
      lines { remainingQuantity product { sku barcodes } } } } } }`;
    const run = async (first: number) => {
      statements = [];
      const r = await manager(query, { first });
      expect(r.errors).toBeUndefined();
      return { count: statements.length, nodes: r.data.purchaseOrders.edges.map((e: any) => e.node) };
    };
    const small = await run(2);
    const large = await run(12);
    expect(large.nodes.length).toBe(12);
    expect(large.count).toBe(small.count);
    // Open ones only, soonest expected first.
    expect(large.nodes.every((n: any) => ['SENT', 'PARTIALLY_RECEIVED'].includes(n.status))).toBe(true);
    const dates = large.nodes.map((n: any) => new Date(n.expectedAt).getTime());
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
    // incoming on a page of levels: one statement however many levels.
    const levels = async (first: number) => {
      statements = [];
      const r = await manager(`query($first: Int!) { inventoryLevels(first: $first) { edges { node { incoming onHand } } } }`, { first });
      expect(r.errors).toBeUndefined();
      return statements.length;
    };
    expect(await levels(4)).toBe(await levels(1));
  });

  it('prints the PO in Chinese and Russian with its number as a barcode', async () => {
    const po = await newPo([{ sku: 'LAMP', quantity: 20 }]);
    const r = await manager(`query($id: ID!) { purchaseOrder(id: $id) { number document { filename contentType encoding content } documentUrl } }`, { id: po.id });
    const { document, documentUrl, number } = r.data.purchaseOrder;
    expect(document).toMatchObject({ filename: `${number}.pdf`, contentType: 'application/pdf', encoding: 'BASE64' });
    expect(documentUrl).toBe(`data:application/pdf;base64,${document.content}`);
    const bytes = Buffer.from(document.content, 'base64');
    const text = (await extractPdfText(bytes)).replace(/\s+/g, ' ');
    for (const expected of ['采购订单', 'ЗАКАЗ ПОСТАВЩИКУ', number, 'Yiwu Trading', 'S-LAMP', 'LAMP', '710.00 CNY', 'Склад RCV']) expect(text).toContain(expected);
    expect(await decodePdfBarcodes(bytes)).toContain(number);
  });

  describe('suggestions', () => {
    // A second warehouse (not the first: orders without a warehouse are not its business) with
    // hand-computed figures. now − 5 days is inside the 30-day window, now − 40 days is not.
    let sug: { id: string; code: string };
    const ids: Record<string, string> = {};
    const ordered = async (productId: string, quantity: number, patch: Record<string, unknown>) => {
      const order = await createOrder(db(), { lineCount: 1 });
      await db().orderLine.update({ where: { id: order.lines[0]!.id }, data: { productId, quantity } });
      await db().order.update({ where: { id: order.id }, data: { warehouseId: sug.id, ...patch } });
    };

    beforeAll(async () => {
      sug = await createWarehouse(db(), 'SUG');
      for (const sku of ['SA', 'SB', 'SC', 'SD']) ids[sku] = (await createProduct(db(), { sku })).id;
      await db().product.update({ where: { id: ids.SA! }, data: { lowStockThreshold: 5 } });
      await db().product.update({ where: { id: ids.SC! }, data: { lowStockThreshold: 2 } });
      await db().product.update({ where: { id: ids.SD! }, data: { lowStockThreshold: 3 } });
      for (const [sku, quantity] of [
        ['SA', 4],
        ['SC', 10],
      ] as const) {
        await manager(`mutation($c: String!, $q: Int!) { receiveStock(input: { code: $c, warehouseCode: "SUG", quantity: $q }) { ${E} } }`, { c: sku, q: quantity });
      }
      const supplierOf = async (name: string, currency: string, leadTimeDays: number) =>
        rawId(
          (await manager(`mutation($i: CreateSupplierInput!) { createSupplier(input: $i) { supplier { id } } }`, { i: { name, currency, leadTimeDays } })).data
            .createSupplier.supplier.id,
        );
      supplier.S1 = await supplierOf('S1 Moscow', 'RUB', 10);
      supplier.S2 = await supplierOf('S2 Guangzhou', 'CNY', 20);
      for (const [sku, name, price, moq, preferred] of [
        ['SA', 'S1', 100_00, 50, true],
        ['SA', 'S2', 5_00, 1, false],
        ['SB', 'S2', 5_00, 1, false],
      ] as const) {
        const r = await manager(SET_SUPPLIER, {
          i: { productId: gid('Product', ids[sku]!), supplierId: gid('Supplier', supplier[name]!), purchasePrice: price, minOrderQuantity: moq, preferred },
        });
        expect(r.data.setProductSupplier.userErrors).toEqual([]);
      }
      const now = Date.now();
      await ordered(ids.SA!, 10, { status: 'ON_HOLD', holdReason: 'OUT_OF_STOCK' });
      await ordered(ids.SA!, 3, { status: 'ON_HOLD', holdReason: 'INCORRECT_ADDRESS' }); // another hold: not short
      await ordered(ids.SA!, 30, { status: 'SHIPPED', confirmedAt: new Date(now - 5 * DAY) });
      await ordered(ids.SA!, 100, { status: 'DELIVERED', confirmedAt: new Date(now - 40 * DAY) }); // outside the window
      await ordered(ids.SA!, 50, { status: 'CANCELLED', confirmedAt: new Date(now - 3 * DAY) }); // cancelled
      await ordered(ids.SB!, 9, { status: 'CONFIRMED', confirmedAt: new Date(now - 2 * DAY) });
      // 7 lamps… SA on the way to SUG; a draft and a PO to another warehouse do not count.
      const sent = await createPurchaseOrder(db() as never, {
        supplierId: supplier.S1!,
        warehouseId: sug.id,
        lines: [{ productId: ids.SA!, quantity: 7 }],
        actor: 'system',
      });
      await sendPurchaseOrder(db() as never, { purchaseOrderId: sent.id, now: new Date() });
      await createPurchaseOrder(db() as never, { supplierId: supplier.S1!, warehouseId: sug.id, lines: [{ productId: ids.SA!, quantity: 70 }], actor: 'system' });
      const elsewhere = await createPurchaseOrder(db() as never, {
        supplierId: supplier.S1!,
        warehouseId: warehouse.id,
        lines: [{ productId: ids.SA!, quantity: 9 }],
        actor: 'system',
      });
      await sendPurchaseOrder(db() as never, { purchaseOrderId: elsewhere.id, now: new Date() });
    });

    it('adds up: held shortage + below threshold + expected sales over the lead time − incoming, raised to the MOQ', async () => {
      statements = [];
      const r = await manager(`{ replenishmentSuggestions(warehouseCode: "SUG") {
        product { sku } supplier { name } available heldUnits shortForHeldOrders belowThreshold salesLastDays leadTimeDays expectedSales incoming need minOrderQuantity suggestedQuantity unitPrice { minorUnits currency } } }`);
      expect(r.errors).toBeUndefined();
      expect(r.data.replenishmentSuggestions).toEqual([
        // SA: available 4, held 10 → short 6; free 0 → 5 below threshold; 30 sold × 10 days / 30 = 10; − 7 incoming = 14 → MOQ 50.
        {
          product: { sku: 'SA' },
          supplier: { name: 'S1 Moscow' },
          available: 4,
          heldUnits: 10,
          shortForHeldOrders: 6,
          belowThreshold: 5,
          salesLastDays: 30,
          leadTimeDays: 10,
          expectedSales: 10,
          incoming: 7,
          need: 14,
          minOrderQuantity: 50,
          suggestedQuantity: 50,
          unitPrice: { minorUnits: 100_00, currency: 'RUB' },
        },
        // SB: nothing held, threshold 0; 9 sold × 20 days / 30 = 6.
        {
          product: { sku: 'SB' },
          supplier: { name: 'S2 Guangzhou' },
          available: 0,
          heldUnits: 0,
          shortForHeldOrders: 0,
          belowThreshold: 0,
          salesLastDays: 9,
          leadTimeDays: 20,
          expectedSales: 6,
          incoming: 0,
          need: 6,
          minOrderQuantity: 1,
          suggestedQuantity: 6,
          unitPrice: { minorUnits: 5_00, currency: 'CNY' },
        },
        // SD: no supplier (lead time 0), 3 below its threshold. SC (10 on hand, threshold 2) needs nothing.
        {
          product: { sku: 'SD' },
          supplier: null,
          available: 0,
          heldUnits: 0,
          shortForHeldOrders: 0,
          belowThreshold: 3,
          salesLastDays: 0,
          leadTimeDays: 0,
          expectedSales: 0,
          incoming: 0,
          need: 3,
          minOrderQuantity: 1,
          suggestedQuantity: 3,
          unitPrice: null,
        },
      ]);
      // The figures come from one statement (plus the warehouse lookups and the nested objects).
      expect(statements.filter((sql) => /"OrderLine"/.test(sql))).toHaveLength(1);
    });

    it('turns a selection into one draft PO per supplier at least the MOQ; a product nobody carries is refused', async () => {
      const CREATE_FROM = `mutation($i: CreatePurchaseOrdersFromSuggestionsInput!) { createPurchaseOrdersFromSuggestions(input: $i) {
        purchaseOrders { status currency supplier { name } warehouse { code } lines { quantity unitPrice product { sku } } } ${E} } }`;
      const before = await db().purchaseOrder.count();
      const refused = await manager(CREATE_FROM, {
        i: { warehouseCode: 'SUG', items: [{ productId: gid('Product', ids.SA!) }, { productId: gid('Product', ids.SD!) }] },
      });
      expect(refused.data.createPurchaseOrdersFromSuggestions.userErrors).toEqual([
        expect.objectContaining({ code: 'PRODUCT_NOT_SUPPLIED', field: ['input', 'items', '1', 'productId'] }),
      ]);
      expect(await db().purchaseOrder.count()).toBe(before);
      const r = await manager(CREATE_FROM, {
        i: {
          warehouseCode: 'SUG',
          items: [
            { productId: gid('Product', ids.SA!) },
            { productId: gid('Product', ids.SB!), quantity: 2 },
            { productId: gid('Product', ids.SC!), supplierId: gid('Supplier', supplier.S2!), quantity: 4 },
          ],
        },
      });
      // SC: S2 does not carry it.
      expect(r.data.createPurchaseOrdersFromSuggestions.userErrors).toEqual([
        expect.objectContaining({ code: 'PRODUCT_NOT_SUPPLIED', field: ['input', 'items', '2', 'supplierId'] }),
      ]);
      const ok = await manager(CREATE_FROM, {
        i: { warehouseCode: 'SUG', items: [{ productId: gid('Product', ids.SA!) }, { productId: gid('Product', ids.SB!), quantity: 2 }] },
      });
      expect(ok.data.createPurchaseOrdersFromSuggestions.userErrors).toEqual([]);
      const pos = ok.data.createPurchaseOrdersFromSuggestions.purchaseOrders;
      expect(pos).toHaveLength(2);
      expect(pos).toEqual(
        expect.arrayContaining([
          {
            status: 'DRAFT',
            currency: 'RUB',
            supplier: { name: 'S1 Moscow' },
            warehouse: { code: 'SUG' },
            lines: [{ quantity: 50, unitPrice: 100_00, product: { sku: 'SA' } }],
          },
          {
            status: 'DRAFT',
            currency: 'CNY',
            supplier: { name: 'S2 Guangzhou' },
            warehouse: { code: 'SUG' },
            lines: [{ quantity: 2, unitPrice: 5_00, product: { sku: 'SB' } }],
          },
        ]),
      );
    });
  });

  it('permissions: a PICKER reads a PO by number without prices or supplier and receives it; a read_purchasing key cannot receive', async () => {
    const po = await newPo([
      { sku: 'CABLE', quantity: 2 },
      { sku: 'LAMP', quantity: 10 },
    ]);
    const floor = await picker(
      `query($n: String!) { purchaseOrderByNumber(number: $n) { id number status supplierName warehouse { code } totalQuantity
        lines { id quantity receivedQuantity remainingQuantity supplierSku product { sku barcodes } } } }`,
      { n: po.number },
    );
    expect(floor.errors).toBeUndefined();
    expect(floor.data.purchaseOrderByNumber).toEqual({
      id: po.id,
      number: po.number,
      status: 'SENT',
      supplierName: 'Yiwu Trading',
      warehouse: { code: warehouse.code },
      totalQuantity: 12,
      lines: [
        { id: po.lines[0].id, quantity: 2, receivedQuantity: 0, remainingQuantity: 2, supplierSku: 'S-CABLE', product: { sku: 'CABLE', barcodes: expect.any(Array) } },
        { id: po.lines[1].id, quantity: 10, receivedQuantity: 0, remainingQuantity: 10, supplierSku: 'S-LAMP', product: { sku: 'LAMP', barcodes: expect.any(Array) } },
      ],
    });
    // Prices and the supplier (its contacts) need purchasing:read: refused field by field, the rest answers.
    const priced = await picker(
      `query($n: String!) { purchaseOrderByNumber(number: $n) { number supplierName totalAmount { minorUnits } lines { quantity unitPrice } supplier { name contactEmail } } }`,
      { n: po.number },
    );
    expect(priced.data.purchaseOrderByNumber).toEqual({
      number: po.number,
      supplierName: 'Yiwu Trading',
      totalAmount: null,
      lines: [
        { quantity: 2, unitPrice: null },
        { quantity: 10, unitPrice: null },
      ],
      supplier: null,
    });
    const refused = (priced.errors ?? []).map((e) => ({ path: e.path!.join('.'), extensions: e.extensions }));
    expect(refused.sort((x, y) => x.path.localeCompare(y.path))).toEqual(
      ['lines.0.unitPrice', 'lines.1.unitPrice', 'supplier', 'totalAmount'].map((path) => ({
        path: `purchaseOrderByNumber.${path}`,
        extensions: { code: 'FORBIDDEN', requiredPermissions: ['purchasing:read'] },
      })),
    );
    expect((await picker(`{ suppliers(first: 1) { edges { node { contactEmail } } } }`)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const incoming = await picker(`{ inventoryLevels(first: 1) { edges { node { incoming } } } }`);
    expect(incoming.errors).toBeUndefined();

    const onHand = (await level(product.LAMP!)).onHand;
    const floorReceive = (client: TestClient) =>
      client(
        `mutation($i: ReceivePurchaseOrderItemsInput!) { receivePurchaseOrderItems(input: $i) {
          purchaseOrder { status receivedQuantity lines { receivedQuantity remainingQuantity } } receipt { location { code } movements { kind onHandDelta } } ${E} } }`,
        {
          i: {
            purchaseOrderId: po.id,
            locationCode: 'A-01-1',
            items: [
              [0, 2],
              [1, 4],
            ].map(([i, quantity]) => ({ lineId: po.lines[i!].id, quantity })),
            idempotencyKey: key(),
          },
        },
      );
    const readOnly = await floorReceive(createTestClient(db(), { apiKeyScopes: ['read_purchasing'] }));
    expect(readOnly.errors?.map((e) => e.extensions)).toEqual([{ code: 'FORBIDDEN', requiredPermissions: ['receiving'] }]);
    expect(readOnly.data?.receivePurchaseOrderItems ?? null).toBeNull();
    expect((await level(product.LAMP!)).onHand).toBe(onHand);
    const received = await floorReceive(picker);
    expect(received.errors).toBeUndefined();
    expect(received.data.receivePurchaseOrderItems).toEqual({
      purchaseOrder: {
        status: 'PARTIALLY_RECEIVED',
        receivedQuantity: 6,
        lines: [
          { receivedQuantity: 2, remainingQuantity: 0 },
          { receivedQuantity: 4, remainingQuantity: 6 },
        ],
      },
      receipt: {
        location: { code: 'A-01-1' },
        movements: expect.arrayContaining([
          { kind: 'RECEIPT', onHandDelta: 2 },
          { kind: 'RECEIPT', onHandDelta: 4 },
        ]),
      },
      userErrors: [],
    });
    expect((await level(product.LAMP!)).onHand).toBe(onHand + 4);
  });

  it('permissions: a read_purchasing + write_inventory key (receiving before `receiving` existed) reads and receives but does not create', async () => {
    const po = await newPo([{ sku: 'CABLE', quantity: 2 }]);
    const read = await readKey(`query($id: ID!) { purchaseOrder(id: $id) { number supplier { name } warehouse { code } lines { product { sku } } } }`, { id: po.id });
    expect(read.errors).toBeUndefined();
    expect(read.data.purchaseOrder.lines[0].product.sku).toBe('CABLE');
    const received = await readKey(RECEIVE, {
      i: { purchaseOrderId: po.id, locationCode: 'A-01-1', items: [{ lineId: po.lines[0].id, quantity: 2 }], idempotencyKey: key() },
    });
    expect(received.errors).toBeUndefined();
    expect(received.data.receivePurchaseOrderItems.purchaseOrder.status).toBe('RECEIVED');
    const create = await readKey(CREATE, { i: { supplierId: gid('Supplier', supplier.Moscow!), lines: [{ productId: gid('Product', product.FAN!), quantity: 1 }] } });
    expect(create.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const cost = await admin(`{ productByCode(code: "FAN") { averageCost { minorUnits } } }`);
    expect(cost.data.productByCode.averageCost.minorUnits).toBe(900_00);
  });
});
