// Repeat customers: order statistics, segments, marketing consent and campaign audiences.
// orderCount / spentAmount / firstOrderAt / lastOrderAt are kept on Customer by a trigger on
// "Order" (migration customer_stats_dashboard), so segments are index scans on Customer, not
// aggregations over the orders; what needs the orders themselves (spend per currency, the rating
// given) is read for a whole page of customers in one statement.
import type { Customer, Db, Prisma } from '@orderly/schema';
import { DomainError, userError } from '../../core/errors.ts';
import { config } from '../../core/config.ts';
import type { Tx } from '../../core/transaction.ts';

export const customerSegments = ['REPEAT', 'HIGH_VALUE', 'LAPSED'] as const;
export type CustomerSegment = (typeof customerSegments)[number];

/** A buyer with at least this many orders (not cancelled) is a repeat buyer. */
export const repeatMinOrders = 2;
/** A buyer with no order for this many days is lapsed. */
export const lapsedDays = 90;
/** HIGH_VALUE: spend from CUSTOMER_HIGH_VALUE_MIN_SPENT (minor units) when set, else the top tenth of buyers by spend. */
export const highValueMinSpent = config.CUSTOMER_HIGH_VALUE_MIN_SPENT;

/**
 * The spend from which a buyer is HIGH_VALUE: the configured threshold, or the 90th percentile of
 * the spend of buyers who ordered (one aggregate over Customer). Null when nobody ordered yet.
 * Spend adds order totals in minor units whatever their currency: a seller sells in one.
 */
export async function highValueThreshold(db: Db): Promise<bigint | null> {
  if (highValueMinSpent > 0) return BigInt(highValueMinSpent);
  const [row] = await db.$queryRaw<{ threshold: bigint | null }[]>`
    SELECT percentile_disc(0.9) WITHIN GROUP (ORDER BY "spentAmount") AS threshold FROM "Customer" WHERE "orderCount" > 0 AND "spentAmount" > 0`;
  return row?.threshold ?? null;
}

/** Which customers a segment holds, and the order that reads it off its index (id breaks ties). */
export async function segmentQuery(
  db: Db,
  segment: CustomerSegment,
  now: Date,
): Promise<{ where: Prisma.CustomerWhereInput; orderBy: Prisma.CustomerOrderByWithRelationInput[] }> {
  switch (segment) {
    case 'REPEAT':
      return { where: { orderCount: { gte: repeatMinOrders } }, orderBy: [{ orderCount: 'desc' }, { id: 'desc' }] };
    case 'HIGH_VALUE': {
      const threshold = await highValueThreshold(db);
      // Nobody ordered yet: an empty segment (no id is the nil uuid).
      const where: Prisma.CustomerWhereInput = threshold === null ? { id: '00000000-0000-0000-0000-000000000000' } : { spentAmount: { gte: threshold, gt: 0 } };
      return { where, orderBy: [{ spentAmount: 'desc' }, { id: 'desc' }] };
    }
    case 'LAPSED':
      return { where: { lastOrderAt: { lt: new Date(now.getTime() - lapsedDays * 86_400_000) } }, orderBy: [{ lastOrderAt: 'asc' }, { id: 'asc' }] };
  }
}

/** The segments a customer is in (HIGH_VALUE against the threshold computed once per request). */
export function segmentsOf(c: Pick<Customer, 'orderCount' | 'spentAmount' | 'lastOrderAt'>, now: Date, threshold: bigint | null): CustomerSegment[] {
  const segments: CustomerSegment[] = [];
  if (c.orderCount >= repeatMinOrders) segments.push('REPEAT');
  if (threshold !== null && c.spentAmount > 0n && c.spentAmount >= threshold) segments.push('HIGH_VALUE');
  if (c.lastOrderAt && c.lastOrderAt.getTime() < now.getTime() - lapsedDays * 86_400_000) segments.push('LAPSED');
  return segments;
}

export interface CustomerOrderStats {
  /** Totals of orders not cancelled, per currency. */
  spent: { minorUnits: number; currency: string }[];
  /** The mean rating of the reviews left on this buyer's orders; null without any. */
  averageRating: number | null;
  ratingCount: number;
}

