import { ClaimStatus, ExceptionKind, ExceptionResolution, ExceptionStatus } from '@orderly/schema';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { builder } from '../../builder.ts';
import { maxInt32, maxUnitsPerOperation } from '../common/bounds.ts';
import { Money, money } from '../common/money.ts';
import { idempotencyArgs, type PayloadFieldBuilder, payloadType, runMutation } from '../common/mutation.ts';
import { Order, OrderLine } from '../orders/order.type.ts';
import { Parcel } from '../packing/packing.graphql.ts';
import { TrackingEvent } from '../tracking/tracking.graphql.ts';
import { fileClaim, updateClaim } from './claims.service.ts';
import { deadlineState } from './deadlines.ts';
import { assignException, endException, openException, openExceptionStatuses, updateException } from './exceptions.service.ts';
import { reshipOrder } from './reship.service.ts';

const ExceptionKindEnum = builder.enumType(ExceptionKind, { name: 'ExceptionKind', description: 'What went wrong after shipment.' });
const ExceptionStatusEnum = builder.enumType(ExceptionStatus, {
  name: 'ExceptionStatus',
  description: 'OPEN → WAITING_FOR_CARRIER / WAITING_FOR_BUYER → RESOLVED, or CLOSED.',
});
const ExceptionResolutionEnum = builder.enumType(ExceptionResolution, { name: 'ExceptionResolution' });
const ClaimStatusEnum = builder.enumType(ClaimStatus, { name: 'ClaimStatus', description: 'FILED → ACCEPTED / REJECTED; ACCEPTED → PAID.' });
const DeadlineStateEnum = builder.enumType('DeadlineState', {
  description: 'How close an open exception is to its nearest deadline (EXCEPTION_DEADLINE_WARNING_HOURS before it: DUE_SOON).',
  values: ['OK', 'DUE_SOON', 'OVERDUE'] as const,
});

export const Claim = builder.prismaNode('Claim', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'exceptions:read' },
  description: 'A compensation claim filed with the carrier about a delivery exception.',
  fields: (t) => ({
    status: t.expose('status', { type: ClaimStatusEnum }),
    amountClaimed: t.field({ type: Money, select: { amountClaimed: true, currency: true }, resolve: (c) => money(c.amountClaimed, c.currency) }),
    amountPaid: t.field({
      type: Money,
      nullable: true,
      description: 'What the carrier paid (once PAID).',
      select: { amountPaid: true, currency: true },
      resolve: (c) => (c.amountPaid === null ? null : money(c.amountPaid, c.currency)),
    }),
    reference: t.exposeString('reference', { nullable: true, description: "The carrier's claim number." }),
    note: t.exposeString('note'),
    filedBy: t.exposeString('filedBy', { description: 'user:<id>, apikey:<id> or system.' }),
    exception: t.relation('exception', { nullable: true, description: 'Needs orders:read.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true, description: 'When the carrier accepted or rejected it.' }),
    paidAt: t.expose('paidAt', { type: 'DateTime', nullable: true }),
  }),
});

/** Who looks after an exception, as the problems queue shows colleagues: a name, nothing more. */
export const ExceptionOwner = builder.prismaObject('User', {
  variant: 'ExceptionOwner',
  authScopes: { permission: 'exceptions:read' },
  description: 'The staff member looking after a delivery exception (name only; accounts are managed through User).',
  fields: (t) => ({
    id: t.id({ description: 'The User id (for assignException).', resolve: (u) => encodeGlobalID('User', u.id) }),
    name: t.exposeString('name'),
  }),
});

