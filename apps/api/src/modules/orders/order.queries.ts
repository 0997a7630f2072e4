import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { z } from 'zod';
import { builder } from '../../builder.ts';
import { HoldReasonEnum, OrderStatusEnum } from './order-status.ts';
import { Order } from './order.type.ts';
import { countOrders, countOrdersByStatus, orderPage, pageRowsSql } from './order-list.ts';
import { canReadPii } from '../customers/pii.ts';

const OrderStatusCount = builder.objectRef<{ status: (typeof OrderStatusEnum)['$inferType']; count: number }>('OrderStatusCount').implement({
  fields: (t) => ({
    status: t.expose('status', { type: OrderStatusEnum }),
    count: t.exposeInt('count'),
  }),
});

/** Whether the connection under `info` asks for `field` (directly, or in a fragment on the connection). */
function selects(info: GraphQLResolveInfo, field: string): boolean {
  const inSet = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((s) =>
      s.kind === Kind.FIELD ? s.name.value === field : s.kind === Kind.INLINE_FRAGMENT ? inSet(s.selectionSet) : inSet(info.fragments[s.name.value]?.selectionSet),
    );
  return info.fieldNodes.some((node) => inSet(node.selectionSet));
}

/** The total count found with the page (orderPage), for the connection's totalCount; keyed by the field's args. */
const countedWithPage = new WeakMap<object, number>();

builder.queryFields((t) => ({
  orders: t.prismaConnection(
    {
      authScopes: { permission: 'orders:read' },
      type: Order,
      cursor: 'id',
      description: 'Orders, most urgent ship-by deadline first (keyset pagination on the deadline and id).',
      args: {
        status: t.arg({ type: [OrderStatusEnum], required: false }),
        channel: t.arg.stringList({ required: false, description: 'Channel codes, e.g. ["ozon"].' }),
        holdReason: t.arg({ type: [HoldReasonEnum], required: false }),
        shipByBefore: t.arg({ type: 'DateTime', required: false, description: 'Only orders due before this time.' }),
        domesticOverdue: t.arg.boolean({
          required: false,
          description: 'Cross-border: true, only orders whose domestic (in-China) parcel is overdue (as Order.domesticOverdue); false, only the others.',
        }),
        search: t.arg.string({
          required: false,
          description: 'Order number ("1042" or "#1042"), external id (whole or its beginning), SKU, or recipient phone or name (for callers who may read buyer data).',
          // PostgreSQL text cannot hold NUL: such a term could match nothing and would fail in SQL.
          validate: z
            .string()
            .max(100)
            .refine((s) => !s.includes('\u0000'), 'Search must not contain NUL characters'),
        }),
      },
      resolve: async ({ cursor, take, skip: _skip, ...selection }, _root, args, ctx, info) => {
        // The page's ids by keyset in SQL, with the total count when it is asked for and the rows
        // (as JSON, the objects Prisma would return) when the selection allows, in one statement;
        // otherwise Prisma loads the rows (and the relations asked for).
        const withCount = selects(info, 'totalCount');
        type Row = Awaited<ReturnType<typeof ctx.db.order.findMany>>[number];
        const page = await orderPage<Row>(
          ctx.db,
          { ...args, now: ctx.now },
          { cursor, take },
          { searchBuyerData: canReadPii(ctx), withCount, rows: pageRowsSql(selection) },
        );
        if (withCount) countedWithPage.set(args, page.count!);
        if (page.ids.length === 0) return [];
        const rows = page.rows ?? new Map((await ctx.db.order.findMany({ ...selection, where: { id: { in: page.ids } } })).map((row) => [row.id, row]));
        return page.ids.flatMap((id) => rows.get(id) ?? []);
      },
      totalCount: (_connection, args, ctx) => countedWithPage.get(args) ?? countOrders(ctx.db, { ...args, now: ctx.now }, { searchBuyerData: canReadPii(ctx) }),
    },
    { description: 'A page of orders.' },
  ),
  order: t.prismaField({
    authScopes: { permission: 'orders:read' },
    type: Order,
    nullable: true,
    description: 'One order by its global id.',
    args: { id: t.arg.globalID({ for: Order }) },
    resolve: (query, _root, args, ctx) => ctx.db.order.findUnique({ ...query, where: { id: args.id.id } }),
  }),
  orderStatusCounts: t.field({
    authScopes: { permission: 'orders:read' },
    type: [OrderStatusCount],
    description: 'How many orders are in each status (statuses with none are omitted).',
    resolve: (_root, _args, ctx) => countOrdersByStatus(ctx.db),
  }),
}));
