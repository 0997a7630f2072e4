// Orders in from Ozon: a posting (fetched after a push, or found by the poller) becomes one order,
// idempotently on (channel, posting number). Pushes are hints only: the job that follows one fetches
// the posting and applies Ozon's current state, so late, duplicated and out-of-order pushes all end
// in the same place. A posting whose products we do not know is kept (OzonPosting.blockedReason)
// and imported once they exist; one from an Ozon warehouse we have not mapped becomes an order held
// with the reason. A cancellation on Ozon cancels the local order (stock released), or — when its
// units are already off the shelves — holds it for the floor to put them back; a cancelled part of
// a split posting cancels that part's lines. rFBS postings bring the buyer and the address (kept like
// any buyer data: masked in the API, never logged); FBS postings name Ozon's drop-off instead. The
// posting's requirements (marking codes, customs number, country of origin) and available actions
// are kept on its row for the order to show. After hand-over, Ozon's states feed the order's
// tracking (modules/tracking) so an Ozon order ends DELIVERED like any other.
import { createHash } from 'node:crypto';
import type { Db, OzonAccount, OzonPosting as PostingRow, Order, TrackingEventStatus } from '@orderly/schema';
import { DomainError } from '../../../core/errors.ts';
import type { Tx } from '../../../core/transaction.ts';
import { productsBySku } from '../../catalog/catalog.service.ts';
import { takeOrderIn } from '../../orders/order-reimport.ts';
import { appendOrderEvent, cancelOrder, cancelOrderLines, type CreateOrderInput, lineUnits, placeHold } from '../../orders/order.service.ts';
import { recordTrackingEvent } from '../../tracking/tracking.service.ts';
import { credentialsOf } from './accounts.service.ts';
import { PostgresBreaker, rescheduleWhileBlocked } from './breaker.ts';
import { OzonClient, type OzonClientOptions, OzonMethodBlockedError, type OzonPosting } from './client.ts';
import { PostgresRateLimiter } from './rate-limiter.ts';
import { resolveRequirements } from './requirements.ts';

/** Ozon statuses of postings still to be packed or handed over: these become orders. */
const importable = new Set(['awaiting_registration', 'acceptance_in_progress', 'awaiting_approve', 'awaiting_verification', 'awaiting_packaging', 'awaiting_deliver']);
/** Local statuses whose units are off the shelves: a cancellation waits for the floor to put them back. */
const offTheShelves = new Set<Order['status']>(['PICKED', 'PACKED', 'READY_TO_SHIP']);
const finished = new Set<Order['status']>(['SHIPPED', 'IN_TRANSIT', 'DELIVERED', 'COMPLETED', 'CANCELLED', 'RETURN_REQUESTED', 'RETURNED', 'EXCEPTION']);
/** Local statuses of an order handed over to the carrier: Ozon's states become tracking events. */
const handedOver = new Set<Order['status']>(['SHIPPED', 'IN_TRANSIT', 'DELIVERED', 'EXCEPTION']);

export const ozonActor = (account: Pick<OzonAccount, 'channel'>) => `ozon:${account.channel}`;

export interface ApplyResult {
  orderId: string | null;
  created: boolean;
  blockedReason: string | null;
}

/** Ozon's decimal price string ("1390.000000") in minor units. */
const minorUnits = (price: string | undefined) => {
  const value = Number(price ?? '0');
  return Number.isFinite(value) && value >= 0 ? Math.round(value * 100) : 0;
};

const parseDate = (value: string | null | undefined) => {
  const t = value ? Date.parse(value) : NaN;
  return Number.isNaN(t) ? null : new Date(t);
};

