// Cross-border: the domestic leg. Most of our sellers ship from China: an Ozon order first travels
// inside China (SF, ZTO, YTO…) to a consolidation warehouse, which scans each domestic parcel in and
// puts the order's Ozon label on it. Here: domestic tracking numbers per order (several; unique per
// carrier + number), the consolidation station's scan (find the order, mark the parcel received),
// the "domestic overdue" flag, and the cut-off warning the floor sees on every order.
import type { OrderStatus, Prisma } from '@orderly/schema';
import { config } from '../../core/config.ts';
import { DomainError, userError } from '../../core/errors.ts';
import type { Tx } from '../../core/transaction.ts';
import { lockRow } from '../common/locks.ts';
import { appendOrderEvent } from '../orders/order.service.ts';

const DAY = 86_400_000;

/** Statuses in which the order still has to leave (orders/order-status.ts's statusesBeforeShipping; that file holds GraphQL types). */
const statusesBeforeShipping: readonly OrderStatus[] = ['NEW', 'CONFIRMED', 'ON_HOLD', 'PICKING', 'PICKED', 'PACKED', 'READY_TO_SHIP'];
const HOUR = 3_600_000;

/** Days after it was sent that a domestic parcel not received yet makes its order "domestic overdue". */
export const domesticOverdueDays = config.DOMESTIC_PARCEL_OVERDUE_DAYS;
/** Hours before the cut-off (ship-by) from which an order not handed over yet shows SOON. */
export const cutoffWarningHours = config.CUTOFF_WARNING_HOURS;
/** At most this many domestic parcels per order (a mistyped loop must not fill the table). */
export const maxDomesticParcelsPerOrder = 30;

export type CutoffState = 'OK' | 'SOON' | 'PAST';

/**
 * Where an order stands against its cut-off (its ship-by: for a marketplace order the marketplace's
 * cut-off): PAST once it has passed, SOON within `hours` of it, OK before; null once the order has
 * left (or was cancelled), when the cut-off no longer matters.
 */
export function cutoffState(order: { status: OrderStatus; shipBy: Date }, now: Date, hours = cutoffWarningHours): CutoffState | null {
  if (!statusesBeforeShipping.includes(order.status)) return null;
  const left = order.shipBy.getTime() - now.getTime();
  if (left <= 0) return 'PAST';
  return left <= hours * HOUR ? 'SOON' : 'OK';
}

/** Sent before this instant and not received: overdue. */
export const overdueBefore = (now: Date, days = domesticOverdueDays) => new Date(now.getTime() - days * DAY);

/** Statuses in which a domestic parcel still has to arrive (the order has not left the consolidation warehouse). */
export const awaitingDomesticStatuses = statusesBeforeShipping;

/** Orders with a domestic parcel overdue at `now` (a Prisma filter on Order). */
export function domesticOverdueWhere(now: Date, days = domesticOverdueDays): Prisma.OrderWhereInput {
  return {
    status: { in: [...awaitingDomesticStatuses] },
    domesticParcels: { some: { receivedAt: null, sentAt: { lt: overdueBefore(now, days) } } },
  };
}

/** One domestic parcel overdue at `now`: not received, its order still waiting, sent more than `days` ago. */
export const isDomesticParcelOverdue = (parcel: { receivedAt: Date | null; sentAt: Date }, orderStatus: OrderStatus, now: Date, days = domesticOverdueDays) =>
  !parcel.receivedAt && awaitingDomesticStatuses.includes(orderStatus) && parcel.sentAt < overdueBefore(now, days);

// ─── Input ──────────────────────────────────────────────────────────────────────────────────────

const CARRIER = /^[a-z0-9_-]{1,32}$/;
const NUMBER = /^[A-Z0-9-]{4,40}$/;

/** A carrier code as stored: trimmed, lower case ("SF" → "sf"). */
export const normaliseCarrier = (code: string) => code.trim().toLowerCase();
/** A tracking number as stored: spaces dropped, upper case (what a scanner reads, whatever the case typed). */
export const normaliseTrackingNumber = (number: string) => number.replace(/\s+/g, '').toUpperCase();

