// The release pass (enqueued by held-release.ts whenever available stock is added): orders of one
// warehouse held for OUT_OF_STOCK are confirmed again, most urgent ship-by first, through the one
// confirmation there is (confirmOrder: all lines or none, stock levels locked, no oversell), as far
// as the stock goes. Each order in its own short transaction, so a pass never holds many locks and
// floor work goes on meanwhile. The job mechanism runs a job once across instances; two passes at
// once (a release added while one runs) only contend on the same locks any confirmation takes.
import { Prisma, type Db } from '@orderly/schema';
import { DomainError } from '../../core/errors.ts';
import type { TaskDefinition } from '../jobs/jobs.ts';
import { announceCommitted, collectOutboxEvents } from '../webhooks/outbox.service.ts';
import { releaseHeldTask } from './held-release.ts';
import { appendOrderEvent, confirmOrder } from './order.service.ts';

/** Candidates read per page. */
const pageSize = 100;

export const stockArrivedNote = 'Stock arrived: confirmed automatically';

interface Candidate {
  id: string;
  shipBy: Date;
  /** Prices set by Orderly itself (a reship, an exchange's replacement): confirmed as given, as when they were made. */
  fixedPrices: boolean;
  lines: { productId: string; units: number }[];
}

/**
 * Held orders of the warehouse after `after` in ship-by order that the warehouse's available stock
 * covers right now, each line summed per product. Only orders held before they ever reserved
 * anything (what confirmOrder retries); orders without a warehouse belong to the first one.
 */
async function coveredHeldOrders(db: Db, warehouseId: string, servesUnassigned: boolean, after: Candidate | null): Promise<Candidate[]> {
  const afterPosition = after ? Prisma.sql`AND (o."shipBy", o.id) > (${after.shipBy}::timestamptz, ${after.id}::uuid)` : Prisma.empty;
  return db.$queryRaw<Candidate[]>`
    WITH candidates AS (
      SELECT o.id, o."shipBy", o."reshipOfId" IS NOT NULL OR EXISTS (SELECT 1 FROM "Return" r WHERE r."exchangeOrderId" = o.id) AS "fixedPrices"
      FROM "Order" o
      WHERE o.status = 'ON_HOLD' AND o."holdReason" = 'OUT_OF_STOCK' AND coalesce(o."statusBeforeHold", 'NEW') = 'NEW'
        AND (o."warehouseId" = ${warehouseId}::uuid OR (o."warehouseId" IS NULL AND ${servesUnassigned}::boolean))
        ${afterPosition}
        AND NOT EXISTS (
          SELECT 1 FROM "OrderLine" l
          LEFT JOIN "InventoryLevel" v ON v."productId" = l."productId" AND v."warehouseId" = ${warehouseId}::uuid
          WHERE l."orderId" = o.id AND l.quantity > l."quantityCancelled"
          GROUP BY l."productId", v."onHand", v.reserved, v.picked
          HAVING sum(l.quantity - l."quantityCancelled") > coalesce(v."onHand" - v.reserved - v.picked, 0))
      ORDER BY o."shipBy", o.id
      LIMIT ${pageSize}
    )
    SELECT c.id::text AS id, c."shipBy", c."fixedPrices",
      json_agg(json_build_object('productId', l."productId", 'units', l.units)) AS lines
    FROM candidates c
    JOIN (SELECT "orderId", "productId", sum(quantity - "quantityCancelled")::int AS units FROM "OrderLine"
          WHERE "orderId" IN (SELECT id FROM candidates) AND quantity > "quantityCancelled" GROUP BY "orderId", "productId") l ON l."orderId" = c.id
    GROUP BY c.id, c."shipBy", c."fixedPrices"
    ORDER BY c."shipBy", c.id`;
}

/** Available units per product in the warehouse as read now (no lock: confirmOrder decides under its own). */
async function availableUnits(db: Db, warehouseId: string, productIds: string[]): Promise<Map<string, number>> {
  // One parameter per id: the PGlite adapter cannot bind a JS array.
  const ids = Prisma.join(productIds.map((id) => Prisma.sql`${id}`));
  const rows = await db.$queryRaw<{ productId: string; available: number }[]>`
    SELECT "productId"::text AS "productId", "onHand" - reserved - picked AS available FROM "InventoryLevel"
    WHERE "warehouseId" = ${warehouseId}::uuid AND "productId" = ANY(ARRAY[${ids}]::uuid[])`;
  return new Map(rows.map((r) => [r.productId, r.available]));
}

export interface ReleaseResult {
  confirmed: string[];
  /** Tried and still short (stock taken meanwhile), or refused by confirmOrder (a price to check, an address to fix): still held. */
  stillHeld: number;
}

/**
 * One release pass over the warehouse. The availability read with each page only narrows whom to
 * try (the units this pass reserved are taken off it, so an order the stock no longer covers is
 * skipped and the later, smaller ones are still tried); the confirmation itself re-reads the
 * levels under their locks.
 */
export async function releaseHeldOrders(db: Db, params: { warehouseId: string; actor?: string }): Promise<ReleaseResult> {
  const actor = params.actor ?? 'system';
  const first = await db.warehouse.findFirst({ orderBy: { createdAt: 'asc' }, select: { id: true } });
  const servesUnassigned = first?.id === params.warehouseId;
  const result: ReleaseResult = { confirmed: [], stillHeld: 0 };
  let after: Candidate | null = null;
  for (;;) {
    const page = await coveredHeldOrders(db, params.warehouseId, servesUnassigned, after);
    if (!page.length) return result;
    const available = await availableUnits(db, params.warehouseId, [...new Set(page.flatMap((c) => c.lines.map((l) => l.productId)))]);
    for (const candidate of page) {
      if (candidate.lines.some((l) => l.units > (available.get(l.productId) ?? 0))) continue;
      let written: ReturnType<typeof collectOutboxEvents> = [];
      try {
        const outcome = await db.$transaction(async (tx) => {
          written = collectOutboxEvents(tx);
          const confirmation = await confirmOrder(tx, { orderId: candidate.id, acceptPriceMismatches: candidate.fixedPrices, actor });
          if (confirmation.status === 'CONFIRMED') await appendOrderEvent(tx, candidate.id, { type: 'NOTE_ADDED', actor, data: { note: stockArrivedNote } });
          return confirmation;
        });
        announceCommitted(written);
        if (outcome.status === 'CONFIRMED') {
          result.confirmed.push(candidate.id);
          for (const l of candidate.lines) available.set(l.productId, (available.get(l.productId) ?? 0) - l.units);
        } else {
          result.stillHeld++;
          for (const s of outcome.shortages) available.set(s.productId, s.available);
        }
      } catch (error) {
        // A business refusal (confirmed by a person meanwhile, prices to check): the order is left as it is.
        if (!(error instanceof DomainError)) throw error;
        result.stillHeld++;
      }
    }
    if (page.length < pageSize) return result;
    after = page.at(-1)!;
  }
}

/** The job definition (modules/jobs/tasks.ts lists it). */
export function releaseHeldOrdersTask(): TaskDefinition {
  return {
    name: releaseHeldTask,
    async run({ db, log }, payload) {
      const warehouseId = typeof payload.warehouseId === 'string' ? payload.warehouseId : null;
      if (!warehouseId) return;
      const released = await releaseHeldOrders(db, { warehouseId });
      if (released.confirmed.length || released.stillHeld)
        log(`[orders] stock arrived: ${released.confirmed.length} held order(s) confirmed, ${released.stillHeld} still held`);
    },
  };
}
