import { Prisma, type Db } from '@orderly/schema';
import { maxInt32, maxUnitsPerOperation } from '../common/bounds.ts';
import { DomainError, type UserErrorShape, userError } from '../../core/errors.ts';
import type { Tx } from '../../core/transaction.ts';
import { enqueueHeldOrderRelease } from '../orders/held-release.ts';

export interface StockShortage {
  productId: string;
  requested: number;
  available: number;
}

/** The warehouse an operation names by code, or the first one when none is named. */
export async function resolveWarehouse(db: Db | Tx, code: string | null | undefined, field: string[] = ['warehouseCode']) {
  const warehouse = code ? await db.warehouse.findUnique({ where: { code } }) : await db.warehouse.findFirst({ orderBy: { createdAt: 'asc' } });
  if (!warehouse) throw new DomainError(userError('UNKNOWN_WAREHOUSE', code ? `No warehouse with code "${code}"` : 'No warehouse is set up yet', field));
  return warehouse;
}

export async function resolveLocation(db: Db | Tx, warehouseId: string, code: string, field: string[] = ['locationCode']) {
  const location = await db.location.findUnique({ where: { warehouseId_code: { warehouseId, code } } });
  if (!location) throw new DomainError(userError('UNKNOWN_LOCATION', `No bin "${code}" in this warehouse`, field));
  return location;
}

interface LockedLevel {
  productId: string;
  onHand: number;
  reserved: number;
  picked: number;
}

/**
 * Locks the levels of these products in one warehouse, always in productId order so two
 * transactions touching the same products cannot deadlock.
 */
async function lockLevels(tx: Tx, warehouseId: string, productIds: string[]): Promise<Map<string, LockedLevel>> {
  const rows = await tx.$queryRaw<LockedLevel[]>`
    SELECT "productId"::text AS "productId", "onHand", reserved, picked FROM "InventoryLevel"
    WHERE "warehouseId" = ${warehouseId}::uuid AND "productId" = ANY(${productIds}::uuid[])
    ORDER BY "productId" FOR UPDATE`;
  return new Map(rows.map((r) => [r.productId, r]));
}

/**
 * A time-ordered UUIDv7 made in SQL (the ids Prisma's `uuid(7)` makes, for rows a raw statement
 * inserts): the millisecond clock over the first 48 bits of a random UUID, version bits set to 7.
 */
const uuidV7 = Prisma.sql`encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid`;

/**
 * Reserves stock for an order, all or nothing, and writes the ledger: the CTEs of one statement
 * whatever the number of lines, for the caller to put in front of its own (orders' confirmation
 * reads the lines, reserves and changes the order in one statement). `wanted` yields one row per
 * product ("productId" uuid, quantity int); `when` (default true) must hold for anything to be
 * reserved. The CTEs the caller reads: `stock_wanted`, `stock_short` ("productId", requested,
 * available: the products lacking available stock; then nothing is reserved) and
 * `stock_reserved` ("productId", quantity: the ledger rows written). Guarded three times, all
 * inside PostgreSQL: the levels are locked in productId order (two transactions touching the
 * same products cannot deadlock) and read after the lock, the UPDATE runs only when no product is
 * short and re-checks `available >= quantity` on every row (the ledger gets exactly the rows it
 * reserved), and the table's CHECK constraints refuse an oversell whatever happens above.
 */
export function stockReservationCtes(params: { orderId: string; warehouseId: string; actor: string; wanted: Prisma.Sql; when?: Prisma.Sql }): Prisma.Sql {
  return Prisma.sql`
    stock_wanted AS MATERIALIZED (${params.wanted}),
    stock_locked AS MATERIALIZED (
      SELECT l."productId", l."onHand" - l.reserved - l.picked AS available FROM "InventoryLevel" l
      WHERE l."warehouseId" = ${params.warehouseId}::uuid AND l."productId" IN (SELECT "productId" FROM stock_wanted)
      ORDER BY l."productId" FOR UPDATE
    ),
    stock_short AS MATERIALIZED (
      SELECT w."productId", w.quantity AS requested, coalesce(k.available, 0) AS available
      FROM stock_wanted w LEFT JOIN stock_locked k ON k."productId" = w."productId"
      WHERE coalesce(k.available, 0) < w.quantity
    ),
    stock_updated AS (
      UPDATE "InventoryLevel" l SET reserved = l.reserved + w.quantity, "updatedAt" = now()
      FROM stock_wanted w
      WHERE (${params.when ?? Prisma.sql`true`}) AND NOT EXISTS (SELECT 1 FROM stock_short)
        AND l."warehouseId" = ${params.warehouseId}::uuid AND l."productId" = w."productId"
        AND l."onHand" - l.reserved - l.picked >= w.quantity
      RETURNING l."productId", w.quantity
    ),
    stock_reserved AS (
      INSERT INTO "StockMovement" (id, "productId", "warehouseId", kind, "reservedDelta", "orderId", actor, "createdAt")
      SELECT ${uuidV7}, r."productId", ${params.warehouseId}::uuid, 'RESERVATION', r.quantity, ${params.orderId}::uuid, ${params.actor}, clock_timestamp()
      FROM stock_updated r ORDER BY r."productId"
      RETURNING "productId", "reservedDelta" AS quantity
    )`;
}