/** What the evidence of an exception is about: its shipment's parcels, or all its order's. */
type EvidenceScope = { orderId: string; shipmentId: string | null; exceptionId: string };
const parcelScope = (e: EvidenceScope) => (e.shipmentId ? { shipmentId: e.shipmentId } : { orderId: e.orderId });
export const ExceptionEvidence = builder.objectRef<EvidenceScope>('ExceptionEvidence').implement({
  authScopes: { permission: 'exceptions:read' },
  description:
    "Gathered automatically for a claim or a marketplace dispute: the parcels (weight, packing photo, labels, hand-over act through Parcel.manifest) and the carrier's tracking events.",
  fields: (t) => ({
    parcels: t.prismaField({
      type: [Parcel],
      nullable: true,
      description: "The exception's shipment's parcels (the order's when it has no shipment). Needs shipments:read.",
      resolve: (query, e, _args, ctx) => ctx.db.parcel.findMany({ ...query, where: parcelScope(e), orderBy: { sequence: 'asc' } }),
    }),
    trackingEvents: t.prismaField({
      type: [TrackingEvent],
      nullable: true,
      description: 'Their tracking events, oldest first (by when they happened). Needs shipments:read.',
      resolve: (query, e, _args, ctx) =>
        ctx.db.trackingEvent.findMany({
          ...query,
          where: e.shipmentId ? { shipmentId: e.shipmentId } : { shipment: { orderId: e.orderId } },
          orderBy: [{ occurredAt: 'asc' }, { status: 'asc' }],
        }),
    }),
  }),
});

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
    deadlineAt: t.expose('deadlineAt', {
      type: 'DateTime',
      nullable: true,
      description: "The carrier's claim deadline (CLAIM_DEADLINE_DAYS[_BY_CARRIER] after the shipment left).",
    }),
    disputeDeadlineAt: t.expose('disputeDeadlineAt', {
      type: 'DateTime',
      nullable: true,
      description:
        "The marketplace's dispute window (DISPUTE_WINDOW_HOURS_BY_CHANNEL after opening; e.g. Ozon: 48 h to send packing evidence). Null when the channel has none.",
    }),
    deadlineState: t.field({
      type: DeadlineStateEnum,
      description: 'OVERDUE past the nearer deadline, DUE_SOON within EXCEPTION_DEADLINE_WARNING_HOURS of it, else OK (also once the exception has ended).',
      select: { status: true, nextDeadlineAt: true },
      resolve: (e, _args, ctx) => deadlineState({ nextDeadlineAt: e.nextDeadlineAt, open: openExceptionStatuses.includes(e.status) }, ctx.now),
    }),
    claims: t.relation('claims', {
      nullable: true,
      description: 'Claims filed with the carrier, oldest first. Needs exceptions:read.',
      query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    }),
    reshipOrder: t.relation('reshipOrder', { nullable: true, description: 'The replacement order sent (reshipOrder).' }),
    reshipCost: t.field({
      type: Money,
      nullable: true,
      description: 'What the reship cost the seller, as recorded with reshipOrder.',
      select: { reshipCost: true, order: { select: { currency: true } } },
      resolve: (e) => (e.reshipCost === null ? null : money(e.reshipCost, e.order.currency)),
    }),
    shipment: t.relation('shipment', { nullable: true, description: 'The shipment it is about. Needs shipments:read.' }),
    owner: t.relation('owner', { type: ExceptionOwner, nullable: true, description: 'Who looks after it (assignException). Needs exceptions:read.' }),
    evidence: t.field({
      type: ExceptionEvidence,
      nullable: true,
      description: 'Packing photos, weights, labels, hand-over acts and tracking events, for a claim or a dispute. Needs exceptions:read.',
      select: { id: true, orderId: true, shipmentId: true },
      resolve: (e) => ({ orderId: e.orderId, shipmentId: e.shipmentId, exceptionId: e.id }),
    }),
  }),
});

builder.prismaObjectFields('Order', (t) => ({
  reshipOf: t.relation('reshipOf', { nullable: true, description: 'The order this one replaces (a reship after a delivery exception).' }),
  reships: t.relation('reships', { description: 'Replacement orders sent for this one, oldest first.', query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } }),
}));

builder.prismaObjectField('Order', 'exceptions', (t) =>
  t.relation('exceptions', { type: DeliveryException, description: 'Its delivery exceptions, oldest first.', query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } }),
);

builder.queryFields((t) => ({
  exceptions: t.prismaConnection({
    type: DeliveryException,
    cursor: 'id',
    authScopes: { permission: 'orders:read' },
    description: 'Delivery exceptions (open ones by default), the nearest deadline first (those without one last), then oldest first.',
    args: {
      status: t.arg({ type: [ExceptionStatusEnum], required: false, description: 'OPEN, WAITING_FOR_CARRIER and WAITING_FOR_BUYER when omitted.' }),
      kind: t.arg({ type: [ExceptionKindEnum], required: false }),
      carrier: t.arg.string({ required: false, description: 'A carrier code: exceptions about its shipments.' }),
      deadlineBefore: t.arg({ type: 'DateTime', required: false, description: 'Only exceptions with a deadline (claim or dispute) before this instant.' }),
    },
    resolve: (query, _root, args, ctx) =>
      ctx.db.exceptionCase.findMany({
        ...query,
        where: {
          status: { in: args.status ?? [...openExceptionStatuses] },
          ...(args.kind ? { kind: { in: args.kind } } : {}),
          ...(args.carrier ? { shipment: { carrier: { code: args.carrier } } } : {}),
          ...(args.deadlineBefore ? { nextDeadlineAt: { lt: args.deadlineBefore } } : {}),
        },
        orderBy: [{ nextDeadlineAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }, { id: 'asc' }],
      }),
  }),
}));

