// Delivery exceptions: what went wrong after shipment (lost, damaged, returned to sender…), one
// state table (OPEN → WAITING_FOR_CARRIER / WAITING_FOR_BUYER → RESOLVED, or CLOSED). Opening one
// moves the order to EXCEPTION; when its last open exception ends, the order returns — DELIVERED
// when the resolution (or tracking) says it was delivered, else where it was.
import type { ExceptionCase, ExceptionKind, ExceptionResolution, ExceptionStatus, Order, OrderStatus, TrackingEventStatus } from '@orderly/schema';
import { DomainError, userError } from '../../core/errors.ts';
import type { Tx } from '../../core/transaction.ts';
import { appendOrderEvent, lockOrder, transitionOrder } from '../orders/order.service.ts';
import { orderReference, recordOutboxEvent } from '../webhooks/outbox.service.ts';
import { exceptionDeadlines } from './deadlines.ts';

const { OPEN, WAITING_FOR_CARRIER, WAITING_FOR_BUYER, RESOLVED, CLOSED } = {
  OPEN: 'OPEN',
  WAITING_FOR_CARRIER: 'WAITING_FOR_CARRIER',
  WAITING_FOR_BUYER: 'WAITING_FOR_BUYER',
  RESOLVED: 'RESOLVED',
  CLOSED: 'CLOSED',
} as const satisfies Record<ExceptionStatus, ExceptionStatus>;

/** The one table of allowed exception-status changes. */
export const exceptionTransitions: Readonly<Record<ExceptionStatus, readonly ExceptionStatus[]>> = {
  [OPEN]: [WAITING_FOR_CARRIER, WAITING_FOR_BUYER, RESOLVED, CLOSED],
  [WAITING_FOR_CARRIER]: [OPEN, WAITING_FOR_BUYER, RESOLVED, CLOSED],
  [WAITING_FOR_BUYER]: [OPEN, WAITING_FOR_CARRIER, RESOLVED, CLOSED],
  [RESOLVED]: [],
  [CLOSED]: [],
};
export const openExceptionStatuses: readonly ExceptionStatus[] = [OPEN, WAITING_FOR_CARRIER, WAITING_FOR_BUYER];

/** Tracking events that open an exception by themselves (when they are the parcel's status). */
export const exceptionKindOfTracking: Partial<Record<TrackingEventStatus, ExceptionKind>> = {
  LOST: 'LOST',
  DAMAGED: 'DAMAGED',
  RETURNED_TO_SENDER: 'RETURNED_TO_SENDER',
};

/** Order statuses an exception can be opened in. */
const openableIn = new Set<OrderStatus>(['SHIPPED', 'IN_TRANSIT', 'DELIVERED', 'EXCEPTION']);

/**
 * Opens an exception on a shipped order and moves the order to EXCEPTION. An open exception of the
 * same kind already there is returned instead (a carrier repeating LOST opens one case).
 */
export async function openException(
  tx: Tx,
  params: {
    orderId: string;
    kind: ExceptionKind;
    note?: string | null;
    source: 'tracking' | 'manual' | 'clock';
    shipmentId?: string | null;
    actor: string;
    order?: Order;
    /** When it opens (the deadlines count from it); the request's clock, else the system's. */
    now?: Date;
  },
): Promise<{ exceptionId: string; orderId: string; opened: boolean }> {
  const order = params.order ?? (await lockOrder(tx, params.orderId, null, ['orderId']));
  const existing = await tx.exceptionCase.findFirst({
    where: { orderId: order.id, kind: params.kind, status: { in: [...openExceptionStatuses] } },
    select: { id: true },
  });
  if (existing) return { exceptionId: existing.id, orderId: order.id, opened: false };
  if (order.status === 'CANCELLED') throw new DomainError(userError('ORDER_CANCELLED', `Order #${order.number} was cancelled`, ['orderId']));
  if (!openableIn.has(order.status)) {
    throw new DomainError(userError('INVALID_TRANSITION', `Order #${order.number} is ${order.status}; exceptions are for shipped orders`, ['orderId']));
  }
  const shipment = await tx.shipment.findFirst({
    where: params.shipmentId ? { id: params.shipmentId, orderId: order.id } : { orderId: order.id },
    orderBy: { shippedAt: 'desc' },
    select: { id: true, shippedAt: true, carrier: { select: { code: true } } },
  });
  const now = params.now ?? new Date();
  const deadlines = exceptionDeadlines({ channel: order.channel, carrierCode: shipment?.carrier.code ?? null, shippedAt: shipment?.shippedAt ?? order.shippedAt, now });
  const created = await tx.exceptionCase.create({
    data: {
      orderId: order.id,
      shipmentId: shipment?.id ?? params.shipmentId,
      ...deadlines,
      createdAt: now,
      kind: params.kind,
      note: params.note?.trim() ?? '',
      source: params.source,
      openedBy: params.actor,
      orderStatusBefore: order.status === 'EXCEPTION' ? null : order.status,
    },
  });
  const eventData = { exceptionId: created.id, kind: params.kind, source: params.source };
  if (order.status === 'EXCEPTION') await appendOrderEvent(tx, order.id, { type: 'EXCEPTION_OPENED', actor: params.actor, data: eventData });
  else await transitionOrder(tx, order, 'EXCEPTION', { actor: params.actor, type: 'EXCEPTION_OPENED', eventData });
  await recordOutboxEvent(tx, {
    type: 'exception.opened',
    aggregateType: 'Order',
    aggregateId: order.id,
    payload: { orderId: order.id, number: order.number, exceptionId: created.id, kind: params.kind, source: params.source },
  });
  return { exceptionId: created.id, orderId: order.id, opened: true };
}