function checkCarrier(raw: string, field: (string | number)[]): string {
  const carrier = normaliseCarrier(raw);
  if (!CARRIER.test(carrier)) throw new DomainError(userError('INVALID_INPUT', 'A carrier code is 1–32 letters, digits, "-" or "_" (e.g. sf, zto, yto)', field));
  return carrier;
}

function checkNumber(raw: string, field: (string | number)[]): string {
  const number = normaliseTrackingNumber(raw);
  if (!NUMBER.test(number)) throw new DomainError(userError('INVALID_INPUT', 'A tracking number is 4–40 letters, digits or "-"', field));
  return number;
}

export interface DomesticTrackingInput {
  orderId: string;
  carrier: string;
  trackingNumber: string;
  /** When it was handed to the domestic carrier; now when omitted. */
  sentAt?: Date | null;
}

export interface DomesticTrackingResult {
  domesticParcelId: string;
  orderId: string;
  /** False when this number was already recorded for this order (nothing changed). */
  created: boolean;
}

interface Params {
  actor: string;
  now: Date;
  /** Field path of the input (per-row results of the import name their row). */
  root?: (string | number)[];
}

/** Locks the order (so two recordings of one order serialise) and returns what the checks need. */
async function lockedOrder(tx: Tx, orderId: string, field: (string | number)[]) {
  if (!(await lockRow(tx, 'Order', orderId))) throw new DomainError(userError('NOT_FOUND', 'No such order', field));
  return tx.order.findUniqueOrThrow({ where: { id: orderId }, select: { id: true, number: true, status: true } });
}

/**
 * Records a domestic tracking number for an order (with a timeline entry). The same number again for
 * the same order changes nothing; for another order it is refused (DUPLICATE_TRACKING): one parcel,
 * one order. Only orders still to leave take new ones.
 */
export async function addDomesticTracking(tx: Tx, input: DomesticTrackingInput, params: Params): Promise<DomesticTrackingResult> {
  const root = params.root ?? [];
  const carrier = checkCarrier(input.carrier, [...root, 'carrier']);
  const trackingNumber = checkNumber(input.trackingNumber, [...root, 'trackingNumber']);
  const sentAt = input.sentAt ?? params.now;
  if (sentAt.getTime() > params.now.getTime() + HOUR)
    throw new DomainError(userError('INVALID_INPUT', 'The parcel cannot have been sent in the future', [...root, 'sentAt']));
  const order = await lockedOrder(tx, input.orderId, [...root, 'orderId']);

  const existing = await tx.domesticParcel.findUnique({
    where: { carrier_trackingNumber: { carrier, trackingNumber } },
    include: { order: { select: { number: true } } },
  });
  if (existing) {
    if (existing.orderId === order.id) return { domesticParcelId: existing.id, orderId: order.id, created: false };
    throw new DomainError(
      userError('DUPLICATE_TRACKING', `${carrier.toUpperCase()} ${trackingNumber} is already recorded for order #${existing.order.number}`, [...root, 'trackingNumber']),
    );
  }
  if (order.status === 'CANCELLED') throw new DomainError(userError('ORDER_CANCELLED', `Order #${order.number} was cancelled`, [...root, 'orderId']));
  if (!awaitingDomesticStatuses.includes(order.status)) {
    throw new DomainError(userError('INVALID_TRANSITION', `Order #${order.number} is ${order.status}: it has already left`, [...root, 'orderId']));
  }
  if ((await tx.domesticParcel.count({ where: { orderId: order.id } })) >= maxDomesticParcelsPerOrder) {
    throw new DomainError(userError('INVALID_INPUT', `An order has at most ${maxDomesticParcelsPerOrder} domestic parcels`, [...root, 'trackingNumber']));
  }
  const parcel = await tx.domesticParcel.create({ data: { orderId: order.id, carrier, trackingNumber, sentAt, createdBy: params.actor } });
  await appendOrderEvent(tx, order.id, { type: 'DOMESTIC_TRACKING_ADDED', actor: params.actor, data: { carrier, trackingNumber, sentAt: sentAt.toISOString() } });
  return { domesticParcelId: parcel.id, orderId: order.id, created: true };
}