/** A payload's `exception`: the exception after the change (none when the mutation was refused). */
const exceptionField = <Result extends { exceptionId: string }>(t: PayloadFieldBuilder<Result>) =>
  t.prismaField({
    type: DeliveryException,
    nullable: true,
    resolve: (query, p, _args, ctx) => (p.exceptionId ? ctx.db.exceptionCase.findUnique({ ...query, where: { id: p.exceptionId } }) : null),
  });

/** A payload's `order`: the exception's order after the change (none when the mutation was refused). */
const orderField = <Result extends { orderId: string }>(t: PayloadFieldBuilder<Result>, description?: string) =>
  t.prismaField({
    type: 'Order',
    nullable: true,
    description,
    resolve: (query, p, _args, ctx) => (p.orderId ? ctx.db.order.findUnique({ ...query, where: { id: p.orderId } }) : null),
  });

const ExceptionPayload = payloadType<{ exceptionId: string; orderId: string }>('ExceptionPayload', {
  description: 'The exception and its order after the change, or userErrors saying why nothing changed.',
  fields: (t) => ({
    exception: exceptionField(t),
    order: orderField(t),
  }),
});

const ClaimPayload = payloadType<{ claimId: string; exceptionId: string; orderId: string }>('ClaimPayload', {
  description: 'The claim and its exception after the change, or userErrors saying why nothing changed.',
  fields: (t) => ({
    claim: t.prismaField({
      type: Claim,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.claimId ? ctx.db.claim.findUnique({ ...query, where: { id: p.claimId } }) : null),
    }),
    exception: exceptionField(t),
  }),
});

const ReshipPayload = payloadType<{ reshipOrderId: string; exceptionId: string; orderId: string }>('ReshipPayload', {
  description: 'The replacement order, the exception (RESOLVED as RESHIPPED) and the original order, or userErrors saying why nothing changed.',
  fields: (t) => ({
    reship: t.prismaField({
      type: 'Order',
      nullable: true,
      description: 'The replacement order (CONFIRMED, or ON_HOLD for missing stock).',
      resolve: (query, p, _args, ctx) => (p.reshipOrderId ? ctx.db.order.findUnique({ ...query, where: { id: p.reshipOrderId } }) : null),
    }),
    exception: exceptionField(t),
    order: orderField(t, 'The original order.'),
  }),
});

const ReshipLineInput = builder.inputType('ReshipLineInput', {
  fields: (t) => ({
    orderLineId: t.globalID({ required: true, for: OrderLine, description: 'A line of the original order.' }),
    quantity: t.int({ required: true, description: 'At most what was shipped of it.', validate: z.number().int().min(1, 'At least 1').max(maxUnitsPerOperation) }),
  }),
});

const amount = (description: string) =>
  z
    .number()
    .int()
    .max(maxInt32, `${description} exceeds ${maxInt32.toLocaleString('en')} minor units`);

const note = builder.args((t) => ({ note: t.string({ required: false, validate: z.string().max(2000, 'At most 2000 characters') }) }));