/** Locks an exception's order (which serialises everything about its exceptions) and reads both. */
export async function lockException(tx: Tx, exceptionId: string) {
  const found = await tx.exceptionCase.findUnique({ where: { id: exceptionId }, select: { orderId: true } });
  if (!found) throw new DomainError(userError('NOT_FOUND', 'No such exception', ['exceptionId']));
  // The order's lock serialises everything about its exceptions (tracking, staff).
  const order = await lockOrder(tx, found.orderId, null, ['exceptionId']);
  const exception = await tx.exceptionCase.findUniqueOrThrow({ where: { id: exceptionId } });
  return { order, exception };
}

export function assertExceptionTransition(exception: ExceptionCase, to: ExceptionStatus) {
  if (!exceptionTransitions[exception.status].includes(to)) {
    throw new DomainError(userError('INVALID_TRANSITION', `The exception is ${exception.status}; it cannot become ${to}`, ['exceptionId']));
  }
}

/** Waiting for the carrier or the buyer (or back to OPEN). */
export async function updateException(tx: Tx, params: { exceptionId: string; status: ExceptionStatus; note?: string | null; actor: string }) {
  const { order, exception } = await lockException(tx, params.exceptionId);
  if (!openExceptionStatuses.includes(params.status)) {
    throw new DomainError(userError('INVALID_INPUT', 'Use resolveException or closeException to end an exception', ['status']));
  }
  assertExceptionTransition(exception, params.status);
  await tx.exceptionCase.update({ where: { id: exception.id }, data: { status: params.status, ...(params.note ? { note: params.note.trim() } : {}) } });
  await appendOrderEvent(tx, order.id, { type: 'NOTE_ADDED', actor: params.actor, data: { exceptionId: exception.id, kind: exception.kind, status: params.status } });
  await recordOutboxEvent(tx, {
    type: 'exception.updated',
    aggregateType: 'Order',
    aggregateId: order.id,
    payload: { orderId: order.id, number: order.number, exceptionId: exception.id, kind: exception.kind, status: params.status },
  });
  return { exceptionId: exception.id, orderId: order.id };
}

/**
 * Ends an exception: RESOLVED with a resolution, or CLOSED (nothing to do). Ending one that has
 * ended already is refused. The order leaves EXCEPTION when no other exception is open.
 */
export async function endException(
  tx: Tx,
  params: { exceptionId: string; status: 'RESOLVED' | 'CLOSED'; resolution?: ExceptionResolution | null; note?: string | null; actor: string; now: Date },
) {
  const { order, exception } = await lockException(tx, params.exceptionId);
  assertExceptionTransition(exception, params.status);
  const resolution = params.status === 'RESOLVED' ? (params.resolution ?? 'OTHER') : null;
  await tx.exceptionCase.update({
    where: { id: exception.id },
    data: { status: params.status, resolution, resolvedAt: params.now, ...(params.note ? { note: params.note.trim() } : {}) },
  });
  const orderStatus = await leaveException(tx, order, { actor: params.actor, now: params.now, deliveredLate: resolution === 'DELIVERED_LATE' });
  await appendOrderEvent(tx, order.id, {
    type: 'EXCEPTION_RESOLVED',
    actor: params.actor,
    data: { exceptionId: exception.id, kind: exception.kind, status: params.status, resolution },
  });
  await recordOutboxEvent(tx, {
    type: 'exception.resolved',
    aggregateType: 'Order',
    aggregateId: order.id,
    payload: { orderId: order.id, number: order.number, exceptionId: exception.id, kind: exception.kind, status: params.status, resolution, orderStatus },
  });
  return { exceptionId: exception.id, orderId: order.id };
}