/** Applies one posting as Ozon reports it now, in `tx`. Concurrent calls for one posting queue on its row. */
export async function applyPosting(tx: Tx, account: OzonAccount, posting: OzonPosting): Promise<ApplyResult> {
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "OzonPosting" (id, "accountId", "postingNumber", status, "availableActions", "updatedAt")
    VALUES (gen_random_uuid(), ${account.id}::uuid, ${posting.posting_number}, ${posting.status}, '{}', now())
    ON CONFLICT ("accountId", "postingNumber") DO NOTHING RETURNING id`;
  const [row] = await tx.$queryRaw<PostingRow[]>`
    SELECT * FROM "OzonPosting" WHERE "accountId" = ${account.id}::uuid AND "postingNumber" = ${posting.posting_number} FOR UPDATE`;
  // What we knew of the posting before this sync (nothing for a new row): changes are applied once.
  const previous = inserted.length ? null : { status: row!.status, substatus: row!.substatus };
  let orderId = row!.orderId;
  let created = false;
  let blockedReason: string | null = null;
  const actor = ozonActor(account);

  const parent = posting.parent_posting_number || row!.parentPostingNumber;
  if (!orderId && parent) {
    // A part of a posting we shipped as several packages: it belongs to the parent's order.
    const parentRow = await tx.ozonPosting.findUnique({
      where: { accountId_postingNumber: { accountId: account.id, postingNumber: parent } },
      select: { orderId: true },
    });
    orderId = parentRow?.orderId ?? null;
  }
  if (!orderId && importable.has(posting.status) && !parent) {
    const imported = await importAsOrder(tx, account, posting, actor);
    orderId = imported.orderId;
    created = imported.created;
    blockedReason = imported.blockedReason;
  } else if (orderId) {
    await followOzon(tx, orderId, posting, previous, actor, !!parent);
    // Still an order to fulfil: Ozon's edits (lines, an rFBS address or buyer) are taken in as any
    // re-import is — reported on the timeline, applied where safe, held when lines change after picking.
    if (importable.has(posting.status) && !parent) await importAsOrder(tx, account, posting, actor, true);
  } else if (parent) {
    blockedReason = `SPLIT_PART_OF_UNKNOWN_POSTING: ${parent}`.slice(0, 200);
  }
  if (orderId && !created && previous && (previous.status !== posting.status || previous.substatus !== (posting.substatus ?? null))) {
    await recordOzonStatusChange(tx, orderId, posting, previous, actor);
  }

  await tx.ozonPosting.update({
    where: { id: row!.id },
    data: {
      orderId,
      parentPostingNumber: parent || null,
      status: posting.status,
      substatus: posting.substatus ?? null,
      shipmentDate: parseDate(posting.shipment_date),
      ozonWarehouseId: posting.delivery_method?.warehouse_id != null ? String(posting.delivery_method.warehouse_id) : null,
      blockedReason,
      requirements: resolveRequirements(posting),
      availableActions: (posting.available_actions ?? []).filter((a): a is string => typeof a === 'string'),
      contentHash: contentHashOf(posting),
    },
  });
  return { orderId, created, blockedReason };
}

/**
 * A fingerprint of what an order takes in from the posting besides its status and dates: the
 * products and quantities, and the rFBS buyer and address as destinationOf reads them (blanks Ozon
 * withholds included, so hiding them is a difference applyPosting then ignores). Kept on the
 * posting's row (no buyer data: a hash), so the poll sees an edit Ozon made without a status change.
 */
function contentHashOf(posting: OzonPosting): string {
  const lines = posting.products.map((p) => [p.offer_id, p.sku, p.quantity]).sort((a, b) => String(a).localeCompare(String(b)));
  return createHash('sha256')
    .update(canonical({ lines, destination: destinationOf(posting) }))
    .digest('base64url');
}

/** The posting as an order: a new one, or (`onFile`) the one we have, through takeOrderIn. */
/** Ozon's price before its discounts for a line (financial data's old_price): the discount Ozon gave is recorded on the order. */
function listPriceOf(posting: OzonPosting, key: string, products: ReadonlyMap<string, unknown>): number | null {
  // The posting's products on this line, keyed as importAsOrder keys them.
  const skus = new Set(posting.products.filter((p) => (products.has(p.offer_id) ? p.offer_id : String(p.sku)) === key).map((p) => p.sku));
  const old = posting.financial_data?.products?.find((f) => f.product_id != null && skus.has(f.product_id))?.old_price;
  return old == null || old === '' ? null : minorUnits(String(old));
}

async function importAsOrder(tx: Tx, account: OzonAccount, posting: OzonPosting, actor: string, onFile = false) {
  // Lines by offer id (the seller's article = our SKU), falling back to Ozon's numeric SKU; one line per product.
  const quantities = new Map<string, { key: string; quantity: number; price: string | undefined }>();
  const candidates = posting.products.flatMap((p) => [p.offer_id, String(p.sku)]);
  const products = await productsBySku(tx, candidates);
  const unknown: string[] = [];
  for (const p of posting.products) {
    // On an order we have, a product we do not know is still a line Ozon added: compared, reported.
    const key = products.has(p.offer_id) ? p.offer_id : products.has(String(p.sku)) ? String(p.sku) : onFile ? p.offer_id || String(p.sku) : null;
    if (!key) {
      unknown.push(p.offer_id || String(p.sku));
      continue;
    }
    const line = quantities.get(key) ?? { key, quantity: 0, price: p.price };
    line.quantity += p.quantity;
    quantities.set(key, line);
  }
  if (unknown.length) return { orderId: null, created: false, blockedReason: `UNKNOWN_PRODUCT: ${unknown.slice(0, 20).join(', ')}` };

  const ozonWarehouse = posting.delivery_method?.warehouse_id != null ? String(posting.delivery_method.warehouse_id) : null;
  const mapping = ozonWarehouse
    ? await tx.ozonWarehouseMapping.findUnique({ where: { accountId_ozonWarehouseId: { accountId: account.id, ozonWarehouseId: ozonWarehouse } } })
    : null;
  const warehouse = mapping ? await tx.warehouse.findUnique({ where: { id: mapping.warehouseId }, select: { code: true } }) : null;

  const destination = destinationOf(posting);
  const input: CreateOrderInput = {
    channel: account.channel,
    externalId: posting.posting_number,
    placedAt: parseDate(posting.in_process_at),
    shipBy: parseDate(posting.shipment_date),
    currency: posting.products[0]?.currency_code || 'RUB',
    warehouseCode: warehouse?.code ?? null,
    buyer: destination.buyer,
    shippingAddress: destination.address,
    lines: [...quantities.values()].map((l) => ({ sku: l.key, quantity: l.quantity, unitPrice: minorUnits(l.price), listPrice: listPriceOf(posting, l.key, products) })),
  };
  let result;
  try {
    result = await takeOrderIn(tx, input, actor, 'posting', { withheld: destination.withheld });
  } catch (error) {
    if (error instanceof DomainError) return { orderId: null, created: false, blockedReason: `INVALID_POSTING: ${error.errors.map((e) => e.code).join(', ')}` };
    throw error;
  }
  if (result.created) {
    const expected = deliveryDateOf(posting);
    if (expected) await tx.order.update({ where: { id: result.orderId }, data: { expectedDeliveryAt: expected } });
    if (!mapping) {
      const note = ozonWarehouse ? `Ozon warehouse ${ozonWarehouse} is not mapped to one of our warehouses` : 'The Ozon posting names no warehouse';
      await placeHold(tx, { orderId: result.orderId, reason: 'OTHER', note, actor });
    } else if (destination.hold) {
      await placeHold(tx, { orderId: result.orderId, reason: 'INCORRECT_ADDRESS', note: destination.hold, actor });
    }
  }
  return { orderId: result.orderId, created: result.created, blockedReason: null };
}

const countryCodes: Record<string, string> = { россия: 'RU', russia: 'RU', беларусь: 'BY', belarus: 'BY', казахстан: 'KZ', kazakhstan: 'KZ', китай: 'CN', china: 'CN' };
const clip = (value: string | null | undefined, max = 300) => (value ?? '').trim().slice(0, max);

/**
 * Who and where the order goes. rFBS (the seller delivers): Ozon's customer and address — masked
 * in the API like any buyer data and never logged. FBS: Ozon collects the parcel and shares no
 * address, so the order names Ozon's drop-off (its delivery method and warehouse) and says why.
 */
function destinationOf(posting: OzonPosting): {
  buyer: CreateOrderInput['buyer'];
  address: CreateOrderInput['shippingAddress'];
  hold: string | null;
  /** What Ozon left blank (it hides buyer data some time after delivery): never a change to an order we have. */
  withheld: string[];
} {
  const customer = posting.customer;
  const address = customer?.address;
  if (!address?.address_tail) {
    return {
      buyer: null,
      address: {
        name: 'Ozon FBS',
        address1: clip(posting.delivery_method?.name) || 'Ozon',
        address2: 'FBS: Ozon delivers to the buyer and shares no address; hand the parcel to Ozon',
        city: clip(posting.delivery_method?.warehouse) || 'Ozon',
        postalCode: '000000',
        countryCode: 'RU',
      },
      hold: null,
      withheld: ['buyer', 'shippingAddress'],
    };
  }
  const country = clip(address.country, 60);
  const countryCode = /^[A-Za-z]{2}$/.test(country) ? country.toUpperCase() : (countryCodes[country.toLowerCase()] ?? 'RU');
  const zip = clip(address.zip_code, 20);
  const validZip = countryCode === 'RU' || countryCode === 'BY' || countryCode === 'KZ' || countryCode === 'CN' ? /^\d{6}$/.test(zip) : zip.length > 0;
  const name = clip(customer?.name) || 'Ozon buyer';
  return {
    buyer: { name, externalId: customer?.customer_id ? `ozon:${customer.customer_id}` : null },
    address: {
      name,
      address1: clip(address.address_tail),
      address2: address.pvz_code ? `Pickup point ${address.pvz_code}` : null,
      city: clip(address.city) || clip(address.region) || 'Unknown',
      region: clip(address.region) || null,
      postalCode: validZip ? zip : '000000',
      countryCode,
    },
    hold: validZip ? null : 'The rFBS address from Ozon has no valid postal code: check it with the buyer before shipping',
    withheld: [
      ...(clip(customer?.name) ? [] : ['buyer.name', 'shippingAddress.name']),
      ...(clip(address.city) ? [] : ['shippingAddress.city']),
      ...(clip(address.region) ? [] : ['shippingAddress.region']),
      ...(validZip ? [] : ['shippingAddress.postalCode']),
      ...(country ? [] : ['shippingAddress.countryCode']),
    ],
  };
}

/** The end of the delivery interval promised to the buyer (analytics_data), when Ozon gave one. */
const deliveryDateOf = (posting: OzonPosting) => parseDate(posting.analytics_data?.delivery_date_end);

type Previous = { status: string; substatus: string | null } | null;

/** Ozon's later changes on an order we have: cancellation (whole or a split part), cut-off, delivery date, states after hand-over. */
async function followOzon(tx: Tx, orderId: string, posting: OzonPosting, previous: Previous, actor: string, splitPart: boolean) {
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId } });
  if (handedOver.has(order.status)) {
    await followHandedOver(tx, order, posting, previous, actor, splitPart);
    await followDeliveryDate(tx, orderId, posting, actor);
    return;
  }
  if (posting.status === 'cancelled' && splitPart) {
    if (previous?.status !== 'cancelled') await cancelSplitPart(tx, order, posting, actor);
    return;
  }
  if (posting.status === 'cancelled' && order.status !== 'CANCELLED') {
    const why = posting.cancellation?.cancel_reason ? `Cancelled on Ozon: ${posting.cancellation.cancel_reason}`.slice(0, 500) : 'Cancelled on Ozon';
    const waitingForFloor = offTheShelves.has(order.status) || (order.status === 'ON_HOLD' && order.statusBeforeHold && offTheShelves.has(order.statusBeforeHold));
    if (waitingForFloor) {
      if (order.status !== 'ON_HOLD') await placeHold(tx, { orderId, reason: 'OTHER', note: `${why}. Put the items back, then cancel the order.`, actor });
      return;
    }
    if (finished.has(order.status)) return;
    const byBuyer = /покупател|buyer|customer/i.test(posting.cancellation?.cancellation_initiator ?? '');
    await cancelOrder(tx, { orderId, reason: byBuyer ? 'BUYER_REQUEST' : 'PLATFORM', note: why, actor });
    return;
  }
  const cutoff = parseDate(posting.shipment_date);
  if (cutoff && cutoff.getTime() !== order.shipBy.getTime() && !finished.has(order.status)) {
    await tx.order.update({ where: { id: orderId }, data: { shipBy: cutoff, version: { increment: 1 } } });
    await appendOrderEvent(tx, orderId, {
      type: 'NOTE_ADDED',
      actor,
      data: { source: 'ozon', change: 'shipBy', from: order.shipBy.toISOString(), to: cutoff.toISOString() },
    });
  }
  await followDeliveryDate(tx, orderId, posting, actor);
}

/** TYPE_DELIVERY_DATE_CHANGED (read back from the posting): the order's expected delivery follows, with a timeline entry. */
async function followDeliveryDate(tx: Tx, orderId: string, posting: OzonPosting, actor: string) {
  const expected = deliveryDateOf(posting);
  if (!expected) return;
  // Read now: the steps before may have changed the order (tracking, cancellation).
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId } });
  if (expected.getTime() === order.expectedDeliveryAt?.getTime() || order.status === 'DELIVERED' || order.status === 'CANCELLED') return;
  await tx.order.update({ where: { id: order.id }, data: { expectedDeliveryAt: expected, version: { increment: 1 } } });
  await appendOrderEvent(tx, order.id, {
    type: 'NOTE_ADDED',
    actor,
    data: {
      source: 'ozon',
      change: 'expectedDelivery',
      postingNumber: posting.posting_number,
      from: order.expectedDeliveryAt?.toISOString() ?? null,
      to: expected.toISOString(),
    },
  });
}

/**
 * Sync history: Ozon's status (or substatus) of a posting we already had changed — one timeline
 * entry per change. After hand-over a state that becomes tracking is already on the timeline
 * (followHandedOver: a tracking event, or its own note), so it is not written twice.
 */
async function recordOzonStatusChange(tx: Tx, orderId: string, posting: OzonPosting, previous: NonNullable<Previous>, actor: string) {
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, select: { status: true } });
  if (handedOver.has(order.status) && trackingStatusOf(posting)) return;
  await appendOrderEvent(tx, orderId, {
    type: 'NOTE_ADDED',
    actor,
    data: {
      source: 'ozon',
      change: 'ozon_status',
      postingNumber: posting.posting_number,
      from: previous.status,
      fromSubstatus: previous.substatus,
      to: posting.status,
      toSubstatus: posting.substatus ?? null,
    },
  });
}

/** Ozon's state of a posting after hand-over as a carrier tracking status (null: nothing to track). */
function trackingStatusOf(posting: OzonPosting): TrackingEventStatus | null {
  switch (posting.substatus) {
    case 'posting_in_pickup_point':
      return 'ARRIVED_AT_PICKUP_POINT';
    case 'posting_in_courier_service':
      return 'OUT_FOR_DELIVERY';
    case 'posting_delivered':
    case 'posting_received':
    case 'posting_conditionally_delivered':
      return 'DELIVERED';
    case 'posting_returned_to_warehouse':
      return 'RETURNED_TO_SENDER';
  }
  switch (posting.status) {
    case 'sent_by_seller':
    case 'driver_pickup':
    case 'delivering':
      return 'IN_TRANSIT';
    case 'delivered':
      return 'DELIVERED';
    case 'not_accepted':
    case 'arbitration':
    case 'client_arbitration':
      return 'DELAYED';
    case 'cancelled':
      // Cancelled once handed over: the parcel comes back.
      return 'RETURNING_TO_SENDER';
  }
  return null;
}

/**
 * A handed-over order: Ozon's state goes to the order's tracking as an event of the tracking
 * number that is this posting's number (for a posting that was never split, of every tracking
 * number of the order). Idempotent: one event per (posting, Ozon substatus), however often synced.
 * Without a matching tracking number the timeline says what Ozon reported, once per change.
 */
async function followHandedOver(tx: Tx, order: Order, posting: OzonPosting, previous: Previous, actor: string, splitPart: boolean) {
  const status = trackingStatusOf(posting);
  if (!status) return;
  const numbers = await tx.trackingNumber.findMany({ where: { shipment: { orderId: order.id } }, select: { number: true, carrier: { select: { code: true } } } });
  const own = numbers.filter((n) => n.number === posting.posting_number);
  const targets = own.length || splitPart ? own : numbers;
  const state = posting.substatus || posting.status;
  let recorded = false;
  for (const target of targets) {
    try {
      await recordTrackingEvent(
        tx,
        {
          trackingNumber: target.number,
          carrierCode: target.carrier.code,
          status,
          occurredAt: new Date(),
          externalId: `ozon:${posting.posting_number}:${state}`.slice(0, 200),
          expectedDeliveryAt: deliveryDateOf(posting),
        },
        { actor, now: new Date(), root: ['ozon'] },
      );
      recorded = true;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  if (!recorded && (previous?.status !== posting.status || previous?.substatus !== (posting.substatus ?? null))) {
    await appendOrderEvent(tx, order.id, {
      type: 'NOTE_ADDED',
      actor,
      data: { source: 'ozon', change: 'state', postingNumber: posting.posting_number, status: posting.status, substatus: posting.substatus ?? null },
    });
  }
}

/**
 * Ozon cancelled one part of a split posting: that part's units are cancelled on the order's lines
 * (stock released). Units already picked or packed cannot just vanish: the order is held for the
 * floor to take them out and put them back, and the timeline says which.
 */
async function cancelSplitPart(tx: Tx, order: Order, posting: OzonPosting, actor: string) {
  const lines = await tx.orderLine.findMany({ where: { orderId: order.id }, orderBy: { position: 'asc' } });
  const why = `Ozon cancelled posting ${posting.posting_number} (part of ${posting.parent_posting_number || 'a split posting'})${
    posting.cancellation?.cancel_reason ? `: ${posting.cancellation.cancel_reason}` : ''
  }`.slice(0, 500);
  const wanted = new Map<string, number>();
  for (const p of posting.products) {
    const line = lines.find((l) => l.sku === p.offer_id) ?? lines.find((l) => l.sku === String(p.sku));
    if (line) wanted.set(line.id, Math.min(lineUnits(line), (wanted.get(line.id) ?? 0) + p.quantity));
  }
  const cancel = [...wanted].filter(([, quantity]) => quantity > 0).map(([lineId, quantity]) => ({ lineId, quantity }));
  if (!cancel.length || order.status === 'CANCELLED') return;
  const byBuyer = /покупател|клиент|buyer|customer|client/i.test(
    `${posting.cancellation?.cancellation_initiator ?? ''} ${posting.cancellation?.cancellation_type ?? ''}`,
  );
  try {
    await cancelOrderLines(tx, { orderId: order.id, lines: cancel, reason: byBuyer ? 'BUYER_REQUEST' : 'PLATFORM', note: why, actor });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const units = cancel.map((c) => `${c.quantity} × ${lines.find((l) => l.id === c.lineId)!.sku}`).join(', ');
    const note = `${why}. Take ${units} out and put them back, then cancel those units.`.slice(0, 500);
    if (order.status === 'ON_HOLD') await appendOrderEvent(tx, order.id, { type: 'NOTE_ADDED', actor, data: { source: 'ozon', change: 'partCancelled', note } });
    else await placeHold(tx, { orderId: order.id, reason: 'OTHER', note, actor });
  }
}

// ─── Jobs' work ─────────────────────────────────────────────────────────────────────────────────

/** Client options the jobs use (tests shorten timeouts and backoff). */
export const clientOptions: { current: OzonClientOptions } = { current: {} };

/**
 * The account's client. Given the database (every job has it), the rate limit and the per-method
 * breaker are the database's, shared by every API instance; without, this process's only.
 */
export const clientFor = (account: OzonAccount, db?: Db) =>
  new OzonClient(
    credentialsOf(account),
    db
      ? {
          ...clientOptions.current,
          limiter: new PostgresRateLimiter(db),
          breaker: new PostgresBreaker(db, account.id, clientOptions.current.now),
        }
      : clientOptions.current,
  );

/**
 * A sweep's work for each active account. A method Ozon blocks for an account ends that account's
 * share of the run without failing the job — its attempts are for real failures: the sweep runs
 * again every minute, the breaker keeps the calls off until the block ends (the health view shows
 * it), and a keyed job put off by `reschedule` runs when it ends. Other failures are thrown.
 */
export async function sweepAccounts(db: Db, work: (account: OzonAccount) => Promise<void>, reschedule?: { task: string; jobKey: string }): Promise<void> {
  for (const account of await db.ozonAccount.findMany({ where: { active: true }, orderBy: { createdAt: 'asc' } })) {
    try {
      await work(account);
    } catch (error) {
      if (!(error instanceof OzonMethodBlockedError)) throw error;
      if (reschedule) await rescheduleWhileBlocked(db, error, reschedule.task, {}, reschedule.jobKey);
    }
  }
}

async function activeAccount(db: Db, accountId: string) {
  const account = await db.ozonAccount.findUnique({ where: { id: accountId } });
  return account?.active ? account : null;
}

/**
 * The job after a push: fetch the posting and apply it. While Ozon blocks the posting call the job
 * puts itself off until the block ends (its attempts are kept for real failures).
 */
export async function syncPosting(db: Db, accountId: string, postingNumber: string) {
  const account = await activeAccount(db, accountId);
  if (!account) return null;
  try {
    const posting = await clientFor(account, db).getPosting(postingNumber);
    return await db.$transaction((tx) => applyPosting(tx, account, posting));
  } catch (error) {
    await recordSyncError(db, account.id, error);
    if (error instanceof OzonMethodBlockedError) {
      // Same task name and key as ozon.tasks.ts (syncPostingJobKey): the put-off job replaces any pending one.
      await rescheduleWhileBlocked(db, error, 'ozon.sync-posting', { accountId, postingNumber }, `ozon.sync-posting:${accountId}:${postingNumber}`);
      return null;
    }
    throw error;
  }
}

/** JSON with sorted keys (jsonb keeps its own key order). */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );

/**
 * The postings of a poll page that need applying: those we have not imported (new, or blocked
 * until their products exist) and those whose Ozon state differs from what we applied last —
 * status, substatus, cut-off, warehouse, requirements, available actions, delivery date, and the
 * content the order takes in (lines, rFBS buyer and address: contentHashOf). The rest are skipped,
 * so a poll over thousands of open postings costs two reads a page, not a transaction per posting
 * (applying an unchanged posting changes nothing anyway).
 */
async function changedOnly(db: Db, account: OzonAccount, page: OzonPosting[]): Promise<OzonPosting[]> {
  const rows = await db.ozonPosting.findMany({
    where: { accountId: account.id, postingNumber: { in: page.map((p) => p.posting_number) } },
    select: {
      postingNumber: true,
      orderId: true,
      blockedReason: true,
      parentPostingNumber: true,
      status: true,
      substatus: true,
      shipmentDate: true,
      ozonWarehouseId: true,
      requirements: true,
      availableActions: true,
      contentHash: true,
    },
  });
  const orderIds = rows.map((r) => r.orderId).filter((id): id is string => !!id);
  const orders = orderIds.length ? await db.order.findMany({ where: { id: { in: orderIds } }, select: { id: true, expectedDeliveryAt: true } }) : [];
  const expected = new Map(orders.map((o) => [o.id, o.expectedDeliveryAt?.getTime() ?? null]));
  const known = new Map(rows.map((r) => [r.postingNumber, r]));
  return page.filter((posting) => {
    const row = known.get(posting.posting_number);
    if (!row?.orderId || row.blockedReason) return true;
    const warehouse = posting.delivery_method?.warehouse_id != null ? String(posting.delivery_method.warehouse_id) : null;
    const delivery = deliveryDateOf(posting)?.getTime() ?? null;
    return (
      row.status !== posting.status ||
      row.substatus !== (posting.substatus ?? null) ||
      (row.shipmentDate?.getTime() ?? null) !== (parseDate(posting.shipment_date)?.getTime() ?? null) ||
      row.ozonWarehouseId !== warehouse ||
      (!!posting.parent_posting_number && row.parentPostingNumber !== posting.parent_posting_number) ||
      canonical(row.requirements) !== canonical(resolveRequirements(posting)) ||
      canonical(row.availableActions) !== canonical((posting.available_actions ?? []).filter((a) => typeof a === 'string')) ||
      row.contentHash !== contentHashOf(posting) ||
      (delivery !== null && delivery !== expected.get(row.orderId))
    );
  });
}

/** Status changes are read back this far before the cursor: Ozon's clock and ours may differ. */
const cursorOverlapMs = 10 * 60_000;

/**
 * The reconciling poll of one account: every open posting (cut-off from 30 days back to 30 days
 * ahead), then every posting whose status changed since the last poll. Applies each posting in its
 * own transaction; the account's cursor and last sync move only when the whole poll succeeded.
 */
export async function pollAccount(db: Db, account: OzonAccount, now: Date) {
  const client = clientFor(account, db);
  let applied = 0;
  try {
    const day = 86_400_000;
    for await (const page of client.unfulfilled(new Date(now.getTime() - 30 * day), new Date(now.getTime() + 30 * day))) {
      for (const posting of await changedOnly(db, account, page)) {
        await db.$transaction((tx) => applyPosting(tx, account, posting));
        applied++;
      }
    }
    const from = account.syncCursor ? new Date(account.syncCursor.getTime() - cursorOverlapMs) : new Date(now.getTime() - 7 * day);
    for await (const page of client.changedSince(from, now)) {
      for (const posting of await changedOnly(db, account, page)) {
        await db.$transaction((tx) => applyPosting(tx, account, posting));
        applied++;
      }
    }
    await db.ozonAccount.update({ where: { id: account.id }, data: { lastSyncAt: now, syncCursor: now } });
    return { applied };
  } catch (error) {
    await recordSyncError(db, account.id, error);
    throw error;
  }
}

export async function pollAllAccounts(db: Db, now: Date) {
  const accounts = await db.ozonAccount.findMany({ where: { active: true }, orderBy: { createdAt: 'asc' } });
  const failed: string[] = [];
  for (const account of accounts) {
    try {
      await pollAccount(db, account, now);
    } catch (error) {
      // A method Ozon blocks for the account is not a failure of this run: the breaker keeps the
      // calls off until the block ends (the health view shows it), the next poll picks up.
      if (!(error instanceof OzonMethodBlockedError)) failed.push(account.id);
    }
  }
  if (failed.length) throw new Error(`Ozon poll failed for ${failed.length} of ${accounts.length} accounts`);
}

/** The failure's kind and Ozon's code for the health view: no bodies, no buyer data, no keys. */
async function recordSyncError(db: Db, accountId: string, error: unknown) {
  const e = error as { name?: string; status?: number; code?: unknown; method?: string };
  const summary = [e.name ?? 'Error', e.method, e.status, e.code != null ? `code ${String(e.code)}` : null].filter(Boolean).join(' ').slice(0, 300);
  await db.ozonAccount.update({ where: { id: accountId }, data: { lastError: summary, lastErrorAt: new Date() } }).catch(() => undefined);
}
