import { ExceptionKind, ExceptionResolution, ExceptionStatus } from '@orderly/schema';
import { z } from 'zod';
import { builder } from '../../builder.ts';
import { idempotencyArgs, payloadType, runMutation } from '../common/mutation.ts';
import { Order } from '../orders/order.type.ts';
import { endException, openException, updateException } from './exceptions.service.ts';

const ExceptionKindEnum = builder.enumType(ExceptionKind, { name: 'ExceptionKind', description: 'What went wrong after shipment.' });
const ExceptionStatusEnum = builder.enumType(ExceptionStatus, {
  name: 'ExceptionStatus',
  description: 'OPEN → WAITING_FOR_CARRIER / WAITING_FOR_BUYER → RESOLVED, or CLOSED.',
});
const ExceptionResolutionEnum = builder.enumType(ExceptionResolution, { name: 'ExceptionResolution' });

export const DeliveryException = builder.prismaNode('ExceptionCase', {
  name: 'DeliveryException',
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'orders:read' },
  description: 'A problem after shipment (lost, damaged, returned to sender…). While one is open, its order is EXCEPTION.',
  fields: (t) => ({
    kind: t.expose('kind', { type: ExceptionKindEnum }),
    status: t.expose('status', { type: ExceptionStatusEnum }),
    resolution: t.expose('resolution', { type: ExceptionResolutionEnum, nullable: true }),
    note: t.exposeString('note'),
    source: t.exposeString('source', { description: '`tracking` (a carrier event opened it) or `manual`.' }),
    openedBy: t.exposeString('openedBy', { description: 'user:<id>, apikey:<id> or system.' }),
    order: t.relation('order'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.prismaObjectField('Order', 'exceptions', (t) =>
  t.relation('exceptions', { type: DeliveryException, description: 'Its delivery exceptions, oldest first.', query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } }),
);

builder.queryFields((t) => ({
  exceptions: t.prismaConnection({
    type: DeliveryException,
    cursor: 'id',
    authScopes: { permission: 'orders:read' },
    description: 'Delivery exceptions, newest first (open ones by default).',
    args: {
      status: t.arg({ type: [ExceptionStatusEnum], required: false, description: 'OPEN, WAITING_FOR_CARRIER and WAITING_FOR_BUYER when omitted.' }),
      kind: t.arg({ type: [ExceptionKindEnum], required: false }),
    },
    resolve: (query, _root, args, ctx) =>
      ctx.db.exceptionCase.findMany({
        ...query,
        where: { status: { in: args.status ?? ['OPEN', 'WAITING_FOR_CARRIER', 'WAITING_FOR_BUYER'] }, ...(args.kind ? { kind: { in: args.kind } } : {}) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
}));

const ExceptionPayload = payloadType<{ exceptionId: string; orderId: string }>('ExceptionPayload', {
  description: 'The exception and its order after the change, or userErrors saying why nothing changed.',
  fields: (t) => ({
    exception: t.prismaField({
      type: DeliveryException,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.exceptionId ? ctx.db.exceptionCase.findUnique({ ...query, where: { id: p.exceptionId } }) : null),
    }),
    order: t.prismaField({
      type: 'Order',
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.orderId ? ctx.db.order.findUnique({ ...query, where: { id: p.orderId } }) : null),
    }),
  }),
});

const note = builder.args((t) => ({ note: t.string({ required: false, validate: z.string().max(2000, 'At most 2000 characters') }) }));

builder.mutationFields((t) => ({
  openException: t.field({
    authScopes: { permission: 'orders:write' },
    type: ExceptionPayload,
    description:
      'Open a delivery exception on a shipped order by hand; the order becomes EXCEPTION. An open exception of the same kind is returned instead of a second one.',
    args: { orderId: t.arg.globalID({ for: Order }), kind: t.arg({ type: ExceptionKindEnum }), ...note, ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'openException', args, (tx, actor) => openException(tx, { orderId: args.orderId.id, kind: args.kind, note: args.note, source: 'manual', actor })),
  }),

  updateException: t.field({
    authScopes: { permission: 'orders:write' },
    type: ExceptionPayload,
    description: 'Mark an open exception as waiting for the carrier or the buyer (or OPEN again).',
    args: { exceptionId: t.arg.globalID({ for: DeliveryException }), status: t.arg({ type: ExceptionStatusEnum }), ...note, ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'updateException', args, (tx, actor) => updateException(tx, { exceptionId: args.exceptionId.id, status: args.status, note: args.note, actor })),
  }),

  resolveException: t.field({
    authScopes: { permission: 'orders:write' },
    type: ExceptionPayload,
    description:
      'Resolve an exception. When no other is open the order leaves EXCEPTION: DELIVERED when it was delivered (DELIVERED_LATE, or tracking shows every parcel delivered), else IN_TRANSIT. A resolved or closed exception is refused (INVALID_TRANSITION).',
    args: { exceptionId: t.arg.globalID({ for: DeliveryException }), resolution: t.arg({ type: ExceptionResolutionEnum }), ...note, ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'resolveException', args, (tx, actor) =>
        endException(tx, { exceptionId: args.exceptionId.id, status: 'RESOLVED', resolution: args.resolution, note: args.note, actor, now: ctx.now }),
      ),
  }),

  closeException: t.field({
    authScopes: { permission: 'orders:write' },
    type: ExceptionPayload,
    description: 'Close an exception without a resolution (opened by mistake, nothing to do); the order leaves EXCEPTION as with resolveException.',
    args: { exceptionId: t.arg.globalID({ for: DeliveryException }), ...note, ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'closeException', args, (tx, actor) =>
        endException(tx, { exceptionId: args.exceptionId.id, status: 'CLOSED', note: args.note, actor, now: ctx.now }),
      ),
  }),
}));
