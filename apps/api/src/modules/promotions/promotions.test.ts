// Promotions on real PostgreSQL: each kind applied at intake, stacking, gift lines reserving stock
// (and left out when out of stock), amounts consistent after a partial cancellation, the report,
// marketplace channels untouched, and bad input refused with nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient } from '../../testing/graphql-client.ts';
import { createProduct, createWarehouse } from '../../testing/fixtures.ts';

const address = { name: 'Анна Смирнова', address1: 'ул. Тверская, д. 1', city: 'Москва', postalCode: '101000', countryCode: 'RU' };
const CREATE_PROMOTION = `mutation($input: CreatePromotionInput!, $key: String) {
  createPromotion(input: $input, idempotencyKey: $key) { promotion { id name kind stackable skus } userErrors { code field } }
}`;
const END = `mutation($id: ID!) { endPromotion(id: $id) { promotion { endedAt } userErrors { code } } }`;
const orderFields = `id status subtotal { minorUnits } discount { minorUnits } total { minorUnits }
  lines { id sku quantity quantityCancelled gift total { minorUnits } discount { minorUnits } }
  discounts { source amount { minorUnits } promotion { name } line { sku } }
  timeline(first: 20) { edges { node { type data } } }`;
const CREATE_ORDER = `mutation($input: CreateOrderInput!) { createOrder(input: $input) { order { ${orderFields} } userErrors { code field } } }`;
const CONFIRM = `mutation($id: ID!) { confirmOrder(id: $id) { order { status lines { sku quantityCancelled } } userErrors { code } } }`;
const CANCEL_LINES = `mutation($id: ID!, $lines: [CancelLineInput!]!) { cancelOrderLines(id: $id, lines: $lines, reason: BUYER_REQUEST) { order { ${orderFields} } userErrors { code } } }`;
const REPORT = `query($range: PromotionReportRangeInput!) { promotionReport(range: $range) { name orders units revenue { minorUnits } discount { minorUnits } } }`;

