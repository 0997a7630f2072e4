import { getRefFromModel } from '@pothos/plugin-prisma';
import { TrackingEventStatus } from '@orderly/schema';
import { z } from 'zod';
import { builder } from '../../builder.ts';
import { DomainError, userError } from '../../core/errors.ts';
import { idempotencyArgs, type PayloadShape, payloadType, runMutation } from '../common/mutation.ts';
import '../shipping/shipping.graphql.ts'; // TrackingNumber's GraphQL type, extended below
import { recordTrackingEvent, type RecordedTrackingEvent } from './tracking.service.ts';

/** At most this many events in one call. */
const maxEvents = 200;
const DAY = 86_400_000;

export const TrackingEventStatusEnum = builder.enumType(TrackingEventStatus, {
  name: 'TrackingEventStatus',
  description:
    'What a carrier reports about a parcel. DELIVERED and RETURNED_TO_SENDER are final: a later scan never undoes them. ' +
    'Events at the same instant are ordered by this enum (later value = later step).',
});

export const TrackingEvent = builder.prismaObject('TrackingEvent', {
  authScopes: { permission: 'shipments:read' },
  description: "One carrier event of one tracking number, as the carrier reported it (stored once, whatever the feed's repeats).",
  fields: (t) => ({
    status: t.expose('status', { type: TrackingEventStatusEnum }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime', description: 'When it happened at the carrier (events are ordered by this, not by arrival).' }),
    location: t.exposeString('location', { nullable: true }),
    message: t.exposeString('message', { nullable: true, description: "The carrier's own words." }),
    externalId: t.exposeString('externalId', { nullable: true, description: "The carrier's event id." }),
    expectedDeliveryAt: t.expose('expectedDeliveryAt', { type: 'DateTime', nullable: true, description: "The carrier's delivery estimate as of this event." }),
    receivedAt: t.expose('createdAt', { type: 'DateTime', description: 'When Orderly received it.' }),
    trackingNumber: t.string({ select: { trackingNumber: { select: { number: true } } }, resolve: (e) => e.trackingNumber.number }),
  }),
});

// The tracking state of each tracking number (derived from its events, modules/tracking/tracking.service.ts).
builder.prismaObjectFields('TrackingNumber', (t) => ({
  status: t.expose('trackingStatus', { type: TrackingEventStatusEnum, nullable: true, description: 'Its current status; null until the first event.' }),
  deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
  expectedDeliveryAt: t.expose('expectedDeliveryAt', { type: 'DateTime', nullable: true, description: "The carrier's latest estimate." }),
  lastEventAt: t.expose('lastEventAt', { type: 'DateTime', nullable: true, description: 'When it last moved (its newest event).' }),
  events: t.relation('events', { description: 'Its tracking events by occurredAt, oldest first.', query: { orderBy: [{ occurredAt: 'asc' }, { status: 'asc' }] } }),
}));

const TrackingNumberRef = getRefFromModel('TrackingNumber', builder);
type WithShipments<T> = { shipments: T[] };

builder.prismaObjectFields('Order', (t) => ({
  deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true, description: 'When the last parcel was delivered (or staff confirmed delivery).' }),
  completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
  expectedDeliveryAt: t.expose('expectedDeliveryAt', {
    type: 'DateTime',
    nullable: true,
    description: "The carriers' latest delivery estimate over the order's parcels.",
  }),
  lastTrackingAt: t.expose('lastTrackingAt', { type: 'DateTime', nullable: true, description: 'When a parcel of the order last moved (its newest tracking event).' }),
  daysSinceLastMovement: t.int({
    nullable: true,
    description: 'Whole days since a parcel last moved (since shipping when none has yet), while the order is on its way; null otherwise.',
    select: { status: true, shippedAt: true, lastTrackingAt: true },
    resolve: (o, _args, ctx) => {
      if (!['SHIPPED', 'IN_TRANSIT', 'EXCEPTION'].includes(o.status)) return null;
      const since = o.lastTrackingAt ?? o.shippedAt;
      return since ? Math.max(0, Math.floor((ctx.now.getTime() - since.getTime()) / DAY)) : null;
    },
  }),
  tracking: t.field({
    type: [TrackingNumberRef],
    nullable: true,
    description: 'Tracking per parcel: each tracking number with its status and events (needs shipments:read).',
    select: (_args, _ctx, nested) => ({ shipments: { orderBy: { shippedAt: 'asc' }, select: { trackingNumbers: nested({ orderBy: { number: 'asc' } }) } } }),
    resolve: (o) => (o as unknown as WithShipments<{ trackingNumbers: never[] }>).shipments.flatMap((s) => s.trackingNumbers),
  }),
  lastTrackingEvent: t.field({
    type: TrackingEvent,
    nullable: true,
    description: "The newest tracking event of any of the order's parcels (needs shipments:read).",
    select: (_args, _ctx, nested) => ({
      shipments: { select: { trackingEvents: nested({ orderBy: [{ occurredAt: 'desc' }, { status: 'desc' }], take: 1 }) } },
    }),
    resolve: (o) => {
      const events = (o as unknown as WithShipments<{ trackingEvents: { occurredAt: Date }[] }>).shipments.flatMap((s) => s.trackingEvents);
      return (events.sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime())[0] ?? null) as never;
    },
  }),
}));

