// Business errors, free of GraphQL: services throw and return these; modules/common/errors.ts
// gives them their GraphQL types.

/**
 * Every business error code the API can return, in one enum so integrators can switch on it.
 * Modules add their codes here.
 */
export const userErrorCodes = [
  'NOT_FOUND',
  'INVALID_INPUT',
  'UNKNOWN_SKU',
  'INVALID_QUANTITY',
  'DUPLICATE_LINE',
  'INCOMPLETE_ADDRESS',
  'UNKNOWN_CURRENCY',
  'UNKNOWN_WAREHOUSE',
  'UNKNOWN_LOCATION',
  'INVALID_TRANSITION',
  'STALE_VERSION',
  'PRICE_MISMATCH',
  'INSUFFICIENT_STOCK',
  'STOCK_LIMIT_EXCEEDED',
  'AMOUNT_TOO_LARGE',
  'NOT_ON_HOLD',
  'IDEMPOTENCY_KEY_REUSED',
  'INVALID_CREDENTIALS',
  'INVALID_EMAIL',
  'EMAIL_TAKEN',
  'WEAK_PASSWORD',
  'LAST_ADMIN',
  'UNKNOWN_SCOPE',
  'WRONG_ITEM',
  'OVER_PICK',
  'ALREADY_PICKED',
  'NOTHING_TO_PICK',
  'PICK_INCOMPLETE',
  'OVER_PACK',
  'PARCEL_NOT_OPEN',
  'PARCEL_EMPTY',
  'PACKING_INCOMPLETE',
  'PARCEL_NOT_LABELLED',
  'UNKNOWN_CARRIER',
  'WRONG_CARRIER',
  'ALREADY_IN_MANIFEST',
  'MANIFEST_CLOSED',
  'MANIFEST_EMPTY',
  'DUPLICATE_TRACKING',
  'INVALID_FILE',
  'INVALID_WEBHOOK_URL',
  'MISSING_SCOPE',
  'TOO_MANY_SUBSCRIPTIONS',
  'SUBSCRIPTION_INACTIVE',
  // Tracking and delivery (modules/tracking, modules/delivery)
  'UNKNOWN_TRACKING_NUMBER',
  'ORDER_CANCELLED',
  'OPEN_CASES',
  // Label printers (modules/printing).
  'PRINTER_UNREACHABLE',
  'PRINTER_INACTIVE',
  'PRINTER_NAME_TAKEN',
  'LABEL_SIZE_MISMATCH',
  'PRINTER_LANGUAGE_MISMATCH',
  // Delivery exceptions: claims and reships (modules/exceptions).
  'INVALID_AMOUNT',
  'NOT_SHIPPED',
  // Returns (modules/returns).
  'NOT_RETURNABLE',
  'OVER_RETURN',
  'RETURN_WINDOW_CLOSED',
  'REASON_NOT_ALLOWED',
  'OVERRIDE_NOT_ALLOWED',
  'NOT_IN_RETURN',
  'REFUND_EXCEEDS_PAID',
  'CURRENCY_MISMATCH',
  // Ozon rules before shipping (marketplaces/ozon/marking.service.ts).
  'INVALID_MARKING_CODE',
  'DUPLICATE_MARKING_CODE',
  'REQUIREMENTS_UNMET',
  // The catalogue (modules/catalog).
  'DUPLICATE_SKU',
  'DUPLICATE_BARCODE',
  'INVALID_BARCODE',
  'PRODUCT_ARCHIVED',
  // Purchasing and receiving (modules/replenishment).
  'PRODUCT_NOT_SUPPLIED',
  'SUPPLIER_INACTIVE',
  'CURRENCY_RATE_MISSING',
  'PURCHASE_ORDER_NOT_SENT',
  'PURCHASE_ORDER_CANCELLED',
  'PURCHASE_ORDER_ALREADY_RECEIVED',
  'OVER_RECEIPT',
  'LOCATION_NOT_FOUND',
  // Repeat customers and outreach (modules/customers).
  'CONSENT_DATA_MISSING',
  // Reviews and replies (modules/reviews).
  'INVALID_RATING',
  'REPLY_TOO_LONG',
  'REVIEW_CANNOT_REPLY',
  'ALREADY_ANSWERED',
  'TEMPLATE_NAME_TAKEN',
  'NOT_NEGATIVE_REVIEW',
  // Promotions (modules/promotions).
  'INVALID_DATE_RANGE',
  'DISCOUNT_TOO_LARGE',
  'DISCOUNT_ABOVE_PRICE',
  'MARKETPLACE_CHANNEL',
  'PROMOTION_ENDED',
] as const;
export type UserErrorCode = (typeof userErrorCodes)[number];

export interface UserErrorShape {
  code: UserErrorCode;
  /** Path to the input field at fault, e.g. ["input", "lines", "0", "sku"]. */
  field: string[] | null;
  message: string;
}

/**
 * Thrown by services to abort the whole operation (the surrounding transaction rolls back, so
 * nothing is half-written); resolvers turn it into `userErrors`.
 */
export class DomainError extends Error {
  readonly errors: UserErrorShape[];
  constructor(errors: UserErrorShape | UserErrorShape[]) {
    const list = Array.isArray(errors) ? errors : [errors];
    super(list.map((e) => `${e.code}: ${e.message}`).join('; '));
    this.errors = list;
  }
}

export const userError = (code: UserErrorCode, message: string, field: (string | number)[] | null = null): UserErrorShape => ({
  code,
  message,
  field: field ? field.map(String) : null,
});
