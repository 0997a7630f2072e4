// dashboard(range:): the manager's picture of the business over a date range (dashboard.service.ts).
import { z } from 'zod';
import { builder } from '../../builder.ts';
import { MoneySum } from '../common/money.ts';
import { ReturnStatsType } from '../returns/return-stats.graphql.ts';
import { PromotionResultType } from '../promotions/promotions.graphql.ts';
import { promotionReport } from '../promotions/promotions.service.ts';
import { lateRiskHours } from '../orders/late-risk.ts';
import { statusesBeforeShipping } from '../orders/order-status.ts';
import { type Dashboard, dashboard, dashboardTopN } from './dashboard.service.ts';

const DAY = 86_400_000;
/** The longest range asked for at once (a year and a day). */
const maxRangeDays = 367;

const OrdersPerDay = builder.objectRef<Dashboard['ordersPerDay'][number]>('DashboardOrdersPerDay').implement({
  description: 'Orders placed on one local day on one channel (cancelled ones included: they were placed).',
  fields: (t) => ({
    day: t.exposeString('day', { description: 'YYYY-MM-DD in the time zone asked for.' }),
    channel: t.exposeString('channel'),
    orders: t.exposeInt('orders'),
  }),
});

const RatingPoint = builder.objectRef<Dashboard['ratingTrend'][number]>('DashboardRatingPoint').implement({
  description: 'Reviews published in one day or week (see ratingTrendUnit) and their mean rating.',
  fields: (t) => ({
    period: t.exposeString('period', { description: 'The first day of the period, YYYY-MM-DD (weeks start on Monday).' }),
    averageRating: t.exposeFloat('averageRating'),
    reviews: t.exposeInt('reviews'),
  }),
});

const ProductSales = builder.objectRef<Dashboard['topProductsBySales'][number]>('DashboardProductSales').implement({
  description: 'A product sold in the range: units and line totals (one currency).',
  fields: (t) => ({
    productId: t.exposeID('productId'),
    sku: t.exposeString('sku'),
    name: t.exposeString('name'),
    units: t.exposeInt('units'),
    revenue: t.field({ type: MoneySum, resolve: (p) => ({ minorUnits: p.revenue, currency: p.currency }) }),
  }),
});

const TrendUnit = builder.enumType('DashboardTrendUnit', { values: ['DAY', 'WEEK'] as const });

const DashboardType = builder.objectRef<Dashboard>('Dashboard').implement({
  description: 'How the business is doing over a date range (orders by placedAt); lateRiskNow and openExceptions are as of now.',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', resolve: (d) => d.range.from }),
    to: t.field({ type: 'DateTime', resolve: (d) => d.range.to }),
    timeZone: t.exposeString('timeZone'),
    ordersPerDay: t.field({ type: [OrdersPerDay], resolve: (d) => d.ordersPerDay }),
    orders: t.exposeInt('orders', { description: 'Orders placed in the range, not cancelled.' }),
    revenue: t.field({ type: [MoneySum], description: 'Their totals per currency.', resolve: (d) => d.revenue }),
    shippedOnTime: t.exposeInt('shippedOnTime', { description: 'Of those, shipped by their ship-by.' }),
    shipDue: t.exposeInt('shipDue', { description: 'Of those, shipped or past their ship-by: the on-time rate’s denominator.' }),
    onTimeRate: t.float({
      nullable: true,
      description: 'shippedOnTime ÷ shipDue (0.95 = 95 %); null when nothing was due.',
      resolve: (d) => (d.shipDue ? d.shippedOnTime / d.shipDue : null),
    }),
    lateRiskNow: t.exposeInt('lateRiskNow', { description: 'Open orders not shipped whose ship-by is near or past, now.' }),
    openExceptions: t.exposeInt('openExceptions', { description: 'Delivery exceptions not resolved, now.' }),
    ratingTrendUnit: t.field({ type: TrendUnit, resolve: (d) => d.ratingTrendUnit }),
    ratingTrend: t.field({ type: [RatingPoint], resolve: (d) => d.ratingTrend }),
    topProductsBySales: t.field({ type: [ProductSales], description: `The ${dashboardTopN} products with most units sold.`, resolve: (d) => d.topProductsBySales }),
    returns: t.field({
      type: ReturnStatsType,
      description: `Returns requested in the range: the return rate, top reasons and most returned products (${dashboardTopN} each).`,
      resolve: (d) => d.returns,
    }),
    promotions: t.field({
      type: [PromotionResultType],
      description:
        'What each promotion did on the orders placed in the range (every channel: promotions apply where Orderly prices the order), the costliest first — promotionReport.',
      resolve: (d, _args, ctx) => promotionReport(ctx.db, d.range),
    }),
  }),
});

const DashboardRangeInput = builder.inputType('DashboardRangeInput', {
  description: `From (inclusive) to (exclusive); at most ${maxRangeDays} days.`,
  fields: (t) => ({ from: t.field({ type: 'DateTime', required: true }), to: t.field({ type: 'DateTime', required: true }) }),
});

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

builder.queryFields((t) => ({
  dashboard: t.field({
    type: DashboardType,
    authScopes: { permission: 'dashboard:read' },
    description:
      'The manager dashboard: orders per day by channel, on-time shipping, late risk, open exceptions, returns, the rating trend and top products — aggregated in the database.',
    args: {
      range: t.arg({
        type: DashboardRangeInput,
        required: true,
        validate: z
          .object({ from: z.date(), to: z.date() })
          .refine((r) => r.to.getTime() > r.from.getTime(), { message: '`to` must be after `from`', path: ['to'] })
          .refine((r) => r.to.getTime() - r.from.getTime() <= maxRangeDays * DAY, { message: `At most ${maxRangeDays} days at once`, path: ['to'] }),
      }),
      channel: t.arg.string({ required: false, description: 'One channel; every channel when omitted.', validate: z.string().max(32) }),
      timeZone: t.arg.string({
        required: false,
        defaultValue: 'UTC',
        description: 'IANA time zone the days and weeks are counted in (Europe/Moscow, Asia/Shanghai).',
        validate: z.string().max(64).refine(isTimeZone, 'Unknown time zone'),
      }),
    },
    resolve: (_root, args, ctx) =>
      dashboard(ctx.db, {
        range: args.range,
        channel: args.channel,
        timeZone: args.timeZone ?? 'UTC',
        now: ctx.now,
        lateRisk: { statuses: statusesBeforeShipping, hours: lateRiskHours },
      }),
  }),
}));
