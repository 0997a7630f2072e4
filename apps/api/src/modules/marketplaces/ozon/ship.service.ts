// Out to Ozon, 1: ship. Once an Ozon order is packed, its parcels become the posting's packages
// (v4/posting/fbs/ship): one parcel keeps the posting number, several split the posting and Ozon
// gives each package a new posting number, which we keep (OzonPosting rows pointing at the same
// order, `parentPostingNumber` = the original, `parcelId` = the parcel that is its package). A 200
// answer is not success: the posting is read back and a `ship_failed` substatus (or a posting still
// awaiting packaging) is a failure the job retries.
//
// Ozon may also split a posting before we pack it (the original becomes cancelled_from_split_pending
// and its parts, new postings awaiting packaging, share its order). Then there is nothing to ship
// under the original number: shipping follows the parts. Each part is read from Ozon (and synced,
// so a part Ozon cancelled cancels its units), our parcels are matched to the parts — each parcel
// must hold units of one part only, and each part's units must be exactly in its parcels — and each
// part is shipped with its own parcels as packages. The original counts as shipped once every part
// that is not cancelled is. A part shipped before a crash is found shipped on Ozon and kept.
//
// Our ship call's answer may be lost after Ozon took the packages; a sync may then see the posting
// awaiting_deliver before we retry. The sweep therefore also takes packed orders whose posting Ozon
// already moved on and completes our side once (recordShipped: shippedAt, the parcel, the
// timeline's "shipped" entry, the label fetch) — never sending the packages again.
import type { Db, OzonAccount, OzonPosting as PostingRow } from '@orderly/schema';
import { enqueueJob } from '../../jobs/enqueue.ts';
import { appendOrderEvent } from '../../orders/order.service.ts';
import { OzonApiError, type OzonClient, OzonMethodBlockedError, type OzonPosting } from './client.ts';
import { labelLimits } from './labels.service.ts';
import { sendRequirementsBeforeShip } from './marking.service.ts';
import { applyPosting, clientFor, ozonActor } from './sync.service.ts';

/** Ozon did not take the packages (200 with ship_failed, or the posting did not move). */
export class OzonShipFailedError extends Error {
  constructor(readonly postingNumber: string) {
    super('Ozon did not ship the posting (ship_failed)');
    this.name = 'OzonShipFailedError';
  }
}

/** Our parcels do not hold exactly the posting's units (or, after Ozon's split, do not fall apart into its parts): nothing is sent. */
export class OzonPackagesMismatchError extends Error {
  constructor(readonly split = false) {
    super(
      split
        ? "The order's parcels do not match Ozon's split: each parcel must hold units of one posting only"
        : "The order's parcels do not hold exactly the posting's units",
    );
    this.name = 'OzonPackagesMismatchError';
  }
}

/** Ozon split the posting but names no parts yet: tried again on the next run. */
export class OzonSplitPendingError extends Error {
  constructor(readonly postingNumber: string) {
    super('Ozon split the posting and its parts are not there yet');
    this.name = 'OzonSplitPendingError';
  }
}

/** Local statuses in which an Ozon posting is shipped (packed, or later). */
const packedStatuses = ['PACKED', 'READY_TO_SHIP', 'SHIPPED', 'IN_TRANSIT'] as const;
/** Ozon's statuses before packing: such a posting still waits for our ship. */
const beforeShip = new Set(['awaiting_registration', 'acceptance_in_progress', 'awaiting_approve', 'awaiting_verification', 'awaiting_packaging']);
/** Ozon's statuses in which the posting is neither shippable yet nor shipped: the sweep leaves it. */
const notYetShippable = [...beforeShip].filter((s) => s !== 'awaiting_packaging');
const split = 'cancelled_from_split_pending';

type Units = Map<number, number>;
interface ParcelUnits {
  parcelId: string;
  units: Units;
}