/** Spend per currency and the rating given, for many customers in one statement (Order(customerId) and Review(orderId) indexes). */
export async function customerOrderStats(db: Db, ids: readonly string[]): Promise<Map<string, CustomerOrderStats>> {
  const stats = new Map<string, CustomerOrderStats>(ids.map((id) => [id, { spent: [], averageRating: null, ratingCount: 0 }]));
  if (!ids.length) return stats;
  const rows = await db.$queryRaw<{ id: string; currency: string | null; amount: number | null; rating: number | null; ratings: number | null }[]>`
    WITH spend AS (
      SELECT "customerId" AS id, currency, sum("totalAmount")::float8 AS amount FROM "Order"
       WHERE "customerId" = ANY(${ids}::uuid[]) AND status <> 'CANCELLED' GROUP BY "customerId", currency
    ), rating AS (
      SELECT o."customerId" AS id, avg(r.rating)::float8 AS rating, count(*)::int AS ratings
        FROM "Order" o JOIN "Review" r ON r."orderId" = o.id
       WHERE o."customerId" = ANY(${ids}::uuid[]) GROUP BY o."customerId"
    )
    SELECT id::text, currency::text, amount, NULL::float8 AS rating, NULL::int AS ratings FROM spend
    UNION ALL SELECT id::text, NULL, NULL, rating, ratings FROM rating
    ORDER BY 1, 2`;
  for (const row of rows) {
    const s = stats.get(row.id)!;
    if (row.currency !== null) s.spent.push({ minorUnits: row.amount ?? 0, currency: row.currency });
    else {
      s.averageRating = row.rating;
      s.ratingCount = row.ratings ?? 0;
    }
  }
  return stats;
}

/** Records a buyer's marketing consent or its withdrawal: when, where from and who recorded it (AuditLog). */
export async function recordMarketingConsent(
  tx: Tx,
  params: { customerId: string; consent: boolean; source: string; actor: string; now: Date },
): Promise<{ customerId: string }> {
  const source = params.source.trim();
  if (!source || source.length > 100)
    throw new DomainError(userError('INVALID_INPUT', 'The source of the consent is required (at most 100 characters)', ['input', 'source']));
  const updated = await tx.customer.updateMany({
    where: { id: params.customerId, anonymizedAt: null },
    data: { marketingConsent: params.consent, marketingConsentAt: params.now, marketingConsentSource: source },
  });
  if (!updated.count) throw new DomainError(userError('NOT_FOUND', 'No such customer (or their data was removed)', ['input', 'customerId']));
  await tx.auditLog.create({
    data: {
      actor: params.actor,
      action: params.consent ? 'customer.consent_given' : 'customer.consent_withdrawn',
      subjectType: 'Customer',
      subjectId: params.customerId,
      data: { source },
    },
  });
  return { customerId: params.customerId };
}

/** Buyers a campaign may reach: consent given and recorded (when, where from), data not removed. */
export const reachable: Prisma.CustomerWhereInput = { marketingConsent: true, marketingConsentAt: { not: null }, anonymizedAt: null };

/** At most this many recipients per export call (page on with `after`). */
export const maxExportRows = 5000;

export interface AudienceRecipient {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  channel: string | null;
  orderCount: number;
  lastOrderAt: Date | null;
  marketingConsentAt: Date | null;
}

/**
 * A page of a segment's campaign audience with contact data, for an export. Refused
 * (CONSENT_DATA_MISSING, nothing returned) while any buyer of the segment is marked as consenting
 * without a record of when and where from: such a flag cannot show the consent was given.
 */
export async function campaignAudienceExport(
  db: Db,
  params: { segment: CustomerSegment; now: Date; after?: string | null; limit: number },
): Promise<{ recipients: AudienceRecipient[]; hasMore: boolean }> {
  const { where, orderBy } = await segmentQuery(db, params.segment, params.now);
  const unrecorded = await db.customer.count({ where: { AND: [where, { marketingConsent: true, marketingConsentAt: null, anonymizedAt: null }] } });
  if (unrecorded) {
    throw new DomainError(
      userError(
        'CONSENT_DATA_MISSING',
        `${unrecorded} buyer(s) of this segment are marked as consenting without a record of when and where from: record their consent (recordMarketingConsent) or withdraw it, then export`,
        ['segment'],
      ),
    );
  }
  const rows = await db.customer.findMany({
    where: { AND: [where, reachable] },
    orderBy,
    ...(params.after ? { cursor: { id: params.after }, skip: 1 } : {}),
    take: params.limit + 1,
    select: { id: true, name: true, email: true, phone: true, channel: true, orderCount: true, lastOrderAt: true, marketingConsentAt: true },
  });
  return { recipients: rows.slice(0, params.limit), hasMore: rows.length > params.limit };
}

const csvColumns = ['id', 'name', 'email', 'phone', 'channel', 'orders', 'lastOrderAt', 'consentAt'] as const;

/** RFC 4180 CSV; a cell a spreadsheet would run as a formula (=, +, -, @) is prefixed with '. */
export function audienceCsv(recipients: readonly AudienceRecipient[], encodeId: (id: string) => string): string {
  const cell = (value: string | number | null) => {
    let text = value === null ? '' : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = recipients.map((r) =>
    [encodeId(r.id), r.name, r.email, r.phone, r.channel, r.orderCount, r.lastOrderAt?.toISOString() ?? null, r.marketingConsentAt?.toISOString() ?? null]
      .map(cell)
      .join(','),
  );
  return [csvColumns.join(','), ...lines].join('\r\n') + '\r\n';
}
