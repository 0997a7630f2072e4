// Exchanges: a return closed with EXCHANGE sends the buyer replacement units in a new order (linked
// through Return.exchangeOrder), made by the orders service like a reship (createFollowUpOrder):
// same buyer, address, channel and warehouse, no shipping or discount, confirmed through the normal
// confirmation (stock reserved or ON_HOLD for missing stock), so it joins the pick queue.
import type { Order, OrderLine } from '@orderly/schema';
import type { Tx } from '../../core/transaction.ts';
import { type ConfirmResult, createFollowUpOrder } from '../orders/order.service.ts';

/**
 * The exchange order for the returned units. The same product keeps its original unit price; another
 * product (another size or colour) costs its catalogue price when the catalogue is in the order's
 * currency (else the original price: there is no rate to convert with). `difference` is what the
 * replacement costs over the returned units at their unit prices before discounts: > 0 the buyer
 * owes the seller, < 0 the seller refunds the buyer, 0 when nothing changed.
 */
export async function createExchangeOrder(
  tx: Tx,
  params: {
    original: Order;
    returnId: string;
    returnNumber: number;
    /** Per returned line: the replacement product (null: the same product) and the units. */
    lines: readonly { orderLine: OrderLine; productId: string | null; quantity: number }[];
    actor: string;
    now: Date;
  },
): Promise<ConfirmResult & { difference: number }> {
  const { original } = params;
  const otherIds = [...new Set(params.lines.flatMap((l) => (l.productId && l.productId !== l.orderLine.productId ? [l.productId] : [])))];
  const others = new Map(
    (await tx.product.findMany({ where: { id: { in: otherIds } }, select: { id: true, sku: true, name: true, priceAmount: true, currency: true } })).map((p) => [
      p.id,
      p,
    ]),
  );
  let difference = 0;
  const lines = params.lines.map((l) => {
    const other = l.productId && l.productId !== l.orderLine.productId ? others.get(l.productId) : undefined;
    const unitPrice = other && other.currency === original.currency ? other.priceAmount : l.orderLine.unitPriceAmount;
    difference += (unitPrice - l.orderLine.unitPriceAmount) * l.quantity;
    return { productId: other?.id ?? l.orderLine.productId, sku: other?.sku ?? l.orderLine.sku, name: other?.name ?? l.orderLine.name, unitPrice, units: l.quantity };
  });
  const confirmed = await createFollowUpOrder(tx, {
    original,
    lines,
    createdData: {
      exchangeOf: original.id,
      exchangeOfNumber: original.number,
      returnId: params.returnId,
      returnNumber: params.returnNumber,
      priceDifference: difference,
      currency: original.currency,
    },
    field: 'outcome',
    actor: params.actor,
    now: params.now,
  });
  return { ...confirmed, difference };
}
