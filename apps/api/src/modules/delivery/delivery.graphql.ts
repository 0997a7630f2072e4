import { z } from 'zod';
import { builder } from '../../builder.ts';
import { idempotencyArgs, payloadType, runMutation } from '../common/mutation.ts';
import { Order } from '../orders/order.type.ts';
import { completeOrder, markDelivered } from './delivery.service.ts';

const DeliveryPayload = payloadType<{ orderId: string }>('DeliveryPayload', {
  description: 'The order after the change, or userErrors saying why nothing changed.',
  fields: (t) => ({
    order: t.prismaField({
      type: 'Order',
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.orderId ? ctx.db.order.findUnique({ ...query, where: { id: p.orderId } }) : null),
    }),
  }),
});

builder.mutationFields((t) => ({
  markDelivered: t.field({
    authScopes: { permission: 'orders:write' },
    type: DeliveryPayload,
    description:
      'Confirm a delivery by hand (the buyer confirmed it, the pickup point receipt) when tracking does not show it: a shipped, in-transit or exception order becomes DELIVERED, with the reason on its timeline. An order already DELIVERED is returned unchanged.',
    args: {
      orderId: t.arg.globalID({ for: Order }),
      reason: t.arg.string({ validate: z.string().max(500, 'At most 500 characters') }),
      deliveredAt: t.arg({ type: 'DateTime', required: false, description: 'When it was delivered; now when omitted.' }),
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'markDelivered', args, (tx, actor) =>
        markDelivered(tx, { orderId: args.orderId.id, reason: args.reason, deliveredAt: args.deliveredAt, actor, now: ctx.now }),
      ),
  }),

  completeOrder: t.field({
    authScopes: { permission: 'orders:write' },
    type: DeliveryPayload,
    description:
      'Complete a delivered order before its return window ends (orders.autocomplete does it after the window). Refused (OPEN_CASES) while a return or delivery exception is open. A completed order is returned unchanged.',
    args: { orderId: t.arg.globalID({ for: Order }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => runMutation(ctx, 'completeOrder', args, (tx, actor) => completeOrder(tx, { orderId: args.orderId.id, actor, now: ctx.now })),
  }),
}));
