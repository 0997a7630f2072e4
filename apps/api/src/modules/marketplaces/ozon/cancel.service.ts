// Out to Ozon, 5: cancellations. An Ozon order cancelled in Orderly is cancelled on Ozon
// (v2/posting/fbs/cancel) with Ozon's reason id for our cancel reason, by the `ozon.cancel` job:
// the minute sweep finds cancelled orders whose posting Ozon still has open and queues one job per
// posting (keyed, so sweeps never double it). Ozon's cancellations (the posting is already
// cancelled there) are not sent back.
import type { CancelReason, Db } from '@orderly/schema';
import { enqueueJob } from '../../jobs/enqueue.ts';
import { appendOrderEvent } from '../../orders/order.service.ts';
import { rescheduleWhileBlocked } from './breaker.ts';
import { OzonApiError, OzonMethodBlockedError } from './client.ts';
import { clientFor, ozonActor } from './sync.service.ts';

export const ozonCancelTask = 'ozon.cancel';

/**
 * Ozon's seller cancel reason ids (v2/posting/fbs/cancel-reason/list) for our cancel reasons:
 * 352 "out of stock at the seller's warehouse"; 402 "other reason" (needs a message) for the rest.
 */
export const ozonCancelReason: Record<CancelReason, { id: number; message: string | null }> = {
  OUT_OF_STOCK: { id: 352, message: null },
  BUYER_REQUEST: { id: 402, message: 'Cancelled at the buyer’s request' },
  SELLER: { id: 402, message: 'Cancelled by the seller' },
  PLATFORM: { id: 402, message: 'Cancelled by the platform' },
};

/** Ozon statuses from which the seller may still cancel. */
const cancellable = ['awaiting_packaging', 'awaiting_deliver'];

/** Cancelled orders whose posting is still open on Ozon and not sent yet: one keyed job each. */
export async function queueCancellations(db: Db, limit = 200): Promise<number> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT p.id FROM "OzonPosting" p
    JOIN "Order" o ON o.id = p."orderId" AND o.status = 'CANCELLED'
    JOIN "OzonAccount" a ON a.id = p."accountId" AND a.active
    WHERE p."cancelSentAt" IS NULL AND p.status = ANY(${cancellable}::text[])
    ORDER BY o."cancelledAt" NULLS LAST LIMIT ${limit}`;
  for (const row of rows) await enqueueJob(db, ozonCancelTask, { payload: { postingId: row.id }, jobKey: `${ozonCancelTask}:${row.id}` });
  return rows.length;
}

/**
 * Sends one cancellation; idempotent (sent once; a posting Ozon has already cancelled counts as done).
 * While Ozon blocks a method it needs, the job puts itself off until the block ends ('blocked'),
 * its attempts untouched.
 */
export async function sendCancellation(db: Db, postingId: string): Promise<'sent' | 'already' | 'skipped' | 'blocked'> {
  try {
    return await cancelOnOzon(db, postingId);
  } catch (error) {
    if (!(error instanceof OzonMethodBlockedError)) throw error;
    await rescheduleWhileBlocked(db, error, ozonCancelTask, { postingId }, `${ozonCancelTask}:${postingId}`);
    return 'blocked';
  }
}

async function cancelOnOzon(db: Db, postingId: string): Promise<'sent' | 'already' | 'skipped'> {
  const row = await db.ozonPosting.findUnique({ where: { id: postingId } });
  if (!row?.orderId || row.cancelSentAt) return 'skipped';
  const order = await db.order.findUniqueOrThrow({ where: { id: row.orderId }, select: { status: true, cancelReason: true } });
  if (order.status !== 'CANCELLED') return 'skipped';
  const account = await db.ozonAccount.findUniqueOrThrow({ where: { id: row.accountId } });
  const client = clientFor(account, db);
  const reason = ozonCancelReason[order.cancelReason ?? 'SELLER'];
  const posting = await client.getPosting(row.postingNumber);
  let outcome: 'sent' | 'already' = 'already';
  if (posting.status !== 'cancelled') {
    try {
      await client.call('/v2/posting/fbs/cancel', {
        posting_number: row.postingNumber,
        cancel_reason_id: reason.id,
        ...(reason.message ? { cancel_reason_message: reason.message } : {}),
      });
      outcome = 'sent';
    } catch (error) {
      if (error instanceof OzonApiError && !(error instanceof OzonMethodBlockedError)) {
        await db.ozonPosting.update({
          where: { id: row.id },
          data: { cancelError: `${error.status}${error.code !== null ? ` code ${String(error.code)}` : ''}: ${error.ozonMessage}`.slice(0, 300) },
        });
      }
      throw error;
    }
  }
  await db.$transaction(async (tx) => {
    await tx.ozonPosting.update({ where: { id: row.id }, data: { cancelSentAt: new Date(), cancelReasonId: reason.id, cancelError: null, status: 'cancelled' } });
    await appendOrderEvent(tx, row.orderId!, {
      type: 'NOTE_ADDED',
      actor: ozonActor(account),
      data: { source: 'ozon', change: outcome === 'sent' ? 'cancel_sent' : 'cancel_already_on_ozon', postingNumber: row.postingNumber, cancelReasonId: reason.id },
    });
  });
  return outcome;
}
