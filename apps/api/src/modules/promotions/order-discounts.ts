// The OrderDiscount rows of an order: who gave which discount on which line. Written when the order
// comes in, and brought in line with core/money.ts's figures whenever units are cancelled, so the
// PROMOTION and ORDER rows always add up to Order.discountAmount and a line's PROMOTION rows to
// OrderLine.discountAmount.
import type { DiscountSource } from '@orderly/schema';
import { allocate, type OrderAmounts } from '../../core/money.ts';
import { maxInt32 } from '../common/bounds.ts';
import type { Tx } from '../../core/transaction.ts';

export interface NewDiscount {
  /** Position of the line (1-based) on the new order; null: the order as a whole. */
  position: number | null;
  promotionId: string | null;
  source: DiscountSource;
  amount: number;
}

/** Writes the discounts of an order just created (lines found by position). */
export async function recordOrderDiscounts(tx: Tx, orderId: string, discounts: readonly NewDiscount[]) {
  if (!discounts.length) return;
  const lines = await tx.orderLine.findMany({ where: { orderId }, select: { id: true, position: true } });
  const lineId = new Map(lines.map((l) => [l.position, l.id]));
  await tx.orderDiscount.createMany({
    data: discounts.map((d) => ({
      orderId,
      lineId: d.position === null ? null : lineId.get(d.position)!,
      promotionId: d.promotionId,
      source: d.source,
      amount: Math.min(d.amount, maxInt32),
    })),
  });
}

/**
 * After a cancellation: each line's PROMOTION rows share its new own discount (in proportion to
 * what they were), the ORDER row takes the new order-wide discount. MARKETPLACE rows (inside the
 * unit price) shrink with the units left.
 */
export async function syncOrderDiscounts(
  tx: Tx,
  orderId: string,
  lineIds: readonly string[],
  units: { before: readonly number[]; after: readonly number[] },
  amounts: OrderAmounts,
) {
  const rows = await tx.orderDiscount.findMany({ where: { orderId }, orderBy: { id: 'asc' } });
  if (!rows.length) return;
  const updates = new Map<string, number>();
  lineIds.forEach((lineId, i) => {
    const [before, left] = [units.before[i]!, units.after[i]!];
    const mine = rows.filter((r) => r.lineId === lineId);
    const promotions = mine.filter((r) => r.source === 'PROMOTION');
    const own = promotions.reduce((sum, r) => sum + r.amount, 0);
    if (own && own !== amounts.lineDiscounts[i]) {
      allocate(
        amounts.lineDiscounts[i]!,
        promotions.map((r) => r.amount),
      ).forEach((amount, k) => updates.set(promotions[k]!.id, amount));
    }
    for (const r of mine.filter((m) => m.source === 'MARKETPLACE')) {
      if (left !== before) updates.set(r.id, left ? allocate(r.amount, [left, before - left])[0]! : 0);
    }
  });
  for (const r of rows.filter((r) => r.source === 'ORDER' && r.amount !== amounts.orderDiscount)) updates.set(r.id, amounts.orderDiscount);
  for (const [id, amount] of updates) await tx.orderDiscount.update({ where: { id }, data: { amount } });
}
