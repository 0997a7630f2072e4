// What the app needs beyond its documents' result types (those come from the schema through gql.tada,
// see graphql.ts): lists of enum values the screens iterate over and test against, checked against
// the schema's enums (`satisfies`), and small helpers on them.
import type { SchemaType } from './graphql';

export const ORDER_STATUSES = [
  'NEW',
  'CONFIRMED',
  'ON_HOLD',
  'PICKING',
  'PICKED',
  'PACKED',
  'READY_TO_SHIP',
  'SHIPPED',
  'IN_TRANSIT',
  'DELIVERED',
  'COMPLETED',
  'CANCELLED',
  'EXCEPTION',
  'RETURN_REQUESTED',
  'RETURNED',
] as const satisfies readonly SchemaType<'OrderStatus'>[];

export type OrderStatus = SchemaType<'OrderStatus'>;

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);
}

/** ISO 8601 string (the DateTime scalar). */
export type DateTime = string;

/** Statuses before shipping: the floor's open work (the queue's default view). */
export const OPEN_STATUSES = ['NEW', 'CONFIRMED', 'ON_HOLD', 'PICKING', 'PICKED', 'PACKED', 'READY_TO_SHIP'] as const satisfies readonly OrderStatus[];

export function isOpenStatus(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

/**
 * Overdue: still to be shipped, flagged by the API (`lateRisk`) and past its ship-by time.
 * Shipped, delivered or cancelled orders are never overdue, whatever their old deadline.
 */
export function isOverdue(order: { status: string; lateRisk: boolean; shipBy: DateTime | null }, now: Date): boolean {
  if (!order.lateRisk || !order.shipBy || !isOpenStatus(order.status)) return false;
  return new Date(order.shipBy).getTime() < now.getTime();
}

export const HOLD_REASONS = ['OUT_OF_STOCK', 'AWAITING_BUYER', 'INCORRECT_ADDRESS', 'OTHER'] as const satisfies readonly SchemaType<'HoldReason'>[];
export type HoldReason = SchemaType<'HoldReason'>;

export const CANCEL_REASONS = ['BUYER_REQUEST', 'OUT_OF_STOCK', 'SELLER', 'PLATFORM'] as const satisfies readonly SchemaType<'CancelReason'>[];
export type CancelReason = SchemaType<'CancelReason'>;

/** Statuses from which an order may be put on hold / cancelled (apps/api order-transitions.ts). */
export const HOLDABLE_STATUSES: readonly OrderStatus[] = ['NEW', 'CONFIRMED', 'PICKING', 'PICKED', 'PACKED', 'READY_TO_SHIP'];
export const CANCELLABLE_STATUSES: readonly OrderStatus[] = OPEN_STATUSES;

/** UserErrorCode of the SDL. Codes this client does not know yet fall back to the API's message. */
export const USER_ERROR_CODES = [
  'ALREADY_IN_MANIFEST',
  'DUPLICATE_LINE',
  'DUPLICATE_TRACKING',
  'IDEMPOTENCY_KEY_REUSED',
  'INCOMPLETE_ADDRESS',
  'INSUFFICIENT_STOCK',
  'INVALID_FILE',
  'INVALID_INPUT',
  'INVALID_QUANTITY',
  'INVALID_TRANSITION',
  'MANIFEST_CLOSED',
  'MANIFEST_EMPTY',
  'NOTHING_TO_PICK',
  'NOT_FOUND',
  'NOT_ON_HOLD',
  'OVER_PACK',
  'OVER_PICK',
  'ALREADY_PICKED',
  'PACKING_INCOMPLETE',
  'PARCEL_EMPTY',
  'PARCEL_NOT_LABELLED',
  'PARCEL_NOT_OPEN',
  'PICK_INCOMPLETE',
  'PRICE_MISMATCH',
  'STALE_VERSION',
  'UNKNOWN_CARRIER',
  'UNKNOWN_CURRENCY',
  'UNKNOWN_LOCATION',
  'UNKNOWN_SKU',
  'UNKNOWN_WAREHOUSE',
  'WRONG_CARRIER',
  'WRONG_ITEM',
  'PRINTER_UNREACHABLE',
  'PRINTER_INACTIVE',
  'PRINTER_NAME_TAKEN',
  'LABEL_SIZE_MISMATCH',
  'PRINTER_LANGUAGE_MISMATCH',
  // Ozon rules before shipping (pages/pack/MarkingCodes.tsx)
  'INVALID_MARKING_CODE',
  'DUPLICATE_MARKING_CODE',
  'REQUIREMENTS_UNMET',
  // returns (their texts load with the returns screens)
  'NOT_IN_RETURN',
  'REFUND_EXCEEDS_PAID',
  // receiving against purchase orders (their texts load with the Receive station)
  'OVER_RECEIPT',
  'PURCHASE_ORDER_CANCELLED',
  'REPLY_TOO_LONG',
  'REVIEW_CANNOT_REPLY',
  'PURCHASE_ORDER_ALREADY_RECEIVED',
  'PURCHASE_ORDER_NOT_SENT',
  'LOCATION_NOT_FOUND',
  // client-side notices (outbox): a replayed confirmation found too little stock
  'SHORTAGE',
] as const satisfies readonly (SchemaType<'UserErrorCode'> | 'SHORTAGE')[];
export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

/**
 * A user error as the screens and the outbox keep it: the `UserErrors` fragment's fields, with any
 * code (codes newer than this build, and the outbox's own notices).
 */
export interface UserError {
  code: string;
  field: string[] | null;
  message: string;
}

export const ORDER_EVENT_TYPES = [
  'BUYER_NOTIFIED',
  'CANCELLED',
  'COMPLETED',
  'CONFIRMED',
  'CREATED',
  'DELIVERED',
  'DOMESTIC_PARCEL_RECEIVED',
  'DOMESTIC_TRACKING_ADDED',
  'DOMESTIC_TRACKING_REMOVED',
  'EXCEPTION_OPENED',
  'EXCEPTION_RESOLVED',
  'HANDED_OVER',
  'HOLD_PLACED',
  'HOLD_RELEASED',
  'IMPORTED',
  'ITEM_PACKED',
  'ITEM_PICKED',
  'ITEM_UNPACKED',
  'LABEL_PRINTED',
  'LINE_CANCELLED',
  'NOTE_ADDED',
  'NOTIFICATION_FAILED',
  'NOTIFICATION_QUEUED',
  'PACKED',
  'PICKED',
  'PICKUP_UNCOLLECTED',
  'PICK_STARTED',
  'PII_ANONYMIZED',
  'PRICE_MISMATCH',
  'REFUNDED',
  'RETURN_CLOSED',
  'RETURN_RECEIVED',
  'RETURN_REQUESTED',
  'RETURN_UPDATED',
  'SHIPPED',
  'SHORT_PICKED',
  'STATUS_CHANGED',
  'STOCK_RELEASED',
  'STOCK_RESERVED',
  'TRACKING_UPDATED',
] as const satisfies readonly SchemaType<'OrderEventType'>[];
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

export function isUserErrorCode(value: unknown): value is UserErrorCode {
  return typeof value === 'string' && (USER_ERROR_CODES as readonly string[]).includes(value);
}

export function isOrderEventType(value: unknown): value is OrderEventType {
  return typeof value === 'string' && (ORDER_EVENT_TYPES as readonly string[]).includes(value);
}
