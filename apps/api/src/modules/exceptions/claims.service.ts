// Carrier claims about a delivery exception, one state table (FILED → ACCEPTED / REJECTED;
// ACCEPTED → PAID). Filing one puts the exception in WAITING_FOR_CARRIER; PAID resolves it as
// CLAIM_PAID; REJECTED leaves it open for the next step (reship, refund, another claim). Every
// change writes the order's timeline and a `claim.updated` webhook event.
import type { Claim, ClaimStatus } from '@orderly/schema';
import { DomainError, userError } from '../../core/errors.ts';
import type { Tx } from '../../core/transaction.ts';
import { appendOrderEvent } from '../orders/order.service.ts';
import { recordOutboxEvent } from '../webhooks/outbox.service.ts';
import { assertExceptionTransition, endException, lockException, openExceptionStatuses } from './exceptions.service.ts';

/** The one table of allowed claim-status changes. */
export const claimTransitions: Readonly<Record<ClaimStatus, readonly ClaimStatus[]>> = {
  FILED: ['ACCEPTED', 'REJECTED'],
  ACCEPTED: ['PAID', 'REJECTED'],
  REJECTED: [],
  PAID: [],
};

type ClaimResult = { claimId: string; exceptionId: string; orderId: string };

async function announce(tx: Tx, order: { id: string; number: number }, claim: Claim, actor: string) {
  const data = { exceptionId: claim.exceptionId, claimId: claim.id, claimStatus: claim.status, amountClaimed: claim.amountClaimed, amountPaid: claim.amountPaid };
  await appendOrderEvent(tx, order.id, { type: 'NOTE_ADDED', actor, data });
  await recordOutboxEvent(tx, {
    type: 'claim.updated',
    aggregateType: 'Order',
    aggregateId: order.id,
    payload: {
      orderId: order.id,
      number: order.number,
      exceptionId: claim.exceptionId,
      claimId: claim.id,
      status: claim.status,
      amountClaimed: claim.amountClaimed,
      amountPaid: claim.amountPaid,
      currency: claim.currency,
    },
  });
}

/**
 * Files a claim with the carrier for an open exception: more than nothing and at most the order's
 * value, in its currency. The exception then waits for the carrier.
 */
export async function fileClaim(
  tx: Tx,
  params: { exceptionId: string; amount: number; reference?: string | null; note?: string | null; actor: string; now: Date },
): Promise<ClaimResult> {
  const { order, exception } = await lockException(tx, params.exceptionId);
  if (!openExceptionStatuses.includes(exception.status)) {
    throw new DomainError(userError('INVALID_TRANSITION', `The exception is ${exception.status}; claims are filed on open exceptions`, ['exceptionId']));
  }
  if (params.amount <= 0) throw new DomainError(userError('INVALID_AMOUNT', 'A claim asks for more than nothing', ['amount']));
  if (params.amount > order.totalAmount) {
    throw new DomainError(userError('INVALID_AMOUNT', `A claim is at most the order's value (${order.totalAmount} minor units of ${order.currency})`, ['amount']));
  }
  const claim = await tx.claim.create({
    data: {
      exceptionId: exception.id,
      amountClaimed: params.amount,
      currency: order.currency,
      reference: params.reference?.trim() || null,
      note: params.note?.trim() ?? '',
      filedBy: params.actor,
      createdAt: params.now,
      updatedAt: params.now,
    },
  });
  if (exception.status !== 'WAITING_FOR_CARRIER') {
    assertExceptionTransition(exception, 'WAITING_FOR_CARRIER');
    await tx.exceptionCase.update({ where: { id: exception.id }, data: { status: 'WAITING_FOR_CARRIER' } });
    await recordOutboxEvent(tx, {
      type: 'exception.updated',
      aggregateType: 'Order',
      aggregateId: order.id,
      payload: { orderId: order.id, number: order.number, exceptionId: exception.id, kind: exception.kind, status: 'WAITING_FOR_CARRIER' },
    });
  }
  await announce(tx, order, claim, params.actor);
  return { claimId: claim.id, exceptionId: exception.id, orderId: order.id };
}

/**
 * The carrier's answer: ACCEPTED or REJECTED, then PAID with the amount received (0 < paid ≤ the
 * amount claimed). PAID resolves the exception as CLAIM_PAID when it is still open.
 */
export async function updateClaim(
  tx: Tx,
  params: { claimId: string; status: ClaimStatus; amountPaid?: number | null; note?: string | null; actor: string; now: Date },
): Promise<ClaimResult> {
  const found = await tx.claim.findUnique({ where: { id: params.claimId }, select: { exceptionId: true } });
  if (!found) throw new DomainError(userError('NOT_FOUND', 'No such claim', ['claimId']));
  const { order, exception } = await lockException(tx, found.exceptionId);
  const claim = await tx.claim.findUniqueOrThrow({ where: { id: params.claimId } });
  if (!claimTransitions[claim.status].includes(params.status)) {
    throw new DomainError(userError('INVALID_TRANSITION', `The claim is ${claim.status}; it cannot become ${params.status}`, ['status']));
  }
  if (params.status === 'PAID') {
    if (params.amountPaid == null) throw new DomainError(userError('INVALID_AMOUNT', 'Say how much the carrier paid', ['amountPaid']));
    if (params.amountPaid <= 0 || params.amountPaid > claim.amountClaimed) {
      throw new DomainError(userError('INVALID_AMOUNT', `The amount paid is more than nothing and at most the ${claim.amountClaimed} claimed`, ['amountPaid']));
    }
  } else if (params.amountPaid != null) {
    throw new DomainError(userError('INVALID_INPUT', 'An amount paid goes with status PAID', ['amountPaid']));
  }
  const updated = await tx.claim.update({
    where: { id: claim.id },
    data: {
      status: params.status,
      updatedAt: params.now,
      ...(params.status === 'PAID' ? { amountPaid: params.amountPaid, paidAt: params.now } : { decidedAt: params.now }),
      ...(params.note?.trim() ? { note: params.note.trim() } : {}),
    },
  });
  await announce(tx, order, updated, params.actor);
  if (params.status === 'PAID' && openExceptionStatuses.includes(exception.status)) {
    await endException(tx, { exceptionId: exception.id, status: 'RESOLVED', resolution: 'CLAIM_PAID', note: null, actor: params.actor, now: params.now });
  }
  return { claimId: claim.id, exceptionId: exception.id, orderId: order.id };
}
