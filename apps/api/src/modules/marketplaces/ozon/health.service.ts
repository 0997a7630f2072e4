// What the settings screen shows of an Ozon account's sync, beyond its last poll: the work still
// queued (posting syncs after pushes, packed orders whose ship Ozon has not accepted yet, labels not
// fetched yet), what needs someone's attention (grouped by kind, a few posting numbers each, the
// last error as Ozon's code — never buyer data) and the state of the stock push (pairs Ozon has from us, the last push, pairs still to send).
// Read-only counts over the connector's own rows and the job queue; no calls to Ozon. This is the
// one place that sorts an account's problems into kinds (the settings screen only words them):
// methods Ozon blocks come from the breaker's rows (breaker.ts methodBlocks), not from error texts.
import type { Db } from '@orderly/schema';
import type { Tx } from '../../../core/transaction.ts';
import { methodBlocks } from './breaker.ts';
import { notRfbs } from './tracking.service.ts';

type Reader = Db | Tx;

/** The kinds of trouble the settings screen explains (it says what to do for each). */
export const attentionKinds = [
  /** Postings whose products we do not know: add the products (offer id = SKU); the poller imports them. */
  'UNKNOWN_PRODUCT',
  /** Postings Ozon sent with data we could not turn into an order. */
  'INVALID_POSTING',
  /** A part of a split posting whose parent we never saw. */
  'SPLIT_PART_UNKNOWN',
  /** Ozon orders held (unmapped Ozon warehouse, address, cancelled after picking…). */
  'ORDERS_ON_HOLD',
  /** Ship refused by Ozon (ship_failed, parcels not matching the posting…); retried every minute. */
  'SHIP_FAILED',
  /** Ozon's label refused (not the 45-second wait): retried every minute. */
  'LABEL_FAILED',
  /** Our cancellation refused by Ozon. */
  'CANCEL_FAILED',
  /** rFBS tracking number refused by Ozon. */
  'TRACKING_FAILED',
  /** Ozon's act for a closed manifest failed. */
  'ACT_FAILED',
  /** Posting syncs that gave up after all their attempts. */
  'SYNC_GAVE_UP',
  /** The last sync failed after the last good one (not because of a block: see METHOD_BLOCKED). */
  'SYNC_FAILING',
  /** Ozon blocks methods for the account for a while ("Circle is open" or a per-minute limit): the work waits, nothing is lost. */
  'METHOD_BLOCKED',
  /** Ozon refuses the account's returns list (403: no Premium subscription, or the key lacks the role); asked again a day later. */
  'RETURNS_UNAVAILABLE',
  /** Returns Ozon reported that are not Orderly returns yet (the order is not delivered here, an unknown posting…); tried again each pull. */
  'RETURN_NOT_IMPORTED',
] as const;
export type AttentionKind = (typeof attentionKinds)[number];

export interface AttentionItem {
  kind: AttentionKind;
  count: number;
  /** Up to five posting numbers (oldest first) to look at; for METHOD_BLOCKED, the blocked methods. */
  postingNumbers: string[];
  /** The newest error text we kept (Ozon's code and message, or our reason), if any. */
  lastError: string | null;
}

export interface SyncQueue {
  /** Posting syncs waiting to run (pushes received, duplicates collapsed). */
  queuedSyncs: number;
  /** Of those, the ones whose last attempt failed (retrying with backoff). */
  retryingSyncs: number;
  /** Packed Ozon orders whose ship Ozon has not accepted yet. */
  unshipped: number;
  /** Shipped postings whose Ozon label is not fetched yet. */
  labelsWaiting: number;
}

export interface StockPushState {
  /** Product–warehouse pairs whose stock Ozon has from us. */
  pairs: number;
  lastPushAt: Date | null;
  /** Pairs whose sellable stock differs from what Ozon last accepted (sent on the next runs). */
  waiting: number;
}

const graphileInstalled = async (db: Reader) =>
  (await db.$queryRaw<{ graphile: boolean }[]>`SELECT to_regclass('graphile_worker.jobs') IS NOT NULL AS graphile`)[0]!.graphile;