/** The order's closed parcels in Ozon SKUs (Ozon product_id = its SKU), by our line SKU = the offer id or Ozon's SKU. */
async function parcelsOf(db: Db, orderId: string, postings: OzonPosting[]): Promise<ParcelUnits[]> {
  const parcels = await db.parcel.findMany({
    where: { orderId, status: { not: 'OPEN' } },
    orderBy: { sequence: 'asc' },
    include: { items: { include: { orderLine: { select: { sku: true } } } } },
  });
  const ozonSku = new Map<string, number>();
  for (const p of postings.flatMap((x) => x.products)) {
    ozonSku.set(p.offer_id, p.sku);
    if (!ozonSku.has(String(p.sku))) ozonSku.set(String(p.sku), p.sku);
  }
  return parcels
    .map((parcel) => {
      const units: Units = new Map();
      for (const item of parcel.items) {
        const sku = ozonSku.get(item.orderLine.sku);
        if (sku === undefined || item.quantity < 1) throw new OzonPackagesMismatchError();
        units.set(sku, (units.get(sku) ?? 0) + item.quantity);
      }
      return { parcelId: parcel.id, units };
    })
    .filter((p) => p.units.size);
}

const unitsOf = (posting: OzonPosting): Units => {
  const units: Units = new Map();
  for (const p of posting.products) units.set(p.sku, (units.get(p.sku) ?? 0) + p.quantity);
  return units;
};

const sameUnits = (a: Units, b: Units) => a.size === b.size && [...a].every(([sku, q]) => b.get(sku) === q);

const packagesOf = (parcels: ParcelUnits[]) => parcels.map((p) => ({ products: [...p.units].map(([product_id, quantity]) => ({ product_id, quantity })) }));

/**
 * Which of `parcels` go with which part: every parcel with exactly one part, every part's units
 * exactly in its parcels (`fixed`: parcels already known to be a part's). Null when no such
 * assignment exists. A small search: orders have few parcels and Ozon few parts.
 */
export function assignParcels(
  parcels: ParcelUnits[],
  parts: { postingNumber: string; units: Units }[],
  fixed = new Map<string, string>(),
): Map<string, ParcelUnits[]> | null {
  const remaining = new Map(parts.map((p) => [p.postingNumber, new Map(p.units)]));
  const result = new Map<string, ParcelUnits[]>(parts.map((p) => [p.postingNumber, []]));
  const take = (part: string, parcel: ParcelUnits, sign: 1 | -1) => {
    const left = remaining.get(part)!;
    for (const [sku, q] of parcel.units) left.set(sku, (left.get(sku) ?? 0) - sign * q);
    if (sign === 1) result.get(part)!.push(parcel);
    else result.get(part)!.pop();
  };
  const fits = (part: string, parcel: ParcelUnits) => [...parcel.units].every(([sku, q]) => (remaining.get(part)!.get(sku) ?? 0) >= q);
  const free: ParcelUnits[] = [];
  for (const parcel of parcels) {
    const part = fixed.get(parcel.parcelId);
    if (part && remaining.has(part) && fits(part, parcel)) take(part, parcel, 1);
    else free.push(parcel);
  }
  free.sort((a, b) => [...b.units.values()].reduce((s, q) => s + q, 0) - [...a.units.values()].reduce((s, q) => s + q, 0));
  let budget = 20_000;
  const search = (i: number): boolean => {
    if (--budget < 0) return false;
    if (i === free.length) return [...remaining.values()].every((left) => [...left.values()].every((q) => q === 0));
    for (const part of remaining.keys()) {
      if (!fits(part, free[i]!)) continue;
      take(part, free[i]!, 1);
      if (search(i + 1)) return true;
      take(part, free[i]!, -1);
    }
    return false;
  };
  return search(0) ? result : null;
}

async function recordShipError(db: Db, accountId: string, postingNumber: string, error: unknown) {
  const e = error as { name?: string; status?: number; code?: unknown };
  const summary = [e.name ?? 'Error', e.status, e.code != null ? `code ${String(e.code)}` : null].filter(Boolean).join(' ');
  await db.ozonPosting.update({ where: { accountId_postingNumber: { accountId, postingNumber } }, data: { shipError: summary.slice(0, 300) } });
}

/**
 * Our side of a ship Ozon took: the posting's row (shippedAt, its state, its parcel when it went as
 * one package), the parts a split on ship created, the order's "shipped" timeline entry and the
 * label fetch ~45 s on. Exactly once: the row is claimed by `shippedAt IS NULL`, so a ship whose
 * answer was lost and then found shipped by another run (or instance) records nothing twice.
 * Returns whether this call recorded it.
 */
