// Carrier tracking: events per tracking number, stored once however often, late or out of order a
// feed sends them, and the state derived from them — per tracking number, per parcel and for the
// order. The derived state is a function of the *set* of stored events (sorted by occurredAt, never
// by arrival), so a duplicated, shuffled feed ends where a clean one does. The order only moves
// forward through the one state table: SHIPPED → IN_TRANSIT → DELIVERED (once every parcel is).
import type { Order, ShipmentStatus, TrackingEventStatus } from '@orderly/schema';
import { z } from 'zod';
import { DomainError, type UserErrorShape, userError } from '../../core/errors.ts';
import type { Tx } from '../../core/transaction.ts';
import { lockOrder, transitionOrder, appendOrderEvent } from '../orders/order.service.ts';
import { orderReference, recordOutboxEvent } from '../webhooks/outbox.service.ts';
import { exceptionKindOfTracking, openException, resolveDeliveredExceptions } from '../exceptions/exceptions.service.ts';

export interface TrackingEventInput {
  trackingNumber?: string | null;
  /** Needed only when the same number exists at two carriers. */
  carrierCode?: string | null;
  /** Instead of the number, for a shipment with a single tracking number. */
  shipmentId?: string | null;
  status: TrackingEventStatus;
  occurredAt: Date;
  location?: string | null;
  message?: string | null;
  externalId?: string | null;
  expectedDeliveryAt?: Date | null;
}

/** Statuses after which a tracking number's status never changes again (a later event cannot undo them). */
export const finalTrackingStatuses: readonly TrackingEventStatus[] = ['DELIVERED', 'RETURNED_TO_SENDER'];
/** An event may be dated this far ahead of our clock (carrier clocks and time zones drift), no further. */
const futureToleranceMs = 24 * 3_600_000;
/** Order statuses whose order moves with tracking (later ones keep their events but stay put). */
const movingStatuses = new Set(['SHIPPED', 'IN_TRANSIT']);

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .nullish()
    .transform((v) => v || null);

const inputSchema = z.object({
  trackingNumber: text(100),
  carrierCode: text(32).transform((v) => v?.toLowerCase() ?? null),
  shipmentId: z.string().nullish(),
  location: text(200),
  message: text(1000),
  externalId: text(200),
});

export interface RecordedTrackingEvent {
  /** The stored event: the new one, or the one this input duplicates. */
  eventId: string;
  orderId: string;
  /** False when the event was already stored (a duplicate): nothing changed. */
  recorded: boolean;
}

/**
 * Records one carrier event and brings the tracking number, its shipment and its order up to
 * date. Idempotent: an event already stored — same carrier event id, or without one the same
 * tracking number, status and instant — changes nothing (the unique indexes decide, also between
 * concurrent feeds). Refused with nothing written: an unknown tracking number, an ambiguous one, an
 * order that was cancelled.
 */
