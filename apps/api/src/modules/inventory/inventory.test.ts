// Stock operations and lookups through the GraphQL endpoint on a real database.
import { describe, expect, it } from 'vitest';
import type { TestDatabase } from '@orderly/schema/testing';
import { useTestDatabase } from '../../testing/database.ts';
import type { TestClient } from '../../testing/graphql-client.ts';
import { createOrder, createProduct, createWarehouse } from '../../testing/fixtures.ts';
import { receiveDamagedReturnedUnits } from './inventory.service.ts';

const RECEIVE = `mutation($input: ReceiveStockInput!) { receiveStock(input: $input) { inventoryLevel { onHand available bins { quantity location { code } } } userErrors { code field message } } }`;
const ADJUST = `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { inventoryLevel { onHand reserved available bins { quantity location { code } } } userErrors { code field message } } }`;

describe('inventory', () => {
  let database: TestDatabase;
  let gql: TestClient;
  let warehouseCode: string;
  useTestDatabase(async (world) => {
    ({ database, admin: gql } = world);
    warehouseCode = (await createWarehouse(database.prisma)).code;
  });

  it('receives stock into a bin and finds it by SKU, barcode and bin', async () => {
    const product = await createProduct(database.prisma, { sku: 'MUG-450' });
    const r = await gql(RECEIVE, { input: { code: 'BC-MUG-450', warehouseCode, locationCode: 'A-01-2', quantity: 12, reference: 'PO-2026-11' } });
    expect(r.data.receiveStock).toEqual({ inventoryLevel: { onHand: 12, available: 12, bins: [{ quantity: 12, location: { code: 'A-01-2' } }] }, userErrors: [] });

    const query = `query($sku: String, $barcode: String, $bin: String) { inventoryLevels(first: 10, sku: $sku, barcode: $barcode, locationCode: $bin) { edges { node { product { sku } onHand } } } }`;
    for (const variables of [{ sku: 'MUG-450' }, { barcode: 'BC-MUG-450' }, { bin: 'A-01-2' }]) {
      const found = await gql(query, variables);
      expect(found.data.inventoryLevels.edges.map((e: any) => e.node)).toEqual([{ product: { sku: 'MUG-450' }, onHand: 12 }]);
    }
    const scanned = await gql(`{ productByCode(code: "BC-MUG-450") { sku inventory { onHand warehouse { code } } } }`);
    expect(scanned.data.productByCode).toEqual({ sku: 'MUG-450', inventory: [{ onHand: 12, warehouse: { code: warehouseCode } }] });
    const movement = await database.prisma.stockMovement.findFirstOrThrow({ where: { productId: product.id } });
    expect(movement).toMatchObject({ kind: 'RECEIPT', onHandDelta: 12, reference: 'PO-2026-11', actor: (await gql.ready).actor });
  });

  it('rejects unknown products, bins and non-positive quantities with typed errors', async () => {
    await createProduct(database.prisma, { sku: 'PAD-XL' });
    const unknown = await gql(RECEIVE, { input: { code: 'NOPE', warehouseCode, quantity: 1 } });
    expect(unknown.data.receiveStock.userErrors).toEqual([{ code: 'UNKNOWN_SKU', field: ['input', 'code'], message: 'No product with SKU or barcode "NOPE"' }]);
    const bin = await gql(RECEIVE, { input: { code: 'PAD-XL', warehouseCode, locationCode: 'Z-99', quantity: 1 } });
    expect(bin.data.receiveStock.userErrors[0]).toMatchObject({ code: 'UNKNOWN_LOCATION', field: ['input', 'locationCode'] });
    const zero = await gql(RECEIVE, { input: { code: 'PAD-XL', warehouseCode, quantity: 0 } });
    expect(zero.data.receiveStock.userErrors[0]).toMatchObject({ code: 'INVALID_QUANTITY', field: ['input', 'quantity'] });
  });

  it('adjusts with a required reason and never below what orders hold', async () => {
    const product = await createProduct(database.prisma, { sku: 'LAMP-1' });
    await gql(RECEIVE, { input: { code: 'LAMP-1', warehouseCode, locationCode: 'A-01-1', quantity: 5 } });
    const level = await database.prisma.inventoryLevel.findFirstOrThrow({ where: { productId: product.id } });
    await database.prisma.inventoryLevel.update({ where: { id: level.id }, data: { reserved: 3 } });

    const noReason = await gql(ADJUST, { input: { code: 'LAMP-1', warehouseCode, delta: -1, reason: '  ' } });
    expect(noReason.data.adjustStock.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'reason'] });

    const tooMuch = await gql(ADJUST, { input: { code: 'LAMP-1', warehouseCode, delta: -3, reason: 'разбито / 破损' } });
    expect(tooMuch.data.adjustStock.userErrors[0]).toMatchObject({ code: 'INSUFFICIENT_STOCK', field: ['input', 'delta'] });

    const ok = await gql(ADJUST, { input: { code: 'LAMP-1', warehouseCode, locationCode: 'A-01-1', delta: -2, reason: 'разбито / 破损' } });
    expect(ok.data.adjustStock).toEqual({
      inventoryLevel: { onHand: 3, reserved: 3, available: 0, bins: [{ quantity: 3, location: { code: 'A-01-1' } }] },
      userErrors: [],
    });

    const emptyBin = await gql(ADJUST, { input: { code: 'LAMP-1', warehouseCode, locationCode: 'B-01-1', delta: -1, reason: 'count' } });
    expect(emptyBin.data.adjustStock.userErrors[0]).toMatchObject({ code: 'INSUFFICIENT_STOCK' });
    const movements = await database.prisma.stockMovement.findMany({ where: { productId: product.id, kind: 'ADJUSTMENT' } });
    expect(movements).toEqual([expect.objectContaining({ onHandDelta: -2, reason: 'разбито / 破损' })]);
  });

  it('keeps receipts, adjustments, levels and bins within 32 bits with typed errors, writing nothing', async () => {
    const product = await createProduct(database.prisma, { sku: 'BULK-1' });
    const refused = async (mutation: string, input: Record<string, unknown>) => {
      const r = await gql(mutation, { input: { code: 'BULK-1', warehouseCode, ...input } });
      return (r.data.receiveStock ?? r.data.adjustStock).userErrors.map((e: any) => ({ code: e.code, field: e.field }));
    };
    expect(await refused(RECEIVE, { quantity: 1_000_001 })).toEqual([{ code: 'INVALID_QUANTITY', field: ['input', 'quantity'] }]);
    expect(await refused(ADJUST, { delta: -2_147_483_648, reason: 'count' })).toEqual([{ code: 'INVALID_QUANTITY', field: ['input', 'delta'] }]);

    // A level and a bin close to the limit (set directly: it takes thousands of receipts through the API).
    const { id: warehouseId } = await database.prisma.warehouse.findUniqueOrThrow({ where: { code: warehouseCode } });
    const bin = await database.prisma.location.findFirstOrThrow({ where: { warehouseId, code: 'A-01-1' } });
    await database.prisma.inventoryLevel.create({ data: { productId: product.id, warehouseId, onHand: 2_147_483_640 } });
    await database.prisma.locationStock.create({ data: { productId: product.id, locationId: bin.id, quantity: 2_147_483_000 } });
    expect(await refused(RECEIVE, { quantity: 8 })).toEqual([{ code: 'STOCK_LIMIT_EXCEEDED', field: ['input', 'quantity'] }]);
    expect(await refused(ADJUST, { delta: 8, reason: 'found' })).toEqual([{ code: 'STOCK_LIMIT_EXCEEDED', field: ['input', 'delta'] }]);
    await database.prisma.inventoryLevel.update({ where: { productId_warehouseId: { productId: product.id, warehouseId } }, data: { onHand: 1_000 } });
    expect(await refused(RECEIVE, { quantity: 1_000, locationCode: 'A-01-1' })).toEqual([{ code: 'STOCK_LIMIT_EXCEEDED', field: ['input', 'quantity'] }]);
    expect(await database.prisma.stockMovement.count({ where: { productId: product.id } })).toBe(0);

    const full = await gql(RECEIVE, { input: { code: 'BULK-1', warehouseCode, locationCode: 'A-01-1', quantity: 647 } });
    expect(full.data.receiveStock).toEqual({
      inventoryLevel: { onHand: 1_647, available: 1_647, bins: [{ quantity: 2_147_483_647, location: { code: 'A-01-1' } }] },
      userErrors: [],
    });
  });

  it('lists low-stock products, emptiest first, and lets the seller set the threshold', async () => {
    const empty = await createProduct(database.prisma, { sku: 'LOW-EMPTY' });
    const low = await createProduct(database.prisma, { sku: 'LOW-TWO' });
    const fine = await createProduct(database.prisma, { sku: 'LOW-FINE' });
    for (const [p, t] of [
      [empty, 3],
      [low, 3],
      [fine, 3],
    ] as const) {
      const r = await gql(`mutation { setLowStockThreshold(code: "${p.sku}", threshold: ${t}) { product { lowStockThreshold } userErrors { code } } }`);
      expect(r.data.setLowStockThreshold.product.lowStockThreshold).toBe(t);
    }
    await gql(RECEIVE, { input: { code: 'LOW-TWO', warehouseCode, quantity: 2 } });
    await gql(RECEIVE, { input: { code: 'LOW-FINE', warehouseCode, quantity: 20 } });
    const r = await gql(`query($w: String) { lowStock(first: 50, warehouseCode: $w) { edges { node { sku } } } }`, { w: warehouseCode });
    const skus = r.data.lowStock.edges.map((e: any) => e.node.sku).filter((s: string) => s.startsWith('LOW-'));
    expect(skus).toEqual(['LOW-EMPTY', 'LOW-TWO']);
  });

  it('keeps damaged units apart (never available) until written off; the ledger reproduces every bucket of the level', async () => {
    const WRITE_OFF = `mutation($input: WriteOffDamagedStockInput!) { writeOffDamagedStock(input: $input) { inventoryLevel { onHand available damaged } userErrors { code field } } }`;
    const product = await createProduct(database.prisma, { sku: 'VASE-1' });
    await gql(RECEIVE, { input: { code: 'VASE-1', warehouseCode, quantity: 4 } });
    const none = await gql(WRITE_OFF, { input: { code: 'VASE-1', warehouseCode, quantity: 1, reason: 'broken' } });
    expect(none.data.writeOffDamagedStock.userErrors).toEqual([{ code: 'INSUFFICIENT_STOCK', field: ['input', 'quantity'] }]);

    const order = await createOrder(database.prisma);
    const warehouseId = (await database.prisma.warehouse.findUniqueOrThrow({ where: { code: warehouseCode } })).id;
    await database.prisma.$transaction((tx) =>
      receiveDamagedReturnedUnits(tx, { productId: product.id, warehouseId, quantity: 2, orderId: order.id, reference: 'return:R-1', actor: 'system' }),
    );
    const level = await gql(`query { inventoryLevels(first: 1, sku: "VASE-1") { edges { node { onHand available damaged } } } }`);
    expect(level.data.inventoryLevels.edges[0].node).toEqual({ onHand: 4, available: 4, damaged: 2 });
    const done = await gql(WRITE_OFF, { input: { code: 'VASE-1', warehouseCode, quantity: 2, reason: 'broken' } });
    expect(done.data.writeOffDamagedStock).toEqual({ inventoryLevel: { onHand: 4, available: 4, damaged: 0 }, userErrors: [] });

    const ledger = await database.prisma.stockMovement.aggregate({
      where: { productId: product.id, warehouseId },
      _sum: { onHandDelta: true, reservedDelta: true, pickedDelta: true, damagedDelta: true },
    });
    const after = await database.prisma.inventoryLevel.findUniqueOrThrow({ where: { productId_warehouseId: { productId: product.id, warehouseId } } });
    expect(ledger._sum).toEqual({ onHandDelta: after.onHand, reservedDelta: after.reserved, pickedDelta: after.picked, damagedDelta: after.damaged });
    expect(
      await database.prisma.stockMovement.findMany({
        where: { productId: product.id, damagedDelta: { not: 0 } },
        orderBy: { createdAt: 'asc' },
        select: { kind: true, damagedDelta: true },
      }),
    ).toEqual([
      { kind: 'RETURN', damagedDelta: 2 },
      { kind: 'ADJUSTMENT', damagedDelta: -2 },
    ]);
  });
});