const TrackingEventInput = builder.inputType('TrackingEventInput', {
  description: 'One carrier event. Name the parcel by its tracking number (with carrierCode when two carriers use the same number) or by its shipment id.',
  fields: (t) => ({
    trackingNumber: t.string({ required: false }),
    carrierCode: t.string({ required: false, description: 'Only needed when the same number exists at two carriers.' }),
    shipmentId: t.globalID({ required: false, description: 'Instead of trackingNumber, for a shipment with a single tracking number.' }),
    status: t.field({ type: TrackingEventStatusEnum }),
    occurredAt: t.field({ type: 'DateTime', description: 'When it happened at the carrier.' }),
    location: t.string({ required: false }),
    message: t.string({ required: false, description: "The carrier's own words (kept with the event; never sent on in webhooks)." }),
    externalId: t.string({ required: false, description: "The carrier's event id: the same id twice is stored once." }),
    expectedDeliveryAt: t.field({ type: 'DateTime', required: false, description: "The carrier's delivery estimate." }),
  }),
});

type Row = PayloadShape<RecordedTrackingEvent, { index: number; trackingNumber: string | null }>;

const TrackingEventResult = payloadType<RecordedTrackingEvent, { index: number; trackingNumber: string | null }>('TrackingEventResult', {
  description: 'The outcome for one event of recordTrackingEvents.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position of the event in the request.' }),
    trackingNumber: t.exposeString('trackingNumber', { nullable: true, description: 'As sent.' }),
    recorded: t.boolean({ nullable: true, description: 'False when this event was already stored (a duplicate): nothing changed.', resolve: (r) => r.recorded ?? null }),
    event: t.prismaField({
      type: 'TrackingEvent',
      nullable: true,
      resolve: (query, r, _args, ctx) => (r.eventId ? ctx.db.trackingEvent.findUnique({ ...query, where: { id: r.eventId } }) : null),
    }),
    order: t.prismaField({
      type: 'Order',
      nullable: true,
      description: 'The order as it is now (needs orders:read).',
      resolve: (query, r, _args, ctx) => (r.orderId ? ctx.db.order.findUnique({ ...query, where: { id: r.orderId } }) : null),
    }),
  }),
});

const RecordTrackingEventsPayload = builder.objectRef<{ results: Row[] }>('RecordTrackingEventsPayload').implement({
  fields: (t) => ({
    results: t.field({ type: [TrackingEventResult], description: 'One per event, in request order.', resolve: (p) => p.results }),
    recordedCount: t.int({ resolve: (p) => p.results.filter((r) => r.recorded === true).length }),
    duplicateCount: t.int({ resolve: (p) => p.results.filter((r) => r.recorded === false).length }),
    failedCount: t.int({ resolve: (p) => p.results.filter((r) => r.userErrors.length > 0).length }),
  }),
});

builder.mutationFields((t) => ({
  recordTrackingEvents: t.field({
    authScopes: { permission: 'shipping' },
    type: RecordTrackingEventsPayload,
    description:
      "Record carrier tracking events (a carrier feed, an integrator, or staff reading the carrier's site). Each event stands alone: a bad one does not stop the others. " +
      'Idempotent per (carrier, externalId), or per (tracking number, status, occurredAt) without an externalId; events are applied by occurredAt, so late and ' +
      'out-of-order feeds end in the same state. The order moves SHIPPED → IN_TRANSIT → DELIVERED (when every parcel is delivered), never back.',
    args: {
      events: t.arg({ type: [TrackingEventInput], validate: z.array(z.any()).min(1).max(maxEvents, `At most ${maxEvents} events per call`) }),
      ...idempotencyArgs,
    },
    resolve: async (_root, args, ctx) => {
      const results: Row[] = new Array(args.events.length);
      // Oldest first, so the timeline reads in the carrier's order; results keep the request's order.
      const byTime = [...args.events.entries()].sort(([, a], [, b]) => a.occurredAt.getTime() - b.occurredAt.getTime());
      for (const [index, event] of byTime) {
        const key = args.idempotencyKey ? `${args.idempotencyKey}:${index}` : null;
        const root = ['events', index];
        const result = await runMutation(ctx, 'recordTrackingEvents', { event, idempotencyKey: key }, (tx, actor) => {
          if (event.shipmentId && event.shipmentId.typename !== 'Shipment') throw new DomainError(userError('NOT_FOUND', 'Not a shipment id', [...root, 'shipmentId']));
          return recordTrackingEvent(tx, { ...event, shipmentId: event.shipmentId?.id }, { actor, now: ctx.now, root });
        });
        results[index] = { index, trackingNumber: event.trackingNumber ?? null, ...result };
      }
      return { results };
    },
  }),
}));
