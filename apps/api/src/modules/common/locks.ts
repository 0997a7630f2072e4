import { Prisma } from '@orderly/schema';
import type { Tx } from '../../core/transaction.ts';
import { isUuid } from './uuid.ts';

/** Tables whose rows mutations lock before changing them (two handhelds acting at once serialise). */
export type LockableTable = 'Order' | 'PickList' | 'Parcel' | 'Manifest' | 'Product';

/**
 * Takes the row lock for the rest of the transaction. Returns false when there is no such row
 * (also for ids that are not UUIDs at all). Reads rows rather than an affected-row count, which
 * PGlite reports as 0 for SELECT … FOR UPDATE.
 */
export async function lockRow(tx: Tx, table: LockableTable, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM ${Prisma.raw(`"${table}"`)} WHERE id = ${id}::uuid FOR UPDATE`;
  return rows.length === 1;
}
