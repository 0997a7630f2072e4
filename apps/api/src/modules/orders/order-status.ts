import { CancelReason, HoldReason, OrderStatus } from '@orderly/schema';
import { builder } from '../../builder.ts';

export const OrderStatusEnum = builder.enumType(OrderStatus, {
  name: 'OrderStatus',
  description: 'Where an order is in its life, from intake to completion (or cancellation/return).',
});

export const HoldReasonEnum = builder.enumType(HoldReason, { name: 'HoldReason', description: 'Why work on an order is paused.' });
export const CancelReasonEnum = builder.enumType(CancelReason, { name: 'CancelReason', description: 'Who or what cancelled the order.' });

/** Statuses in which the order still has to leave the warehouse, so its ship-by deadline matters. */
export const statusesBeforeShipping: readonly OrderStatus[] = [
  OrderStatus.NEW,
  OrderStatus.CONFIRMED,
  OrderStatus.ON_HOLD,
  OrderStatus.PICKING,
  OrderStatus.PICKED,
  OrderStatus.PACKED,
  OrderStatus.READY_TO_SHIP,
];
