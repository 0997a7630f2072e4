// Reshipping after a delivery exception: a replacement order (orders service: createReshipOrder,
// confirmed through the normal confirmation, so it joins the pick queue) linked to the exception,
// which resolves as RESHIPPED.
import { DomainError, userError } from '../../core/errors.ts';
import type { Tx } from '../../core/transaction.ts';
import { appendOrderEvent, createReshipOrder } from '../orders/order.service.ts';
import { endException, lockException, openExceptionStatuses } from './exceptions.service.ts';

export async function reshipOrder(
  tx: Tx,
  params: {
    exceptionId: string;
    lines?: readonly { orderLineId: string; quantity: number }[] | null;
    cost?: number | null;
    note?: string | null;
    actor: string;
    now: Date;
  },
): Promise<{ exceptionId: string; orderId: string; reshipOrderId: string }> {
  const { order, exception } = await lockException(tx, params.exceptionId);
  if (!openExceptionStatuses.includes(exception.status)) {
    throw new DomainError(userError('INVALID_TRANSITION', `The exception is ${exception.status}; reships are for open exceptions`, ['exceptionId']));
  }
  if (params.cost != null && params.cost < 0) throw new DomainError(userError('INVALID_AMOUNT', 'A reship cannot cost less than nothing', ['cost']));
  const reship = await createReshipOrder(tx, { originalId: order.id, lines: params.lines, actor: params.actor, now: params.now });
  await tx.exceptionCase.update({ where: { id: exception.id }, data: { reshipOrderId: reship.orderId, reshipCost: params.cost ?? null } });
  await appendOrderEvent(tx, order.id, {
    type: 'NOTE_ADDED',
    actor: params.actor,
    data: { exceptionId: exception.id, reshipOrderId: reship.orderId, reshipStatus: reship.status, reshipCost: params.cost ?? null },
  });
  await endException(tx, { exceptionId: exception.id, status: 'RESOLVED', resolution: 'RESHIPPED', note: params.note, actor: params.actor, now: params.now });
  return { exceptionId: exception.id, orderId: order.id, reshipOrderId: reship.orderId };
}
