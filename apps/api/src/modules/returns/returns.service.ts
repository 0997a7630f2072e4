// Returns (RMAs): a buyer sends back some shipped units for a refund or an exchange. One state table
// (REQUESTED → APPROVED / DECLINED; APPROVED → IN_TRANSIT → RECEIVED → INSPECTED → CLOSED;
// CANCELLED before receipt). Requests are checked against the channel's policy (return window from
// delivery, reasons allowed, returnable units); a manager may let one outside the policy through
// with a recorded reason. While a return is open its order is RETURN_REQUESTED; when the last one
// ends the order is RETURNED (every shipped unit came back) or back where it was (DELIVERED /
// COMPLETED) — always through the order state table. Every step locks the order (which serialises
// everything about its returns), writes its timeline and an outbox event.
import type { ItemCondition, Order, OrderLine, Prisma, RefundMethod, Return, ReturnOutcome, ReturnReason, ReturnStatus } from '@orderly/schema';
import { config, type Config } from '../../core/config.ts';
import { DomainError, type UserErrorShape, userError } from '../../core/errors.ts';
import { allocate, allocateDiscount, pricedOrder } from '../../core/money.ts';
import type { Tx } from '../../core/transaction.ts';
import { maxUnitsPerOperation } from '../common/bounds.ts';
import { returnWindowDays, returnWindows, type ReturnWindows } from '../delivery/delivery.service.ts';
import { receiveDamagedReturnedUnits, resolveLocation, restockReturnedUnits } from '../inventory/inventory.service.ts';
import { appendOrderEvent, lockOrder, transitionOrder } from '../orders/order.service.ts';
import type { EvidenceUpload } from '../exceptions/evidence.service.ts';
import { orderReference, recordOutboxEvent } from '../webhooks/outbox.service.ts';
import { createExchangeOrder } from './exchange.service.ts';
import { type CheckedPhoto, checkReturnPhoto, storeReturnPhoto } from './photo-store.ts';

const DAY = 86_400_000;

const { REQUESTED, APPROVED, DECLINED, IN_TRANSIT, RECEIVED, INSPECTED, CLOSED, CANCELLED } = {
  REQUESTED: 'REQUESTED',
  APPROVED: 'APPROVED',
  DECLINED: 'DECLINED',
  IN_TRANSIT: 'IN_TRANSIT',
  RECEIVED: 'RECEIVED',
  INSPECTED: 'INSPECTED',
  CLOSED: 'CLOSED',
  CANCELLED: 'CANCELLED',
} as const satisfies Record<ReturnStatus, ReturnStatus>;

/**
 * The one table of allowed return-status changes. APPROVED → RECEIVED: a parcel that arrives with
 * no return tracking recorded (handed in at the warehouse, a marketplace's own logistics).
 */
export const returnTransitions: Readonly<Record<ReturnStatus, readonly ReturnStatus[]>> = {
  [REQUESTED]: [APPROVED, DECLINED, CANCELLED],
  [APPROVED]: [IN_TRANSIT, RECEIVED, CANCELLED],
  [IN_TRANSIT]: [RECEIVED, CANCELLED],
  [RECEIVED]: [INSPECTED],
  [INSPECTED]: [CLOSED],
  [DECLINED]: [],
  [CLOSED]: [],
  [CANCELLED]: [],
};

/** Returns still under way: they keep their order RETURN_REQUESTED (and from completing). */
export const openReturnStatuses: readonly ReturnStatus[] = [REQUESTED, APPROVED, IN_TRANSIT, RECEIVED, INSPECTED];
/** Returns that count against the returnable units of their lines (all but DECLINED and CANCELLED). */
const countingStatuses: readonly ReturnStatus[] = [...openReturnStatuses, CLOSED];
/** Order statuses a return may be requested in (the order state table leads from them to RETURN_REQUESTED). */
const returnableOrderStatuses = new Set<Order['status']>(['DELIVERED', 'COMPLETED', 'RETURN_REQUESTED']);

export const allReturnReasons: readonly ReturnReason[] = [
  'DEFECTIVE',
  'DAMAGED_IN_TRANSIT',
  'WRONG_ITEM',
  'NOT_AS_DESCRIBED',
  'SIZE_OR_FIT',
  'CHANGED_MIND',
  'PARTIAL_REFUSAL_AT_DELIVERY',
  'OTHER',
];

/** A channel's return policy: the window from delivery and the reasons it accepts. */
export interface ReturnPolicy {
  windows: ReturnWindows;
  /** Per channel; channels not listed accept every reason. */
  reasonsByChannel: Record<string, readonly ReturnReason[]>;
}

export function returnPolicy(settings: Pick<Config, 'RETURN_WINDOW_DAYS' | 'RETURN_WINDOW_DAYS_BY_CHANNEL' | 'RETURN_REASONS_BY_CHANNEL'> = config): ReturnPolicy {
  const reasonsByChannel: Record<string, ReturnReason[]> = {};
  for (const pair of settings.RETURN_REASONS_BY_CHANNEL) {
    const [channel, reasons] = pair.split('=');
    reasonsByChannel[channel!] = reasons!.split('|').filter((r): r is ReturnReason => (allReturnReasons as readonly string[]).includes(r));
  }
  return { windows: returnWindows(settings), reasonsByChannel };
}

/** Who may do what with a request outside the policy (the resolver says, from the caller's permissions). */
export interface RequestReturnInput {
  orderId: string;
  externalId?: string | null;
  reason: ReturnReason;
  requestedOutcome: ReturnOutcome;
  buyerComment?: string | null;
  lines: readonly { orderLineId: string; quantity: number; reason?: ReturnReason | null; note?: string | null; exchangeProductId?: string | null }[];
  override?: { reason: string } | null;
  /** The buyer's photos (the defect, the damaged parcel), stored like addReturnPhoto's. */
  photos?: readonly (EvidenceUpload | null)[] | null;
}

/** At most this many photos come with a request (more can be added later: addReturnPhoto). */
export const maxRequestPhotos = 10;

type ReturnWithLines = Return & { lines: { id: string; orderLineId: string; quantity: number; exchangeProductId: string | null }[] };

/** Units of each order line already in a return that counts (open or closed), except `exceptReturnId`. */
async function unitsInReturns(tx: Tx, orderId: string, exceptReturnId?: string): Promise<Map<string, number>> {
  const rows = await tx.returnLine.groupBy({
    by: ['orderLineId'],
    where: { return: { orderId, status: { in: [...countingStatuses] }, ...(exceptReturnId ? { id: { not: exceptReturnId } } : {}) } },
    _sum: { quantity: true },
  });
  return new Map(rows.map((r) => [r.orderLineId, r._sum.quantity ?? 0]));
}