/** Posting-sync jobs of the account in the job queue (JobQueue, and graphile-worker's when installed). */
async function syncJobs(db: Reader, accountId: string) {
  type Row = { queued: number; retrying: number; gaveUp: number; lastError: string | null };
  const [own] = await db.$queryRaw<Row[]>`
    SELECT count(*)::int AS queued,
      count(*) FILTER (WHERE "lastError" IS NOT NULL AND attempts < "maxAttempts")::int AS retrying,
      count(*) FILTER (WHERE attempts >= "maxAttempts")::int AS "gaveUp",
      (array_agg(left("lastError", 200) ORDER BY "updatedAt" DESC) FILTER (WHERE "lastError" IS NOT NULL))[1] AS "lastError"
    FROM "JobQueue" WHERE task = 'ozon.sync-posting' AND payload->>'accountId' = ${accountId}`;
  const totals = { ...own! };
  if (await graphileInstalled(db)) {
    const [g] = await db.$queryRaw<Row[]>`
      SELECT count(*)::int AS queued,
        count(*) FILTER (WHERE last_error IS NOT NULL AND attempts < max_attempts)::int AS retrying,
        count(*) FILTER (WHERE attempts >= max_attempts)::int AS "gaveUp",
        (array_agg(left(last_error, 200) ORDER BY updated_at DESC) FILTER (WHERE last_error IS NOT NULL))[1] AS "lastError"
      FROM graphile_worker.jobs WHERE task_identifier = 'ozon.sync-posting' AND payload->>'accountId' = ${accountId}`;
    totals.queued += g!.queued;
    totals.retrying += g!.retrying;
    totals.gaveUp += g!.gaveUp;
    totals.lastError = totals.lastError ?? g!.lastError;
  }
  return totals;
}

export async function syncQueue(db: Reader, accountId: string): Promise<SyncQueue> {
  const jobs = await syncJobs(db, accountId);
  const [row] = await db.$queryRaw<{ unshipped: number; labelsWaiting: number }[]>`
    SELECT
      count(*) FILTER (WHERE p."shippedAt" IS NULL AND p."parentPostingNumber" IS NULL
        AND p.status NOT IN ('cancelled', 'awaiting_registration', 'acceptance_in_progress', 'awaiting_approve', 'awaiting_verification')
        AND o.status::text IN ('PACKED', 'READY_TO_SHIP', 'SHIPPED', 'IN_TRANSIT'))::int AS unshipped,
      count(*) FILTER (WHERE p."labelFetchedAt" IS NULL AND (p."shippedAt" IS NOT NULL OR p."parentPostingNumber" IS NOT NULL)
        AND p.status NOT IN ('cancelled', 'cancelled_from_split_pending', 'awaiting_packaging'))::int AS "labelsWaiting"
    FROM "OzonPosting" p JOIN "Order" o ON o.id = p."orderId"
    WHERE p."accountId" = ${accountId}::uuid`;
  return { queuedSyncs: jobs.queued - jobs.gaveUp, retryingSyncs: jobs.retrying, unshipped: row!.unshipped, labelsWaiting: row!.labelsWaiting };
}

