import { builder } from '../../builder.ts';
import { idempotencyArgs, payloadType, runMutation } from '../common/mutation.ts';
import { DeliveryException } from '../exceptions/exceptions.graphql.ts';
import { Order } from '../orders/order.type.ts';
import { contactBuyer, contactTemplates } from './contact-buyer.ts';
import { buyerNoticeKinds, orderNotifications, type OrderNotification } from './notifier.ts';
import { buyerTemplates } from './templates.ts';

const BuyerNoticeKindEnum = builder.enumType('BuyerNoticeKind', {
  description: 'What a buyer notice is about; CONTACT_BUYER is a free message staff sent from a template.',
  values: buyerNoticeKinds,
});
const BuyerTemplateEnum = builder.enumType('BuyerMessageTemplate', {
  description: "A buyer message's template, written in the buyer's language (zh-CN, ru, en; by the shipping country).",
  values: buyerTemplates,
});
const ContactTemplateEnum = builder.enumType('ContactBuyerTemplate', {
  description:
    'What contactBuyer sends: DELIVERY_DELAYED, PICKUP_REMINDER, CLAIM_UPDATE, RESHIP_SENT (names the reship’s parcels), DELIVERY_CHECK (did it arrive?), ADDRESS_CHECK (the carrier could not deliver).',
  values: contactTemplates,
});
const NotificationStatusEnum = builder.enumType('BuyerNotificationStatus', {
  description: 'QUEUED (not tried yet), SENT, FAILED_RETRYING (a send failed; it is tried again at nextAttemptAt).',
  values: ['QUEUED', 'SENT', 'FAILED_RETRYING'] as const,
});

const BuyerNotification = builder.objectRef<OrderNotification>('BuyerNotification').implement({
  description: 'A notice to the buyer and how its sending went (no buyer data).',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.field({ type: BuyerNoticeKindEnum, resolve: (n) => n.kind }),
    template: t.field({ type: BuyerTemplateEnum, resolve: (n) => n.template }),
    status: t.field({ type: NotificationStatusEnum, resolve: (n) => n.status }),
    attempts: t.exposeInt('attempts', { description: 'Failed sends so far.' }),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', nullable: true, description: 'When it is sent (again); null once sent.' }),
    lastError: t.exposeString('lastError', { nullable: true, description: "The last failure's kind and code (never its text: it may quote the buyer's address)." }),
    queuedAt: t.expose('queuedAt', { type: 'DateTime' }),
    sentAt: t.expose('sentAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.prismaObjectFields('Order', (t) => ({
  notifications: t.field({
    type: [BuyerNotification],
    description: 'Its buyer notices, oldest first, with their sending status (sent ones until OUTBOX_RETENTION_DAYS; the timeline keeps them for good).',
    select: { id: true },
    resolve: (order, _args, ctx) => orderNotifications(ctx.db, order.id),
  }),
}));

const ContactBuyerPayload = payloadType<{ orderId: string; notificationId: string }>('ContactBuyerPayload', {
  description: 'The order and the queued notice, or userErrors saying why nothing was queued.',
  fields: (t) => ({
    order: t.prismaField({
      type: 'Order',
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.orderId ? ctx.db.order.findUnique({ ...query, where: { id: p.orderId } }) : null),
    }),
    notification: t.field({
      type: BuyerNotification,
      nullable: true,
      resolve: async (p, _args, ctx) => (p.orderId ? ((await orderNotifications(ctx.db, p.orderId)).find((n) => n.id === p.notificationId) ?? null) : null),
    }),
  }),
});

builder.mutationFields((t) => ({
  contactBuyer: t.field({
    authScopes: { permission: 'exceptions:manage' },
    type: ContactBuyerPayload,
    description:
      "Write to the buyer of a shipped order (give the order or one of its delivery exceptions) from a template, in the buyer's language, through the configured channel; queued now, sent by the notifications.send job (failed sends retry and show on Order.notifications). Logged on the order's timeline (NOTIFICATION_QUEUED). Refused for orders not shipped or cancelled.",
    args: {
      orderId: t.arg.globalID({ for: Order, required: false }),
      exceptionId: t.arg.globalID({ for: DeliveryException, required: false }),
      template: t.arg({ type: ContactTemplateEnum }),
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'contactBuyer', args, (tx, actor) =>
        contactBuyer(tx, { orderId: args.orderId?.id, exceptionId: args.exceptionId?.id, template: args.template, actor }),
      ),
  }),
}));