/**
 * Opens a return (staff, integrators, marketplace connectors). Idempotent on (channel, externalId)
 * like orders: the same marketplace return again answers the existing one and changes nothing.
 * Bad input (unknown or unshipped lines, more units than are returnable, a cancelled or unshipped
 * order) is refused whatever the caller; a request outside the channel's policy (window, reason)
 * is refused unless `override` is given by a caller allowed to (`canOverride`), which is recorded.
 * The buyer's photos are checked with the rest (a bad one refuses the whole request) and stored
 * with it, files last.
 */
export async function requestReturn(
  tx: Tx,
  input: RequestReturnInput,
  params: { actor: string; now: Date; canOverride: boolean; policy?: ReturnPolicy },
): Promise<{ returnId: string; orderId: string; created: boolean }> {
  const order = await lockOrder(tx, input.orderId, null, ['input', 'orderId']);
  const externalId = input.externalId?.trim() || null;
  if (externalId) {
    const existing = await tx.return.findUnique({ where: { channel_externalId: { channel: order.channel, externalId } }, select: { id: true, orderId: true } });
    if (existing) {
      if (existing.orderId !== order.id) {
        throw new DomainError(userError('INVALID_INPUT', `Return "${externalId}" of channel ${order.channel} belongs to another order`, ['input', 'externalId']));
      }
      return { returnId: existing.id, orderId: order.id, created: false };
    }
  }
  if (order.status === 'CANCELLED') throw new DomainError(userError('ORDER_CANCELLED', `Order #${order.number} was cancelled`, ['input', 'orderId']));
  if (!order.lines.some((l) => l.quantityShipped > 0)) {
    throw new DomainError(userError('NOT_SHIPPED', `Order #${order.number} never shipped anything; there is nothing to return`, ['input', 'orderId']));
  }
  if (!returnableOrderStatuses.has(order.status)) {
    throw new DomainError(userError('NOT_RETURNABLE', `Order #${order.number} is ${order.status}; returns are for delivered or completed orders`, ['input', 'orderId']));
  }

  // The lines: on this order, shipped, each once, at most what is still returnable.
  const already = await unitsInReturns(tx, order.id);
  const errors: UserErrorShape[] = [];
  const seen = new Set<string>();
  if (!input.lines.length) errors.push(userError('INVALID_INPUT', 'Choose at least one line to return', ['input', 'lines']));
  const photos: CheckedPhoto[] = [];
  if ((input.photos?.length ?? 0) > maxRequestPhotos) {
    errors.push(userError('INVALID_INPUT', `At most ${maxRequestPhotos} photos come with a request; add more later`, ['input', 'photos']));
  } else {
    input.photos?.forEach((file, i) => {
      const checked = checkReturnPhoto(file, ['input', 'photos', String(i)]);
      if ('errors' in checked) errors.push(...checked.errors);
      else photos.push(checked.photo);
    });
  }
  const chosen: { line: OrderLine; quantity: number; reason: ReturnReason; note: string; exchangeProductId: string | null }[] = [];
  input.lines.forEach((l, i) => {
    const line = order.lines.find((ol) => ol.id === l.orderLineId);
    const at = (...f: string[]) => ['input', 'lines', String(i), ...f];
    if (!line) return errors.push(userError('NOT_FOUND', `No such line on order #${order.number}`, at('orderLineId')));
    if (seen.has(line.id)) return errors.push(userError('DUPLICATE_LINE', `Line ${line.position} appears twice; put the total quantity on one line`, at('orderLineId')));
    seen.add(line.id);
    if (line.quantityShipped === 0) return errors.push(userError('NOT_SHIPPED', `Line ${line.position} (${line.sku}) was never shipped`, at('orderLineId')));
    const returnable = line.quantityShipped - (already.get(line.id) ?? 0);
    if (l.quantity < 1 || l.quantity > maxUnitsPerOperation) return errors.push(userError('INVALID_QUANTITY', 'Return at least 1 unit', at('quantity')));
    if (l.quantity > returnable) {
      return errors.push(
        userError(
          'OVER_RETURN',
          `Line ${line.position} (${line.sku}): ${returnable} of the ${line.quantityShipped} shipped unit(s) can still be returned, not ${l.quantity}`,
          at('quantity'),
        ),
      );
    }
    if (l.exchangeProductId && input.requestedOutcome !== 'EXCHANGE') {
      return errors.push(userError('INVALID_INPUT', 'A replacement product is only for exchanges', at('exchangeProductId')));
    }
    chosen.push({ line, quantity: l.quantity, reason: l.reason ?? input.reason, note: l.note?.trim() ?? '', exchangeProductId: l.exchangeProductId ?? null });
  });
  const exchangeProducts = chosen.flatMap((c) => (c.exchangeProductId ? [c.exchangeProductId] : []));
  if (exchangeProducts.length) {
    const found = new Set((await tx.product.findMany({ where: { id: { in: exchangeProducts } }, select: { id: true } })).map((p) => p.id));
    input.lines.forEach((l, i) => {
      if (l.exchangeProductId && !found.has(l.exchangeProductId))
        errors.push(userError('NOT_FOUND', 'No such product', ['input', 'lines', String(i), 'exchangeProductId']));
    });
  }
  if (errors.length) throw new DomainError(errors);

  // The channel's policy: the window from delivery, the reasons it accepts.
  const policy = params.policy ?? returnPolicy();
  const violations: UserErrorShape[] = [];
  const days = returnWindowDays(policy.windows, order.channel);
  if (order.deliveredAt && order.deliveredAt.getTime() + days * DAY < params.now.getTime()) {
    violations.push(
      userError(
        'RETURN_WINDOW_CLOSED',
        `Order #${order.number} was delivered on ${order.deliveredAt.toISOString().slice(0, 10)}; channel ${order.channel} accepts returns for ${days} day(s)`,
        ['input', 'orderId'],
      ),
    );
  }
  const allowed = policy.reasonsByChannel[order.channel];
  if (allowed) {
    if (!allowed.includes(input.reason))
      violations.push(userError('REASON_NOT_ALLOWED', `Channel ${order.channel} does not accept returns for ${input.reason}`, ['input', 'reason']));
    input.lines.forEach((l, i) => {
      if (l.reason && !allowed.includes(l.reason)) {
        violations.push(userError('REASON_NOT_ALLOWED', `Channel ${order.channel} does not accept returns for ${l.reason}`, ['input', 'lines', String(i), 'reason']));
      }
    });
  }
  const overrideReason = input.override?.reason.trim() ?? null;
  if (input.override && !overrideReason) throw new DomainError(userError('INVALID_INPUT', 'Say why the policy is overridden', ['input', 'override', 'reason']));
  if (input.override && !params.canOverride) {
    throw new DomainError(userError('OVERRIDE_NOT_ALLOWED', 'Only a manager may override the return policy (returns:override)', ['input', 'override']));
  }
  if (violations.length && !overrideReason) throw new DomainError(violations);
  const overridden = violations.length > 0 && !!overrideReason;

  const created = await tx.return.create({
    data: {
      orderId: order.id,
      channel: order.channel,
      externalId,
      reason: input.reason,
      requestedOutcome: input.requestedOutcome,
      buyerComment: input.buyerComment?.trim() ?? '',
      overrideReason: overridden ? overrideReason : null,
      overriddenBy: overridden ? params.actor : null,
      orderStatusBefore: order.status === 'RETURN_REQUESTED' ? null : order.status,
      currency: order.currency,
      requestedBy: params.actor,
      createdAt: params.now,
      lines: {
        create: chosen.map((c, i) => ({
          orderLineId: c.line.id,
          position: i + 1,
          quantity: c.quantity,
          reason: c.reason,
          reasonNote: c.note,
          exchangeProductId: c.exchangeProductId,
        })),
      },
    },
  });
  const stored = [];
  for (const photo of photos) {
    stored.push(await storeReturnPhoto(tx, { returnId: created.id, returnLineId: null, photo, note: '', actor: params.actor, now: params.now }));
  }
  const eventData = {
    returnId: created.id,
    returnNumber: created.number,
    reason: created.reason,
    requestedOutcome: created.requestedOutcome,
    units: chosen.reduce((sum, c) => sum + c.quantity, 0),
    photos: stored.length,
    ...(overridden ? { policyOverride: overrideReason, policyViolations: violations.map((v) => v.code) } : {}),
  };
  if (order.status === 'RETURN_REQUESTED') await appendOrderEvent(tx, order.id, { type: 'RETURN_REQUESTED', actor: params.actor, data: eventData });
  else await transitionOrder(tx, order, 'RETURN_REQUESTED', { actor: params.actor, type: 'RETURN_REQUESTED', eventData });
  await recordOutboxEvent(tx, {
    type: 'return.requested',
    aggregateType: 'Order',
    aggregateId: order.id,
    payload: {
      ...returnReference(order, created),
      reason: created.reason,
      requestedOutcome: created.requestedOutcome,
      policyOverridden: overridden,
      photoIds: stored.map((p) => p.row.id),
    },
  });
  // The files last: a refusal above writes nothing at all.
  for (const photo of stored) await photo.save();
  return { returnId: created.id, orderId: order.id, created: true };
}