/** What an order currently holds per product and warehouse, from the ledger (the single source). */
export async function stockHeldByOrder(db: Db | Tx, orderId: string) {
  const groups = await db.stockMovement.groupBy({
    by: ['productId', 'warehouseId'],
    where: { orderId },
    _sum: { reservedDelta: true, pickedDelta: true },
    orderBy: { productId: 'asc' },
  });
  return groups
    .map((g) => ({ productId: g.productId, warehouseId: g.warehouseId, reserved: g._sum.reservedDelta ?? 0, picked: g._sum.pickedDelta ?? 0 }))
    .filter((h) => h.reserved > 0 || h.picked > 0);
}

/**
 * Gives back what an order holds: everything, or `quantities` units per product. Reserved units
 * go first, then picked ones (they return to the shelf). Returns the units released per product.
 */
export async function releaseStock(tx: Tx, params: { orderId: string; actor: string; reason: string; quantities?: Map<string, number> }): Promise<Map<string, number>> {
  const held = await stockHeldByOrder(tx, params.orderId);
  const released = new Map<string, number>();
  const movements: Prisma.StockMovementCreateManyInput[] = [];
  for (const h of held) {
    const wanted = params.quantities ? (params.quantities.get(h.productId) ?? 0) : h.reserved + h.picked;
    const fromReserved = Math.min(wanted, h.reserved);
    const fromPicked = Math.min(wanted - fromReserved, h.picked);
    if (fromReserved + fromPicked === 0) continue;
    await tx.$executeRaw`
      UPDATE "InventoryLevel" SET reserved = reserved - ${fromReserved}, picked = picked - ${fromPicked}, "updatedAt" = now()
      WHERE "warehouseId" = ${h.warehouseId}::uuid AND "productId" = ${h.productId}::uuid`;
    movements.push({
      productId: h.productId,
      warehouseId: h.warehouseId,
      kind: 'RELEASE',
      reservedDelta: -fromReserved,
      pickedDelta: -fromPicked,
      orderId: params.orderId,
      reason: params.reason,
      actor: params.actor,
    });
    released.set(h.productId, fromReserved + fromPicked);
  }
  if (movements.length) await tx.stockMovement.createMany({ data: movements });
  return released;
}

/** Changes the units in one bin; a bin never goes below zero. */
async function changeBinQuantity(tx: Tx, productId: string, locationId: string, delta: number) {
  if (delta > 0) {
    await tx.locationStock.upsert({
      where: { productId_locationId: { productId, locationId } },
      create: { productId, locationId, quantity: delta },
      update: { quantity: { increment: delta } },
    });
    return;
  }
  const updated = await tx.locationStock.updateMany({
    where: { productId, locationId, quantity: { gte: -delta } },
    data: { quantity: { increment: delta } },
  });
  if (updated.count !== 1) throw new DomainError(userError('INSUFFICIENT_STOCK', 'The bin does not hold that many units', ['input', 'delta']));
}

const unitsPerOperation = `between 1 and ${maxUnitsPerOperation.toLocaleString('en')}`;

/**
 * Levels and bins are 32-bit columns (common/bounds.ts): units that would take either past
 * `maxInt32` are refused. The level's row lock serialises every increase of this product's stock
 * in the warehouse (bins included: only receipts and adjustments add to them), so the check holds
 * until the transaction commits.
 */
async function assertRoomFor(tx: Tx, target: { productId: string; warehouseId: string; locationId: string | null }, units: number, field: string[]) {
  const level = (await lockLevels(tx, target.warehouseId, [target.productId])).get(target.productId);
  const bin = target.locationId
    ? await tx.locationStock.findUnique({ where: { productId_locationId: { productId: target.productId, locationId: target.locationId } }, select: { quantity: true } })
    : null;
  if ((level?.onHand ?? 0) + units > maxInt32 || (bin?.quantity ?? 0) + units > maxInt32) {
    throw new DomainError(userError('STOCK_LIMIT_EXCEEDED', `A stock level or bin holds at most ${maxInt32.toLocaleString('en')} units; this would pass it`, field));
  }
}