builder.mutationFields((t) => ({
  openException: t.field({
    authScopes: { permission: 'exceptions:manage' },
    type: ExceptionPayload,
    description:
      'Open a delivery exception on a shipped order by hand; the order becomes EXCEPTION. An open exception of the same kind is returned instead of a second one.',
    args: { orderId: t.arg.globalID({ for: Order }), kind: t.arg({ type: ExceptionKindEnum }), ...note, ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'openException', args, (tx, actor) =>
        openException(tx, { orderId: args.orderId.id, kind: args.kind, note: args.note, source: 'manual', actor, now: ctx.now }),
      ),
  }),

  updateException: t.field({
    authScopes: { permission: 'exceptions:manage' },
    type: ExceptionPayload,
    description: 'Mark an open exception as waiting for the carrier or the buyer (or OPEN again).',
    args: { exceptionId: t.arg.globalID({ for: DeliveryException }), status: t.arg({ type: ExceptionStatusEnum }), ...note, ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'updateException', args, (tx, actor) => updateException(tx, { exceptionId: args.exceptionId.id, status: args.status, note: args.note, actor })),
  }),

  resolveException: t.field({
    authScopes: { permission: 'exceptions:manage' },
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
    authScopes: { permission: 'exceptions:manage' },
    type: ExceptionPayload,
    description: 'Close an exception without a resolution (opened by mistake, nothing to do); the order leaves EXCEPTION as with resolveException.',
    args: { exceptionId: t.arg.globalID({ for: DeliveryException }), ...note, ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'closeException', args, (tx, actor) =>
        endException(tx, { exceptionId: args.exceptionId.id, status: 'CLOSED', note: args.note, actor, now: ctx.now }),
      ),
  }),

  fileClaim: t.field({
    authScopes: { permission: 'exceptions:manage' },
    type: ClaimPayload,
    description:
      "File a compensation claim with the carrier for an open exception (amount in minor units of the order's currency, more than 0 and at most the order's total); the exception becomes WAITING_FOR_CARRIER.",
    args: {
      exceptionId: t.arg.globalID({ for: DeliveryException }),
      amount: t.arg.int({ validate: amount('The amount') }),
      reference: t.arg.string({ required: false, description: "The carrier's claim number.", validate: z.string().max(200) }),
      ...note,
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'fileClaim', args, (tx, actor) =>
        fileClaim(tx, { exceptionId: args.exceptionId.id, amount: args.amount, reference: args.reference, note: args.note, actor, now: ctx.now }),
      ),
  }),

  updateClaim: t.field({
    authScopes: { permission: 'exceptions:manage' },
    type: ClaimPayload,
    description:
      "Record the carrier's answer: ACCEPTED or REJECTED, then PAID with amountPaid (at most the amount claimed). PAID resolves the exception as CLAIM_PAID; REJECTED leaves it open.",
    args: {
      claimId: t.arg.globalID({ for: Claim }),
      status: t.arg({ type: ClaimStatusEnum }),
      amountPaid: t.arg.int({ required: false, validate: amount('The amount paid') }),
      ...note,
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'updateClaim', args, (tx, actor) =>
        updateClaim(tx, { claimId: args.claimId.id, status: args.status, amountPaid: args.amountPaid, note: args.note, actor, now: ctx.now }),
      ),
  }),

  reshipOrder: t.field({
    authScopes: { permission: ['exceptions:manage', 'orders:write'] },
    type: ReshipPayload,
    description:
      'Send a replacement for an open exception: a new order of the same buyer, address and channel (Order.reshipOf), with the chosen shipped lines (every shipped line when omitted), confirmed through the normal confirmation (stock reserved, into the pick queue) and marked RESHIP on its label and packing slip. The exception resolves as RESHIPPED. An order that never shipped is refused (NOT_SHIPPED).',
    args: {
      exceptionId: t.arg.globalID({ for: DeliveryException }),
      lines: t.arg({ type: [ReshipLineInput], required: false, validate: z.array(z.unknown()).min(1, 'Choose at least one line').max(200) }),
      cost: t.arg.int({ required: false, description: "What the reship costs the seller, in minor units of the order's currency.", validate: amount('The cost') }),
      ...note,
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'reshipOrder', args, (tx, actor) =>
        reshipOrder(tx, {
          exceptionId: args.exceptionId.id,
          lines: args.lines?.map((l) => ({ orderLineId: l.orderLineId.id, quantity: l.quantity })),
          cost: args.cost,
          note: args.note,
          actor,
          now: ctx.now,
        }),
      ),
  }),

  assignException: t.field({
    authScopes: { permission: 'exceptions:manage' },
    type: ExceptionPayload,
    description: 'Give an exception to a staff member to look after, or to nobody (userId null).',
    args: {
      exceptionId: t.arg.globalID({ for: DeliveryException }),
      userId: t.arg.globalID({ required: false, description: 'A User id; null: nobody.' }),
      ...idempotencyArgs,
    },
    resolve: (_root, args, ctx) =>
      runMutation(ctx, 'assignException', args, (tx, actor) => assignException(tx, { exceptionId: args.exceptionId.id, userId: args.userId?.id ?? null, actor })),
  }),
}));