/** How every return event's payload names its return and order. */
export const returnReference = (order: Pick<Order, 'id' | 'number' | 'channel' | 'externalId'>, ret: Pick<Return, 'id' | 'number' | 'externalId' | 'status'>) => ({
  ...orderReference(order),
  returnId: ret.id,
  returnNumber: ret.number,
  returnExternalId: ret.externalId,
  status: ret.status,
});

/** Locks a return's order (which serialises everything about its returns) and reads both. */
export async function lockReturn(tx: Tx, returnId: string, field: string[] = ['returnId']) {
  const found = await tx.return.findUnique({ where: { id: returnId }, select: { orderId: true } });
  if (!found) throw new DomainError(userError('NOT_FOUND', 'No such return', field));
  const order = await lockOrder(tx, found.orderId, null, field);
  const ret: ReturnWithLines = await tx.return.findUniqueOrThrow({
    where: { id: returnId },
    include: { lines: { orderBy: { position: 'asc' }, select: { id: true, orderLineId: true, quantity: true, exchangeProductId: true } } },
  });
  return { order, ret };
}

export function assertReturnTransition(ret: Pick<Return, 'number' | 'status'>, to: ReturnStatus, field: string[] = ['returnId']) {
  if (!returnTransitions[ret.status].includes(to)) {
    throw new DomainError(userError('INVALID_TRANSITION', `Return R-${ret.number} is ${ret.status}; it cannot become ${to}`, field));
  }
}

/** One step of the state table: the return's row, the order's timeline and the outbox. */
async function stepReturn(
  tx: Tx,
  order: Order,
  ret: Return,
  to: ReturnStatus,
  change: {
    actor: string;
    data?: Prisma.ReturnUpdateInput;
    eventType?: 'RETURN_UPDATED' | 'RETURN_RECEIVED';
    /** The webhook: return.updated unless the step has its own (return.approved, return.received). */
    webhook?: 'return.updated' | 'return.approved' | 'return.received';
    eventData?: Prisma.InputJsonObject;
    payload?: Prisma.InputJsonObject;
  },
) {
  assertReturnTransition(ret, to);
  const updated = await tx.return.update({ where: { id: ret.id }, data: { ...change.data, status: to } });
  await appendOrderEvent(tx, order.id, {
    type: change.eventType ?? 'RETURN_UPDATED',
    actor: change.actor,
    data: { returnId: ret.id, returnNumber: ret.number, status: to, ...change.eventData },
  });
  await recordOutboxEvent(tx, {
    type: change.webhook ?? 'return.updated',
    aggregateType: 'Order',
    aggregateId: order.id,
    payload: { ...returnReference(order, updated), ...change.payload },
  });
  return updated;
}

const trimmedNote = (note: string | null | undefined) => (note?.trim() ? { note: note.trim() } : {});

export async function approveReturn(tx: Tx, params: { returnId: string; note?: string | null; actor: string; now: Date }) {
  const { order, ret } = await lockReturn(tx, params.returnId);
  await stepReturn(tx, order, ret, APPROVED, { actor: params.actor, data: { approvedAt: params.now, ...trimmedNote(params.note) }, webhook: 'return.approved' });
  return { returnId: ret.id, orderId: order.id };
}

