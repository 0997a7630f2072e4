// Out to Ozon, 1: ship. Once an Ozon order is packed, its parcels become the posting's packages
// (v4/posting/fbs/ship): one parcel keeps the posting number, several split the posting and Ozon
// gives each package a new posting number, which we keep (OzonPosting rows pointing at the same
// order, `parentPostingNumber` = the original). A 200 answer is not success: the posting is read back
// and a `ship_failed` substatus (or a posting still awaiting packaging) is a failure the job retries.
import type { Db, OzonAccount } from '@orderly/schema';
import { enqueueJob } from '../../jobs/enqueue.ts';
import { appendOrderEvent } from '../../orders/order.service.ts';
import { OzonApiError, type OzonPosting } from './client.ts';
import { labelLimits } from './labels.service.ts';
import { clientFor, ozonActor } from './sync.service.ts';

/** Ozon did not take the packages (200 with ship_failed, or the posting did not move). */
export class OzonShipFailedError extends Error {
  constructor(readonly postingNumber: string) {
    super('Ozon did not ship the posting (ship_failed)');
    this.name = 'OzonShipFailedError';
  }
}

/** Our parcels do not hold exactly the posting's units: nothing is sent. */
export class OzonPackagesMismatchError extends Error {
  constructor() {
    super("The order's parcels do not hold exactly the posting's units");
    this.name = 'OzonPackagesMismatchError';
  }
}

/** Local statuses in which an Ozon posting is shipped (packed, or later). */
const packedStatuses = ['PACKED', 'READY_TO_SHIP', 'SHIPPED', 'IN_TRANSIT'] as const;

/** The packages for `posting` from the order's closed parcels (Ozon product_id = its SKU). */
async function packagesFor(db: Db, orderId: string, posting: OzonPosting) {
  const parcels = await db.parcel.findMany({
    where: { orderId, status: { not: 'OPEN' } },
    orderBy: { sequence: 'asc' },
    include: { items: { include: { orderLine: { select: { sku: true } } } } },
  });
  const ozonSku = new Map<string, number>();
  for (const p of posting.products) {
    ozonSku.set(p.offer_id, p.sku);
    if (!ozonSku.has(String(p.sku))) ozonSku.set(String(p.sku), p.sku);
  }
  const packed = new Map<number, number>();
  const packages = parcels
    .map((parcel) => {
      const products = new Map<number, number>();
      for (const item of parcel.items) {
        const sku = ozonSku.get(item.orderLine.sku);
        if (sku === undefined || item.quantity < 1) throw new OzonPackagesMismatchError();
        products.set(sku, (products.get(sku) ?? 0) + item.quantity);
        packed.set(sku, (packed.get(sku) ?? 0) + item.quantity);
      }
      return { products: [...products].map(([product_id, quantity]) => ({ product_id, quantity })) };
    })
    .filter((p) => p.products.length);
  const ordered = new Map<number, number>();
  for (const p of posting.products) ordered.set(p.sku, (ordered.get(p.sku) ?? 0) + p.quantity);
  if (!packages.length || ordered.size !== packed.size || [...ordered].some(([sku, q]) => packed.get(sku) !== q)) throw new OzonPackagesMismatchError();
  return packages;
}

async function recordShipError(db: Db, accountId: string, postingNumber: string, error: unknown) {
  const e = error as { name?: string; status?: number; code?: unknown };
  const summary = [e.name ?? 'Error', e.status, e.code != null ? `code ${String(e.code)}` : null].filter(Boolean).join(' ');
  await db.ozonPosting.update({ where: { accountId_postingNumber: { accountId, postingNumber } }, data: { shipError: summary.slice(0, 300) } });
}

/** Ships one order's posting; idempotent (a shipped posting is left alone). Returns the posting numbers it now has. */
export async function shipPosting(db: Db, account: OzonAccount, orderId: string): Promise<string[] | null> {
  const row = await db.ozonPosting.findFirst({ where: { accountId: account.id, orderId, parentPostingNumber: null } });
  if (!row) return null;
  if (row.shippedAt) return [row.postingNumber];
  const client = clientFor(account);
  const number = row.postingNumber;
  try {
    const posting = await client.getPosting(number);
    if (posting.status !== 'awaiting_packaging') {
      // Shipped already (our earlier answer was lost), or cancelled: nothing to send.
      if (posting.status !== 'cancelled')
        await db.ozonPosting.update({ where: { id: row.id }, data: { shippedAt: new Date(), shipError: null, status: posting.status } });
      return [number];
    }
    const packages = await packagesFor(db, orderId, posting);
    const answer = await client.call<{ result?: unknown }>('/v4/posting/fbs/ship', { posting_number: number, packages, with: { additional_data: true } });
    const numbers = Array.isArray(answer.result) ? answer.result.filter((n): n is string => typeof n === 'string' && n.length > 0) : [];
    const after = await client.getPosting(number);
    if (after.substatus === 'ship_failed' || after.status === 'awaiting_packaging' || !numbers.length) throw new OzonShipFailedError(number);
    await db.$transaction(async (tx) => {
      await tx.ozonPosting.update({ where: { id: row.id }, data: { shippedAt: new Date(), shipError: null, status: after.status, substatus: after.substatus ?? null } });
      for (const part of numbers.filter((n) => n !== number)) {
        await tx.ozonPosting.upsert({
          where: { accountId_postingNumber: { accountId: account.id, postingNumber: part } },
          create: { accountId: account.id, postingNumber: part, orderId, parentPostingNumber: number, status: 'awaiting_deliver', availableActions: [] },
          update: { orderId, parentPostingNumber: number },
        });
      }
      await appendOrderEvent(tx, orderId, { type: 'NOTE_ADDED', actor: ozonActor(account), data: { source: 'ozon', change: 'shipped', postingNumbers: numbers } });
      // Ozon's labels are ready ~45 s after ship: fetched then (and by the minute sweep after).
      await enqueueJob(tx, 'ozon.labels', { runAt: new Date(Date.now() + labelLimits.readyAfterMs), jobKey: 'ozon.labels:after-ship' });
    });
    return numbers;
  } catch (error) {
    if (error instanceof OzonShipFailedError || error instanceof OzonPackagesMismatchError || error instanceof OzonApiError)
      await recordShipError(db, account.id, number, error);
    throw error;
  }
}

/** Every packed Ozon order whose posting is not shipped yet, for all active accounts; per-order failures are collected. */
export async function shipPackedPostings(db: Db, limit = 200) {
  const rows = await db.$queryRaw<{ accountId: string; orderId: string }[]>`
    SELECT p."accountId", p."orderId" FROM "OzonPosting" p
    JOIN "OzonAccount" a ON a.id = p."accountId" AND a.active
    JOIN "Order" o ON o.id = p."orderId"
    WHERE p."shippedAt" IS NULL AND p."parentPostingNumber" IS NULL AND p.status = 'awaiting_packaging'
      AND o.status::text = ANY(${[...packedStatuses]}::text[])
    ORDER BY o."shipBy" LIMIT ${limit}`;
  const accounts = new Map<string, OzonAccount>();
  let failed = 0;
  for (const { accountId, orderId } of rows) {
    const account = accounts.get(accountId) ?? (await db.ozonAccount.findUniqueOrThrow({ where: { id: accountId } }));
    accounts.set(accountId, account);
    try {
      await shipPosting(db, account, orderId);
    } catch {
      failed++;
    }
  }
  if (failed) throw new Error(`${failed} of ${rows.length} Ozon postings were not shipped (see OzonPosting.shipError)`);
  return rows.length;
}