export async function recordTrackingEvent(
  tx: Tx,
  raw: TrackingEventInput,
  params: { actor: string; now: Date; root: (string | number)[] },
): Promise<RecordedTrackingEvent> {
  const { root, now } = params;
  const parsed = inputSchema.safeParse(raw);
  if (!parsed.success) throw new DomainError(parsed.error.issues.map((i) => userError('INVALID_INPUT', i.message, [...root, ...i.path.map(String)])));
  const input = { ...raw, ...parsed.data };
  const errors: UserErrorShape[] = [];
  if (input.occurredAt.getTime() > now.getTime() + futureToleranceMs) {
    errors.push(userError('INVALID_INPUT', 'occurredAt lies more than a day in the future', [...root, 'occurredAt']));
  }
  if (!input.trackingNumber && !input.shipmentId) errors.push(userError('INVALID_INPUT', 'Give the tracking number (or the shipment id)', [...root, 'trackingNumber']));
  if (errors.length) throw new DomainError(errors);

  const number = await resolveTrackingNumber(tx, input, root);
  const order = await lockOrder(tx, number.shipment.orderId, null, [...root.map(String), 'trackingNumber']);
  if (order.status === 'CANCELLED') {
    throw new DomainError(userError('ORDER_CANCELLED', `Order #${order.number} was cancelled; its tracking is no longer recorded`, [...root, 'trackingNumber']));
  }

  const data = {
    shipmentId: number.shipmentId,
    trackingNumberId: number.id,
    carrierId: number.carrierId,
    status: input.status,
    occurredAt: input.occurredAt,
    location: input.location,
    message: input.message,
    externalId: input.externalId,
    expectedDeliveryAt: input.expectedDeliveryAt ?? null,
    actor: params.actor,
  };
  // ON CONFLICT DO NOTHING on both unique indexes: the database decides what is a duplicate.
  const [created] = await tx.trackingEvent.createManyAndReturn({ data: [data], skipDuplicates: true, select: { id: true } });
  if (!created) {
    const existing = await tx.trackingEvent.findFirst({
      where: input.externalId
        ? {
            OR: [
              { carrierId: number.carrierId, externalId: input.externalId },
              { trackingNumberId: number.id, status: input.status, occurredAt: input.occurredAt },
            ],
          }
        : { trackingNumberId: number.id, status: input.status, occurredAt: input.occurredAt },
      select: { id: true },
    });
    return { eventId: existing!.id, orderId: order.id, recorded: false };
  }

  const parcelStatus = await refreshTrackingNumber(tx, number.id, now);
  await refreshShipment(tx, number.shipmentId);
  await appendOrderEvent(tx, order.id, {
    type: 'TRACKING_UPDATED',
    actor: params.actor,
    // The carrier's message stays out of the timeline and webhooks: carriers put names in it ("вручено Ивановой").
    data: { trackingNumber: number.number, carrier: number.carrier.code, status: input.status, occurredAt: input.occurredAt.toISOString(), location: input.location },
  });
  let after = await refreshOrder(tx, order, params.actor, now);
  // A parcel lost, damaged or sent back: the order needs someone (modules/exceptions).
  const kind = exceptionKindOfTracking[input.status];
  if (kind && parcelStatus === input.status && after !== 'CANCELLED') {
    const current = await tx.order.findUniqueOrThrow({ where: { id: order.id } });
    const opened = await openException(tx, { orderId: order.id, kind, source: 'tracking', shipmentId: number.shipmentId, actor: params.actor, order: current }).catch(
      (e) => {
        if (e instanceof DomainError) return null; // an order past the point where exceptions apply (completed, returned)
        throw e;
      },
    );
    if (opened) after = 'EXCEPTION';
  }
  await recordOutboxEvent(tx, {
    type: 'tracking.updated',
    aggregateType: 'Order',
    aggregateId: order.id,
    payload: {
      orderId: order.id,
      number: order.number,
      shipmentId: number.shipmentId,
      carrier: number.carrier.code,
      trackingNumber: number.number,
      status: input.status,
      occurredAt: input.occurredAt.toISOString(),
      location: input.location,
      parcelStatus,
      orderStatus: after,
    },
  });
  return { eventId: created.id, orderId: order.id, recorded: true };
}

async function resolveTrackingNumber(tx: Tx, input: TrackingEventInput, root: (string | number)[]) {
  const include = { carrier: { select: { code: true } }, shipment: { select: { orderId: true } } } as const;
  if (input.trackingNumber) {
    let carrierId: string | undefined;
    if (input.carrierCode) {
      const carrier = await tx.carrier.findUnique({ where: { code: input.carrierCode }, select: { id: true } });
      if (!carrier) throw new DomainError(userError('UNKNOWN_CARRIER', `No carrier with code "${input.carrierCode}"`, [...root, 'carrierCode']));
      carrierId = carrier.id;
    }
    const found = await tx.trackingNumber.findMany({ where: { number: input.trackingNumber, carrierId, shipmentId: input.shipmentId ?? undefined }, include, take: 2 });
    if (!found.length)
      throw new DomainError(userError('UNKNOWN_TRACKING_NUMBER', `No shipment has tracking number "${input.trackingNumber}"`, [...root, 'trackingNumber']));
    if (found.length > 1)
      throw new DomainError(
        userError('INVALID_INPUT', `Tracking number "${input.trackingNumber}" exists at several carriers: give carrierCode`, [...root, 'carrierCode']),
      );
    return found[0]!;
  }
  const found = await tx.trackingNumber.findMany({ where: { shipmentId: input.shipmentId! }, include, take: 2 });
  if (!found.length) throw new DomainError(userError('NOT_FOUND', 'No such shipment (or it has no tracking number)', [...root, 'shipmentId']));
  if (found.length > 1)
    throw new DomainError(userError('INVALID_INPUT', 'This shipment has several tracking numbers: give the tracking number', [...root, 'trackingNumber']));
  return found[0]!;
}