export async function declineReturn(tx: Tx, params: { returnId: string; reason: string; actor: string; now: Date }) {
  const reason = params.reason.trim();
  if (!reason) throw new DomainError(userError('INVALID_INPUT', 'Say why the return is declined', ['reason']));
  const { order, ret } = await lockReturn(tx, params.returnId);
  await stepReturn(tx, order, ret, DECLINED, {
    actor: params.actor,
    data: { declinedAt: params.now, declineReason: reason },
    eventData: { declineReason: reason },
    payload: { declineReason: reason },
  });
  await leaveReturnRequested(tx, order, params);
  return { returnId: ret.id, orderId: order.id };
}

/** The buyer sent the parcel back: its carrier and tracking number (a station scans it on arrival). */
export async function markReturnInTransit(tx: Tx, params: { returnId: string; carrier: string; trackingNumber: string; actor: string; now: Date }) {
  const carrier = params.carrier.trim();
  const trackingNumber = params.trackingNumber.trim();
  const errors = [
    ...(carrier ? [] : [userError('INVALID_INPUT', 'Name the carrier', ['carrier'])]),
    ...(trackingNumber ? [] : [userError('INVALID_INPUT', 'Give the return tracking number', ['trackingNumber'])]),
  ];
  if (errors.length) throw new DomainError(errors);
  const { order, ret } = await lockReturn(tx, params.returnId);
  await stepReturn(tx, order, ret, IN_TRANSIT, {
    actor: params.actor,
    data: { inTransitAt: params.now, returnCarrier: carrier, returnTrackingNumber: trackingNumber },
    eventData: { returnCarrier: carrier, returnTrackingNumber: trackingNumber },
    payload: { returnCarrier: carrier, returnTrackingNumber: trackingNumber },
  });
  return { returnId: ret.id, orderId: order.id };
}

/** The return parcel arrived (scanned at the returns station). A second receipt is refused. */
export async function receiveReturn(tx: Tx, params: { returnId: string; note?: string | null; actor: string; now: Date }) {
  const { order, ret } = await lockReturn(tx, params.returnId);
  if (ret.receivedAt) throw new DomainError(userError('INVALID_TRANSITION', `Return R-${ret.number} was received already`, ['returnId']));
  await stepReturn(tx, order, ret, RECEIVED, {
    actor: params.actor,
    data: { receivedAt: params.now, ...trimmedNote(params.note) },
    eventType: 'RETURN_RECEIVED',
    webhook: 'return.received',
  });
  return { returnId: ret.id, orderId: order.id };
}

export interface InspectionInput {
  returnLineId: string;
  condition: ItemCondition;
  quantity: number;
  /** The bin resellable units go back into (scanned); required for RESELLABLE. */
  locationCode?: string | null;
  note?: string | null;
}

/** Something in the parcel that is not in the return (a scanned SKU or barcode): recorded, never restocked. */
export interface UnexpectedItemInput {
  code: string;
  quantity: number;
  note?: string | null;
}

/**
 * Records the condition of received units, a unit or several lines at a time (the station may call
 * it per scanned unit): RESELLABLE units go back into the named bin (a RETURN stock movement,
 * available stock rises), DAMAGED units go to damaged stock (a RETURN movement of damagedDelta;
 * never available), MISSING were not in the
 * parcel. Once every unit of every line is inspected the return becomes INSPECTED. Unexpected items
 * (a wrong product, an extra unit) are recorded on the return's note and the order's timeline — the
 * goods are the buyer's, so no stock moves.
 */
export async function inspectReturn(
  tx: Tx,
  params: { returnId: string; items: readonly InspectionInput[]; unexpected?: readonly UnexpectedItemInput[]; actor: string; now: Date },
) {
  const { order, ret } = await lockReturn(tx, params.returnId);
  if (ret.status !== RECEIVED) {
    throw new DomainError(userError('INVALID_TRANSITION', `Return R-${ret.number} is ${ret.status}; units are inspected once it was received`, ['returnId']));
  }
  const unexpected = params.unexpected ?? [];
  if (!params.items.length && !unexpected.length) throw new DomainError(userError('INVALID_INPUT', 'Inspect at least one unit', ['items']));
  const done = new Map(
    (await tx.returnInspection.groupBy({ by: ['returnLineId'], where: { returnLine: { returnId: ret.id } }, _sum: { quantity: true } })).map((r) => [
      r.returnLineId,
      r._sum.quantity ?? 0,
    ]),
  );
  const errors: UserErrorShape[] = [];
  const locations = new Map<number, string>();
  for (const [i, item] of params.items.entries()) {
    const at = (f: string) => ['items', String(i), f];
    const line = ret.lines.find((l) => l.id === item.returnLineId);
    if (!line) {
      errors.push(userError('NOT_IN_RETURN', `That unit is not part of return R-${ret.number}`, at('returnLineId')));
      continue;
    }
    const left = line.quantity - (done.get(line.id) ?? 0);
    if (item.quantity < 1 || item.quantity > left) {
      errors.push(userError('INVALID_QUANTITY', `${left} unit(s) of this line are still to inspect, not ${item.quantity}`, at('quantity')));
      continue;
    }
    done.set(line.id, (done.get(line.id) ?? 0) + item.quantity);
    if (item.condition === 'RESELLABLE' && !item.locationCode?.trim()) {
      errors.push(userError('UNKNOWN_LOCATION', 'Scan the bin resellable units go back into', at('locationCode')));
      continue;
    }
    if (item.condition === 'DAMAGED' && !order.warehouseId) {
      errors.push(userError('UNKNOWN_WAREHOUSE', `Order #${order.number} has no warehouse to keep damaged units in`, at('condition')));
      continue;
    }
    if (item.locationCode?.trim()) {
      if (!order.warehouseId) {
        errors.push(userError('UNKNOWN_WAREHOUSE', `Order #${order.number} has no warehouse to restock into`, at('locationCode')));
        continue;
      }
      const location = await resolveLocation(tx, order.warehouseId, item.locationCode.trim(), at('locationCode')).catch((e: DomainError) => {
        errors.push(...e.errors);
        return null;
      });
      if (location) locations.set(i, location.id);
    }
  }
  unexpected.forEach((u, i) => {
    if (!u.code.trim()) errors.push(userError('INVALID_INPUT', 'Scan the unexpected item', ['unexpectedItems', String(i), 'code']));
    if (!Number.isInteger(u.quantity) || u.quantity < 1 || u.quantity > maxUnitsPerOperation) {
      errors.push(userError('INVALID_QUANTITY', 'Record at least 1 unit', ['unexpectedItems', String(i), 'quantity']));
    }
  });
  if (errors.length) throw new DomainError(errors);
  if (unexpected.length) await recordUnexpectedItems(tx, order, ret, unexpected, params);
  if (!params.items.length) return { returnId: ret.id, orderId: order.id };

  const orderLines = new Map(order.lines.map((l) => [l.id, l]));
  const counts: Record<ItemCondition, number> = { RESELLABLE: 0, DAMAGED: 0, MISSING: 0 };
  for (const [i, item] of params.items.entries()) {
    const line = ret.lines.find((l) => l.id === item.returnLineId)!;
    const orderLine = orderLines.get(line.orderLineId)!;
    await tx.returnInspection.create({
      data: {
        returnLineId: line.id,
        condition: item.condition,
        quantity: item.quantity,
        locationId: locations.get(i) ?? null,
        note: item.note?.trim() ?? '',
        actor: params.actor,
        createdAt: params.now,
      },
    });
    counts[item.condition] += item.quantity;
    if (item.condition === 'RESELLABLE') {
      await restockReturnedUnits(tx, {
        productId: orderLine.productId,
        warehouseId: order.warehouseId!,
        locationId: locations.get(i)!,
        quantity: item.quantity,
        orderId: order.id,
        reference: `return:R-${ret.number}`,
        actor: params.actor,
      });
    } else if (item.condition === 'DAMAGED') {
      await receiveDamagedReturnedUnits(tx, {
        productId: orderLine.productId,
        warehouseId: order.warehouseId!,
        quantity: item.quantity,
        orderId: order.id,
        reference: `return:R-${ret.number}`,
        actor: params.actor,
      });
    }
  }
  const complete = ret.lines.every((l) => (done.get(l.id) ?? 0) === l.quantity);
  if (complete) {
    await stepReturn(tx, order, ret, INSPECTED, { actor: params.actor, data: { inspectedAt: params.now }, eventData: { ...counts } });
  } else {
    await appendOrderEvent(tx, order.id, { type: 'NOTE_ADDED', actor: params.actor, data: { returnId: ret.id, returnNumber: ret.number, inspected: { ...counts } } });
  }
  return { returnId: ret.id, orderId: order.id };
}

