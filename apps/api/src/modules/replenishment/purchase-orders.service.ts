// Purchase orders: lines, the status machine (one table below), and receiving against them on the
// floor — RECEIPT stock movements linked to the PO line, the moving-average cost, held orders released.
// Sending and each receipt that changes quantities are announced (purchase_order.sent /
// purchase_order.received) through the webhook outbox in the same transaction.
import { Prisma, type Db, type PurchaseOrderStatus } from '@orderly/schema';
import { maxUnitsPerOperation } from '../common/bounds.ts';
import { DomainError, userError, type UserErrorShape } from '../../core/errors.ts';
import type { Tx } from '../../core/transaction.ts';
import { findProductByCode } from '../catalog/catalog.service.ts';
import { receiveStock } from '../inventory/inventory.service.ts';
import { recordOutboxEvent } from '../webhooks/outbox.service.ts';
import { baseCurrency, movingAverage, rateFor, toBaseScaled } from './currency.service.ts';
import { requireSupplier } from './suppliers.service.ts';

/** Every move a purchase order may make; nothing else changes its status. */
export const purchaseOrderTransitions: Readonly<Record<PurchaseOrderStatus, readonly PurchaseOrderStatus[]>> = {
  DRAFT: ['SENT', 'CANCELLED'],
  SENT: ['PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED'],
  PARTIALLY_RECEIVED: ['PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED'],
  RECEIVED: [],
  CANCELLED: [],
};

/** Statuses whose remaining quantities are on the way (incoming stock). */
export const openPurchaseOrderStatuses: PurchaseOrderStatus[] = ['SENT', 'PARTIALLY_RECEIVED'];

/** 42 → "PO-000042", what people read and the printed PO's barcode carries. */
export const purchaseOrderNumber = (n: number) => `PO-${String(n).padStart(6, '0')}`;

/** "PO-000042", "po42" or "42" → 42; anything else null. */
export function parsePurchaseOrderNumber(text: string): number | null {
  const match = /^\s*(?:PO-?)?0*(\d{1,9})\s*$/i.exec(text);
  return match ? Number(match[1]) : null;
}

const DAY = 86_400_000;

export interface PurchaseOrderLineInput {
  productId: string;
  quantity: number;
  /** Minor units of the PO's currency; the supplier's purchase price when omitted. */
  unitPrice?: number | null;
}

/**
 * Checks lines against the supplier's catalogue: quantities, duplicates, products it carries.
 * Returns the rows to write, or throws every problem at once (field paths under `root`).
 */
async function resolveLines(db: Db | Tx, supplierId: string, lines: PurchaseOrderLineInput[], root: string[]) {
  const errors: UserErrorShape[] = [];
  if (!lines.length) errors.push(userError('INVALID_INPUT', 'A purchase order needs at least one line', root));
  const offers = await db.productSupplier.findMany({ where: { supplierId, productId: { in: lines.map((l) => l.productId) } } });
  const offerOf = new Map(offers.map((o) => [o.productId, o]));
  const seen = new Set<string>();
  const rows = lines.map((line, i) => {
    const at = [...root, String(i)];
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1 || line.quantity > maxUnitsPerOperation) {
      errors.push(userError('INVALID_QUANTITY', `A line orders between 1 and ${maxUnitsPerOperation.toLocaleString('en')} units`, [...at, 'quantity']));
    }
    if (line.unitPrice != null && (!Number.isSafeInteger(line.unitPrice) || line.unitPrice < 0 || line.unitPrice > 2_147_483_647)) {
      errors.push(userError('INVALID_AMOUNT', 'A unit price is a non-negative amount in minor units', [...at, 'unitPrice']));
    }
    if (seen.has(line.productId)) errors.push(userError('DUPLICATE_LINE', 'The product is on the purchase order twice', [...at, 'productId']));
    seen.add(line.productId);
    const offer = offerOf.get(line.productId);
    if (!offer) errors.push(userError('PRODUCT_NOT_SUPPLIED', 'This supplier does not carry that product (setProductSupplier first)', [...at, 'productId']));
    return { productId: line.productId, position: i + 1, quantity: line.quantity, unitPrice: line.unitPrice ?? offer?.purchasePrice ?? 0 };
  });
  if (errors.length) throw new DomainError(errors);
  return rows;
}