export interface TrackingState {
  status: TrackingEventStatus | null;
  deliveredAt: Date | null;
  expectedDeliveryAt: Date | null;
  lastEventAt: Date | null;
}

/**
 * A tracking number's state from its events in occurredAt order (ties: the later step of the
 * status enum): the last status, except that DELIVERED and RETURNED_TO_SENDER stick — a late
 * IN_TRANSIT scan never undoes a delivery. Pure, so any arrival order gives the same answer.
 */
export function foldTrackingEvents(events: readonly { status: TrackingEventStatus; occurredAt: Date; expectedDeliveryAt: Date | null }[]): TrackingState {
  const state: TrackingState = { status: null, deliveredAt: null, expectedDeliveryAt: null, lastEventAt: null };
  for (const e of events) {
    state.lastEventAt = e.occurredAt;
    if (e.expectedDeliveryAt) state.expectedDeliveryAt = e.expectedDeliveryAt;
    if (state.status && finalTrackingStatuses.includes(state.status)) continue;
    state.status = e.status;
    if (e.status === 'DELIVERED') state.deliveredAt = e.occurredAt;
  }
  return state;
}

/** Re-derives one tracking number's state from all its events; returns its status. */
async function refreshTrackingNumber(tx: Tx, trackingNumberId: string, now: Date): Promise<TrackingEventStatus | null> {
  // PostgreSQL sorts enums by declaration order: the tie-break of foldTrackingEvents.
  const events = await tx.trackingEvent.findMany({
    where: { trackingNumberId },
    orderBy: [{ occurredAt: 'asc' }, { status: 'asc' }],
    select: { status: true, occurredAt: true, expectedDeliveryAt: true },
  });
  const state = foldTrackingEvents(events);
  const final = state.status !== null && finalTrackingStatuses.includes(state.status);
  const current = await tx.trackingNumber.findUniqueOrThrow({ where: { id: trackingNumberId }, select: { closedAt: true } });
  await tx.trackingNumber.update({
    where: { id: trackingNumberId },
    data: {
      trackingStatus: state.status,
      deliveredAt: state.deliveredAt,
      expectedDeliveryAt: state.expectedDeliveryAt,
      lastEventAt: state.lastEventAt,
      closedAt: final ? (current.closedAt ?? now) : null,
    },
  });
  return state.status;
}

const shipmentStatusOf: Record<TrackingEventStatus, ShipmentStatus> = {
  IN_TRANSIT: 'IN_TRANSIT',
  ARRIVED_AT_PICKUP_POINT: 'OUT_FOR_DELIVERY',
  OUT_FOR_DELIVERY: 'OUT_FOR_DELIVERY',
  DELAYED: 'DELAYED',
  FAILED_ATTEMPT: 'FAILURE',
  LOST: 'FAILURE',
  DAMAGED: 'FAILURE',
  RETURNING_TO_SENDER: 'RETURNED',
  RETURNED_TO_SENDER: 'RETURNED',
  DELIVERED: 'DELIVERED',
};

/** The shipment: DELIVERED once every parcel is, else the status of its most recently moved parcel. */
async function refreshShipment(tx: Tx, shipmentId: string) {
  const numbers = await tx.trackingNumber.findMany({
    where: { shipmentId },
    select: { id: true, parcelId: true, trackingStatus: true, deliveredAt: true, lastEventAt: true },
  });
  const parcels = groupByParcel(numbers);
  const lastTrackedAt = maxDate(numbers.map((n) => n.lastEventAt));
  const delivered = parcels.length > 0 && parcels.every((p) => p.deliveredAt);
  const newest = [...numbers].filter((n) => n.trackingStatus).sort((a, b) => (b.lastEventAt?.getTime() ?? 0) - (a.lastEventAt?.getTime() ?? 0))[0];
  const status: ShipmentStatus = delivered
    ? 'DELIVERED'
    : newest?.trackingStatus && newest.trackingStatus !== 'DELIVERED'
      ? shipmentStatusOf[newest.trackingStatus]
      : 'IN_TRANSIT';
  await tx.shipment.update({ where: { id: shipmentId }, data: { status, lastTrackedAt, deliveredAt: delivered ? maxDate(parcels.map((p) => p.deliveredAt)) : null } });
}