async function recordShipped(
  db: Db,
  account: OzonAccount,
  row: PostingRow,
  shipped: { numbers: string[]; parcels: ParcelUnits[]; status: string; substatus: string | null; splitFrom?: string; labels?: boolean; found?: boolean },
): Promise<boolean> {
  const orderId = row.orderId!;
  const number = row.postingNumber;
  return db.$transaction(async (tx) => {
    const single = shipped.numbers.length === 1 && shipped.numbers[0] === number;
    const now = new Date();
    const claimed = await tx.ozonPosting.updateMany({
      where: { id: row.id, shippedAt: null },
      data: {
        shippedAt: now,
        shipError: null,
        status: shipped.status,
        substatus: shipped.substatus,
        ...(single && shipped.parcels.length === 1 ? { parcelId: shipped.parcels[0]!.parcelId } : {}),
      },
    });
    if (!claimed.count) return false;
    if (!single) {
      // Ozon answers the new numbers in package order: the i-th is the i-th parcel's.
      for (const [i, part] of shipped.numbers.entries()) {
        if (part === number) continue;
        const parcelId = shipped.parcels[i]?.parcelId ?? null;
        await tx.ozonPosting.upsert({
          where: { accountId_postingNumber: { accountId: account.id, postingNumber: part } },
          create: {
            accountId: account.id,
            postingNumber: part,
            orderId,
            parentPostingNumber: number,
            status: 'awaiting_deliver',
            availableActions: [],
            parcelId,
            shippedAt: now,
          },
          update: { orderId, parentPostingNumber: number, parcelId, shippedAt: now },
        });
      }
    }
    await appendOrderEvent(tx, orderId, {
      type: 'NOTE_ADDED',
      actor: ozonActor(account),
      data: {
        source: 'ozon',
        change: 'shipped',
        postingNumbers: shipped.numbers,
        ...(shipped.splitFrom ? { splitFrom: shipped.splitFrom } : {}),
        // Ozon had it shipped before our answer came (lost, or shipped on Ozon's side).
        ...(shipped.found ? { foundShippedOnOzon: true } : {}),
      },
    });
    // Ozon's labels are ready ~45 s after ship: fetched then (and by the minute sweep after).
    if (shipped.labels ?? true) await enqueueJob(tx, 'ozon.labels', { runAt: new Date(now.getTime() + labelLimits.readyAfterMs), jobKey: 'ozon.labels:after-ship' });
    return true;
  });
}

/**
 * Sends `parcels` as the packages of `number` (awaiting packaging on Ozon) and reads it back.
 * Returns the posting numbers it now has, in package order (one: the same number).
 */
async function sendPackages(client: OzonClient, number: string, parcels: ParcelUnits[]) {
  const answer = await client.call<{ result?: unknown }>('/v4/posting/fbs/ship', {
    posting_number: number,
    packages: packagesOf(parcels),
    with: { additional_data: true },
  });
  const numbers = Array.isArray(answer.result) ? answer.result.filter((n): n is string => typeof n === 'string' && n.length > 0) : [];
  const after = await client.getPosting(number);
  if (after.substatus === 'ship_failed' || after.status === 'awaiting_packaging' || !numbers.length) throw new OzonShipFailedError(number);
  return { numbers, after };
}

