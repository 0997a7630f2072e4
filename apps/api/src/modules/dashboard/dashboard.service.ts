// The manager dashboard: how the business is doing over a date range, in a handful of grouped
// statements, each bounded by an index: orders by Order(placedAt), late risk by
// Order(status, shipBy, id), open exceptions by ExceptionCase(status, …), reviews by
// Review(publishedAt); returns come from returnStats (modules/returns). Nothing is aggregated in
// JavaScript beyond adding up a few grouped rows.
import { Prisma, type Db, type OrderStatus } from '@orderly/schema';
import { returnStats, type ReturnStats } from '../returns/return-stats.ts';

export interface DashboardRange {
  from: Date;
  /** Exclusive. */
  to: Date;
}

/** Exception states that still need someone (modules/exceptions). */
const openExceptionStatuses = ['OPEN', 'WAITING_FOR_CARRIER', 'WAITING_FOR_BUYER'] as const;
/** Ranges up to this many days get a daily rating trend; longer ones a weekly one. */
const dailyTrendMaxDays = 31;
/** Length of the top-products lists and return reasons. */
export const dashboardTopN = 5;

export interface Dashboard {
  range: DashboardRange;
  timeZone: string;
  /** Orders placed per local day and channel (days without orders are absent). */
  ordersPerDay: { day: string; channel: string; orders: number }[];
  /** Orders placed in the range (not cancelled) and their totals per currency. */
  orders: number;
  revenue: { minorUnits: number; currency: string }[];
  /** Of the range's orders that shipped or are past ship-by: how many shipped by ship-by. */
  shippedOnTime: number;
  shipDue: number;
  /** Now, whatever the range: open orders near or past ship-by, and exceptions still open. */
  lateRiskNow: number;
  openExceptions: number;
  ratingTrendUnit: 'DAY' | 'WEEK';
  ratingTrend: { period: string; averageRating: number; reviews: number }[];
  topProductsBySales: { productId: string; sku: string; name: string; units: number; revenue: number; currency: string }[];
  returns: ReturnStats;
}

/** `lateRisk`: the rule of orders/late-risk.ts (statuses before shipping, hours before ship-by), passed in to keep this module free of GraphQL. */
export async function dashboard(
  db: Db,
  params: { range: DashboardRange; channel?: string | null; timeZone: string; now: Date; lateRisk: { statuses: readonly OrderStatus[]; hours: number } },
): Promise<Dashboard> {
  const { from, to } = params.range;
  const { timeZone, now } = params;
  const channel = params.channel?.trim().toLowerCase() || null;
  const onChannel = (alias: string) => (channel ? Prisma.sql`AND ${Prisma.raw(alias)}."channel" = ${channel}` : Prisma.empty);
  const placed = Prisma.sql`o."placedAt" >= ${from} AND o."placedAt" < ${to} ${onChannel('o')}`;
  const unit = to.getTime() - from.getTime() <= dailyTrendMaxDays * 86_400_000 ? 'day' : 'week';
  const beforeShipping = params.lateRisk.statuses.map((s) => Prisma.sql`${s}::"OrderStatus"`);
  const riskBefore = new Date(now.getTime() + params.lateRisk.hours * 3_600_000);

  const [perDay, totals, current, trend, topSales, returns] = await Promise.all([
    db.$queryRaw<Dashboard['ordersPerDay']>`
      SELECT to_char(date_trunc('day', o."placedAt" AT TIME ZONE ${timeZone}), 'YYYY-MM-DD') AS day, o.channel, count(*)::int AS orders
        FROM "Order" o WHERE ${placed}
       GROUP BY 1, 2 ORDER BY 1, 2`,
    db.$queryRaw<{ currency: string; orders: number; revenue: number; onTime: number; due: number }[]>`
      SELECT o.currency::text AS currency, count(*)::int AS orders, sum(o."totalAmount")::float8 AS revenue,
             count(*) FILTER (WHERE o."shippedAt" <= o."shipBy")::int AS "onTime",
             count(*) FILTER (WHERE o."shippedAt" IS NOT NULL OR o."shipBy" < ${now})::int AS due
        FROM "Order" o WHERE ${placed} AND o.status <> 'CANCELLED'
       GROUP BY o.currency ORDER BY o.currency`,
    db.$queryRaw<{ lateRisk: number; exceptions: number }[]>`
      SELECT (SELECT count(*) FROM "Order" o WHERE o.status IN (${Prisma.join(beforeShipping)}) AND o."shipBy" <= ${riskBefore} ${onChannel('o')})::int AS "lateRisk",
             (SELECT count(*) FROM "ExceptionCase" e ${channel ? Prisma.sql`JOIN "Order" o ON o.id = e."orderId"` : Prisma.empty}
               WHERE e.status IN (${Prisma.join(openExceptionStatuses.map((s) => Prisma.sql`${s}::"ExceptionStatus"`))}) ${onChannel('o')})::int AS exceptions`,
    db.$queryRaw<Dashboard['ratingTrend']>`
      SELECT to_char(date_trunc(${unit}, r."publishedAt" AT TIME ZONE ${timeZone}), 'YYYY-MM-DD') AS period,
             avg(r.rating)::float8 AS "averageRating", count(*)::int AS reviews
        FROM "Review" r WHERE r."publishedAt" >= ${from} AND r."publishedAt" < ${to} ${onChannel('r')}
       GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<Dashboard['topProductsBySales']>`
      WITH top AS (
        SELECT l."productId", o.currency, sum(l.quantity)::int AS units, sum(l."totalAmount")::float8 AS revenue
          FROM "Order" o JOIN "OrderLine" l ON l."orderId" = o.id
         WHERE ${placed} AND o.status <> 'CANCELLED'
         GROUP BY l."productId", o.currency ORDER BY units DESC, revenue DESC, l."productId" LIMIT ${dashboardTopN}
      )
      SELECT top."productId", p.sku, p.name, top.units, top.revenue, top.currency::text AS currency
        FROM top JOIN "Product" p ON p.id = top."productId" ORDER BY top.units DESC, top.revenue DESC, top."productId"`,
    returnStats(db, { range: params.range, channel, limit: dashboardTopN }),
  ]);
  const sum = (key: 'orders' | 'onTime' | 'due') => totals.reduce((n, row) => n + row[key], 0);
  return {
    range: params.range,
    timeZone,
    ordersPerDay: perDay,
    orders: sum('orders'),
    revenue: totals.map((row) => ({ minorUnits: row.revenue, currency: row.currency })),
    shippedOnTime: sum('onTime'),
    shipDue: sum('due'),
    lateRiskNow: current[0]?.lateRisk ?? 0,
    openExceptions: current[0]?.exceptions ?? 0,
    ratingTrendUnit: unit === 'day' ? 'DAY' : 'WEEK',
    ratingTrend: trend,
    topProductsBySales: topSales,
    returns,
  };
}