/** Goods arrived: on hand (and the bin, when named) go up. A purchase-order receipt names its PO line and receipt. */
export async function receiveStock(
  tx: Tx,
  params: {
    productId: string;
    warehouseId: string;
    locationId: string | null;
    quantity: number;
    actor: string;
    reference?: string | null;
    reason?: string | null;
    purchaseOrderLineId?: string | null;
    purchaseReceiptId?: string | null;
  },
) {
  if (params.quantity <= 0 || params.quantity > maxUnitsPerOperation) {
    throw new DomainError(userError('INVALID_QUANTITY', `Received quantity must be ${unitsPerOperation}`, ['input', 'quantity']));
  }
  await assertRoomFor(tx, params, params.quantity, ['input', 'quantity']);
  await tx.inventoryLevel.upsert({
    where: { productId_warehouseId: { productId: params.productId, warehouseId: params.warehouseId } },
    create: { productId: params.productId, warehouseId: params.warehouseId, onHand: params.quantity },
    update: { onHand: { increment: params.quantity } },
  });
  if (params.locationId) await changeBinQuantity(tx, params.productId, params.locationId, params.quantity);
  await tx.stockMovement.create({
    data: {
      productId: params.productId,
      warehouseId: params.warehouseId,
      locationId: params.locationId,
      kind: 'RECEIPT',
      onHandDelta: params.quantity,
      reference: params.reference ?? null,
      reason: params.reason ?? null,
      actor: params.actor,
      purchaseOrderLineId: params.purchaseOrderLineId ?? null,
      purchaseReceiptId: params.purchaseReceiptId ?? null,
    },
  });
  await enqueueHeldOrderRelease(tx, { warehouseId: params.warehouseId, productIds: [params.productId] });
}

/**
 * A counted correction (damage, loss, found units). On hand may never fall below what is
 * reserved or picked for orders, nor a bin below zero.
 */
export async function adjustStock(tx: Tx, params: { productId: string; warehouseId: string; locationId: string | null; delta: number; reason: string; actor: string }) {
  if (params.delta === 0) throw new DomainError(userError('INVALID_QUANTITY', 'An adjustment must change the quantity', ['input', 'delta']));
  if (Math.abs(params.delta) > maxUnitsPerOperation) {
    throw new DomainError(userError('INVALID_QUANTITY', `An adjustment moves ${unitsPerOperation} units (either way)`, ['input', 'delta']));
  }
  if (!params.reason.trim()) throw new DomainError(userError('INVALID_INPUT', 'An adjustment needs a reason', ['input', 'reason']));
  if (params.delta > 0) {
    await assertRoomFor(tx, params, params.delta, ['input', 'delta']);
    await tx.inventoryLevel.upsert({
      where: { productId_warehouseId: { productId: params.productId, warehouseId: params.warehouseId } },
      create: { productId: params.productId, warehouseId: params.warehouseId, onHand: params.delta },
      update: { onHand: { increment: params.delta } },
    });
  } else {
    const updated = await tx.$executeRaw`
      UPDATE "InventoryLevel" SET "onHand" = "onHand" + ${params.delta}, "updatedAt" = now()
      WHERE "warehouseId" = ${params.warehouseId}::uuid AND "productId" = ${params.productId}::uuid
        AND "onHand" + ${params.delta} >= reserved + picked`;
    if (updated !== 1) {
      throw new DomainError(userError('INSUFFICIENT_STOCK', 'Not that many units are free to remove: the rest is reserved or picked for orders', ['input', 'delta']));
    }
  }
  if (params.locationId) await changeBinQuantity(tx, params.productId, params.locationId, params.delta);
  await tx.stockMovement.create({
    data: {
      productId: params.productId,
      warehouseId: params.warehouseId,
      locationId: params.locationId,
      kind: 'ADJUSTMENT',
      onHandDelta: params.delta,
      reason: params.reason,
      actor: params.actor,
    },
  });
  if (params.delta > 0) await enqueueHeldOrderRelease(tx, { warehouseId: params.warehouseId, productIds: [params.productId] });
}

