// Buyer-data retention: N days (PII_RETENTION_DAYS, default 90) after an order is finished —
// completed, cancelled or returned — its buyer's personal data is removed. The order's facts
// (lines, amounts, statuses, city/region/country, timeline, tracking statuses) stay; carriers'
// free-text tracking messages go with the rest, so reports and the stock ledger
// are untouched; a PII_ANONYMIZED event on the timeline says when and that it happened.
import type { Db, Prisma } from '@orderly/schema';
import { appendOrderEvent } from '../orders/order.service.ts';
import { config } from '../../core/config.ts';

export const piiRetentionDays = config.PII_RETENTION_DAYS;

/** What anonymised text fields hold (they are required columns, so not null). */
export const ANONYMIZED = '[removed]';

/** The order fields that hold buyer personal data (`/// @pii` in the data model) and what they become. */
const orderPiiCleared = {
  shipName: ANONYMIZED,
  shipPhone: null,
  shipAddress1: ANONYMIZED,
  shipAddress2: null,
  shipPostalCode: '',
} satisfies Prisma.OrderUpdateInput;

const customerPiiCleared = {
  name: ANONYMIZED,
  email: null,
  phone: null,
  externalId: null,
  marketingConsent: false,
  marketingConsentAt: null,
  marketingConsentSource: null,
} satisfies Prisma.CustomerUpdateInput;

export interface RetentionResult {
  orders: number;
  customers: number;
  cutoff: Date;
}

/** Orders whose retention period is over: finished before the cutoff and not anonymised yet. */
export function expiredOrdersWhere(cutoff: Date): Prisma.OrderWhereInput {
  return {
    piiAnonymizedAt: null,
    OR: [
      { status: 'COMPLETED', completedAt: { lt: cutoff } },
      { status: 'CANCELLED', cancelledAt: { lt: cutoff } },
      // Returned orders have no own timestamp: the last change to the order (the return) counts.
      { status: 'RETURNED', updatedAt: { lt: cutoff } },
    ],
  };
}

/**
 * Anonymises every expired order (in batches, each order in its own short transaction with its
 * timeline event), then every customer none of whose orders still needs the data.
 */
export async function anonymizeExpiredPii(db: Db, options: { now?: Date; retentionDays?: number; batchSize?: number; actor?: string } = {}): Promise<RetentionResult> {
  const now = options.now ?? new Date();
  const days = options.retentionDays ?? piiRetentionDays;
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const actor = options.actor ?? 'system';
  const batchSize = options.batchSize ?? 200;
  let orders = 0;

  for (;;) {
    const batch = await db.order.findMany({ where: expiredOrdersWhere(cutoff), select: { id: true, status: true }, orderBy: { id: 'asc' }, take: batchSize });
    if (!batch.length) break;
    for (const order of batch) {
      await db.$transaction(async (tx) => {
        const updated = await tx.order.updateMany({ where: { id: order.id, piiAnonymizedAt: null }, data: { ...orderPiiCleared, piiAnonymizedAt: now } });
        if (!updated.count) return; // another run got there first
        await tx.review.updateMany({ where: { orderId: order.id }, data: { authorName: null } });
        await tx.return.updateMany({ where: { orderId: order.id }, data: { buyerComment: '' } }); // the buyer's words (modules/returns)
        // A carrier's own words can name the buyer ("вручено Иванову И."): they go too; status,
        // time and place of each tracking event stay.
        await tx.trackingEvent.updateMany({ where: { shipment: { orderId: order.id }, message: { not: null } }, data: { message: null } });
        await appendOrderEvent(tx, order.id, {
          type: 'PII_ANONYMIZED',
          actor,
          data: {
            retentionDays: days,
            fields: [
              'shippingAddress.name',
              'shippingAddress.phone',
              'shippingAddress.address1',
              'shippingAddress.address2',
              'shippingAddress.postalCode',
              'buyer',
              'tracking.message',
            ],
          },
        });
        orders++;
      });
    }
    if (batch.length < batchSize) break;
  }

  // Customers: once every order of theirs is anonymised (and they have been around past the cutoff).
  const customers = await db.customer.updateMany({
    where: {
      anonymizedAt: null,
      createdAt: { lt: cutoff },
      orders: { every: { piiAnonymizedAt: { not: null } } },
    },
    data: { ...customerPiiCleared, anonymizedAt: now },
  });
  return { orders, customers: customers.count, cutoff };
}
