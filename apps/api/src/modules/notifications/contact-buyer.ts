// contactBuyer: staff write to the buyer of a shipped order (or of a delivery exception's order)
// from a template, in the buyer's language, through the notifier — queued in the mutation's
// transaction, NOTIFICATION_QUEUED on the timeline (who, which template, which exception).
import { DomainError, userError } from '../../core/errors.ts';
import type { Tx } from '../../core/transaction.ts';
import { lockOrder } from '../orders/order.service.ts';
import { queueBuyerNotice } from './notifier.ts';
import type { BuyerTemplate } from './templates.ts';

/** What staff may send by hand: everything but the "shipped" notice, which shipOrder sends. */
export const contactTemplates = [
  'DELIVERY_DELAYED',
  'PICKUP_REMINDER',
  'CLAIM_UPDATE',
  'RESHIP_SENT',
  'DELIVERY_CHECK',
  'ADDRESS_CHECK',
] as const satisfies readonly BuyerTemplate[];
export type ContactTemplate = (typeof contactTemplates)[number];

/**
 * Queues `template` to the buyer of `orderId`, or of `exceptionId`'s order (exactly one). The
 * order must have shipped and not be cancelled; RESHIP_SENT needs a shipped reship (the message
 * names the reship's parcels). Returns the queued notice's id.
 */
export async function contactBuyer(tx: Tx, params: { orderId?: string | null; exceptionId?: string | null; template: ContactTemplate; actor: string }) {
  if (!params.orderId === !params.exceptionId) throw new DomainError(userError('INVALID_INPUT', 'Give either the order or the exception', ['orderId']));
  const exception = params.exceptionId
    ? await tx.exceptionCase.findUnique({ where: { id: params.exceptionId }, select: { id: true, orderId: true, reshipOrderId: true } })
    : null;
  if (params.exceptionId && !exception) throw new DomainError(userError('NOT_FOUND', 'No such exception', ['exceptionId']));
  const field = exception ? 'exceptionId' : 'orderId';
  const order = await lockOrder(tx, exception?.orderId ?? params.orderId!, null, [field]);
  if (order.status === 'CANCELLED') throw new DomainError(userError('ORDER_CANCELLED', `Order #${order.number} was cancelled`, [field]));
  if (!order.shippedAt) throw new DomainError(userError('INVALID_TRANSITION', `Order #${order.number} has not shipped; there is no delivery to write about`, [field]));

  let parcelsOf: string | undefined;
  if (params.template === 'RESHIP_SENT') {
    const reshipOrderId =
      exception?.reshipOrderId ??
      (await tx.exceptionCase.findFirst({ where: { orderId: order.id, reshipOrderId: { not: null } }, orderBy: { createdAt: 'desc' }, select: { reshipOrderId: true } }))
        ?.reshipOrderId;
    const reship = reshipOrderId ? await tx.order.findUnique({ where: { id: reshipOrderId }, select: { id: true, number: true, shippedAt: true } }) : null;
    if (!reship) throw new DomainError(userError('INVALID_INPUT', `Order #${order.number} has no reship to tell the buyer about`, ['template']));
    if (!reship.shippedAt) throw new DomainError(userError('INVALID_TRANSITION', `The reship #${reship.number} has not shipped yet`, ['template']));
    parcelsOf = reship.id;
  }
  const { eventId } = await queueBuyerNotice(tx, {
    orderId: order.id,
    template: params.template,
    actor: params.actor,
    parcelsOf,
    note: exception ? { exceptionId: exception.id } : {},
  });
  return { orderId: order.id, notificationId: eventId };
}
