// returnStats: return statistics over a date range (return-stats.ts), for managers' dashboards and
// the product-content work (which products come back, why, and in what condition).
import { z } from 'zod';
import { builder } from '../../builder.ts';
import { Product } from '../catalog/product.type.ts';
import { type ReturnStats, returnStats } from './return-stats.ts';
import { ReturnReasonEnum, ReturnStatusEnum } from './returns.graphql.ts';

const DAY = 86_400_000;
/** The longest range asked for at once (a year and a day: a leap year with its end). */
const maxRangeDays = 367;

const ReturnStatusCount = builder.objectRef<ReturnStats['byStatus'][number]>('ReturnStatusCount').implement({
  fields: (t) => ({ status: t.field({ type: ReturnStatusEnum, resolve: (r) => r.status }), count: t.exposeInt('count') }),
});

const ReturnReasonCount = builder.objectRef<ReturnStats['topReasons'][number]>('ReturnReasonCount').implement({
  description: "A reason (the line's, else its return's) with the returns and units it was given for.",
  fields: (t) => ({ reason: t.field({ type: ReturnReasonEnum, resolve: (r) => r.reason }), returns: t.exposeInt('returns'), units: t.exposeInt('units') }),
});

const ReturnedProduct = builder.objectRef<ReturnStats['topProducts'][number]>('ReturnedProduct').implement({
  description: 'A product sent back in the range: its returns and units, and how the inspected units came back.',
  fields: (t) => ({
    product: t.prismaField({
      type: Product,
      nullable: true,
      description: 'Needs products:read.',
      resolve: (query, r, _args, ctx) => ctx.db.product.findUnique({ ...query, where: { id: r.productId } }),
    }),
    sku: t.exposeString('sku'),
    name: t.exposeString('name'),
    returns: t.exposeInt('returns'),
    units: t.exposeInt('units', { description: 'Units requested back.' }),
    resellable: t.exposeInt('resellable', { description: 'Inspected units put back into stock.' }),
    damaged: t.exposeInt('damaged'),
    missing: t.exposeInt('missing', { description: 'Units that were not in the parcel.' }),
  }),
});

const RefundTotal = builder.objectRef<ReturnStats['refunded'][number]>('RefundTotal').implement({
  description: 'Refunds in one currency.',
  fields: (t) => ({
    minorUnits: t.float({ description: 'Their sum in minor units (a whole number; Float, as a sum may exceed 32 bits).', resolve: (r) => r.amount }),
    currency: t.exposeString('currency'),
    count: t.exposeInt('count'),
  }),
});

export const ReturnStatsType = builder.objectRef<ReturnStats>('ReturnStats').implement({
  description: 'Returns requested in a date range (refunds: recorded in it).',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', resolve: (s) => s.range.from }),
    to: t.field({ type: 'DateTime', resolve: (s) => s.range.to }),
    returns: t.exposeInt('returns', { description: 'Returns requested in the range, whatever became of them.' }),
    units: t.exposeInt('units', { description: 'Units they asked to send back.' }),
    ordersReturned: t.exposeInt('ordersReturned', { description: 'Distinct orders with a return requested in the range.' }),
    ordersDelivered: t.exposeInt('ordersDelivered', { description: 'Orders delivered in the range.' }),
    returnRate: t.float({
      nullable: true,
      description: 'ordersReturned ÷ ordersDelivered (0.05 = 5 %); null when nothing was delivered in the range.',
      resolve: (s) => (s.ordersDelivered ? s.ordersReturned / s.ordersDelivered : null),
    }),
    byStatus: t.field({ type: [ReturnStatusCount], description: 'Where those returns are now, largest first.', resolve: (s) => s.byStatus }),
    topReasons: t.field({ type: [ReturnReasonCount], description: 'Reasons by units, most first.', resolve: (s) => s.topReasons }),
    topProducts: t.field({ type: [ReturnedProduct], description: 'Products by units returned, most first.', resolve: (s) => s.topProducts }),
    refunded: t.field({ type: [RefundTotal], description: 'Refunds recorded in the range, per currency.', resolve: (s) => s.refunded }),
  }),
});

const ReturnStatsRangeInput = builder.inputType('ReturnStatsRangeInput', {
  description: `From (inclusive) to (exclusive); at most ${maxRangeDays} days.`,
  fields: (t) => ({ from: t.field({ type: 'DateTime', required: true }), to: t.field({ type: 'DateTime', required: true }) }),
});

builder.queryFields((t) => ({
  returnStats: t.field({
    type: ReturnStatsType,
    authScopes: { permission: 'returns:read' },
    description:
      'Return statistics over a date range: the return rate, returns per status, the top reasons and most returned products (with how their units came back) and refunds — aggregated in the database.',
    args: {
      range: t.arg({
        type: ReturnStatsRangeInput,
        validate: z
          .object({ from: z.date(), to: z.date() })
          .refine((r) => r.to.getTime() > r.from.getTime(), { message: '`to` must be after `from`', path: ['to'] })
          .refine((r) => r.to.getTime() - r.from.getTime() <= maxRangeDays * DAY, { message: `At most ${maxRangeDays} days at once`, path: ['to'] }),
      }),
      channel: t.arg.string({ required: false, description: 'One channel; every channel when omitted.' }),
      limit: t.arg.int({ required: false, defaultValue: 10, description: 'Length of topReasons and topProducts (1–50).', validate: z.number().int().min(1).max(50) }),
    },
    resolve: (_root, args, ctx) => returnStats(ctx.db, { range: args.range, channel: args.channel, limit: args.limit ?? 10 }),
  }),
}));