/** The return's note gains a line per unexpected item (shown to staff), the timeline one NOTE_ADDED entry with them all. */
async function recordUnexpectedItems(tx: Tx, order: Order, ret: Return, items: readonly UnexpectedItemInput[], params: { actor: string }) {
  const codes = [...new Set(items.map((u) => u.code.trim()))];
  const [bySku, byBarcode] = await Promise.all([
    tx.product.findMany({ where: { sku: { in: codes } }, select: { id: true, sku: true } }),
    tx.productBarcode.findMany({ where: { code: { in: codes } }, select: { code: true, product: { select: { id: true, sku: true } } } }),
  ]);
  const products = new Map([...byBarcode.map((b) => [b.code, b.product] as const), ...bySku.map((p) => [p.sku, p] as const)]);
  const recorded = items.map((u) => {
    const code = u.code.trim();
    return { code, quantity: u.quantity, sku: products.get(code)?.sku ?? null, productId: products.get(code)?.id ?? null, note: u.note?.trim() ?? '' };
  });
  const lines = recorded.map((u) => `Unexpected item: ${u.code}${u.sku && u.sku !== u.code ? ` (${u.sku})` : ''} ×${u.quantity}${u.note ? ` — ${u.note}` : ''}`);
  await tx.return.update({ where: { id: ret.id }, data: { note: [ret.note, ...lines].filter(Boolean).join('\n') } });
  await appendOrderEvent(tx, order.id, {
    type: 'NOTE_ADDED',
    actor: params.actor,
    data: { returnId: ret.id, returnNumber: ret.number, unexpectedItems: recorded },
  });
}

/**
 * What the buyer paid for `units` of each line (the line's total less its share of the order's
 * discount, in proportion to the units; core/money.ts): the most a refund of those units may be.
 */
export function paidForUnits(order: Pick<Order, 'shippingAmount' | 'discountAmount'> & { lines: OrderLine[] }, units: ReadonlyMap<string, number>): number {
  return paid(order, units).units;
}

/** What the buyer paid for `units` of each line and for shipping (its charge less its share of the discount). */
function paid(order: Pick<Order, 'shippingAmount' | 'discountAmount'> & { lines: OrderLine[] }, units: ReadonlyMap<string, number>) {
  const { lines: priced, charges } = pricedOrder(order);
  if (priced.every((p) => p.units === 0)) return { units: 0, shipping: 0 };
  const shares = allocateDiscount(priced, charges);
  const forUnits = order.lines.reduce((sum, line, i) => {
    const n = Math.min(units.get(line.id) ?? 0, priced[i]!.units);
    if (!n) return sum;
    const paid = priced[i]!.unitPrice * priced[i]!.units - shares.lines[i]!;
    return sum + (n === priced[i]!.units ? paid : allocate(paid, [n, priced[i]!.units - n])[0]!);
  }, 0);
  return { units: forUnits, shipping: order.shippingAmount - shares.shipping };
}

/** Returns a refund may not be recorded on: refused ones and withdrawn ones sent nothing back. */
const unrefundableStatuses: readonly ReturnStatus[] = [DECLINED, CANCELLED];

export interface RefundInput {
  /** Minor units of `currency`: the whole refund, `shipping` included. */
  amount: number;
  /** The part of `amount` for the order's shipping charge, in `shippingCurrency` (the order's too). */
  shipping?: number | null;
  shippingCurrency?: string | null;
  /** Must be the order's currency. */
  currency: string;
  method: RefundMethod;
  reference?: string | null;
  note?: string | null;
}

/**
 * What may still be refunded on a return: for its units, what the buyer paid for them (paidForUnits)
 * less the return's refunds of units; for shipping, the shipping paid less every shipping refund of
 * the order (shipping is paid once per order, whichever return refunds it); never more than the
 * order's total less all the order's refunds.
 */
