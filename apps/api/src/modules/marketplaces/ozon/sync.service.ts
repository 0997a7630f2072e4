// Orders in from Ozon: a posting (fetched after a push, or found by the poller) becomes one order,
// idempotently on (channel, posting number). Pushes are hints only: the job that follows one fetches
// the posting and applies Ozon's current state, so late, duplicated and out-of-order pushes all end
// in the same place. A posting whose products we do not know is kept (OzonPosting.blockedReason)
// and imported once they exist; one from an Ozon warehouse we have not mapped becomes an order held
// with the reason. A cancellation on Ozon cancels the local order (stock released), or — when its
// units are already off the shelves — holds it for the floor to put them back.
import type { Db, OzonAccount, OzonPosting as PostingRow, Order } from '@orderly/schema';
import { DomainError } from '../../../core/errors.ts';
import type { Tx } from '../../../core/transaction.ts';
import { productsBySku } from '../../catalog/catalog.service.ts';
import { appendOrderEvent, cancelOrder, createOrder, type CreateOrderInput, placeHold } from '../../orders/order.service.ts';
import { credentialsOf } from './accounts.service.ts';
import { OzonClient, type OzonClientOptions, type OzonPosting } from './client.ts';

/** Ozon statuses of postings still to be packed or handed over: these become orders. */
const importable = new Set(['awaiting_registration', 'acceptance_in_progress', 'awaiting_approve', 'awaiting_verification', 'awaiting_packaging', 'awaiting_deliver']);
/** Local statuses whose units are off the shelves: a cancellation waits for the floor to put them back. */
const offTheShelves = new Set<Order['status']>(['PICKED', 'PACKED', 'READY_TO_SHIP']);
const finished = new Set<Order['status']>(['SHIPPED', 'IN_TRANSIT', 'DELIVERED', 'COMPLETED', 'CANCELLED', 'RETURN_REQUESTED', 'RETURNED', 'EXCEPTION']);

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
  await tx.$executeRaw`
    INSERT INTO "OzonPosting" (id, "accountId", "postingNumber", status, "availableActions", "updatedAt")
    VALUES (gen_random_uuid(), ${account.id}::uuid, ${posting.posting_number}, ${posting.status}, '{}', now())
    ON CONFLICT ("accountId", "postingNumber") DO NOTHING`;
  const [row] = await tx.$queryRaw<PostingRow[]>`
    SELECT * FROM "OzonPosting" WHERE "accountId" = ${account.id}::uuid AND "postingNumber" = ${posting.posting_number} FOR UPDATE`;
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
    await followOzon(tx, orderId, posting, actor, !!parent);
  } else if (parent) {
    blockedReason = `SPLIT_PART_OF_UNKNOWN_POSTING: ${parent}`.slice(0, 200);
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
      requirements: (posting.requirements ?? {}) as object,
      availableActions: (posting.available_actions ?? []).filter((a): a is string => typeof a === 'string'),
    },
  });
  return { orderId, created, blockedReason };
}

async function importAsOrder(tx: Tx, account: OzonAccount, posting: OzonPosting, actor: string) {
  // Lines by offer id (the seller's article = our SKU), falling back to Ozon's numeric SKU; one line per product.
  const quantities = new Map<string, { key: string; quantity: number; price: string | undefined }>();
  const candidates = posting.products.flatMap((p) => [p.offer_id, String(p.sku)]);
  const products = await productsBySku(tx, candidates);
  const unknown: string[] = [];
  for (const p of posting.products) {
    const key = products.has(p.offer_id) ? p.offer_id : products.has(String(p.sku)) ? String(p.sku) : null;
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

  const input: CreateOrderInput = {
    channel: account.channel,
    externalId: posting.posting_number,
    placedAt: parseDate(posting.in_process_at),
    shipBy: parseDate(posting.shipment_date),
    currency: posting.products[0]?.currency_code || 'RUB',
    warehouseCode: warehouse?.code ?? null,
    // FBS: Ozon carries the parcel to the buyer and shares no address; the order names Ozon's
    // drop-off (delivery method) instead. rFBS addresses come with a later slice.
    shippingAddress: {
      name: 'Ozon FBS',
      address1: (posting.delivery_method?.name || 'Ozon').slice(0, 300),
      city: (posting.delivery_method?.warehouse || 'Ozon').slice(0, 300),
      postalCode: '000000',
      countryCode: 'RU',
    },
    lines: [...quantities.values()].map((l) => ({ sku: l.key, quantity: l.quantity, unitPrice: minorUnits(l.price) })),
  };
  let result;
  try {
    result = await createOrder(tx, input, actor, 'posting');
  } catch (error) {
    if (error instanceof DomainError) return { orderId: null, created: false, blockedReason: `INVALID_POSTING: ${error.errors.map((e) => e.code).join(', ')}` };
    throw error;
  }
  if (result.created && !mapping) {
    const note = ozonWarehouse ? `Ozon warehouse ${ozonWarehouse} is not mapped to one of our warehouses` : 'The Ozon posting names no warehouse';
    await placeHold(tx, { orderId: result.orderId, reason: 'OTHER', note, actor });
  }
  return { orderId: result.orderId, created: result.created, blockedReason: null };
}

/** Ozon's later changes on an order we have: cancellation, cut-off. */
async function followOzon(tx: Tx, orderId: string, posting: OzonPosting, actor: string, splitPart = false) {
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId } });
  // (A cancelled part of a split posting does not cancel the whole order: a later slice handles it.)
  if (posting.status === 'cancelled' && order.status !== 'CANCELLED' && !splitPart) {
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
}

// ─── Jobs' work ─────────────────────────────────────────────────────────────────────────────────

/** Client options the jobs use (tests shorten timeouts and backoff). */
export const clientOptions: { current: OzonClientOptions } = { current: {} };

export const clientFor = (account: OzonAccount) => new OzonClient(credentialsOf(account), clientOptions.current);

async function activeAccount(db: Db, accountId: string) {
  const account = await db.ozonAccount.findUnique({ where: { id: accountId } });
  return account?.active ? account : null;
}

/** The job after a push: fetch the posting and apply it. */
export async function syncPosting(db: Db, accountId: string, postingNumber: string) {
  const account = await activeAccount(db, accountId);
  if (!account) return null;
  try {
    const posting = await clientFor(account).getPosting(postingNumber);
    return await db.$transaction((tx) => applyPosting(tx, account, posting));
  } catch (error) {
    await recordSyncError(db, account.id, error);
    throw error;
  }
}

/** Status changes are read back this far before the cursor: Ozon's clock and ours may differ. */
const cursorOverlapMs = 10 * 60_000;

/**
 * The reconciling poll of one account: every open posting (cut-off from 30 days back to 30 days
 * ahead), then every posting whose status changed since the last poll. Applies each posting in its
 * own transaction; the account's cursor and last sync move only when the whole poll succeeded.
 */
export async function pollAccount(db: Db, account: OzonAccount, now: Date) {
  const client = clientFor(account);
  let applied = 0;
  try {
    const day = 86_400_000;
    for await (const page of client.unfulfilled(new Date(now.getTime() - 30 * day), new Date(now.getTime() + 30 * day))) {
      for (const posting of page) {
        await db.$transaction((tx) => applyPosting(tx, account, posting));
        applied++;
      }
    }
    const from = account.syncCursor ? new Date(account.syncCursor.getTime() - cursorOverlapMs) : new Date(now.getTime() - 7 * day);
    for await (const page of client.changedSince(from, now)) {
      for (const posting of page) {
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
    } catch {
      failed.push(account.id);
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
