// What to re-order, per product in one warehouse, computed in one SQL statement:
//   shortForHeldOrders = max(units on ON_HOLD/OUT_OF_STOCK lines − available, 0)
//   belowThreshold     = max(lowStockThreshold − max(available − held units, 0), 0)
//   expectedSales      = ⌈units confirmed in the last 30 days × the supplier's lead time / 30⌉
//   need               = shortForHeldOrders + belowThreshold + expectedSales − incoming (open POs)
//   suggestedQuantity  = max(need, the supplier's minimum order quantity) when need > 0
// The supplier is the product's preferred one, else its cheapest (no supplier: lead time 0).
import { Prisma, type Db } from '@orderly/schema';
import { DomainError, userError, type UserErrorShape } from '../../core/errors.ts';
import type { Tx } from '../../core/transaction.ts';
import { createPurchaseOrder } from './purchase-orders.service.ts';

const DAY = 86_400_000;
export const salesWindowDays = 30;

export interface ReplenishmentSuggestionRow {
  productId: string;
  warehouseId: string;
  supplierId: string | null;
  available: number;
  heldUnits: number;
  lowStockThreshold: number;
  salesLastWindow: number;
  leadTimeDays: number;
  incoming: number;
  shortForHeldOrders: number;
  belowThreshold: number;
  expectedSales: number;
  need: number;
  minOrderQuantity: number;
  unitPrice: number | null;
  currency: string | null;
  suggestedQuantity: number;
}

/** Suggestions for one warehouse (or only `productIds`), most urgent first: held orders, then the biggest need. */
export async function replenishmentSuggestions(db: Db | Tx, params: { warehouseId: string; now: Date; productIds?: string[] }): Promise<ReplenishmentSuggestionRow[]> {
  const first = await db.warehouse.findFirst({ orderBy: { createdAt: 'asc' }, select: { id: true } });
  // Orders with no warehouse are served by the first one (as confirmOrder does).
  const servesUnassigned = first?.id === params.warehouseId;
  const since = new Date(params.now.getTime() - salesWindowDays * DAY);
  const orderInWarehouse = Prisma.sql`(o."warehouseId" = ${params.warehouseId}::uuid OR (o."warehouseId" IS NULL AND ${servesUnassigned}::boolean))`;
  const onlyProducts = params.productIds
    ? Prisma.sql`AND p.id = ANY(ARRAY[${Prisma.join(params.productIds.length ? params.productIds.map((id) => Prisma.sql`${id}`) : [Prisma.sql`NULL`])}]::uuid[])`
    : Prisma.empty;
  return db.$queryRaw<ReplenishmentSuggestionRow[]>`
    WITH held AS (
      SELECT l."productId", sum(l.quantity - l."quantityCancelled") AS units
      FROM "Order" o JOIN "OrderLine" l ON l."orderId" = o.id
      WHERE o.status = 'ON_HOLD' AND o."holdReason" = 'OUT_OF_STOCK' AND ${orderInWarehouse}
      GROUP BY l."productId"
    ),
    sold AS (
      SELECT l."productId", sum(l.quantity - l."quantityCancelled") AS units
      FROM "Order" o JOIN "OrderLine" l ON l."orderId" = o.id
      WHERE o."confirmedAt" >= ${since}::timestamptz AND o."confirmedAt" < ${params.now}::timestamptz AND o.status <> 'CANCELLED' AND ${orderInWarehouse}
      GROUP BY l."productId"
    ),
    incoming AS (
      SELECT l."productId", sum(greatest(l.quantity - l."receivedQuantity", 0)) AS units
      FROM "PurchaseOrderLine" l JOIN "PurchaseOrder" po ON po.id = l."purchaseOrderId"
      WHERE po."warehouseId" = ${params.warehouseId}::uuid AND po.status IN ('SENT', 'PARTIALLY_RECEIVED')
      GROUP BY l."productId"
    ),
    supplier AS (
      SELECT DISTINCT ON (ps."productId") ps."productId", ps."supplierId", ps."minOrderQuantity", ps."purchasePrice", s."leadTimeDays", s.currency
      FROM "ProductSupplier" ps JOIN "Supplier" s ON s.id = ps."supplierId" AND s.active
      ORDER BY ps."productId", ps.preferred DESC, ps."purchasePrice", s.name, s.id
    ),
    figures AS (
      SELECT p.id AS "productId", p."lowStockThreshold",
        coalesce(lv."onHand" - lv.reserved - lv.picked, 0)::int AS available,
        coalesce(h.units, 0)::int AS "heldUnits", coalesce(so.units, 0)::int AS "salesLastWindow", coalesce(i.units, 0)::int AS incoming,
        su."supplierId", coalesce(su."minOrderQuantity", 1) AS "minOrderQuantity", coalesce(su."leadTimeDays", 0) AS "leadTimeDays",
        su."purchasePrice" AS "unitPrice", su.currency
      FROM "Product" p
      LEFT JOIN "InventoryLevel" lv ON lv."productId" = p.id AND lv."warehouseId" = ${params.warehouseId}::uuid
      LEFT JOIN held h ON h."productId" = p.id
      LEFT JOIN sold so ON so."productId" = p.id
      LEFT JOIN incoming i ON i."productId" = p.id
      LEFT JOIN supplier su ON su."productId" = p.id
      WHERE p.active ${onlyProducts}
    ),
    parts AS (
      SELECT f.*,
        greatest(f."heldUnits" - f.available, 0) AS "shortForHeldOrders",
        greatest(f."lowStockThreshold" - greatest(f.available - f."heldUnits", 0), 0) AS "belowThreshold",
        ceil(f."salesLastWindow" * f."leadTimeDays" / ${salesWindowDays}::numeric)::int AS "expectedSales"
      FROM figures f
    ),
    needs AS (
      SELECT p.*, (p."shortForHeldOrders" + p."belowThreshold" + p."expectedSales" - p.incoming) AS need FROM parts p
    )
    SELECT n."productId"::text AS "productId", ${params.warehouseId}::text AS "warehouseId", n."supplierId"::text AS "supplierId",
      n.available, n."heldUnits", n."lowStockThreshold", n."salesLastWindow", n."leadTimeDays", n.incoming,
      n."shortForHeldOrders", n."belowThreshold", n."expectedSales", n.need, n."minOrderQuantity", n."unitPrice", n.currency::text AS currency,
      greatest(n.need, n."minOrderQuantity") AS "suggestedQuantity"
    FROM needs n
    WHERE n.need > 0
    ORDER BY n."shortForHeldOrders" DESC, n.need DESC, n."productId"`;
}

