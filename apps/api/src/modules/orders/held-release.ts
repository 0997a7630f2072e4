// Orders held for OUT_OF_STOCK are released when stock arrives: whatever adds available stock calls
// enqueueHeldOrderRelease in its own transaction, so the release job exists exactly when the stock
// does (rolled back with it, committed with it). The job itself is in held-release.task.ts: it
// confirms orders, and confirming reserves stock (inventory.service, which calls this) — kept apart
// so the import graph has no cycle.
import type { Tx } from '../../core/transaction.ts';
import { enqueueJob } from '../jobs/enqueue.ts';

export const releaseHeldTask = 'orders.release-held';

/**
 * Adds the release pass of the warehouse in `tx`'s transaction. One pending job per warehouse
 * (jobKey): a burst of receipts is released in one pass. A job key replaces the pending job's
 * payload, so the pass does not rely on the product list: it tries every held order of the
 * warehouse that the stock now covers. A release added while a pass runs is a new job (job-key
 * rules): stock committed after that pass read the levels is never missed.
 */
export async function enqueueHeldOrderRelease(tx: Tx, params: { warehouseId: string; productIds: string[] }): Promise<void> {
  if (!params.productIds.length) return;
  await enqueueJob(tx, releaseHeldTask, { payload: { warehouseId: params.warehouseId }, jobKey: `${releaseHeldTask}:${params.warehouseId}` });
}
