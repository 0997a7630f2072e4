import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { StockMovementKind } from '@orderly/schema';
import { z } from 'zod';
import { builder } from '../../builder.ts';
import { DomainError, userError } from '../../core/errors.ts';
import { idempotencyArgs, payloadType, runMutation } from '../common/mutation.ts';
import { Product } from '../catalog/product.type.ts';
import { findProductByCode, setLowStockThreshold } from '../catalog/catalog.service.ts';
import type { Tx } from '../../core/transaction.ts';
import { adjustStock, lowStockProductIds, receiveStock, resolveLocation, resolveWarehouse, writeOffDamagedStock } from './inventory.service.ts';

export const Warehouse = builder.prismaNode('Warehouse', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'inventory:read' },
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    timezone: t.exposeString('timezone'),
  }),
});

export const Location = builder.prismaNode('Location', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'inventory:read' },
  description: 'A bin on the floor; pickOrder is its place along the picking route.',
  fields: (t) => ({
    code: t.exposeString('code'),
    zone: t.exposeString('zone'),
    aisle: t.exposeString('aisle'),
    shelf: t.exposeString('shelf'),
    bin: t.exposeString('bin'),
    pickOrder: t.exposeInt('pickOrder'),
    warehouse: t.relation('warehouse'),
  }),
});

const BinStock = builder.prismaObject('LocationStock', {
  name: 'BinStock',
  authScopes: { permission: 'inventory:read' },
  description: 'Units of a product sitting in one bin.',
  fields: (t) => ({
    location: t.relation('location'),
    quantity: t.exposeInt('quantity'),
  }),
});

