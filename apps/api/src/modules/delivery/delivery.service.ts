// Delivery confirmation: DELIVERED by hand (markDelivered, with a reason) when tracking cannot say,
// and COMPLETED — by hand (completeOrder) or by the `orders.autocomplete` job once the channel's
// return window has passed with no open return or delivery exception.
import type { Db, Order } from '@orderly/schema';
import { type Config, config } from '../../core/config.ts';
import { DomainError, userError } from '../../core/errors.ts';
import type { Tx } from '../../core/transaction.ts';
import { lockOrder, transitionOrder } from '../orders/order.service.ts';
import { recordDelivered } from '../tracking/tracking.service.ts';
import { announceCommitted, collectOutboxEvents, orderReference, recordOutboxEvent } from '../webhooks/outbox.service.ts';

const DAY = 86_400_000;

/** Return windows: RETURN_WINDOW_DAYS, or the channel's own from RETURN_WINDOW_DAYS_BY_CHANNEL (`ozon=7,wb=21`). */
export interface ReturnWindows {
  defaultDays: number;
  byChannel: Record<string, number>;
}

export function returnWindows(settings: Pick<Config, 'RETURN_WINDOW_DAYS' | 'RETURN_WINDOW_DAYS_BY_CHANNEL'> = config): ReturnWindows {
  const byChannel: Record<string, number> = {};
  for (const pair of settings.RETURN_WINDOW_DAYS_BY_CHANNEL) {
    const [channel, days] = pair.split('=');
    byChannel[channel!] = Number(days);
  }
  return { defaultDays: settings.RETURN_WINDOW_DAYS, byChannel };
}

export const returnWindowDays = (windows: ReturnWindows, channel: string) => windows.byChannel[channel] ?? windows.defaultDays;

/** Open delivery exceptions and returns of an order: what keeps it from completing. */
async function openCases(db: Tx | Db, orderId: string) {
  const [exceptions, returns] = await Promise.all([
    db.exceptionCase.count({ where: { orderId, status: { notIn: ['RESOLVED', 'CLOSED'] } } }),
    db.return.count({ where: { orderId, status: { in: ['REQUESTED', 'APPROVED', 'IN_TRANSIT', 'RECEIVED', 'INSPECTED'] } } }),
  ]);
  return { exceptions, returns };
}

/**
 * Staff confirm a delivery tracking does not show (the buyer said so, the pickup point's
 * receipt). From SHIPPED, IN_TRANSIT or EXCEPTION through the state table; the reason goes on the
 * timeline. An order already DELIVERED is left as it is (a retry without an idempotency key).
 */
export async function markDelivered(tx: Tx, params: { orderId: string; reason: string; deliveredAt?: Date | null; actor: string; now: Date }) {
  const order = await lockOrder(tx, params.orderId);
  if (order.status === 'DELIVERED') return { orderId: order.id };
  const reason = params.reason.trim();
  if (!reason) throw new DomainError(userError('INVALID_INPUT', 'Say how the delivery is known (the buyer confirmed, the pickup point receipt…)', ['reason']));
  const deliveredAt = params.deliveredAt ?? params.now;
  if (deliveredAt.getTime() > params.now.getTime()) throw new DomainError(userError('INVALID_INPUT', 'The delivery cannot lie in the future', ['deliveredAt']));
  if (order.shippedAt && deliveredAt < order.shippedAt) throw new DomainError(userError('INVALID_INPUT', 'The delivery cannot precede the shipment', ['deliveredAt']));
  if (order.status === 'CANCELLED') throw new DomainError(userError('ORDER_CANCELLED', `Order #${order.number} was cancelled`, ['orderId']));
  if (!['SHIPPED', 'IN_TRANSIT', 'EXCEPTION'].includes(order.status)) {
    throw new DomainError(userError('INVALID_TRANSITION', `Order #${order.number} is ${order.status}; only shipped orders are delivered`, ['orderId']));
  }
  await transitionOrder(tx, order, 'DELIVERED', { actor: params.actor, type: 'DELIVERED', data: { deliveredAt }, eventData: { source: 'manual', reason } });
  await recordDelivered(tx, order, deliveredAt, 'manual');
  return { orderId: order.id };
}