export interface SuggestionSelection {
  productId: string;
  /** Units to order; the current suggestion when omitted. Raised to the supplier's minimum order quantity. */
  quantity?: number | null;
  /** The supplier to order from; the suggestion's (preferred, else cheapest) when omitted. */
  supplierId?: string | null;
}

/**
 * Turns a selection of suggestions into DRAFT purchase orders, one per supplier, each line at
 * least the supplier's minimum order quantity. Returns the new POs' ids.
 */
export async function createPurchaseOrdersFromSuggestions(
  tx: Tx,
  params: { warehouseId: string; items: SuggestionSelection[]; actor: string; now: Date },
): Promise<string[]> {
  const errors: UserErrorShape[] = [];
  if (!params.items.length) throw new DomainError(userError('INVALID_INPUT', 'Select at least one product', ['input', 'items']));
  const productIds = params.items.map((i) => i.productId);
  const suggested = new Map((await replenishmentSuggestions(tx, { warehouseId: params.warehouseId, now: params.now, productIds })).map((s) => [s.productId, s]));
  const offers = await tx.productSupplier.findMany({ where: { productId: { in: productIds } }, include: { supplier: { select: { active: true } } } });
  const bySupplier = new Map<string, { productId: string; quantity: number }[]>();
  const seen = new Set<string>();
  params.items.forEach((item, i) => {
    const at = ['input', 'items', String(i)];
    if (seen.has(item.productId)) errors.push(userError('DUPLICATE_LINE', 'The product is selected twice', [...at, 'productId']));
    seen.add(item.productId);
    const suggestion = suggested.get(item.productId);
    const supplierId = item.supplierId ?? suggestion?.supplierId ?? offers.find((o) => o.productId === item.productId && o.preferred && o.supplier.active)?.supplierId;
    const offer = offers.find((o) => o.productId === item.productId && o.supplierId === supplierId);
    if (!offer) {
      errors.push(userError('PRODUCT_NOT_SUPPLIED', 'No supplier carries this product (or not the one named)', [...at, item.supplierId ? 'supplierId' : 'productId']));
      return;
    }
    const quantity = item.quantity ?? suggestion?.need ?? 0;
    if (quantity < 1) {
      errors.push(userError('INVALID_QUANTITY', 'Nothing is suggested for this product: give a quantity', [...at, 'quantity']));
      return;
    }
    const lines = bySupplier.get(offer.supplierId) ?? [];
    lines.push({ productId: item.productId, quantity: Math.max(quantity, offer.minOrderQuantity) });
    bySupplier.set(offer.supplierId, lines);
  });
  if (errors.length) throw new DomainError(errors);
  const created: string[] = [];
  for (const [supplierId, lines] of [...bySupplier].sort(([a], [b]) => a.localeCompare(b))) {
    created.push((await createPurchaseOrder(tx, { supplierId, warehouseId: params.warehouseId, lines, actor: params.actor })).id);
  }
  return created;
}
