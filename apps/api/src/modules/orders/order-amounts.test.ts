// Quantities and amounts of an order stay within their 32-bit columns: what would overflow is a
// typed userError on the field at fault and nothing is written (README "Money, quantities and dates").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient } from '../../testing/graphql-client.ts';
import { createProduct, createWarehouse } from '../../testing/fixtures.ts';

const CREATE = `mutation($input: CreateOrderInput!) {
  createOrder(input: $input) { order { subtotal { minorUnits } total { minorUnits } } userErrors { code field } }
}`;
const IMPORT = `mutation($orders: [CreateOrderInput!]!) { importOrders(orders: $orders) { results { created userErrors { code field } } } }`;
const address = { name: 'Анна Смирнова', address1: 'ул. Тверская, д. 1', city: 'Москва', postalCode: '101000', countryCode: 'RU' };

describe('order amounts and quantities', () => {
  let database: TestDatabase;
  let gql: ReturnType<typeof createTestClient>;
  let expensive: string;
  let cheap: string;
  const input = (lines: { sku: string; quantity: number; unitPrice?: number }[], extra: Record<string, unknown> = {}) => ({
    channel: 'manual',
    currency: 'RUB',
    shippingAddress: address,
    lines,
    ...extra,
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    gql = createTestClient(database.prisma);
    await createWarehouse(database.prisma);
    expensive = (await createProduct(database.prisma, { priceAmount: 1_000_000_00 })).sku;
    cheap = (await createProduct(database.prisma, { priceAmount: 1_00 })).sku;
  });
  afterAll(() => database.drop());

  it('refuses what would overflow: a line, the subtotal, the total with shipping, too many units', async () => {
    const cases: [ReturnType<typeof input>, { code: string; field: string[] }][] = [
      [input([{ sku: expensive, quantity: 22 }]), { code: 'AMOUNT_TOO_LARGE', field: ['input', 'lines', '0'] }],
      [input([{ sku: cheap, quantity: 3, unitPrice: 2_147_483_647 }]), { code: 'AMOUNT_TOO_LARGE', field: ['input', 'lines', '0'] }],
      [
        input([
          { sku: expensive, quantity: 20 },
          { sku: cheap, quantity: 1, unitPrice: 200_000_000 },
        ]),
        { code: 'AMOUNT_TOO_LARGE', field: ['input', 'lines'] },
      ],
      [input([{ sku: expensive, quantity: 21 }], { shippingAmount: 100_000_000 }), { code: 'AMOUNT_TOO_LARGE', field: ['input', 'shippingAmount'] }],
      [input([{ sku: cheap, quantity: 1_000_001 }]), { code: 'INVALID_QUANTITY', field: ['input', 'lines', '0', 'quantity'] }],
    ];
    for (const [order, error] of cases) {
      const r = await gql(CREATE, { input: order });
      expect(r.errors).toBeUndefined();
      expect(r.data.createOrder).toEqual({ order: null, userErrors: [error] });
    }
    expect(await database.prisma.order.count()).toBe(0);

    const largest = await gql(CREATE, { input: input([{ sku: expensive, quantity: 21 }], { shippingAmount: 47_483_647 }) });
    expect(largest.data.createOrder).toEqual({ order: { subtotal: { minorUnits: 2_100_000_000 }, total: { minorUnits: 2_147_483_647 } }, userErrors: [] });
  });

  it('re-roots the error at the row of an import; the other rows are taken in', async () => {
    const r = await gql(IMPORT, {
      orders: [input([{ sku: cheap, quantity: 2 }], { externalId: 'ok-1' }), input([{ sku: expensive, quantity: 30 }], { externalId: 'too-big' })],
    });
    expect(r.data.importOrders.results).toEqual([
      { created: true, userErrors: [] },
      { created: null, userErrors: [{ code: 'AMOUNT_TOO_LARGE', field: ['orders', '1', 'lines', '0'] }] },
    ]);
    expect(await database.prisma.order.count({ where: { externalId: 'too-big' } })).toBe(0);
  });
});