async function complete(tx: Tx, order: Order, params: { actor: string; now: Date; source: 'manual' | 'return_window' }) {
  await transitionOrder(tx, order, 'COMPLETED', { actor: params.actor, type: 'COMPLETED', data: { completedAt: params.now }, eventData: { source: params.source } });
  await recordOutboxEvent(tx, {
    type: 'order.completed',
    aggregateType: 'Order',
    aggregateId: order.id,
    payload: {
      ...orderReference(order),
      completedAt: params.now.toISOString(),
      source: params.source,
    },
  });
}

/**
 * Staff close a delivered order before its return window ends (the buyer confirmed receipt on
 * the marketplace). Refused while a return or delivery exception is open. Completing a completed
 * order changes nothing.
 */
export async function completeOrder(tx: Tx, params: { orderId: string; actor: string; now: Date }) {
  const order = await lockOrder(tx, params.orderId);
  if (order.status === 'COMPLETED') return { orderId: order.id };
  if (order.status !== 'DELIVERED') {
    throw new DomainError(userError('INVALID_TRANSITION', `Order #${order.number} is ${order.status}; only delivered orders are completed`, ['orderId']));
  }
  const open = await openCases(tx, order.id);
  if (open.exceptions || open.returns) {
    throw new DomainError(
      userError('OPEN_CASES', `Order #${order.number} has ${open.returns} open return(s) and ${open.exceptions} open delivery exception(s); resolve them first`, [
        'orderId',
      ]),
    );
  }
  await complete(tx, order, { ...params, source: 'manual' });
  return { orderId: order.id };
}

/**
 * The `orders.autocomplete` job: every DELIVERED order whose channel's return window has passed
 * since delivery, with no open return or exception, becomes COMPLETED — one short transaction each,
 * the order locked and re-checked inside it (a return opened meanwhile wins). Returns how many.
 */
export async function autoCompleteDeliveredOrders(db: Db, params: { now: Date; windows?: ReturnWindows; limit?: number }): Promise<number> {
  const windows = params.windows ?? returnWindows();
  const channels = Object.keys(windows.byChannel);
  const cutoff = (days: number) => new Date(params.now.getTime() - days * DAY);
  // Per channel with its own window, and the rest with the default one.
  const due = await db.order.findMany({
    where: {
      status: 'DELIVERED',
      OR: [
        ...channels.map((channel) => ({ channel, deliveredAt: { lte: cutoff(windows.byChannel[channel]!) } })),
        { channel: { notIn: channels }, deliveredAt: { lte: cutoff(windows.defaultDays) } },
      ],
      exceptions: { none: { status: { notIn: ['RESOLVED', 'CLOSED'] } } },
      returns: { none: { status: { in: ['REQUESTED', 'APPROVED', 'IN_TRANSIT', 'RECEIVED', 'INSPECTED'] } } },
    },
    select: { id: true },
    orderBy: { deliveredAt: 'asc' },
    take: params.limit ?? 500,
  });
  let completed = 0;
  for (const { id } of due) {
    let written: ReturnType<typeof collectOutboxEvents> = [];
    const done = await db.$transaction(async (tx) => {
      written = collectOutboxEvents(tx);
      const order = await lockOrder(tx, id);
      const window = returnWindowDays(windows, order.channel);
      if (order.status !== 'DELIVERED' || !order.deliveredAt || order.deliveredAt > cutoff(window)) return false;
      const open = await openCases(tx, order.id);
      if (open.exceptions || open.returns) return false;
      await complete(tx, order, { actor: 'system', now: params.now, source: 'return_window' });
      return true;
    });
    if (done) completed++;
    announceCommitted(written);
  }
  return completed;
}