interface NumberState {
  id: string;
  parcelId: string | null;
  trackingStatus: TrackingEventStatus | null;
  deliveredAt: Date | null;
  expectedDeliveryAt?: Date | null;
  lastEventAt: Date | null;
}

/** A parcel is delivered when one of its tracking numbers is (a parcel may carry a number per leg). */
export function groupByParcel(numbers: readonly NumberState[]) {
  const parcels = new Map<string, NumberState[]>();
  for (const n of numbers) parcels.set(n.parcelId ?? n.id, [...(parcels.get(n.parcelId ?? n.id) ?? []), n]);
  return [...parcels.values()].map((list) => ({
    deliveredAt: minDate(list.filter((n) => n.trackingStatus === 'DELIVERED').map((n) => n.deliveredAt)),
    expectedDeliveryAt: maxDate(list.map((n) => n.expectedDeliveryAt ?? null)),
    lastEventAt: maxDate(list.map((n) => n.lastEventAt)),
  }));
}

const maxDate = (dates: (Date | null)[]) => dates.reduce<Date | null>((max, d) => (d && (!max || d > max) ? d : max), null);
const minDate = (dates: (Date | null)[]) => dates.reduce<Date | null>((min, d) => (d && (!min || d < min) ? d : min), null);

/**
 * The order from its parcels: tracking summary columns, and the status forward only — SHIPPED →
 * IN_TRANSIT on the first event, → DELIVERED (deliveredAt = when its last parcel arrived) once every
 * parcel is delivered. Returns the order's status afterwards.
 */
export async function refreshOrder(tx: Tx, order: Order, actor: string, now: Date): Promise<Order['status']> {
  const numbers = await tx.trackingNumber.findMany({
    where: { shipment: { orderId: order.id } },
    select: { id: true, parcelId: true, trackingStatus: true, deliveredAt: true, expectedDeliveryAt: true, lastEventAt: true },
  });
  const parcels = groupByParcel(numbers);
  const allDelivered = parcels.length > 0 && parcels.every((p) => p.deliveredAt);
  const deliveredAt = allDelivered ? maxDate(parcels.map((p) => p.deliveredAt)) : null;
  const summary = { lastTrackingAt: maxDate(parcels.map((p) => p.lastEventAt)), expectedDeliveryAt: maxDate(parcels.map((p) => p.expectedDeliveryAt)) };

  if (allDelivered && movingStatuses.has(order.status)) {
    await transitionOrder(tx, order, 'DELIVERED', {
      actor,
      type: 'DELIVERED',
      data: { ...summary, deliveredAt },
      eventData: { source: 'tracking', parcels: parcels.length },
    });
    await recordDelivered(tx, order, deliveredAt!, 'tracking');
    return 'DELIVERED';
  }
  if (order.status === 'SHIPPED' && summary.lastTrackingAt) {
    await transitionOrder(tx, order, 'IN_TRANSIT', { actor, type: 'STATUS_CHANGED', data: summary, eventData: { source: 'tracking' } });
    return 'IN_TRANSIT';
  }
  if (allDelivered && order.status === 'EXCEPTION') {
    // Delivered after all: its lost/late exceptions end (the order leaves EXCEPTION when none is left).
    await tx.order.update({ where: { id: order.id }, data: { ...summary, deliveredAt, version: { increment: 1 } } });
    await resolveDeliveredExceptions(tx, order.id, { actor, now });
    return (await tx.order.findUniqueOrThrow({ where: { id: order.id }, select: { status: true } })).status;
  }
  // A delivered order whose parcels' delivery times changed (an earlier DELIVERED scan arrived late) keeps the true time.
  const redated = order.status === 'DELIVERED' && allDelivered && order.deliveredAt?.getTime() !== deliveredAt!.getTime();
  await tx.order.update({ where: { id: order.id }, data: { ...summary, ...(redated ? { deliveredAt } : {}), version: { increment: 1 } } });
  return order.status;
}

/** The `order.delivered` event (tracking or by hand). */
export async function recordDelivered(tx: Tx, order: Pick<Order, 'id' | 'number' | 'channel' | 'externalId'>, deliveredAt: Date, source: 'tracking' | 'manual') {
  await recordOutboxEvent(tx, {
    type: 'order.delivered',
    aggregateType: 'Order',
    aggregateId: order.id,
    payload: { ...orderReference(order), deliveredAt: deliveredAt.toISOString(), source },
  });
}