/** Ships one order's posting; idempotent (a shipped posting is left alone). Returns the posting numbers it now has. */
export async function shipPosting(db: Db, account: OzonAccount, orderId: string): Promise<string[] | null> {
  const row = await db.ozonPosting.findFirst({ where: { accountId: account.id, orderId, parentPostingNumber: null } });
  if (!row) return null;
  if (row.shippedAt) return [row.postingNumber];
  const client = clientFor(account, db);
  const number = row.postingNumber;
  try {
    const posting = await client.getPosting(number, { related: true });
    const related = (posting.related_postings?.related_posting_numbers ?? []).filter((n): n is string => typeof n === 'string' && !!n);
    if (posting.status === split || (related.length && posting.status === 'cancelled')) return await shipParts(db, client, account, row, posting, related);
    if (notYetShippable.includes(posting.status)) return null;
    if (posting.status === 'cancelled') return [number];
    if (posting.status !== 'awaiting_packaging') {
      // Ozon has it shipped already (our earlier answer was lost, or a sync saw it first): nothing
      // to send, our side completed once. The parcels only name the package (none when they do not
      // match Ozon's units: the label then goes by the order's first parcel).
      const parcels = await parcelsOf(db, orderId, [posting]).catch((error: unknown) => {
        if (error instanceof OzonPackagesMismatchError) return [];
        throw error;
      });
      await recordShipped(db, account, row, { numbers: [number], parcels, status: posting.status, substatus: posting.substatus ?? null, found: true });
      return [number];
    }
    const parcels = await parcelsOf(db, orderId, [posting]);
    const packed: Units = new Map();
    for (const p of parcels) for (const [sku, q] of p.units) packed.set(sku, (packed.get(sku) ?? 0) + q);
    if (!parcels.length || !sameUnits(packed, unitsOf(posting))) throw new OzonPackagesMismatchError();
    // Rules before shipping: marking codes, customs declarations and countries go to Ozon first (marking.service.ts).
    await sendRequirementsBeforeShip(db, client, row, posting);
    const { numbers, after } = await sendPackages(client, number, parcels);
    await recordShipped(db, account, row, { numbers, parcels, status: after.status, substatus: after.substatus ?? null });
    return numbers;
  } catch (error) {
    // A block is not a refusal of this posting: the sweep waits for it to end (shipPackedPostings).
    if (error instanceof OzonMethodBlockedError) throw error;
    if (error instanceof OzonShipFailedError || error instanceof OzonPackagesMismatchError || error instanceof OzonSplitPendingError || error instanceof OzonApiError)
      await recordShipError(db, account.id, error instanceof OzonShipFailedError ? error.postingNumber : number, error).catch(() => undefined);
    throw error;
  }
}

/**
 * The posting was split by Ozon before we packed it: each part (synced first) is shipped with the
 * parcels holding its units; parts shipped already are kept; the original is shipped once all are.
 */