export const InventoryLevel = builder.prismaNode('InventoryLevel', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'inventory:read' },
  description: 'Stock of one product in one warehouse. available = onHand − reserved − picked.',
  fields: (t) => ({
    product: t.relation('product', { nullable: true, description: 'The catalogue product (needs products:read).' }),
    warehouse: t.relation('warehouse'),
    onHand: t.exposeInt('onHand', { description: 'Units physically in the warehouse (including picked, not yet shipped).' }),
    reserved: t.exposeInt('reserved', { description: 'Promised to confirmed orders, still on the shelf.' }),
    picked: t.exposeInt('picked', { description: 'Taken off the shelf for orders, not shipped yet.' }),
    damaged: t.exposeInt('damaged', {
      description: 'Damaged units kept apart (returns inspected DAMAGED): not part of onHand, never available; writeOffDamagedStock removes them.',
    }),
    available: t.int({
      description: 'Free to promise to new orders.',
      select: { onHand: true, reserved: true, picked: true },
      resolve: (l) => l.onHand - l.reserved - l.picked,
    }),
    bins: t.field({
      type: [BinStock],
      description: 'The bins holding units of the product, in picking-route order (empty bins are left out).',
      select: (_args, _ctx, nestedSelection) => ({
        productId: true,
        warehouseId: true,
        product: { select: { locationStocks: nestedSelection({ include: { location: true }, orderBy: { location: { pickOrder: 'asc' } } }) } },
      }),
      resolve: (l) => l.product.locationStocks.filter((s) => s.location.warehouseId === l.warehouseId && s.quantity > 0),
    }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const StockMovementKindEnum = builder.enumType(StockMovementKind, { name: 'StockMovementKind' });

export const StockMovement = builder.prismaNode('StockMovement', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'inventory:read' },
  description: 'One row of the stock ledger; summing the deltas reproduces the levels.',
  fields: (t) => ({
    kind: t.expose('kind', { type: StockMovementKindEnum }),
    product: t.relation('product', { nullable: true, description: 'Needs products:read.' }),
    warehouse: t.relation('warehouse'),
    location: t.relation('location', { nullable: true }),
    onHandDelta: t.exposeInt('onHandDelta'),
    reservedDelta: t.exposeInt('reservedDelta'),
    pickedDelta: t.exposeInt('pickedDelta'),
    damagedDelta: t.exposeInt('damagedDelta', { description: 'Change to damaged stock (a return inspected DAMAGED, a write-off).' }),
    reason: t.exposeString('reason', { nullable: true }),
    reference: t.exposeString('reference', { nullable: true }),
    order: t.relation('order', { nullable: true, description: 'Needs orders:read.' }),
    actor: t.exposeString('actor'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField('Product', 'inventory', (t) =>
  t.relation('inventoryLevels', { nullable: true, description: 'Stock per warehouse (needs inventory:read).', query: { orderBy: { warehouse: { code: 'asc' } } } }),
);

// ─── Queries ────────────────────────────────────────────────────────────────────────────────────

builder.queryFields((t) => ({
  locations: t.prismaConnection({
    type: Location,
    cursor: 'id',
    authScopes: { permission: 'inventory:read' },
    description: 'Bins along the picking route (pickOrder), optionally of one warehouse, zone, or with codes starting with codePrefix.',
    args: {
      warehouseCode: t.arg.string({ required: false }),
      zone: t.arg.string({ required: false, validate: z.string().max(32) }),
      codePrefix: t.arg.string({ required: false, validate: z.string().max(64) }),
    },
    resolve: (query, _root, args, ctx) =>
      ctx.db.location.findMany({
        ...query,
        where: {
          ...(args.warehouseCode ? { warehouse: { code: args.warehouseCode } } : {}),
          ...(args.zone ? { zone: args.zone } : {}),
          ...(args.codePrefix ? { code: { startsWith: args.codePrefix } } : {}),
        },
        orderBy: [{ pickOrder: 'asc' }, { id: 'asc' }],
      }),
  }),
  inventoryLevels: t.prismaConnection({
    authScopes: { permission: 'inventory:read' },
    type: InventoryLevel,
    cursor: 'id',
    description: 'Stock levels, by SKU, by a scanned barcode, or by the bin the units sit in.',
    args: {
      sku: t.arg.string({ required: false }),
      barcode: t.arg.string({ required: false }),
      locationCode: t.arg.string({ required: false, description: 'Levels of the products in this bin.' }),
      warehouseCode: t.arg.string({ required: false }),
    },
    resolve: (query, _root, args, ctx) =>
      ctx.db.inventoryLevel.findMany({
        ...query,
        where: {
          ...(args.warehouseCode ? { warehouse: { code: args.warehouseCode } } : {}),
          product: {
            ...(args.sku ? { sku: args.sku } : {}),
            ...(args.barcode ? { barcodes: { some: { code: args.barcode } } } : {}),
            ...(args.locationCode ? { locationStocks: { some: { location: { code: args.locationCode } } } } : {}),
          },
        },
        orderBy: [{ product: { sku: 'asc' } }, { id: 'asc' }],
      }),
  }),

  productByCode: t.prismaField({
    authScopes: { permission: 'products:read' },
    type: Product,
    nullable: true,
    description: 'The product a scanned code (barcode or SKU) belongs to.',
    args: { code: t.arg.string({ validate: z.string().min(1).max(100) }) },
    resolve: async (query, _root, args, ctx) => {
      const found = await findProductByCode(ctx.db, args.code.trim());
      return found ? ctx.db.product.findUnique({ ...query, where: { id: found.id } }) : null;
    },
  }),

  lowStock: t.connection({
    // It lists products: their reader's permission too.
    authScopes: { permission: ['inventory:read', 'products:read'] },
    type: Product,
    description: 'Products whose available stock is at or below their low-stock threshold, emptiest first: restock or call the supplier.',
    args: { warehouseCode: t.arg.string({ required: false }) },
    resolve: async (_root, args, ctx) => {
      const warehouse = await resolveWarehouse(ctx.db, args.warehouseCode).catch(() => null);
      if (!warehouse) return resolveOffsetConnection({ args }, async () => []);
      return resolveOffsetConnection({ args }, async ({ limit, offset }) => {
        const ids = await lowStockProductIds(ctx.db, warehouse.id, limit, offset);
        const products = await ctx.db.product.findMany({ where: { id: { in: ids } } });
        const byId = new Map(products.map((p) => [p.id, p]));
        return ids.map((id) => byId.get(id)!);
      });
    },
  }),

  stockMovements: t.prismaConnection({
    authScopes: { permission: 'inventory:read' },
    type: StockMovement,
    cursor: 'id',
    description: 'The stock ledger, newest first; filter by SKU and/or order.',
    args: { sku: t.arg.string({ required: false }), orderId: t.arg.globalID({ required: false, description: 'An Order id.' }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.stockMovement.findMany({
        ...query,
        where: { ...(args.sku ? { product: { sku: args.sku } } : {}), ...(args.orderId ? { orderId: args.orderId.id } : {}) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
}));

// ─── Mutations ──────────────────────────────────────────────────────────────────────────────────

const InventoryPayload = payloadType<{ levelId: string }>('InventoryPayload', {
  description: 'The stock level after the change, or userErrors saying why nothing changed.',
  fields: (t) => ({
    inventoryLevel: t.prismaField({
      type: InventoryLevel,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.levelId ? ctx.db.inventoryLevel.findUnique({ ...query, where: { id: p.levelId } }) : null),
    }),
  }),
});

const ProductPayload = payloadType<{ productId: string }>('ProductPayload', {
  fields: (t) => ({
    product: t.prismaField({
      type: Product,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.productId ? ctx.db.product.findUnique({ ...query, where: { id: p.productId } }) : null),
    }),
  }),
});

const StockTarget = {
  code: 'SKU or barcode of the product.',
  warehouse: 'Warehouse code; the first warehouse when omitted.',
  location: 'Bin code; the bin quantity changes too when given.',
};

const ReceiveStockInput = builder.inputType('ReceiveStockInput', {
  fields: (t) => ({
    code: t.string({ description: StockTarget.code }),
    warehouseCode: t.string({ required: false, description: StockTarget.warehouse }),
    locationCode: t.string({ required: false, description: StockTarget.location }),
    quantity: t.int(),
    reference: t.string({ required: false, description: 'Delivery note, purchase order…', validate: z.string().max(200) }),
    note: t.string({ required: false, validate: z.string().max(1000) }),
  }),
});

const AdjustStockInput = builder.inputType('AdjustStockInput', {
  fields: (t) => ({
    code: t.string({ description: StockTarget.code }),
    warehouseCode: t.string({ required: false, description: StockTarget.warehouse }),
    locationCode: t.string({ required: false, description: StockTarget.location }),
    delta: t.int({ description: 'Units to add (positive) or remove (negative).' }),
    reason: t.string({ description: 'Why: a count, damage, loss… Required.', validate: z.string().max(500) }),
  }),
});

const WriteOffDamagedStockInput = builder.inputType('WriteOffDamagedStockInput', {
  fields: (t) => ({
    code: t.string({ description: StockTarget.code }),
    warehouseCode: t.string({ required: false, description: StockTarget.warehouse }),
    quantity: t.int({ description: 'Damaged units to write off (at most InventoryLevel.damaged).' }),
    reason: t.string({ description: 'Why: scrapped, sent back to the supplier… Required.', validate: z.string().max(500) }),
  }),
});

/** Resolves the product, warehouse and bin an input names, or fails with typed errors. */
async function stockTarget(tx: Tx, input: { code: string; warehouseCode?: string | null; locationCode?: string | null }) {
  const product = await findProductByCode(tx, input.code.trim());
  if (!product) throw new DomainError(userError('UNKNOWN_SKU', `No product with SKU or barcode "${input.code}"`, ['input', 'code']));
  const warehouse = await resolveWarehouse(tx, input.warehouseCode, ['input', 'warehouseCode']);
  const location = input.locationCode ? await resolveLocation(tx, warehouse.id, input.locationCode, ['input', 'locationCode']) : null;
  return { product, warehouse, location };
}

/** Runs `change` on the product, warehouse and bin (null: none) `input` names and answers the inventory level it changed. */
async function changeLevel(
  tx: Tx,
  input: Parameters<typeof stockTarget>[1],
  change: (target: { productId: string; warehouseId: string; locationId: string | null }) => Promise<unknown>,
) {
  const { product, warehouse, location } = await stockTarget(tx, input);
  await change({ productId: product.id, warehouseId: warehouse.id, locationId: location?.id ?? null });
  const where = { productId_warehouseId: { productId: product.id, warehouseId: warehouse.id } };
  return { levelId: (await tx.inventoryLevel.findUniqueOrThrow({ where, select: { id: true } })).id };
}

builder.mutationFields((t) => ({
  receiveStock: t.field({
    authScopes: { permission: 'inventory:write' },
    type: InventoryPayload,
    description: 'Goods arrived: add units on hand (and to a bin).',
    args: { input: t.arg({ type: ReceiveStockInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'receiveStock', args, (tx, actor) =>
        changeLevel(tx, args.input, (target) =>
          receiveStock(tx, { ...target, quantity: args.input.quantity, reference: args.input.reference, reason: args.input.note, actor }),
        ),
      ),
  }),
  adjustStock: t.field({
    authScopes: { permission: 'inventory:write' },
    type: InventoryPayload,
    description: 'Correct the count with a reason (damage, loss, found units). Units reserved or picked for orders cannot be removed.',
    args: { input: t.arg({ type: AdjustStockInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'adjustStock', args, (tx, actor) =>
        changeLevel(tx, args.input, (target) => adjustStock(tx, { ...target, delta: args.input.delta, reason: args.input.reason, actor })),
      ),
  }),
  writeOffDamagedStock: t.field({
    authScopes: { permission: 'inventory:write' },
    type: InventoryPayload,
    description:
      'Write damaged units off (scrapped, sent back to the supplier): damaged stock goes down with an ADJUSTMENT movement; on hand and available do not change. More than is damaged: INSUFFICIENT_STOCK; 0 or less: INVALID_QUANTITY; no reason: INVALID_INPUT — nothing written.',
    args: { input: t.arg({ type: WriteOffDamagedStockInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'writeOffDamagedStock', args, (tx, actor) =>
        changeLevel(tx, args.input, ({ productId, warehouseId }) =>
          writeOffDamagedStock(tx, { productId, warehouseId, quantity: args.input.quantity, reason: args.input.reason, actor }),
        ),
      ),
  }),
  setLowStockThreshold: t.field({
    authScopes: { permission: 'inventory:write' },
    type: ProductPayload,
    description: 'At or below this available quantity the product appears in lowStock.',
    args: { code: t.arg.string({ description: StockTarget.code }), threshold: t.arg.int({ validate: z.number().int().min(0).max(1_000_000) }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'setLowStockThreshold', args, async (tx) => {
        const product = await findProductByCode(tx, args.code.trim());
        if (!product) throw new DomainError(userError('UNKNOWN_SKU', `No product with SKU or barcode "${args.code}"`, ['code']));
        await setLowStockThreshold(tx, product.id, args.threshold);
        return { productId: product.id };
      }),
  }),
}));
