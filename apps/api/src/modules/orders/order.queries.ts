import { z } from 'zod';
import { builder } from '../../builder.ts';
import { HoldReasonEnum, OrderStatusEnum } from './order-status.ts';
import { Order } from './order.type.ts';
import { countOrdersByStatus, orderWhere } from './order.service.ts';
import { canReadPii } from '../customers/pii.ts';

const OrderStatusCount = builder
  .objectRef<{ status: (typeof OrderStatusEnum)['$inferType']; count: number }>('OrderStatusCount')
  .implement({
    fields: (t) => ({
      status: t.expose('status', { type: OrderStatusEnum }),
      count: t.exposeInt('count'),
    }),
  });

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
        search: t.arg.string({
          required: false,
          description: 'Order number ("1042" or "#1042"), external id, SKU, or recipient name (for callers who may read buyer data).',
          validate: z.string().max(100),
        }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.db.order.findMany({ ...query, where: orderWhere(args, { searchBuyerData: canReadPii(ctx) }), orderBy: [{ shipBy: 'asc' }, { id: 'asc' }] }),
      totalCount: (_connection, args, ctx) => ctx.db.order.count({ where: orderWhere(args, { searchBuyerData: canReadPii(ctx) }) }),
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