export async function createPurchaseOrder(
  tx: Tx,
  params: { supplierId: string; warehouseId: string; lines: PurchaseOrderLineInput[]; expectedAt?: Date | null; note?: string | null; actor: string },
) {
  const supplier = await requireSupplier(tx, params.supplierId, ['input', 'supplierId']);
  if (!supplier.active) throw new DomainError(userError('SUPPLIER_INACTIVE', `${supplier.name} is inactive`, ['input', 'supplierId']));
  const lines = await resolveLines(tx, supplier.id, params.lines, ['input', 'lines']);
  // A PO in a currency without a rate could never be costed: refused up front.
  await rateFor(tx, supplier.currency, ['input', 'supplierId']);
  return tx.purchaseOrder.create({
    data: {
      supplierId: supplier.id,
      warehouseId: params.warehouseId,
      currency: supplier.currency,
      expectedAt: params.expectedAt ?? null,
      note: params.note?.trim() || null,
      createdBy: params.actor,
      lines: { create: lines },
    },
  });
}

/** Locks the PO row (receipts, sends and cancels of one PO run one at a time) and reads it. */
async function lockPurchaseOrder(tx: Tx, purchaseOrderId: string, field: string[]) {
  await tx.$queryRaw`SELECT 1 FROM "PurchaseOrder" WHERE id = ${purchaseOrderId}::uuid FOR UPDATE`;
  const po = await tx.purchaseOrder.findUnique({ where: { id: purchaseOrderId }, include: { lines: { orderBy: { position: 'asc' } }, supplier: true } });
  if (!po) throw new DomainError(userError('NOT_FOUND', 'No such purchase order', field));
  return po;
}

type LockedPurchaseOrder = Awaited<ReturnType<typeof lockPurchaseOrder>>;

/**
 * A purchase_order.* event in the outbox, in the caller's transaction (after the PO's row was
 * updated: the event carries its version). The PO is named by ids, number and warehouse code, its
 * lines by SKU (unique on a PO); the supplier's contact people never go out.
 */
async function recordPurchaseOrderEvent(
  tx: Tx,
  type: 'purchase_order.sent' | 'purchase_order.received',
  po: LockedPurchaseOrder,
  fields: { status: PurchaseOrderStatus } & Prisma.InputJsonObject,
  lineFields: (line: LockedPurchaseOrder['lines'][number]) => Prisma.InputJsonObject,
) {
  const warehouse = await tx.warehouse.findUniqueOrThrow({ where: { id: po.warehouseId }, select: { code: true } });
  const products = await tx.product.findMany({ where: { id: { in: po.lines.map((l) => l.productId) } }, select: { id: true, sku: true } });
  const skuOf = new Map(products.map((p) => [p.id, p.sku]));
  await recordOutboxEvent(tx, {
    type,
    aggregateType: 'PurchaseOrder',
    aggregateId: po.id,
    payload: {
      purchaseOrderId: po.id,
      purchaseOrderNumber: purchaseOrderNumber(po.number),
      supplierId: po.supplierId,
      warehouseId: po.warehouseId,
      warehouseCode: warehouse.code,
      currency: po.currency,
      ...fields,
      lines: po.lines.map((line) => ({ sku: skuOf.get(line.productId) ?? null, ...lineFields(line) })),
    },
  });
}

function assertTransition(po: { number: number; status: PurchaseOrderStatus }, to: PurchaseOrderStatus, field: string[]) {
  if (purchaseOrderTransitions[po.status].includes(to)) return;
  if (po.status === 'CANCELLED') throw new DomainError(userError('PURCHASE_ORDER_CANCELLED', `${purchaseOrderNumber(po.number)} is cancelled`, field));
  if (po.status === 'RECEIVED') throw new DomainError(userError('PURCHASE_ORDER_ALREADY_RECEIVED', `${purchaseOrderNumber(po.number)} is fully received`, field));
  throw new DomainError(userError('INVALID_TRANSITION', `${purchaseOrderNumber(po.number)} is ${po.status}: it cannot become ${to}`, field));
}

/** A draft's lines, expected date or note change; lines given replace all of them. */
export async function updatePurchaseOrder(
  tx: Tx,
  params: { purchaseOrderId: string; lines?: PurchaseOrderLineInput[] | null; expectedAt?: Date | null; note?: string | null },
) {
  const po = await lockPurchaseOrder(tx, params.purchaseOrderId, ['input', 'purchaseOrderId']);
  if (po.status !== 'DRAFT')
    throw new DomainError(userError('INVALID_TRANSITION', `${purchaseOrderNumber(po.number)} was sent: only drafts change`, ['input', 'purchaseOrderId']));
  if (params.lines) {
    const lines = await resolveLines(tx, po.supplierId, params.lines, ['input', 'lines']);
    await tx.purchaseOrderLine.deleteMany({ where: { purchaseOrderId: po.id } });
    await tx.purchaseOrderLine.createMany({ data: lines.map((l) => ({ ...l, purchaseOrderId: po.id })) });
  }
  return tx.purchaseOrder.update({
    where: { id: po.id },
    data: {
      ...(params.expectedAt !== undefined ? { expectedAt: params.expectedAt } : {}),
      ...(params.note !== undefined ? { note: params.note?.trim() || null } : {}),
      version: { increment: 1 },
    },
  });
}

