import { z } from 'zod';
import { builder } from '../../builder.ts';
import { idempotencyArgs, payloadType, runMutation } from '../common/mutation.ts';
import { Order } from '../orders/order.type.ts';
import { completeOrder, markDelivered } from './delivery.service.ts';
import { uncollectedPickups, type WaitingParcel } from './pickup-reminders.ts';

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

const UncollectedPickup = builder.objectRef<WaitingParcel & { now: Date }>('UncollectedPickup').implement({
  description: 'A parcel left at a pickup point for PICKUP_UNCOLLECTED_DAYS or more while its order waits for delivery: the seller’s to chase.',
  fields: (t) => ({
    order: t.prismaField({
      type: 'Order',
      nullable: true,
      description: 'The order (needs orders:read).',
      resolve: (query, p, _args, ctx) => ctx.db.order.findUnique({ ...query, where: { id: p.orderId } }),
    }),
    trackingNumber: t.exposeString('trackingNumber'),
    carrier: t.exposeString('carrier', { description: "The carrier's name." }),
    pickupPoint: t.exposeString('pickupPoint', { nullable: true, description: 'The pickup point as the carrier names it.' }),
    arrivedAt: t.expose('arrivedAt', { type: 'DateTime', description: 'When the parcel arrived at the pickup point.' }),
    daysWaiting: t.int({ resolve: (p) => Math.floor((p.now.getTime() - p.arrivedAt.getTime()) / 86_400_000) }),
    remindedAt: t.expose('remindedAt', {
      type: 'DateTime',
      nullable: true,
      description: "When the buyer's pickup reminder was queued (pickups.remind); null if none was.",
    }),
  }),
});

builder.queryFields((t) => ({
  uncollectedPickups: t.field({
    authScopes: { permission: 'orders:read' },
    type: [UncollectedPickup],
    description: 'Parcels waiting at a pickup point for PICKUP_UNCOLLECTED_DAYS or more (their orders not delivered yet), longest waiting first.',
    args: { first: t.arg.int({ required: false, defaultValue: 100, validate: z.number().int().min(1).max(500) }) },
    resolve: async (_root, args, ctx) => (await uncollectedPickups(ctx.db, { now: ctx.now, limit: args.first ?? 100 })).map((p) => ({ ...p, now: ctx.now })),
  }),
}));