describe('promotions', () => {
  let database: TestDatabase;
  let gql: ReturnType<typeof createTestClient>;
  let warehouseCode: string;
  const start = new Date('2026-01-01T00:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    gql = createTestClient(database.prisma);
    warehouseCode = (await createWarehouse(database.prisma)).code;
  });
  afterAll(() => database.drop());

  async function stocked(priceAmount: number, quantity = 10) {
    const product = await createProduct(database.prisma, { priceAmount });
    if (quantity) {
      const r = await gql(`mutation($input: ReceiveStockInput!) { receiveStock(input: $input) { userErrors { code } } }`, {
        input: { code: product.sku, warehouseCode, locationCode: 'A-01-1', quantity },
      });
      expect(r.data.receiveStock.userErrors).toEqual([]);
    }
    return product.sku;
  }
  async function promotion(input: Record<string, unknown>) {
    const r = await gql(CREATE_PROMOTION, { input: { startsAt: start.toISOString(), ...input } });
    expect(r.errors).toBeUndefined();
    expect(r.data.createPromotion.userErrors).toEqual([]);
    return r.data.createPromotion.promotion.id as string;
  }
  async function order(lines: { sku: string; quantity: number }[], extra: Record<string, unknown> = {}) {
    const r = await gql(CREATE_ORDER, { input: { channel: 'shop', currency: 'RUB', shippingAddress: address, lines, ...extra } });
    expect(r.errors).toBeUndefined();
    expect(r.data.createOrder.userErrors).toEqual([]);
    return r.data.createOrder.order;
  }
  const discounts = (o: { discounts: { source: string; amount: { minorUnits: number }; promotion: { name: string } | null; line: { sku: string } | null }[] }) =>
    o.discounts.map((d) => [d.source, d.promotion?.name ?? null, d.line?.sku ?? null, d.amount.minorUnits]);

  it('refuses bad promotions with typed errors and writes nothing', async () => {
    const sku = await stocked(100_00, 0);
    const cases: [Record<string, unknown>, { code: string; field: string[] }[]][] = [
      [{ name: 'x', kind: 'PERCENT_OFF', value: 10, allProducts: true, endsAt: '2025-12-31T00:00:00Z' }, [{ code: 'INVALID_DATE_RANGE', field: ['input', 'endsAt'] }]],
      [{ name: 'x', kind: 'PERCENT_OFF', value: 101, skus: [sku] }, [{ code: 'DISCOUNT_TOO_LARGE', field: ['input', 'value'] }]],
      [{ name: 'x', kind: 'AMOUNT_OFF', value: 100_01, currency: 'RUB', skus: [sku] }, [{ code: 'DISCOUNT_ABOVE_PRICE', field: ['input', 'value'] }]],
      [{ name: 'x', kind: 'PERCENT_OFF', value: 5, skus: ['NO-SUCH-SKU'] }, [{ code: 'UNKNOWN_SKU', field: ['input', 'skus', '0'] }]],
      [{ name: 'x', kind: 'GIFT', giftSku: 'NO-SUCH-GIFT', allProducts: true }, [{ code: 'UNKNOWN_SKU', field: ['input', 'giftSku'] }]],
      [{ name: 'x', kind: 'THRESHOLD_DISCOUNT', value: 600_00, thresholdAmount: 500_00, currency: 'RUB' }, [{ code: 'DISCOUNT_ABOVE_PRICE', field: ['input', 'value'] }]],
    ];
    for (const [input, errors] of cases) {
      const r = await gql(CREATE_PROMOTION, { input: { startsAt: start.toISOString(), ...input } });
      expect(r.errors).toBeUndefined();
      expect(r.data.createPromotion).toEqual({ promotion: null, userErrors: errors });
    }
    expect(await database.prisma.promotion.count()).toBe(0);
  });

  it('applies each kind, stacks by the rule, reserves the gift, keeps totals through a partial cancellation, and reports', async () => {
    const cup = await stocked(100_00);
    const pot = await stocked(500_00);
    const gift = await stocked(50_00, 1);
    const tenOff = await promotion({ name: 'Cups −10 %', kind: 'PERCENT_OFF', value: 10, skus: [cup] });
    // Non-stackable too, but smaller on this order (3 × 5.00 < 30.00): it loses to the 10 % despite its priority.
    await promotion({ name: 'Cups −5 ₽', kind: 'AMOUNT_OFF', value: 5_00, currency: 'RUB', skus: [cup], priority: 5 });
    await promotion({ name: 'Spend 600, −100', kind: 'THRESHOLD_DISCOUNT', value: 100_00, thresholdAmount: 600_00, currency: 'RUB', stackable: true });
    await promotion({ name: 'Pot gift', kind: 'GIFT', giftSku: gift, skus: [pot] });
    await promotion({ name: 'Other channel', kind: 'PERCENT_OFF', value: 50, allProducts: true, channels: ['elsewhere'] });

    const o = await order([
      { sku: cup, quantity: 3 },
      { sku: pot, quantity: 1 },
    ]);
    // Cups 300.00 − 10 % = 30.00; then the 100.00 threshold over what is left [270.00, 500.00]:
    // 35.06 and 64.94; the gift 50.00 given in full.
    expect(
      o.lines.map((l: { sku: string; quantity: number; gift: boolean; total: { minorUnits: number }; discount: { minorUnits: number } }) => [
        l.sku,
        l.quantity,
        l.gift,
        l.total.minorUnits,
        l.discount.minorUnits,
      ]),
    ).toEqual([
      [cup, 3, false, 300_00, 65_06],
      [pot, 1, false, 500_00, 64_94],
      [gift, 1, true, 50_00, 50_00],
    ]);
    expect([o.subtotal.minorUnits, o.discount.minorUnits, o.total.minorUnits]).toEqual([850_00, 180_00, 670_00]);
    expect(discounts(o)).toEqual([
      ['PROMOTION', 'Cups −10 %', cup, 30_00],
      ['PROMOTION', 'Spend 600, −100', cup, 35_06],
      ['PROMOTION', 'Spend 600, −100', pot, 64_94],
      ['PROMOTION', 'Pot gift', gift, 50_00],
    ]);

    // The gift is a line like any: confirming reserves it.
    expect((await gql(CONFIRM, { id: o.id })).data.confirmOrder.userErrors).toEqual([]);
    const level = await database.prisma.inventoryLevel.findFirstOrThrow({ where: { product: { sku: gift } } });
    expect(level.reserved).toBe(1);

    // One cup of three goes: its part of both discounts goes with it; rows and columns agree.
    const after = (await gql(CANCEL_LINES, { id: o.id, lines: [{ lineId: o.lines[0].id, quantity: 1 }] })).data.cancelOrderLines.order;
    expect(after.lines.map((l: { total: { minorUnits: number }; discount: { minorUnits: number } }) => [l.total.minorUnits, l.discount.minorUnits])).toEqual([
      [200_00, 43_37],
      [500_00, 64_94],
      [50_00, 50_00],
    ]);
    expect([after.subtotal.minorUnits, after.discount.minorUnits, after.total.minorUnits]).toEqual([750_00, 158_31, 591_69]);
    const rows = discounts(after);
    expect(rows.reduce((sum: number, r: unknown[]) => sum + (r[3] as number), 0)).toBe(after.discount.minorUnits);
    expect(rows.filter((r: unknown[]) => r[2] === cup).reduce((sum: number, r: unknown[]) => sum + (r[3] as number), 0)).toBe(43_37);

    // The gift's last unit is reserved now: the next order earns it but does not get it, and is not held.
    const second = await order([{ sku: pot, quantity: 1 }]);
    expect(second.lines.map((l: { sku: string }) => l.sku)).toEqual([pot]);
    expect(second.timeline.edges.map((e: { node: { type: string; data: unknown } }) => e.node)).toContainEqual({
      type: 'NOTE_ADDED',
      data: expect.objectContaining({ giftSkipped: expect.objectContaining({ sku: gift, reason: 'OUT_OF_STOCK' }) }),
    });
    expect((await gql(CONFIRM, { id: second.id })).data.confirmOrder.order.status).toBe('CONFIRMED');

    // The report, from SQL: only the first order got promotions (the second is under the threshold).
    // The threshold's 100.00 is now 23.37 on the two cups left (rows share the line's 43.37) + 64.94.
    const range = { from: '2026-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' };
    const report = (await gql(REPORT, { range })).data.promotionReport;
    expect(report).toEqual([
      { name: 'Spend 600, −100', orders: 1, units: 3, revenue: { minorUnits: 591_69 }, discount: { minorUnits: 88_31 } },
      { name: 'Pot gift', orders: 1, units: 1, revenue: { minorUnits: 591_69 }, discount: { minorUnits: 50_00 } },
      { name: 'Cups −10 %', orders: 1, units: 2, revenue: { minorUnits: 591_69 }, discount: { minorUnits: 20_00 } },
    ]);

    // Ended: the next order does not get it (the 5.00 off, alone now, does).
    expect((await gql(END, { id: tenOff })).data.endPromotion.userErrors).toEqual([]);
    const third = await order([{ sku: cup, quantity: 1 }]);
    expect(discounts(third)).toEqual([['PROMOTION', 'Cups −5 ₽', cup, 5_00]]);
  });

  it('stackable promotions add in priority order on what is left; marketplace channels keep their prices', async () => {
    const mug = await stocked(200_00);
    await promotion({ name: 'Mug A', kind: 'PERCENT_OFF', value: 10, skus: [mug], stackable: true, priority: 1 });
    await promotion({ name: 'Mug B', kind: 'AMOUNT_OFF', value: 30_00, currency: 'RUB', skus: [mug], stackable: true, priority: 9 });
    const o = await order([{ sku: mug, quantity: 2 }]);
    // B first (priority 9): 60.00 off 400.00, then A: 10 % of the 340.00 left = 34.00.
    expect(discounts(o)).toEqual([
      ['PROMOTION', 'Mug B', mug, 60_00],
      ['PROMOTION', 'Mug A', mug, 34_00],
    ]);
    expect(o.total.minorUnits).toBe(306_00);

    await database.prisma.ozonAccount.create({ data: { name: 'Ozon', clientId: '1', apiKeySealed: 'x', channel: 'ozon-test' } });
    const market = await gql(CREATE_ORDER, {
      input: { channel: 'ozon-test', currency: 'RUB', shippingAddress: address, lines: [{ sku: mug, quantity: 1, unitPrice: 180_00 }] },
    });
    expect(market.data.createOrder.order.discounts).toEqual([]);
    expect(market.data.createOrder.order.total.minorUnits).toBe(180_00);
    const refused = await gql(CREATE_PROMOTION, {
      input: { startsAt: start.toISOString(), name: 'x', kind: 'PERCENT_OFF', value: 5, allProducts: true, channels: ['ozon-test'] },
    });
    expect(refused.data.createPromotion.userErrors).toEqual([{ code: 'MARKETPLACE_CHANNEL', field: ['input', 'channels', '0'] }]);
  });
});