async function refundable(
  tx: Pick<Tx, 'refund'>,
  order: Order & { lines: OrderLine[] },
  ret: { id: string; lines: readonly { orderLineId: string; quantity: number }[] },
) {
  const units = new Map<string, number>();
  for (const l of ret.lines) units.set(l.orderLineId, (units.get(l.orderLineId) ?? 0) + l.quantity);
  const [onReturn, onOrder] = await Promise.all([
    tx.refund.aggregate({ where: { returnId: ret.id }, _sum: { amount: true, shippingAmount: true } }),
    tx.refund.aggregate({ where: { return: { orderId: order.id } }, _sum: { amount: true, shippingAmount: true } }),
  ]);
  const refundedOnReturn = onReturn._sum.amount ?? 0;
  const refundedOnOrder = onOrder._sum.amount ?? 0;
  const paidFor = paid(order, units);
  const orderLeft = order.totalAmount - refundedOnOrder;
  return {
    refundedOnReturn,
    refundedOnOrder,
    orderLeft: Math.max(0, orderLeft),
    left: Math.max(0, Math.min(paidFor.units - (refundedOnReturn - (onReturn._sum.shippingAmount ?? 0)), orderLeft)),
    shippingLeft: Math.max(0, Math.min(paidFor.shipping - (onOrder._sum.shippingAmount ?? 0), orderLeft)),
  };
}

/** What may still be refunded on a return for its units and for shipping (Return.refundable, refundableShipping), read without locking; null for no such return. */
export async function refundableAmount(db: Pick<Tx, 'refund' | 'return'>, returnId: string): Promise<{ units: number; shipping: number } | null> {
  const ret = await db.return.findUnique({
    where: { id: returnId },
    select: { id: true, status: true, lines: { select: { orderLineId: true, quantity: true } }, order: { include: { lines: true } } },
  });
  if (!ret) return null;
  if (unrefundableStatuses.includes(ret.status)) return { units: 0, shipping: 0 };
  const { left, shippingLeft } = await refundable(db, ret.order, ret);
  return { units: left, shipping: shippingLeft };
}

/**
 * Records money given back for a return (the caller holds the order's lock, which serialises every
 * refund of the order, so two racing refunds can never together exceed what was paid). Refused —
 * nothing written — for an amount of nothing or less, another currency than the order's, a declined
 * or cancelled return, or more than is still refundable (REFUND_EXCEEDS_PAID). Writes the refund,
 * the return's refunded total, a REFUNDED timeline entry and, when `announce`, a `return.updated`
 * event (closeReturn announces its refund with return.closed).
 */
async function addRefund(
  tx: Tx,
  order: Order & { lines: OrderLine[] },
  ret: ReturnWithLines,
  input: RefundInput,
  at: { amountField: string[]; shippingField?: string[]; currencyField: string[]; announce: boolean; actor: string; now: Date },
) {
  const errors: UserErrorShape[] = [];
  const shipping = input.shipping ?? 0;
  if (!Number.isInteger(input.amount) || input.amount <= 0) errors.push(userError('INVALID_AMOUNT', 'A refund is more than nothing', at.amountField));
  else if (!Number.isInteger(shipping) || shipping < 0 || shipping > input.amount) {
    errors.push(userError('INVALID_AMOUNT', 'The shipping part of a refund is between 0 and the whole refund', at.shippingField ?? at.amountField));
  }
  if (input.currency.trim().toUpperCase() !== order.currency) {
    errors.push(userError('CURRENCY_MISMATCH', `Order #${order.number} was paid in ${order.currency}; refund in ${order.currency}`, at.currencyField));
  }
  if (input.shippingCurrency != null && input.shippingCurrency.trim().toUpperCase() !== order.currency) {
    errors.push(userError('CURRENCY_MISMATCH', `Order #${order.number} was paid in ${order.currency}; refund in ${order.currency}`, ['input', 'shipping', 'currency']));
  }
  if (unrefundableStatuses.includes(ret.status)) {
    errors.push(userError('INVALID_TRANSITION', `Return R-${ret.number} is ${ret.status}; nothing came back to refund`, ['returnId']));
  }
  if (errors.length) throw new DomainError(errors);
  const { refundedOnReturn, left, shippingLeft, orderLeft } = await refundable(tx, order, ret);
  if (shipping > shippingLeft) {
    throw new DomainError(
      userError(
        'REFUND_EXCEEDS_PAID',
        `At most ${shippingLeft} (minor units of ${order.currency}) of shipping can still be refunded on order #${order.number}: the shipping paid less earlier shipping refunds`,
        at.shippingField ?? at.amountField,
      ),
    );
  }
  if (input.amount - shipping > left || input.amount > orderLeft) {
    throw new DomainError(
      userError(
        'REFUND_EXCEEDS_PAID',
        `At most ${left} (minor units of ${order.currency}) can still be refunded for the units of return R-${ret.number}: what was paid for them less earlier refunds`,
        at.amountField,
      ),
    );
  }
  const refund = await tx.refund.create({
    data: {
      returnId: ret.id,
      amount: input.amount,
      shippingAmount: shipping,
      currency: order.currency,
      method: input.method,
      reference: input.reference?.trim() || null,
      note: input.note?.trim() ?? '',
      actor: at.actor,
      createdAt: at.now,
    },
  });
  const refunded = refundedOnReturn + input.amount;
  const updated = await tx.return.update({ where: { id: ret.id }, data: { refundAmount: refunded } });
  const data = {
    returnId: ret.id,
    returnNumber: ret.number,
    refundId: refund.id,
    amount: input.amount,
    shippingAmount: shipping,
    currency: order.currency,
    method: input.method,
    refunded,
  };
  await appendOrderEvent(tx, order.id, { type: 'REFUNDED', actor: at.actor, data });
  // Every refund, closeReturn's too: integrators reconciling money follow this one event.
  await recordOutboxEvent(tx, {
    type: 'refund.recorded',
    aggregateType: 'Order',
    aggregateId: order.id,
    payload: {
      ...returnReference(order, updated),
      refundId: refund.id,
      amount: input.amount,
      shippingAmount: shipping,
      currency: order.currency,
      method: input.method,
      reference: refund.reference,
      refundAmount: refunded,
    },
  });
  if (!at.announce) return refund;
  await recordOutboxEvent(tx, {
    type: 'return.updated',
    aggregateType: 'Order',
    aggregateId: order.id,
    payload: {
      ...returnReference(order, updated),
      refundRecorded: { refundId: refund.id, amount: input.amount, method: input.method },
      refundAmount: refunded,
      currency: order.currency,
    },
  });
  return refund;
}

/**
 * Records a refund on a return (staff; integrators and marketplace connectors report the
 * marketplace's refunds the same way): any time from the request to after its close, partial
 * refunds adding up. The return's status does not change: closeReturn ends it.
 */
