import { OrderStatus } from '@orderly/schema';

const { NEW, CONFIRMED, ON_HOLD, PICKING, PICKED, PACKED, READY_TO_SHIP, SHIPPED, IN_TRANSIT, DELIVERED, COMPLETED, CANCELLED, EXCEPTION, RETURN_REQUESTED, RETURNED } =
  OrderStatus;

/**
 * The one table of allowed order-status transitions. Every mutation that changes an order's
 * status goes through `assertTransition` (via the order service), never through its own ifs.
 * ON_HOLD returns to the status the order had before the hold (checked against this table too).
 */
export const orderTransitions: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  [NEW]: [CONFIRMED, ON_HOLD, CANCELLED],
  [CONFIRMED]: [PICKING, ON_HOLD, CANCELLED],
  [ON_HOLD]: [NEW, CONFIRMED, PICKING, PICKED, PACKED, READY_TO_SHIP, CANCELLED],
  [PICKING]: [CONFIRMED, PICKED, ON_HOLD, CANCELLED],
  [PICKED]: [PACKED, ON_HOLD, CANCELLED],
  [PACKED]: [PICKED, READY_TO_SHIP, ON_HOLD, CANCELLED],
  [READY_TO_SHIP]: [PACKED, SHIPPED, ON_HOLD, CANCELLED],
  [SHIPPED]: [IN_TRANSIT, DELIVERED, EXCEPTION],
  [IN_TRANSIT]: [DELIVERED, EXCEPTION],
  [EXCEPTION]: [IN_TRANSIT, DELIVERED, COMPLETED, RETURN_REQUESTED],
  // EXCEPTION: a parcel arrived damaged (modules/exceptions); back to DELIVERED when resolved.
  [DELIVERED]: [COMPLETED, RETURN_REQUESTED, EXCEPTION],
  [COMPLETED]: [RETURN_REQUESTED],
  [RETURN_REQUESTED]: [RETURNED, DELIVERED, COMPLETED],
  [RETURNED]: [],
  [CANCELLED]: [],
};

/**
 * Whether an order may move to `to`. An order ON_HOLD leaves the hold only back to where it was
 * (releaseHold) or to CANCELLED: every other step first releases the hold, so nothing (a pick
 * list, a second confirmation) can sneak past it.
 */
export function canTransition(order: { status: OrderStatus; statusBeforeHold?: OrderStatus | null }, to: OrderStatus): boolean {
  if (!orderTransitions[order.status].includes(to)) return false;
  return order.status !== ON_HOLD || to === CANCELLED || to === (order.statusBeforeHold ?? NEW);
}