/** DRAFT → SENT: expected by the given date, else sentAt + the supplier's lead time; purchase_order.sent. */
export async function sendPurchaseOrder(tx: Tx, params: { purchaseOrderId: string; expectedAt?: Date | null; now: Date }) {
  const po = await lockPurchaseOrder(tx, params.purchaseOrderId, ['purchaseOrderId']);
  assertTransition(po, 'SENT', ['purchaseOrderId']);
  await rateFor(tx, po.currency, ['purchaseOrderId']);
  const expectedAt = params.expectedAt ?? po.expectedAt ?? new Date(params.now.getTime() + po.supplier.leadTimeDays * DAY);
  const sent = await tx.purchaseOrder.update({ where: { id: po.id }, data: { status: 'SENT', sentAt: params.now, expectedAt, version: { increment: 1 } } });
  await recordPurchaseOrderEvent(tx, 'purchase_order.sent', po, { status: 'SENT', sentAt: params.now.toISOString(), expectedAt: expectedAt.toISOString() }, (line) => ({
    quantity: line.quantity,
    unitPrice: line.unitPrice,
  }));
  return sent;
}

/** Nothing more is coming: the remaining quantities stop counting as incoming. */
export async function cancelPurchaseOrder(tx: Tx, params: { purchaseOrderId: string; now: Date }) {
  const po = await lockPurchaseOrder(tx, params.purchaseOrderId, ['purchaseOrderId']);
  assertTransition(po, 'CANCELLED', ['purchaseOrderId']);
  return tx.purchaseOrder.update({ where: { id: po.id }, data: { status: 'CANCELLED', cancelledAt: params.now, version: { increment: 1 } } });
}

export interface ReceiveItemsInput {
  purchaseOrderId: string;
  locationCode: string;
  items: { lineId: string; quantity: number }[];
  unexpectedItems?: { code: string; quantity: number; note?: string | null }[] | null;
  allowOverReceipt?: boolean | null;
  actor: string;
  now: Date;
}

/**
 * Goods counted in against a purchase order, all or nothing: each line's units become a RECEIPT
 * movement into the scanned bin (linked to the PO line and this receipt), the product's moving
 * average cost takes them in at the PO price in the base currency (the rate used is kept on the
 * receipt), the PO becomes PARTIALLY_RECEIVED or RECEIVED, and orders held for these products are
 * queued for release (receiveStock adds the release job in this transaction). Unexpected items (codes not on the PO) are recorded on the receipt, not stocked.
 * A receipt that changes quantities is announced as purchase_order.received (the status it left, each line's units so far and in this receipt).
 */