async function shipParts(db: Db, client: OzonClient, account: OzonAccount, root: PostingRow, posting: OzonPosting, related: string[]): Promise<string[]> {
  const orderId = root.orderId!;
  const known = await db.ozonPosting.findMany({ where: { accountId: account.id, parentPostingNumber: root.postingNumber }, select: { postingNumber: true } });
  const numbers = [...new Set([...related, ...known.map((k) => k.postingNumber)])].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  await db.ozonPosting.update({ where: { id: root.id }, data: { status: posting.status, substatus: posting.substatus ?? null } });
  if (!numbers.length) throw new OzonSplitPendingError(root.postingNumber);
  // Each part as Ozon has it now, synced (a cancelled part cancels its units on the order).
  const parts: OzonPosting[] = [];
  for (const number of numbers) {
    const part = await client.getPosting(number);
    await db.$transaction((tx) => applyPosting(tx, account, { ...part, parent_posting_number: part.parent_posting_number || root.postingNumber }));
    parts.push(part);
  }
  const live = parts.filter((p) => p.status !== 'cancelled');
  const rows = await db.ozonPosting.findMany({ where: { accountId: account.id, postingNumber: { in: live.map((p) => p.posting_number) } } });
  const rowOf = new Map(rows.map((r) => [r.postingNumber, r]));
  const parcels = await parcelsOf(db, orderId, [posting, ...live]);
  const fixed = new Map(rows.filter((r) => r.parcelId).map((r) => [r.parcelId!, r.postingNumber]));
  const assigned = assignParcels(
    parcels,
    live.map((p) => ({ postingNumber: p.posting_number, units: unitsOf(p) })),
    fixed,
  );
  if (!assigned) {
    for (const p of live) if (beforeShip.has(p.status)) await recordShipError(db, account.id, p.posting_number, new OzonPackagesMismatchError(true));
    throw new OzonPackagesMismatchError(true);
  }
  const shipped: string[] = [];
  // Marking codes are shared out among the parts in this order (marking.service.ts): units of earlier parts, per Ozon SKU.
  const unitsBefore = new Map<number, number>();
  for (const part of live) {
    const own = assigned.get(part.posting_number)!;
    const row = rowOf.get(part.posting_number)!;
    const skipUnits = new Map(unitsBefore);
    for (const [sku, q] of unitsOf(part)) unitsBefore.set(sku, (unitsBefore.get(sku) ?? 0) + q);
    if (!beforeShip.has(part.status)) {
      // Shipped already (before a crash, or by someone on Ozon's side): kept as it is, our side completed once.
      if (!row.shippedAt)
        await recordShipped(db, account, row, {
          numbers: [part.posting_number],
          parcels: own,
          status: part.status,
          substatus: part.substatus ?? null,
          splitFrom: root.postingNumber,
          labels: false,
          found: true,
        });
      else if (!row.parcelId && own.length === 1) await db.ozonPosting.update({ where: { id: row.id }, data: { parcelId: own[0]!.parcelId } });
      shipped.push(part.posting_number);
      continue;
    }
    try {
      await sendRequirementsBeforeShip(db, client, row, part, { skipUnits });
      const { numbers: partNumbers, after } = await sendPackages(client, part.posting_number, own);
      await recordShipped(db, account, row, {
        numbers: partNumbers,
        parcels: own,
        status: after.status,
        substatus: after.substatus ?? null,
        splitFrom: root.postingNumber,
        labels: false,
      });
      shipped.push(...partNumbers);
    } catch (error) {
      if (error instanceof OzonShipFailedError || (error instanceof OzonApiError && !(error instanceof OzonMethodBlockedError)))
        await recordShipError(db, account.id, part.posting_number, error);
      throw error;
    }
  }
  if (live.length) {
    await db.$transaction(async (tx) => {
      await tx.ozonPosting.update({ where: { id: root.id }, data: { shippedAt: new Date(), shipError: null } });
      await enqueueJob(tx, 'ozon.labels', { runAt: new Date(Date.now() + labelLimits.readyAfterMs), jobKey: 'ozon.labels:after-ship' });
    });
  }
  return shipped;
}

/**
 * Every packed Ozon order whose posting is not shipped yet (or whose parts are not, after Ozon split
 * it), for all active accounts; per-order failures are collected. A method Ozon blocks for an
 * account is not a failure: its orders wait for the next run after the block.
 */
/**
 * Packed orders whose posting we have not recorded shipped: still awaiting packaging (or split) on
 * Ozon, or already moved on there (our answer lost) — all but cancelled and not-yet-shippable ones.
 */
export async function postingsToShip(db: Db, limit = 200) {
  return db.$queryRaw<{ accountId: string; orderId: string }[]>`
    SELECT p."accountId", p."orderId" FROM "OzonPosting" p
    JOIN "OzonAccount" a ON a.id = p."accountId" AND a.active
    JOIN "Order" o ON o.id = p."orderId"
    WHERE p."shippedAt" IS NULL AND p."parentPostingNumber" IS NULL AND p.status <> 'cancelled' AND p.status <> ALL(${notYetShippable}::text[])
      AND o.status::text = ANY(${[...packedStatuses]}::text[])
    ORDER BY o."shipBy" LIMIT ${limit}`;
}

export async function shipPackedPostings(db: Db, limit = 200) {
  const rows = await postingsToShip(db, limit);
  const accounts = new Map<string, OzonAccount>();
  const blocked = new Set<string>();
  let failed = 0;
  for (const { accountId, orderId } of rows) {
    if (blocked.has(accountId)) continue;
    const account = accounts.get(accountId) ?? (await db.ozonAccount.findUniqueOrThrow({ where: { id: accountId } }));
    accounts.set(accountId, account);
    try {
      await shipPosting(db, account, orderId);
    } catch (error) {
      if (error instanceof OzonMethodBlockedError) blocked.add(accountId);
      else failed++;
    }
  }
  if (failed) throw new Error(`${failed} of ${rows.length} Ozon postings were not shipped (see OzonPosting.shipError)`);
  return rows.length;
}
