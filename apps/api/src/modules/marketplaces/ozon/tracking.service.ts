// Out to Ozon, 6: rFBS tracking numbers. When an rFBS order (the seller delivers, with one of our
// carriers) ships, the parcel's tracking number goes to Ozon (v2/fbs/posting/tracking-number/set,
// ≤ 20 postings a call, each answered on its own) from the `ozon.tracking` job. FBS postings
// (Ozon delivers) are recognised by Ozon's tpl_integration_type and left alone.
import type { Db, OzonAccount } from '@orderly/schema';
import { appendOrderEvent } from '../../orders/order.service.ts';
import { clientFor, ozonActor, sweepAccounts } from './sync.service.ts';

export const trackingLimits = { postingsPerCall: 20 };
/** Kept on a posting Ozon delivers itself: no tracking number of ours to send. */
export const notRfbs = 'NOT_RFBS';

interface Due {
  id: string;
  postingNumber: string;
  orderId: string;
  parentPostingNumber: string | null;
}

/** Shipped Ozon orders whose tracking number has not reached Ozon yet. */
async function postingsDue(db: Db, account: OzonAccount, limit: number) {
  return db.$queryRaw<Due[]>`
    SELECT p.id, p."postingNumber", p."orderId", p."parentPostingNumber" FROM "OzonPosting" p
    JOIN "Order" o ON o.id = p."orderId" AND o.status::text IN ('SHIPPED', 'IN_TRANSIT', 'DELIVERED')
    WHERE p."accountId" = ${account.id}::uuid AND p."trackingSentAt" IS NULL AND p."trackingError" IS DISTINCT FROM ${notRfbs}
      AND p.status NOT IN ('cancelled', 'cancelled_from_split_pending')
      AND EXISTS (SELECT 1 FROM "Shipment" s JOIN "TrackingNumber" t ON t."shipmentId" = s.id WHERE s."orderId" = o.id)
    ORDER BY p."createdAt" LIMIT ${limit}`;
}

/** The tracking number for a posting: its parcel's (a split posting's part ↔ the parcel in sequence order). */
async function trackingNumberOf(db: Db, due: Due): Promise<string | null> {
  const parcels = await db.parcel.findMany({
    where: { orderId: due.orderId, status: { not: 'OPEN' } },
    orderBy: { sequence: 'asc' },
    select: { trackingNumbers: { orderBy: { number: 'asc' }, select: { number: true } } },
  });
  let index = 0;
  if (due.parentPostingNumber) {
    const parts = await db.ozonPosting.findMany({ where: { orderId: due.orderId, parentPostingNumber: due.parentPostingNumber }, select: { postingNumber: true } });
    index = Math.max(
      0,
      parts
        .map((p) => p.postingNumber)
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
        .indexOf(due.postingNumber),
    );
  }
  const fromParcel = parcels[index]?.trackingNumbers[0]?.number;
  if (fromParcel) return fromParcel;
  const any = await db.trackingNumber.findFirst({ where: { shipment: { orderId: due.orderId } }, orderBy: { number: 'asc' }, select: { number: true } });
  return any?.number ?? null;
}

export interface TrackingReport {
  sent: number;
  notRfbs: number;
  failed: { postingNumber: string; error: string }[];
}

export async function sendTrackingNumbers(db: Db, account: OzonAccount, limit = 200): Promise<TrackingReport> {
  const client = clientFor(account, db);
  const report: TrackingReport = { sent: 0, notRfbs: 0, failed: [] };
  const ready: { due: Due; number: string }[] = [];
  for (const due of await postingsDue(db, account, limit)) {
    const posting = await client.getPosting(due.postingNumber);
    if (!posting.tpl_integration_type || posting.tpl_integration_type === 'ozon') {
      await db.ozonPosting.update({ where: { id: due.id }, data: { trackingError: notRfbs } });
      report.notRfbs++;
      continue;
    }
    const number = await trackingNumberOf(db, due);
    if (number) ready.push({ due, number });
  }
  for (let i = 0; i < ready.length; i += trackingLimits.postingsPerCall) {
    const batch = ready.slice(i, i + trackingLimits.postingsPerCall);
    const answer = await client.call<{ result?: { posting_number?: unknown; result?: unknown; error?: unknown }[] }>('/v2/fbs/posting/tracking-number/set', {
      tracking_numbers: batch.map((b) => ({ posting_number: b.due.postingNumber, tracking_number: b.number })),
    });
    const results = Array.isArray(answer.result) ? answer.result : [];
    for (const { due, number } of batch) {
      const result = results.find((r) => r.posting_number === due.postingNumber);
      if (result?.result === true) {
        await db.$transaction(async (tx) => {
          await tx.ozonPosting.update({ where: { id: due.id }, data: { trackingNumber: number, trackingSentAt: new Date(), trackingError: null } });
          await appendOrderEvent(tx, due.orderId, {
            type: 'NOTE_ADDED',
            actor: ozonActor(account),
            data: { source: 'ozon', change: 'tracking_number_sent', postingNumber: due.postingNumber, trackingNumber: number },
          });
        });
        report.sent++;
      } else {
        const error = (Array.isArray(result?.error) ? result.error.map(String).join(', ') : 'NO_ANSWER').slice(0, 300) || 'REFUSED';
        await db.ozonPosting.update({ where: { id: due.id }, data: { trackingError: error } });
        report.failed.push({ postingNumber: due.postingNumber, error });
      }
    }
  }
  return report;
}

/** Every active account; throws (the job retries with backoff) when Ozon refused some. An account whose calls Ozon blocks waits for the next run. */
export async function sendTrackingNumbersAllAccounts(db: Db) {
  let failed = 0;
  await sweepAccounts(db, async (account) => {
    failed += (await sendTrackingNumbers(db, account)).failed.length;
  });
  if (failed) throw new Error(`${failed} rFBS tracking number(s) refused by Ozon (see OzonPosting.trackingError)`);
}
