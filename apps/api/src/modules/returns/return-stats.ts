// Return statistics over a date range for managers and the product-content work: the return rate,
// returns per status, the top reasons and the most returned products (with how their units came
// back: resellable, damaged, missing) and the money refunded. Everything is aggregated in SQL — a
// handful of grouped statements over the range's rows, using the createdAt / deliveredAt indexes —
// so the answer costs the same whatever the number of orders.
import { Prisma, type ReturnReason, type ReturnStatus } from '@orderly/schema';
import type { Db } from '@orderly/schema';

export interface ReturnStatsRange {
  from: Date;
  /** Exclusive. */
  to: Date;
}

export interface ReturnStats {
  range: ReturnStatsRange;
  /** Returns requested in the range (any status). */
  returns: number;
  /** Returned units requested in the range. */
  units: number;
  /** Orders delivered in the range: the return rate's denominator. */
  ordersDelivered: number;
  /** Distinct orders with a return requested in the range. */
  ordersReturned: number;
  byStatus: { status: ReturnStatus; count: number }[];
  topReasons: { reason: ReturnReason; returns: number; units: number }[];
  topProducts: { productId: string; sku: string; name: string; returns: number; units: number; resellable: number; damaged: number; missing: number }[];
  /** Refunds recorded in the range, per currency. */
  refunded: { amount: number; currency: string; count: number }[];
}

export async function returnStats(db: Db, params: { range: ReturnStatsRange; channel?: string | null; limit: number }): Promise<ReturnStats> {
  const { from, to } = params.range;
  const channel = params.channel?.trim() || null;
  const onChannel = (alias: string) => (channel ? Prisma.sql`AND ${Prisma.raw(alias)}."channel" = ${channel}` : Prisma.empty);
  const inRange = Prisma.sql`r."createdAt" >= ${from} AND r."createdAt" < ${to} ${onChannel('r')}`;

  const [totals, delivered, byStatus, topReasons, topProducts, refunded] = await Promise.all([
    db.$queryRaw<{ returns: number; orders: number; units: number }[]>`
      SELECT count(*)::int AS returns, count(DISTINCT r."orderId")::int AS orders,
             coalesce((SELECT sum(l.quantity) FROM "ReturnLine" l JOIN "Return" r ON r.id = l."returnId" WHERE ${inRange}), 0)::int AS units
      FROM "Return" r WHERE ${inRange}`,
    db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "Order" o WHERE o."deliveredAt" >= ${from} AND o."deliveredAt" < ${to} ${onChannel('o')}`,
    db.$queryRaw<{ status: ReturnStatus; count: number }[]>`
      SELECT r.status, count(*)::int AS count FROM "Return" r WHERE ${inRange} GROUP BY r.status ORDER BY count DESC, r.status`,
    db.$queryRaw<{ reason: ReturnReason; returns: number; units: number }[]>`
      SELECT l.reason, count(DISTINCT l."returnId")::int AS returns, sum(l.quantity)::int AS units
      FROM "ReturnLine" l JOIN "Return" r ON r.id = l."returnId" WHERE ${inRange}
      GROUP BY l.reason ORDER BY units DESC, returns DESC, l.reason LIMIT ${params.limit}`,
    db.$queryRaw<ReturnStats['topProducts']>`
      WITH lines AS (
        SELECT ol."productId", l.id, l."returnId", l.quantity
        FROM "ReturnLine" l JOIN "Return" r ON r.id = l."returnId" JOIN "OrderLine" ol ON ol.id = l."orderLineId"
        WHERE ${inRange}
      ), top AS (
        SELECT "productId", count(DISTINCT "returnId")::int AS returns, sum(quantity)::int AS units
        FROM lines GROUP BY "productId" ORDER BY units DESC, returns DESC, "productId" LIMIT ${params.limit}
      )
      SELECT top."productId", p.sku, p.name, top.returns, top.units,
             coalesce(sum(i.quantity) FILTER (WHERE i.condition = 'RESELLABLE'), 0)::int AS resellable,
             coalesce(sum(i.quantity) FILTER (WHERE i.condition = 'DAMAGED'), 0)::int AS damaged,
             coalesce(sum(i.quantity) FILTER (WHERE i.condition = 'MISSING'), 0)::int AS missing
      FROM top JOIN "Product" p ON p.id = top."productId"
      LEFT JOIN lines ON lines."productId" = top."productId"
      LEFT JOIN "ReturnInspection" i ON i."returnLineId" = lines.id
      GROUP BY top."productId", p.sku, p.name, top.returns, top.units
      ORDER BY top.units DESC, top.returns DESC, top."productId"`,
    db.$queryRaw<{ amount: number; currency: string; count: number }[]>`
      SELECT sum(f.amount)::bigint::float8 AS amount, f.currency, count(*)::int AS count
      FROM "Refund" f JOIN "Return" r ON r.id = f."returnId"
      WHERE f."createdAt" >= ${from} AND f."createdAt" < ${to} ${onChannel('r')}
      GROUP BY f.currency ORDER BY f.currency`,
  ]);
  return {
    range: params.range,
    returns: totals[0]?.returns ?? 0,
    units: totals[0]?.units ?? 0,
    ordersReturned: totals[0]?.orders ?? 0,
    ordersDelivered: delivered[0]?.n ?? 0,
    byStatus,
    topReasons,
    topProducts,
    refunded,
  };
}