/** Products whose available stock is at or below their low-stock threshold, emptiest first. */
export async function lowStockProductIds(db: Db | Tx, warehouseId: string, limit: number, offset: number): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT p.id::text AS id
    FROM "Product" p
    LEFT JOIN "InventoryLevel" l ON l."productId" = p.id AND l."warehouseId" = ${warehouseId}::uuid
    WHERE p.active AND COALESCE(l."onHand" - l.reserved - l.picked, 0) <= p."lowStockThreshold"
    ORDER BY COALESCE(l."onHand" - l.reserved - l.picked, 0) - p."lowStockThreshold", p.sku
    LIMIT ${limit} OFFSET ${offset}`;
  return rows.map((r) => r.id);
}

/** Bins holding a product in a warehouse, along the picking route. */
export function binsWithStock(db: Db | Tx, productId: string, warehouseId: string) {
  return db.locationStock.findMany({
    where: { productId, quantity: { gt: 0 }, location: { warehouseId } },
    include: { location: true },
    orderBy: { location: { pickOrder: 'asc' } },
  });
}

/**
 * Units taken off a shelf for an order: reserved → picked. The bin count goes down too, never
 * below zero (the scan proves the units were there even when the bin count was off).
 */
export async function pickStock(
  tx: Tx,
  params: { orderId: string; productId: string; warehouseId: string; locationId: string | null; quantity: number; actor: string; reference?: string },
) {
  // The order's own reservation (from the ledger), not just the warehouse total: picking may
  // never take units reserved for another order.
  const held = await tx.stockMovement.aggregate({ where: { orderId: params.orderId, productId: params.productId }, _sum: { reservedDelta: true } });
  if ((held._sum.reservedDelta ?? 0) < params.quantity) throw new DomainError(userError('OVER_PICK', 'More units picked than the order has reserved', ['quantity']));
  const updated = await tx.$executeRaw`
    UPDATE "InventoryLevel" SET reserved = reserved - ${params.quantity}, picked = picked + ${params.quantity}, "updatedAt" = now()
    WHERE "warehouseId" = ${params.warehouseId}::uuid AND "productId" = ${params.productId}::uuid AND reserved >= ${params.quantity}`;
  if (updated !== 1) throw new DomainError(userError('OVER_PICK', 'More units picked than the order has reserved', ['quantity']));
  if (params.locationId) {
    await tx.$executeRaw`
      UPDATE "LocationStock" SET quantity = GREATEST(quantity - ${params.quantity}, 0)
      WHERE "productId" = ${params.productId}::uuid AND "locationId" = ${params.locationId}::uuid`;
  }
  await tx.stockMovement.create({
    data: {
      productId: params.productId,
      warehouseId: params.warehouseId,
      locationId: params.locationId,
      kind: 'PICK',
      reservedDelta: -params.quantity,
      pickedDelta: params.quantity,
      orderId: params.orderId,
      reference: params.reference ?? null,
      actor: params.actor,
    },
  });
}

/** The picker found the bin empty: its count is set to zero (the units are somewhere else or gone). */
export async function markBinEmpty(tx: Tx, productId: string, locationId: string) {
  await tx.locationStock.updateMany({ where: { productId, locationId }, data: { quantity: 0 } });
}

/** Parcels left the building: picked units leave on-hand stock. */
export async function shipStock(tx: Tx, params: { orderId: string; productId: string; warehouseId: string; quantity: number; actor: string; reference?: string }) {
  const updated = await tx.$executeRaw`
    UPDATE "InventoryLevel" SET picked = picked - ${params.quantity}, "onHand" = "onHand" - ${params.quantity}, "updatedAt" = now()
    WHERE "warehouseId" = ${params.warehouseId}::uuid AND "productId" = ${params.productId}::uuid AND picked >= ${params.quantity}`;
  if (updated !== 1) throw new Error('Shipping more units than were picked');
  await tx.stockMovement.create({
    data: {
      productId: params.productId,
      warehouseId: params.warehouseId,
      kind: 'SHIPMENT',
      pickedDelta: -params.quantity,
      onHandDelta: -params.quantity,
      orderId: params.orderId,
      reference: params.reference ?? null,
      actor: params.actor,
    },
  });
}

/**
 * Returned units found resellable (modules/returns, inspectReturn) go back on a shelf: on hand and
 * the bin go up, and the ledger gets a RETURN movement naming the order and the return, so the
 * levels and the ledger still agree. Available stock rises by exactly these units.
 */
export async function restockReturnedUnits(
  tx: Tx,
  params: { productId: string; warehouseId: string; locationId: string; quantity: number; orderId: string; reference: string; actor: string },
) {
  if (params.quantity <= 0 || params.quantity > maxUnitsPerOperation) {
    throw new DomainError(userError('INVALID_QUANTITY', `Restocked quantity must be ${unitsPerOperation}`, ['quantity']));
  }
  await assertRoomFor(tx, params, params.quantity, ['quantity']);
  await tx.inventoryLevel.upsert({
    where: { productId_warehouseId: { productId: params.productId, warehouseId: params.warehouseId } },
    create: { productId: params.productId, warehouseId: params.warehouseId, onHand: params.quantity },
    update: { onHand: { increment: params.quantity } },
  });
  await changeBinQuantity(tx, params.productId, params.locationId, params.quantity);
  await tx.stockMovement.create({
    data: {
      productId: params.productId,
      warehouseId: params.warehouseId,
      locationId: params.locationId,
      kind: 'RETURN',
      onHandDelta: params.quantity,
      orderId: params.orderId,
      reference: params.reference,
      actor: params.actor,
    },
  });
  await enqueueHeldOrderRelease(tx, { warehouseId: params.warehouseId, productIds: [params.productId] });
}

/**
 * Returned units inspected DAMAGED (modules/returns, inspectReturn) go to damaged stock: kept apart
 * from on hand, so never available, until a manager writes them off (writeOffDamagedStock). A RETURN
 * movement carrying damagedDelta keeps the ledger and the levels in agreement.
 */
export async function receiveDamagedReturnedUnits(
  tx: Tx,
  params: { productId: string; warehouseId: string; quantity: number; orderId: string; reference: string; actor: string },
) {
  if (params.quantity <= 0 || params.quantity > maxUnitsPerOperation) {
    throw new DomainError(userError('INVALID_QUANTITY', `Damaged quantity must be ${unitsPerOperation}`, ['quantity']));
  }
  const [level] = await tx.$queryRaw<{ damaged: number }[]>`
    SELECT damaged FROM "InventoryLevel" WHERE "warehouseId" = ${params.warehouseId}::uuid AND "productId" = ${params.productId}::uuid FOR UPDATE`;
  if ((level?.damaged ?? 0) + params.quantity > maxInt32) {
    throw new DomainError(
      userError('STOCK_LIMIT_EXCEEDED', `A stock level holds at most ${maxInt32.toLocaleString('en')} damaged units; this would pass it`, ['quantity']),
    );
  }
  await tx.inventoryLevel.upsert({
    where: { productId_warehouseId: { productId: params.productId, warehouseId: params.warehouseId } },
    create: { productId: params.productId, warehouseId: params.warehouseId, damaged: params.quantity },
    update: { damaged: { increment: params.quantity } },
  });
  await tx.stockMovement.create({
    data: {
      productId: params.productId,
      warehouseId: params.warehouseId,
      kind: 'RETURN',
      damagedDelta: params.quantity,
      orderId: params.orderId,
      reference: params.reference,
      actor: params.actor,
    },
  });
}

/**
 * A manager writes damaged units off (scrapped, sent back to the supplier): damaged stock goes down,
 * never below zero, with an ADJUSTMENT movement naming the reason. On hand and available do not change.
 */
export async function writeOffDamagedStock(tx: Tx, params: { productId: string; warehouseId: string; quantity: number; reason: string; actor: string }) {
  const errors: UserErrorShape[] = [];
  if (!Number.isInteger(params.quantity) || params.quantity <= 0 || params.quantity > maxUnitsPerOperation) {
    errors.push(userError('INVALID_QUANTITY', `A write-off takes ${unitsPerOperation} units`, ['input', 'quantity']));
  }
  if (!params.reason.trim()) errors.push(userError('INVALID_INPUT', 'A write-off needs a reason', ['input', 'reason']));
  if (errors.length) throw new DomainError(errors);
  const updated = await tx.$executeRaw`
    UPDATE "InventoryLevel" SET damaged = damaged - ${params.quantity}, "updatedAt" = now()
    WHERE "warehouseId" = ${params.warehouseId}::uuid AND "productId" = ${params.productId}::uuid AND damaged >= ${params.quantity}`;
  if (updated !== 1) throw new DomainError(userError('INSUFFICIENT_STOCK', 'Not that many damaged units are held here', ['input', 'quantity']));
  await tx.stockMovement.create({
    data: {
      productId: params.productId,
      warehouseId: params.warehouseId,
      kind: 'ADJUSTMENT',
      damagedDelta: -params.quantity,
      reason: params.reason.trim(),
      actor: params.actor,
    },
  });
}