// One set of rules for an order's amounts (core/money.ts), whether the order is taken in or some of
// its units are cancelled later: line total = unit price × units left, total = subtotal + shipping −
// discount, the discount shared by lines and shipping in proportion.
describe('order amounts through cancellation', () => {
  let database: TestDatabase;
  let gql: ReturnType<typeof createTestClient>;
  let warehouseCode: string;
  const amountFields =
    'id status subtotal { minorUnits } shipping { minorUnits } discount { minorUnits } total { minorUnits } lines { id quantityCancelled total { minorUnits } }';
  const CREATE_ORDER = `mutation($input: CreateOrderInput!) { createOrder(input: $input) { order { ${amountFields} } userErrors { code field } } }`;
  const CONFIRM = `mutation($id: ID!) { confirmOrder(id: $id) { order { status } userErrors { code } } }`;
  const CANCEL_LINES = `mutation($id: ID!, $lines: [CancelLineInput!]!) { cancelOrderLines(id: $id, lines: $lines, reason: OUT_OF_STOCK) { order { ${amountFields} } userErrors { code field } } }`;
  const CANCEL = `mutation($id: ID!) { cancelOrder(id: $id, reason: BUYER_REQUEST) { order { ${amountFields} } userErrors { code } } }`;

  /** The amounts as numbers, without ids: what the assertions compare. */
  const amounts = (order: {
    status: string;
    subtotal: { minorUnits: number };
    shipping: { minorUnits: number };
    discount: { minorUnits: number };
    total: { minorUnits: number };
    lines: { quantityCancelled: number; total: { minorUnits: number } }[];
  }) => ({
    status: order.status,
    lines: order.lines.map((l) => [l.quantityCancelled, l.total.minorUnits]),
    subtotal: order.subtotal.minorUnits,
    shipping: order.shipping.minorUnits,
    discount: order.discount.minorUnits,
    total: order.total.minorUnits,
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    gql = createTestClient(database.prisma);
    warehouseCode = (await createWarehouse(database.prisma)).code;
  });
  afterAll(() => database.drop());

  async function stocked(priceAmount: number) {
    const product = await createProduct(database.prisma, { priceAmount });
    const r = await gql(`mutation($input: ReceiveStockInput!) { receiveStock(input: $input) { userErrors { code } } }`, {
      input: { code: product.sku, warehouseCode, locationCode: 'A-01-1', quantity: 10 },
    });
    expect(r.data.receiveStock.userErrors).toEqual([]);
    return product.sku;
  }
  async function confirmedOrder(lines: { sku: string; quantity: number; unitPrice?: number }[], extra: Record<string, unknown>) {
    const r = await gql(CREATE_ORDER, { input: { channel: 'manual', currency: 'RUB', shippingAddress: address, lines, ...extra } });
    expect(r.errors).toBeUndefined();
    expect(r.data.createOrder.userErrors).toEqual([]);
    const order = r.data.createOrder.order;
    expect((await gql(CONFIRM, { id: order.id })).data.confirmOrder).toEqual({ order: { status: 'CONFIRMED' }, userErrors: [] });
    return order;
  }
  async function cancelLines(orderId: string, lines: { lineId: string; quantity: number }[]) {
    const r = await gql(CANCEL_LINES, { id: orderId, lines });
    expect(r.errors).toBeUndefined();
    expect(r.data.cancelOrderLines.userErrors).toEqual([]);
    return r.data.cancelOrderLines.order;
  }

  it('a partial line cancellation updates the line total and the order totals by the rules createOrder uses', async () => {
    const cup = await stocked(100_00);
    const teapot = await stocked(200_00);
    const order = await confirmedOrder(
      [
        { sku: cup, quantity: 3 },
        { sku: teapot, quantity: 1 },
      ],
      { shippingAmount: 300_00, discountAmount: 80_00 },
    );
    expect(amounts(order)).toEqual({
      status: 'NEW',
      lines: [
        [0, 300_00],
        [0, 200_00],
      ],
      subtotal: 500_00,
      shipping: 300_00,
      discount: 80_00,
      total: 720_00,
    });

    // The 80.00 discount is 30.00 on the cups, 20.00 on the teapot, 30.00 on shipping; one cup of
    // three goes, and with it 10.00 of the cups' discount.
    const after = await cancelLines(order.id, [{ lineId: order.lines[0].id, quantity: 1 }]);
    expect(amounts(after)).toEqual({
      status: 'CONFIRMED',
      lines: [
        [1, 200_00],
        [0, 200_00],
      ],
      subtotal: 400_00,
      shipping: 300_00,
      discount: 70_00,
      total: 630_00,
    });

    // An order taken in with what is left comes to the same amounts.
    const same = await gql(CREATE_ORDER, {
      input: {
        channel: 'manual',
        currency: 'RUB',
        shippingAddress: address,
        lines: [
          { sku: cup, quantity: 2 },
          { sku: teapot, quantity: 1 },
        ],
        shippingAmount: 300_00,
        discountAmount: 70_00,
      },
    });
    expect(amounts(same.data.createOrder.order)).toEqual({
      ...amounts(after),
      status: 'NEW',
      lines: [
        [0, 200_00],
        [0, 200_00],
      ],
    });

    // The stored rows agree with what the API shows.
    const row = await database.prisma.order.findFirstOrThrow({
      where: { lines: { some: { id: Buffer.from(order.lines[0].id, 'base64').toString().split(':')[1] } } },
      include: { lines: { orderBy: { position: 'asc' } } },
    });
    expect([row.subtotalAmount, row.discountAmount, row.totalAmount, ...row.lines.map((l) => l.totalAmount)]).toEqual([400_00, 70_00, 630_00, 200_00, 200_00]);
  });

  it('rounds the discount a cancelled unit takes to the minor unit, and an order with nothing left costs nothing', async () => {
    const sku = await stocked(33_33);
    const order = await confirmedOrder([{ sku, quantity: 3 }], { discountAmount: 10_00 });
    expect(amounts(order)).toMatchObject({ lines: [[0, 99_99]], subtotal: 99_99, discount: 10_00, total: 89_99 });

    // 10.00 over three units: the two kept keep 6.67 (largest remainder), one gives back 3.33.
    const one = await cancelLines(order.id, [{ lineId: order.lines[0].id, quantity: 1 }]);
    expect(amounts(one)).toEqual({ status: 'CONFIRMED', lines: [[1, 66_66]], subtotal: 66_66, shipping: 0, discount: 6_67, total: 59_99 });

    const rest = await cancelLines(order.id, [{ lineId: order.lines[0].id, quantity: 2 }]);
    expect(amounts(rest)).toEqual({ status: 'CANCELLED', lines: [[3, 0]], subtotal: 0, shipping: 0, discount: 0, total: 0 });
  });

  it('cancelling the whole order follows the same rule as cancelling every unit', async () => {
    const sku = await stocked(150_00);
    const order = await confirmedOrder([{ sku, quantity: 2 }], { shippingAmount: 250_00, discountAmount: 20_00 });
    const r = await gql(CANCEL, { id: order.id });
    expect(r.data.cancelOrder.userErrors).toEqual([]);
    expect(amounts(r.data.cancelOrder.order)).toEqual({ status: 'CANCELLED', lines: [[2, 0]], subtotal: 0, shipping: 0, discount: 0, total: 0 });
  });

  it("names the GraphQL input field in a line's price error", async () => {
    const sku = await stocked(10_00);
    const r = await gql(CREATE_ORDER, { input: { channel: 'manual', currency: 'RUB', shippingAddress: address, lines: [{ sku, quantity: 1, unitPrice: -1 }] } });
    expect(r.data.createOrder).toEqual({ order: null, userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'lines', '0', 'unitPrice'] }] });
  });
});