/** Removes a domestic tracking number recorded by mistake; one already scanned in stays (its receipt is history). */
export async function removeDomesticTracking(tx: Tx, domesticParcelId: string, params: Params): Promise<{ orderId: string; removedId: string }> {
  const found = await tx.domesticParcel.findUnique({ where: { id: domesticParcelId }, select: { orderId: true } });
  if (!found) throw new DomainError(userError('NOT_FOUND', 'No such domestic parcel', ['id']));
  await lockedOrder(tx, found.orderId, ['id']);
  const parcel = await tx.domesticParcel.findUnique({ where: { id: domesticParcelId } });
  if (!parcel) throw new DomainError(userError('NOT_FOUND', 'No such domestic parcel', ['id']));
  if (parcel.receivedAt) {
    throw new DomainError(userError('INVALID_TRANSITION', `${parcel.carrier.toUpperCase()} ${parcel.trackingNumber} was already received: it stays on record`, ['id']));
  }
  await tx.domesticParcel.delete({ where: { id: parcel.id } });
  await appendOrderEvent(tx, parcel.orderId, {
    type: 'DOMESTIC_TRACKING_REMOVED',
    actor: params.actor,
    data: { carrier: parcel.carrier, trackingNumber: parcel.trackingNumber },
  });
  return { orderId: parcel.orderId, removedId: parcel.id };
}

export interface ReceiveResult {
  domesticParcelId: string;
  orderId: string;
  /** True when it had been scanned in before (nothing changed: the label can be printed again). */
  alreadyReceived: boolean;
}

/**
 * The consolidation station's scan: the domestic parcel with this tracking number (of `carrier`
 * when given) is marked received and its order returned. Unknown numbers, a number two carriers
 * share (name the carrier) and parcels of cancelled orders are refused, each in its own words; a
 * parcel scanned twice is not an error (`alreadyReceived`).
 */
export async function receiveDomesticParcel(tx: Tx, input: { trackingNumber: string; carrier?: string | null }, params: Params): Promise<ReceiveResult> {
  const trackingNumber = normaliseTrackingNumber(input.trackingNumber);
  const carrier = input.carrier ? checkCarrier(input.carrier, ['carrier']) : null;
  const candidates = await tx.domesticParcel.findMany({ where: { trackingNumber, ...(carrier ? { carrier } : {}) }, orderBy: { carrier: 'asc' } });
  if (!candidates.length) {
    throw new DomainError(userError('UNKNOWN_TRACKING_NUMBER', `No order has domestic tracking number "${trackingNumber.slice(0, 40)}"`, ['trackingNumber']));
  }
  if (candidates.length > 1) {
    throw new DomainError(
      userError('INVALID_INPUT', `${trackingNumber} is recorded at ${candidates.map((c) => c.carrier.toUpperCase()).join(' and ')}: choose the carrier`, ['carrier']),
    );
  }
  const found = candidates[0]!;
  const order = await lockedOrder(tx, found.orderId, ['trackingNumber']);
  const parcel = await tx.domesticParcel.findUniqueOrThrow({ where: { id: found.id } });
  if (order.status === 'CANCELLED') {
    throw new DomainError(
      userError('ORDER_CANCELLED', `This parcel belongs to order #${order.number}, which was cancelled: set it aside, do not ship it`, ['trackingNumber']),
    );
  }
  if (parcel.receivedAt) return { domesticParcelId: parcel.id, orderId: order.id, alreadyReceived: true };
  await tx.domesticParcel.update({ where: { id: parcel.id }, data: { receivedAt: params.now, receivedBy: params.actor } });
  await appendOrderEvent(tx, order.id, {
    type: 'DOMESTIC_PARCEL_RECEIVED',
    actor: params.actor,
    data: { carrier: parcel.carrier, trackingNumber: parcel.trackingNumber },
  });
  return { domesticParcelId: parcel.id, orderId: order.id, alreadyReceived: false };
}

/** The Ozon postings whose labels go on an order's boxes: its posting, or the parts it was split into. */
export async function labelPostingsOf(db: Pick<Tx, 'ozonPosting'>, orderId: string) {
  const postings = await db.ozonPosting.findMany({
    where: { orderId },
    select: { id: true, postingNumber: true, parentPostingNumber: true, labelPdf: true },
    orderBy: { postingNumber: 'asc' },
  });
  const parents = new Set(postings.map((p) => p.parentPostingNumber).filter((n): n is string => !!n));
  return postings.filter((p) => !parents.has(p.postingNumber));
}
