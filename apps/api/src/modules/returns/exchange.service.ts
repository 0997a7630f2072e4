// Exchanges: a return closed with EXCHANGE sends the buyer replacement units in a new order (linked
// through Return.exchangeOrder), made like a reship (modules/exceptions): same buyer, address,
// channel and warehouse, the original unit prices, no shipping or discount, then confirmed through
// the normal confirmation (stock reserved or ON_HOLD for missing stock), so it joins the pick queue.
import type { Order, OrderLine } from '@orderly/schema';
import { DomainError, userError } from '../../core/errors.ts';
import { orderAmounts } from '../../core/money.ts';
import type { Tx } from '../../core/transaction.ts';
import { maxInt32 } from '../common/bounds.ts';
import { appendOrderEvent, type ConfirmResult, confirmOrder, defaultHandlingHours } from '../orders/order.service.ts';
import { orderReference, recordOutboxEvent } from '../webhooks/outbox.service.ts';

export async function createExchangeOrder(
  tx: Tx,
  params: {
    original: Order;
    returnNumber: number;
    /** Per returned line: the replacement product (null: the same product) and the units. */
    lines: readonly { orderLine: OrderLine; productId: string | null; quantity: number }[];
    actor: string;
    now: Date;
  },
): Promise<ConfirmResult> {
  const { original } = params;
  const otherIds = [...new Set(params.lines.flatMap((l) => (l.productId && l.productId !== l.orderLine.productId ? [l.productId] : [])))];
  const others = new Map((await tx.product.findMany({ where: { id: { in: otherIds } }, select: { id: true, sku: true, name: true } })).map((p) => [p.id, p]));
  const lines = params.lines.map((l) => {
    const other = l.productId && l.productId !== l.orderLine.productId ? others.get(l.productId) : undefined;
    return {
      productId: other?.id ?? l.orderLine.productId,
      sku: other?.sku ?? l.orderLine.sku,
      name: other?.name ?? l.orderLine.name,
      unitPrice: l.orderLine.unitPriceAmount,
      units: l.quantity,
    };
  });
  const amounts = orderAmounts(lines, { shipping: 0, discount: 0 });
  if (amounts.total > maxInt32) throw new DomainError(userError('AMOUNT_TOO_LARGE', 'The exchange order would exceed the largest amount an order can hold', ['outcome']));
  const exchange = await tx.order.create({
    data: {
      channel: original.channel,
      placedAt: params.now,
      shipBy: new Date(params.now.getTime() + defaultHandlingHours * 3_600_000),
      currency: original.currency,
      subtotalAmount: amounts.subtotal,
      shippingAmount: 0,
      discountAmount: 0,
      totalAmount: amounts.total,
      customerId: original.customerId,
      warehouseId: original.warehouseId,
      shipName: original.shipName,
      shipPhone: original.shipPhone,
      shipAddress1: original.shipAddress1,
      shipAddress2: original.shipAddress2,
      shipCity: original.shipCity,
      shipRegion: original.shipRegion,
      shipPostalCode: original.shipPostalCode,
      shipCountryCode: original.shipCountryCode,
      lines: {
        create: lines.map((l, i) => ({
          productId: l.productId,
          position: i + 1,
          sku: l.sku,
          name: l.name,
          quantity: l.units,
          unitPriceAmount: l.unitPrice,
          totalAmount: amounts.lineTotals[i]!,
        })),
      },
    },
  });
  await appendOrderEvent(tx, exchange.id, {
    type: 'CREATED',
    actor: params.actor,
    to: exchange.status,
    data: { channel: exchange.channel, exchangeOf: original.id, exchangeOfNumber: original.number, returnNumber: params.returnNumber, lineCount: lines.length },
  });
  await recordOutboxEvent(tx, { type: 'order.created', aggregateType: 'Order', aggregateId: exchange.id, payload: orderReference(exchange) });
  // Prices are the original sale's, whatever the catalogue says today.
  return confirmOrder(tx, { orderId: exchange.id, acceptPriceMismatches: true, actor: params.actor });
}
