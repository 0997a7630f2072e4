import type { OrderStatus } from '@orderly/schema';
import { statusesBeforeShipping } from './order-status.ts';
import { config } from '../../core/config.ts';

/** Hours before the ship-by deadline from which an unshipped order counts as at risk. */
export const lateRiskHours = config.LATE_RISK_HOURS;

/** An order is at risk of missing its deadline when it has not shipped and the deadline is near or past. */
export function isLateRisk(order: { status: OrderStatus; shipBy: Date }, now: Date): boolean {
  if (!statusesBeforeShipping.includes(order.status)) return false;
  return order.shipBy.getTime() - now.getTime() <= lateRiskHours * 3_600_000;
}