/**
 * The order after one of its exceptions ended: still EXCEPTION while another is open; else
 * DELIVERED when it was delivered (the resolution says so, tracking shows every parcel delivered,
 * or it was delivered before), else back on its way (IN_TRANSIT).
 */
async function leaveException(tx: Tx, order: Order, params: { actor: string; now: Date; deliveredLate: boolean }): Promise<OrderStatus> {
  if (order.status !== 'EXCEPTION') return order.status;
  if (await tx.exceptionCase.count({ where: { orderId: order.id, status: { in: [...openExceptionStatuses] } } })) return order.status;
  // The status the order had when its current run of exceptions began.
  const first = await tx.exceptionCase.findFirst({ where: { orderId: order.id, orderStatusBefore: { not: null } }, orderBy: { createdAt: 'desc' } });
  const numbers = await tx.trackingNumber.findMany({ where: { shipment: { orderId: order.id } }, select: { parcelId: true, id: true, trackingStatus: true } });
  const parcels = new Map<string, boolean>();
  for (const n of numbers) parcels.set(n.parcelId ?? n.id, parcels.get(n.parcelId ?? n.id) === true || n.trackingStatus === 'DELIVERED');
  const trackedDelivered = parcels.size > 0 && [...parcels.values()].every(Boolean);
  if (params.deliveredLate || trackedDelivered || first?.orderStatusBefore === 'DELIVERED') {
    await transitionOrder(tx, order, 'DELIVERED', {
      actor: params.actor,
      type: 'STATUS_CHANGED',
      data: { deliveredAt: order.deliveredAt ?? params.now },
      eventData: { reason: 'exception resolved: delivered' },
    });
    if (first?.orderStatusBefore !== 'DELIVERED') {
      const deliveredAt = (order.deliveredAt ?? params.now).toISOString();
      await recordOutboxEvent(tx, {
        type: 'order.delivered',
        aggregateType: 'Order',
        aggregateId: order.id,
        payload: {
          ...orderReference(order),
          deliveredAt,
          source: trackedDelivered ? 'tracking' : 'manual',
        },
      });
    }
    return 'DELIVERED';
  }
  await transitionOrder(tx, order, 'IN_TRANSIT', { actor: params.actor, type: 'STATUS_CHANGED', eventData: { reason: 'exception resolved: on its way again' } });
  return 'IN_TRANSIT';
}

/** Exceptions a delivery ends by itself: the parcel was late or thought lost, and arrived. */
const endedByDelivery: readonly ExceptionKind[] = ['DELAYED', 'LOST', 'FAILED_DELIVERY'];

/** Every parcel of an order in EXCEPTION was delivered: its lost/late exceptions resolve as DELIVERED_LATE. */
export async function resolveDeliveredExceptions(tx: Tx, orderId: string, params: { actor: string; now: Date }) {
  const open = await tx.exceptionCase.findMany({
    where: { orderId, kind: { in: [...endedByDelivery] }, status: { in: [...openExceptionStatuses] } },
    select: { id: true },
  });
  for (const e of open) await endException(tx, { exceptionId: e.id, status: 'RESOLVED', resolution: 'DELIVERED_LATE', note: null, actor: params.actor, now: params.now });
}

/** Gives an exception to a staff member (or to nobody: `userId` null). */
export async function assignException(tx: Tx, params: { exceptionId: string; userId: string | null; actor: string }) {
  const { order, exception } = await lockException(tx, params.exceptionId);
  if (params.userId && !(await tx.user.findFirst({ where: { id: params.userId, active: true }, select: { id: true } }))) {
    throw new DomainError(userError('NOT_FOUND', 'No such active user', ['userId']));
  }
  await tx.exceptionCase.update({ where: { id: exception.id }, data: { ownerId: params.userId } });
  await appendOrderEvent(tx, order.id, { type: 'NOTE_ADDED', actor: params.actor, data: { exceptionId: exception.id, ownerId: params.userId } });
  return { exceptionId: exception.id, orderId: order.id };
}