export async function recordRefund(
  tx: Tx,
  params: { returnId: string; refund: RefundInput; actor: string; now: Date },
): Promise<{ refundId: string; returnId: string; orderId: string }> {
  const { order, ret } = await lockReturn(tx, params.returnId);
  const refund = await addRefund(tx, order, ret, params.refund, {
    amountField: ['input', 'amount', 'minorUnits'],
    shippingField: ['input', 'shipping', 'minorUnits'],
    currencyField: ['input', 'amount', 'currency'],
    announce: true,
    actor: params.actor,
    now: params.now,
  });
  return { refundId: refund.id, returnId: ret.id, orderId: order.id };
}

/** One replacement of an exchange: units of a return line, as the same product or another (another size, colour or product). */
export interface ReplacementLineInput {
  returnLineId: string;
  quantity: number;
  /** The replacement product; the returned one when omitted. */
  productId?: string | null;
}

/** Returns an exchange may be made for: approved (the replacement may go out before the parcel is back) up to inspected. */
const exchangeableStatuses: readonly ReturnStatus[] = [APPROVED, IN_TRANSIT, RECEIVED, INSPECTED];

/**
 * The one way an exchange order is made for a return (createExchange, closeReturn with EXCHANGE):
 * the replacement lines (by default each line's units less those inspected MISSING, as the
 * requested replacement product or the same one) checked — a line of this return, at most its
 * units not missing, an existing active product — then the linked order made by
 * createExchangeOrder (confirmed through the normal confirmation into the pick queue), its price
 * difference recorded on the return (> 0 to collect from the buyer, < 0 to refund), the original
 * order's timeline and `exchange.created`.
 */
async function exchangeForReturn(
  tx: Tx,
  order: Order & { lines: OrderLine[] },
  ret: ReturnWithLines,
  params: { lines: readonly ReplacementLineInput[] | null; field: string[]; actor: string; now: Date },
): Promise<{ orderId: string; difference: number }> {
  const missing = new Map(
    (await tx.returnInspection.groupBy({ by: ['returnLineId'], where: { returnLine: { returnId: ret.id }, condition: 'MISSING' }, _sum: { quantity: true } })).map(
      (r) => [r.returnLineId, r._sum.quantity ?? 0],
    ),
  );
  const requested =
    params.lines ??
    ret.lines.map((l) => ({ returnLineId: l.id, quantity: l.quantity - (missing.get(l.id) ?? 0), productId: l.exchangeProductId })).filter((l) => l.quantity > 0);
  if (!requested.length) {
    throw new DomainError(
      userError('INVALID_INPUT', params.lines ? 'Name at least one replacement line' : 'No unit of this return came back; there is nothing to exchange', params.field),
    );
  }
  const errors: UserErrorShape[] = [];
  const used = new Map<string, number>();
  const productIds = [...new Set(requested.flatMap((l) => (l.productId ? [l.productId] : [])))];
  const products = new Map((await tx.product.findMany({ where: { id: { in: productIds } }, select: { id: true, active: true } })).map((p) => [p.id, p]));
  requested.forEach((l, i) => {
    const at = (f: string) => (params.lines ? ['input', 'lines', String(i), f] : params.field);
    const line = ret.lines.find((rl) => rl.id === l.returnLineId);
    if (!line) return errors.push(userError('NOT_IN_RETURN', `That line is not part of return R-${ret.number}`, at('returnLineId')));
    const left = line.quantity - (missing.get(line.id) ?? 0) - (used.get(line.id) ?? 0);
    if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > left) {
      return errors.push(userError('INVALID_QUANTITY', `${left} unit(s) of this line can still be exchanged, not ${l.quantity}`, at('quantity')));
    }
    used.set(line.id, (used.get(line.id) ?? 0) + l.quantity);
    const product = l.productId ? products.get(l.productId) : null;
    if (l.productId && !product) return errors.push(userError('NOT_FOUND', 'No such product', at('productId')));
    if (product && !product.active) return errors.push(userError('PRODUCT_ARCHIVED', 'That product is archived; choose another replacement', at('productId')));
  });
  if (errors.length) throw new DomainError(errors);

  const orderLines = new Map(order.lines.map((l) => [l.id, l]));
  const lines = requested.map((l) => ({
    orderLine: orderLines.get(ret.lines.find((rl) => rl.id === l.returnLineId)!.orderLineId)!,
    productId: l.productId ?? null,
    quantity: l.quantity,
  }));
  const exchange = await createExchangeOrder(tx, { original: order, returnId: ret.id, returnNumber: ret.number, lines, actor: params.actor, now: params.now });
  const updated = await tx.return.update({ where: { id: ret.id }, data: { exchangeOrderId: exchange.orderId, exchangeDifferenceAmount: exchange.difference } });
  const exchangeOrder = await tx.order.findUniqueOrThrow({ where: { id: exchange.orderId }, select: { number: true } });
  const data = {
    returnId: ret.id,
    returnNumber: ret.number,
    exchangeOrderId: exchange.orderId,
    exchangeOrderNumber: exchangeOrder.number,
    exchangeOrderStatus: exchange.status,
    exchangeDifferenceAmount: exchange.difference,
    currency: order.currency,
    units: lines.reduce((sum, l) => sum + l.quantity, 0),
  };
  await appendOrderEvent(tx, order.id, { type: 'RETURN_UPDATED', actor: params.actor, data: { ...data, status: ret.status } });
  await recordOutboxEvent(tx, { type: 'exchange.created', aggregateType: 'Order', aggregateId: order.id, payload: { ...returnReference(order, updated), ...data } });
  return { orderId: exchange.orderId, difference: exchange.difference };
}

/**
 * Sends the buyer replacement units for an open return, approved up to inspected (the replacement
 * may go out before the parcel is back): replacement lines per return line — the same SKU, another
 * variant or another product — or, when none are given, what the request asked for. The linked
 * exchange order goes through the normal confirmation (stock reserved, into the pick queue) and
 * the price difference due is recorded on the return (to collect or to refund). One exchange per
 * return; closeReturn with EXCHANGE then closes it as it is.
 */
export async function createExchange(
  tx: Tx,
  params: { returnId: string; lines?: readonly ReplacementLineInput[] | null; actor: string; now: Date },
): Promise<{ returnId: string; orderId: string; exchangeOrderId: string }> {
  const { order, ret } = await lockReturn(tx, params.returnId, ['input', 'returnId']);
  if (!exchangeableStatuses.includes(ret.status)) {
    throw new DomainError(
      userError('INVALID_TRANSITION', `Return R-${ret.number} is ${ret.status}; exchanges are made from approval to inspection`, ['input', 'returnId']),
    );
  }
  if (ret.exchangeOrderId) throw new DomainError(userError('INVALID_TRANSITION', `Return R-${ret.number} has its exchange order already`, ['input', 'returnId']));
  if (params.lines && !params.lines.length) throw new DomainError(userError('INVALID_INPUT', 'Name at least one replacement line', ['input', 'lines']));
  const exchange = await exchangeForReturn(tx, order, ret, { lines: params.lines ?? null, field: ['input', 'lines'], actor: params.actor, now: params.now });
  return { returnId: ret.id, orderId: order.id, exchangeOrderId: exchange.orderId };
}

