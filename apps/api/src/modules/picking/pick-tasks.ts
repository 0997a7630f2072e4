// Pick-task bookkeeping the order rules need too (a line's cancelled units leave the route). Apart
// from picking.service.ts so that orders and picking do not import each other.
import type { Db, PickTask } from '@orderly/schema';
import type { Tx } from '../../core/transaction.ts';

/** Units of a task neither picked nor reported short yet. */
export const remaining = (task: Pick<PickTask, 'quantity' | 'quantityPicked' | 'quantityShort'>) => task.quantity - task.quantityPicked - task.quantityShort;

/** Tasks of the order still to be picked on lists that are being walked. */
export function openPickTaskCount(db: Db | Tx, orderId: string) {
  return db.pickTask.count({ where: { orderId, status: 'PENDING', pickList: { status: { in: ['OPEN', 'IN_PROGRESS'] } } } });
}

/**
 * Units of a line were cancelled: its open tasks must not ask for more than the units still to
 * pick. The last tasks along the route shrink first; a task left with nothing to do goes away.
 */
export async function trimOpenPickTasks(tx: Tx, orderLineId: string, unitsToPick: number) {
  const tasks = await tx.pickTask.findMany({
    where: { orderLineId, status: 'PENDING', pickList: { status: { in: ['OPEN', 'IN_PROGRESS'] } } },
    orderBy: [{ sequence: 'desc' }, { id: 'desc' }],
  });
  let excess = tasks.reduce((sum, t) => sum + remaining(t), 0) - unitsToPick;
  for (const task of tasks) {
    if (excess <= 0) break;
    const cut = Math.min(remaining(task), excess);
    excess -= cut;
    const quantity = task.quantity - cut;
    if (quantity === 0) await tx.pickTask.delete({ where: { id: task.id } });
    else
      await tx.pickTask.update({
        where: { id: task.id },
        data: { quantity, status: quantity === task.quantityPicked + task.quantityShort ? (task.quantityShort ? 'SHORT' : 'PICKED') : 'PENDING' },
      });
  }
}
