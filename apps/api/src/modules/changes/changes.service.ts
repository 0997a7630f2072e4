// The change feed: rows of a table in the order they last changed, ("updatedAt", id), for
// integrators catching up on what they missed (webhooks are the push channel; this is the pull one).
// "updatedAt" is bumped by a trigger on every write, to the moment of the write (migration
// 20261206084729_change_feed_updated_at). A walk never skips a row: a row changed while it walks
// moves behind the cursor's end and comes again, and rows are only served up to the horizon, the
// start of the oldest transaction still open — a row a running transaction writes is stamped later
// than that, so nothing can commit behind a cursor that has gone past it.
import { Prisma } from '@orderly/schema';
import type { Db } from '@orderly/schema';

export const changeFeedTables = ['Order', 'Shipment', 'Return', 'Product', 'InventoryLevel'] as const;
export type ChangeFeedTable = (typeof changeFeedTables)[number];

export interface ChangePosition {
  updatedAt: Date;
  id: string;
}

/**
 * The newest moment before which every change has committed: the start of the oldest other
 * transaction open on this database, or now; truncated to the millisecond the column keeps. Read
 * in its own statement, before the page's, so the page's snapshot sees everything before it.
 */
export async function changeHorizon(db: Db): Promise<Date> {
  const [row] = await db.$queryRaw<{ horizon: Date }[]>`
    SELECT date_trunc('milliseconds', LEAST(clock_timestamp(), (
      SELECT min(xact_start) FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND xact_start IS NOT NULL
    ))) AS horizon`;
  return row.horizon;
}

/** One page of a table's changes since `since` (inclusive), after `after`, oldest change first. */
export async function changePage(
  db: Db,
  table: ChangeFeedTable,
  params: { since: Date; after: ChangePosition | null; first: number },
): Promise<{ rows: ChangePosition[]; hasNextPage: boolean }> {
  const horizon = await changeHorizon(db);
  const after = params.after ? Prisma.sql`AND ("updatedAt", id) > (${params.after.updatedAt}, ${params.after.id}::uuid)` : Prisma.empty;
  const rows = await db.$queryRaw<ChangePosition[]>`
    SELECT id, "updatedAt" FROM ${Prisma.raw(`"${table}"`)}
    WHERE "updatedAt" >= ${params.since} AND "updatedAt" < ${horizon} ${after}
    ORDER BY "updatedAt", id LIMIT ${params.first + 1}`;
  return { rows: rows.slice(0, params.first), hasNextPage: rows.length > params.first };
}