/**
 * Ends an inspected return with a refund (refundAmount, recorded like recordRefund; or none when
 * refunds were recorded already) or an exchange: a linked order for the units that came back (the
 * requested replacement product, else the same), confirmed through the normal confirmation (stock
 * reserved, into the pick queue), its price difference recorded on the return.
 */
export async function closeReturn(
  tx: Tx,
  params: {
    returnId: string;
    outcome: ReturnOutcome;
    refundAmount?: number | null;
    refundMethod?: RefundMethod | null;
    note?: string | null;
    actor: string;
    now: Date;
  },
): Promise<{ returnId: string; orderId: string; exchangeOrderId: string | null }> {
  const { order, ret } = await lockReturn(tx, params.returnId);
  assertReturnTransition(ret, CLOSED);
  let exchangeOrderId: string | null = null;
  let exchangeDifferenceAmount: number | null = null;
  if (params.outcome === 'REFUND') {
    if (ret.exchangeOrderId) {
      throw new DomainError(
        userError('INVALID_INPUT', `Return R-${ret.number} has its exchange order; close it with EXCHANGE (refunds can still be recorded)`, ['outcome']),
      );
    }
    if (params.refundAmount != null) {
      await addRefund(
        tx,
        order,
        ret,
        { amount: params.refundAmount, currency: order.currency, method: params.refundMethod ?? 'ORIGINAL_PAYMENT' },
        { amountField: ['refundAmount'], currencyField: ['refundAmount'], announce: false, actor: params.actor, now: params.now },
      );
    } else if (!ret.refundAmount) {
      throw new DomainError(userError('INVALID_AMOUNT', 'A refund needs its amount (or record the refund first: recordRefund)', ['refundAmount']));
    }
  } else {
    if (params.refundAmount != null) throw new DomainError(userError('INVALID_INPUT', 'An exchange closes without a refund', ['refundAmount']));
    // An exchange made earlier (createExchange) closes the return as it is; else it is made now.
    const exchange = ret.exchangeOrderId
      ? { orderId: ret.exchangeOrderId, difference: ret.exchangeDifferenceAmount }
      : await exchangeForReturn(tx, order, ret, { lines: null, field: ['outcome'], actor: params.actor, now: params.now });
    exchangeOrderId = exchange.orderId;
    exchangeDifferenceAmount = exchange.difference;
  }
  const updated = await tx.return.update({
    where: { id: ret.id },
    data: { status: CLOSED, closedAt: params.now, outcome: params.outcome, exchangeOrderId, exchangeDifferenceAmount, ...trimmedNote(params.note) },
  });
  const closedData = {
    returnId: ret.id,
    returnNumber: ret.number,
    outcome: params.outcome,
    refundAmount: updated.refundAmount,
    currency: order.currency,
    exchangeOrderId,
    exchangeDifferenceAmount,
  };
  await appendOrderEvent(tx, order.id, { type: 'RETURN_CLOSED', actor: params.actor, data: closedData });
  const after = await leaveReturnRequested(tx, order, params);
  await recordOutboxEvent(tx, {
    type: 'return.closed',
    aggregateType: 'Order',
    aggregateId: order.id,
    payload: { ...returnReference(order, updated), ...closedData, orderStatus: after.status, fullyReturned: after.fullyReturned },
  });
  return { returnId: ret.id, orderId: order.id, exchangeOrderId };
}

/** Withdrawn before the parcel arrived (the buyer changed their mind, a duplicate request). */
export async function cancelReturn(tx: Tx, params: { returnId: string; reason?: string | null; actor: string; now: Date }) {
  const { order, ret } = await lockReturn(tx, params.returnId);
  if (ret.receivedAt) throw new DomainError(userError('INVALID_TRANSITION', `Return R-${ret.number} was received; it can no longer be cancelled`, ['returnId']));
  await stepReturn(tx, order, ret, CANCELLED, {
    actor: params.actor,
    data: { cancelledAt: params.now, ...trimmedNote(params.reason) },
    eventData: { reason: params.reason?.trim() ?? null },
  });
  await leaveReturnRequested(tx, order, params);
  return { returnId: ret.id, orderId: order.id };
}

/**
 * The order after one of its returns ended: still RETURN_REQUESTED while another is open; else
 * RETURNED when closed returns brought back every shipped unit (missing units do not count), else
 * back where it was — COMPLETED when it had been completed, else DELIVERED (a partial return).
 */
async function leaveReturnRequested(tx: Tx, order: Order, params: { actor: string }): Promise<{ status: Order['status']; fullyReturned: boolean }> {
  const shipped = await tx.orderLine.aggregate({ where: { orderId: order.id }, _sum: { quantityShipped: true } });
  const [returned, missing] = await Promise.all([
    tx.returnLine.aggregate({ where: { return: { orderId: order.id, status: CLOSED } }, _sum: { quantity: true } }),
    tx.returnInspection.aggregate({ where: { condition: 'MISSING', returnLine: { return: { orderId: order.id, status: CLOSED } } }, _sum: { quantity: true } }),
  ]);
  const units = (returned._sum.quantity ?? 0) - (missing._sum.quantity ?? 0);
  const fullyReturned = units > 0 && units >= (shipped._sum.quantityShipped ?? 0);
  if (order.status !== 'RETURN_REQUESTED') return { status: order.status, fullyReturned };
  if (await tx.return.count({ where: { orderId: order.id, status: { in: [...openReturnStatuses] } } })) return { status: order.status, fullyReturned };
  const to = fullyReturned ? 'RETURNED' : order.completedAt ? 'COMPLETED' : 'DELIVERED';
  await transitionOrder(tx, order, to, {
    actor: params.actor,
    type: 'STATUS_CHANGED',
    eventData: { reason: fullyReturned ? 'returned in full' : units > 0 ? 'returned in part' : 'no return open', partial: !fullyReturned && units > 0 },
  });
  return { status: to, fullyReturned };
}