export async function receivePurchaseOrderItems(tx: Tx, input: ReceiveItemsInput) {
  const po = await lockPurchaseOrder(tx, input.purchaseOrderId, ['input', 'purchaseOrderId']);
  if (po.status === 'CANCELLED' || po.status === 'RECEIVED') assertTransition(po, 'RECEIVED', ['input', 'purchaseOrderId']);
  if (po.status === 'DRAFT')
    throw new DomainError(userError('PURCHASE_ORDER_NOT_SENT', `${purchaseOrderNumber(po.number)} has not been sent yet`, ['input', 'purchaseOrderId']));

  const errors: UserErrorShape[] = [];
  const unexpected = input.unexpectedItems ?? [];
  if (!input.items.length && !unexpected.length) errors.push(userError('INVALID_INPUT', 'Nothing to receive', ['input', 'items']));
  const lineById = new Map(po.lines.map((l) => [l.id, l]));
  const wanted = new Map<string, number>();
  input.items.forEach((item, i) => {
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 1 || item.quantity > maxUnitsPerOperation) {
      errors.push(userError('INVALID_QUANTITY', `A received quantity is between 1 and ${maxUnitsPerOperation.toLocaleString('en')}`, ['input', 'items', i, 'quantity']));
      return;
    }
    if (!lineById.has(item.lineId)) {
      errors.push(userError('NOT_FOUND', `No such line on ${purchaseOrderNumber(po.number)}`, ['input', 'items', i, 'lineId']));
      return;
    }
    wanted.set(item.lineId, (wanted.get(item.lineId) ?? 0) + item.quantity);
  });
  unexpected.forEach((item, i) => {
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 1 || item.quantity > maxUnitsPerOperation) {
      errors.push(
        userError('INVALID_QUANTITY', `A received quantity is between 1 and ${maxUnitsPerOperation.toLocaleString('en')}`, ['input', 'unexpectedItems', i, 'quantity']),
      );
    }
    if (!item.code.trim()) errors.push(userError('INVALID_INPUT', 'The scanned code is empty', ['input', 'unexpectedItems', i, 'code']));
  });
  if (!input.allowOverReceipt) {
    input.items.forEach((item, i) => {
      const line = lineById.get(item.lineId);
      const total = wanted.get(item.lineId);
      if (!line || total === undefined || line.receivedQuantity + total <= line.quantity) return;
      errors.push(
        userError(
          'OVER_RECEIPT',
          `${line.quantity - line.receivedQuantity} unit(s) of this line are still expected; ${total} would exceed the order (allowOverReceipt to take them anyway)`,
          ['input', 'items', i, 'quantity'],
        ),
      );
    });
  }
  const location = await tx.location.findUnique({ where: { warehouseId_code: { warehouseId: po.warehouseId, code: input.locationCode.trim() } } });
  if (!location) errors.push(userError('LOCATION_NOT_FOUND', `No bin "${input.locationCode}" in the purchase order's warehouse`, ['input', 'locationCode']));
  if (errors.length) throw new DomainError(errors);
  const rate = await rateFor(tx, po.currency, ['input', 'purchaseOrderId']);

  const unexpectedItems = [];
  for (const item of unexpected) {
    const product = await findProductByCode(tx, item.code.trim());
    unexpectedItems.push({ code: item.code.trim(), productId: product?.id ?? null, quantity: item.quantity, note: item.note?.trim() || null });
  }
  const receipt = await tx.purchaseReceipt.create({
    data: { purchaseOrderId: po.id, locationId: location!.id, currency: po.currency, baseCurrency, rate, unexpectedItems, actor: input.actor, createdAt: input.now },
  });

  // In productId order, as every stock writer locks levels (no deadlock with reservations).
  const received = [...wanted].map(([lineId, quantity]) => ({ line: lineById.get(lineId)!, quantity })).sort((a, b) => a.line.productId.localeCompare(b.line.productId));
  const productIds = received.map((r) => r.line.productId);
  // The costs are taken in over all warehouses' units before this receipt; the product rows stay
  // locked so two receipts of one product average one after the other. (A receipt of unexpected
  // items only has none: Prisma.join refuses an empty list.)
  const before = productIds.length
    ? await tx.$queryRaw<{ id: string; averageCost: number | null; onHand: number }[]>`
    SELECT p.id::text AS id, p."averageCost",
      (SELECT coalesce(sum(l."onHand"), 0) FROM "InventoryLevel" l WHERE l."productId" = p.id)::int AS "onHand"
    FROM "Product" p
    WHERE p.id = ANY(ARRAY[${Prisma.join(productIds.map((id) => Prisma.sql`${id}`))}]::uuid[])
    ORDER BY p.id FOR UPDATE OF p`
    : [];
  const stateOf = new Map(before.map((b) => [b.id, b]));
  for (const { line, quantity } of received) {
    await receiveStock(tx, {
      productId: line.productId,
      warehouseId: po.warehouseId,
      locationId: location!.id,
      quantity,
      actor: input.actor,
      reference: purchaseOrderNumber(po.number),
      purchaseOrderLineId: line.id,
      purchaseReceiptId: receipt.id,
    });
    await tx.purchaseOrderLine.update({ where: { id: line.id }, data: { receivedQuantity: { increment: quantity } } });
    const state = stateOf.get(line.productId)!;
    const averageCost = movingAverage({ averageCost: state.averageCost, unitsOnHand: state.onHand }, quantity, toBaseScaled(line.unitPrice, po.currency, rate));
    await tx.product.update({ where: { id: line.productId }, data: { averageCost } });
  }

  const after = po.lines.map((l) => l.receivedQuantity + (wanted.get(l.id) ?? 0) >= l.quantity);
  const status: PurchaseOrderStatus = after.every(Boolean) ? 'RECEIVED' : 'PARTIALLY_RECEIVED';
  if (received.length) {
    assertTransition(po, status, ['input', 'purchaseOrderId']);
    await tx.purchaseOrder.update({ where: { id: po.id }, data: { status, ...(status === 'RECEIVED' ? { receivedAt: input.now } : {}), version: { increment: 1 } } });
    await recordPurchaseOrderEvent(tx, 'purchase_order.received', po, { status, receiptId: receipt.id, receivedAt: input.now.toISOString() }, (line) => ({
      quantity: line.quantity,
      receivedQuantity: line.receivedQuantity + (wanted.get(line.id) ?? 0),
      received: wanted.get(line.id) ?? 0,
    }));
  }
  return { purchaseOrderId: po.id, receiptId: receipt.id, status };
}