/** Groups of postings (or acts, or jobs) needing someone, largest first; kinds with nothing are left out. */
export async function attentionItems(db: Reader, accountId: string): Promise<AttentionItem[]> {
  type Row = { kind: AttentionKind; count: number; postingNumbers: string[]; lastError: string | null };
  const rows = await db.$queryRaw<Row[]>`
    WITH flagged AS (
      SELECT p."postingNumber", p."createdAt", p."updatedAt",
        CASE
          WHEN p."blockedReason" LIKE 'UNKNOWN_PRODUCT%' THEN 'UNKNOWN_PRODUCT'
          WHEN p."blockedReason" LIKE 'SPLIT_PART_OF_UNKNOWN_POSTING%' THEN 'SPLIT_PART_UNKNOWN'
          ELSE 'INVALID_POSTING'
        END AS kind,
        p."blockedReason" AS error
      FROM "OzonPosting" p WHERE p."accountId" = ${accountId}::uuid AND p."blockedReason" IS NOT NULL
      UNION ALL
      SELECT p."postingNumber", p."createdAt", p."updatedAt", 'SHIP_FAILED', p."shipError"
      FROM "OzonPosting" p WHERE p."accountId" = ${accountId}::uuid AND p."shipError" IS NOT NULL AND p."shippedAt" IS NULL
        AND p.status NOT IN ('cancelled', 'cancelled_from_split_pending')
      UNION ALL
      SELECT p."postingNumber", p."createdAt", p."updatedAt", 'LABEL_FAILED', p."labelError"
      FROM "OzonPosting" p WHERE p."accountId" = ${accountId}::uuid AND p."labelError" IS NOT NULL AND p."labelFetchedAt" IS NULL
        AND p.status NOT IN ('cancelled', 'cancelled_from_split_pending')
      UNION ALL
      SELECT p."postingNumber", p."createdAt", p."updatedAt", 'CANCEL_FAILED', p."cancelError"
      FROM "OzonPosting" p WHERE p."accountId" = ${accountId}::uuid AND p."cancelError" IS NOT NULL AND p."cancelSentAt" IS NULL
      UNION ALL
      SELECT p."postingNumber", p."createdAt", p."updatedAt", 'TRACKING_FAILED', p."trackingError"
      FROM "OzonPosting" p WHERE p."accountId" = ${accountId}::uuid AND p."trackingError" IS NOT NULL AND p."trackingError" <> ${notRfbs}
        AND p."trackingSentAt" IS NULL
      UNION ALL
      SELECT p."postingNumber", p."createdAt", o."updatedAt", 'ORDERS_ON_HOLD', NULL
      FROM "OzonPosting" p JOIN "Order" o ON o.id = p."orderId" AND o.status = 'ON_HOLD'
      WHERE p."accountId" = ${accountId}::uuid AND p."parentPostingNumber" IS NULL
      UNION ALL
      SELECT r."postingNumber", r."createdAt", r."updatedAt", 'RETURN_NOT_IMPORTED', r.error
      FROM "OzonReturn" r WHERE r."accountId" = ${accountId}::uuid AND r."returnId" IS NULL AND r.error IS NOT NULL
      UNION ALL
      SELECT a."postingNumbers"[1], a."createdAt", a."updatedAt", 'ACT_FAILED', a.error
      FROM "OzonAct" a WHERE a."accountId" = ${accountId}::uuid AND a.error IS NOT NULL AND a.status <> 'READY'
    )
    SELECT kind, count(*)::int AS count,
      (array_agg("postingNumber" ORDER BY "createdAt", "postingNumber"))[1:5] AS "postingNumbers",
      (array_agg(left(error, 300) ORDER BY "updatedAt" DESC) FILTER (WHERE error IS NOT NULL))[1] AS "lastError"
    FROM flagged GROUP BY kind`;
  const items: AttentionItem[] = rows.map((r) => ({ ...r, postingNumbers: r.postingNumbers.filter((n): n is string => !!n) }));
  const jobs = await syncJobs(db, accountId);
  if (jobs.gaveUp) items.push({ kind: 'SYNC_GAVE_UP', count: jobs.gaveUp, postingNumbers: [], lastError: jobs.lastError });
  const blocks = (await methodBlocks(db, accountId)).filter((b) => b.state === 'OPEN');
  if (blocks.length)
    items.push({ kind: 'METHOD_BLOCKED', count: blocks.length, postingNumbers: blocks.map((b) => b.method), lastError: `${blocks[0]!.method}: ${blocks[0]!.message}` });
  const account = await db.ozonAccount.findUniqueOrThrow({
    where: { id: accountId },
    select: { lastSyncAt: true, lastErrorAt: true, lastError: true, returnsUnavailableAt: true, returnsUnavailable: true },
  });
  // A block is METHOD_BLOCKED (the breaker's rows), not a sync failure.
  const failing = !!account.lastErrorAt && (!account.lastSyncAt || account.lastErrorAt > account.lastSyncAt);
  if (failing && !account.lastError?.startsWith('OzonMethodBlockedError'))
    items.push({ kind: 'SYNC_FAILING', count: 1, postingNumbers: [], lastError: account.lastError });
  if (account.returnsUnavailableAt) items.push({ kind: 'RETURNS_UNAVAILABLE', count: 1, postingNumbers: [], lastError: account.returnsUnavailable });
  return items.sort((a, b) => b.count - a.count || attentionKinds.indexOf(a.kind) - attentionKinds.indexOf(b.kind));
}

/** The stock push: pairs Ozon has from us, when we last pushed, pairs whose sellable stock changed since (same sum as stock.service.ts). */
export async function stockPushState(db: Reader, accountId: string): Promise<StockPushState> {
  const [row] = await db.$queryRaw<{ pairs: number; lastPushAt: Date | null; waiting: number }[]>`
    SELECT
      (SELECT count(*)::int FROM "OzonStockState" s WHERE s."accountId" = ${accountId}::uuid) AS pairs,
      (SELECT max(s."pushedAt") FROM "OzonStockState" s WHERE s."accountId" = ${accountId}::uuid) AS "lastPushAt",
      (SELECT count(*)::int
        FROM "OzonWarehouseMapping" m
        JOIN "Product" p ON p.active
        LEFT JOIN "InventoryLevel" l ON l."productId" = p.id AND l."warehouseId" = m."warehouseId"
        LEFT JOIN "OzonStockState" s ON s."accountId" = m."accountId" AND s."ozonWarehouseId" = m."ozonWarehouseId" AND s."offerId" = p.sku
        WHERE m."accountId" = ${accountId}::uuid
          AND s.stock IS DISTINCT FROM greatest(coalesce(l."onHand" - l.reserved - l.picked, 0), 0)::int) AS waiting`;
  return row!;
}
