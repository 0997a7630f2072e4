// Types from the API contract (GraphQL schema in apps/api). Hand-written while the schema settles;
// can be replaced by codegen later.

export const ORDER_STATUSES = [
  'NEW',
  'CONFIRMED',
  'ON_HOLD',
  'PICKING',
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
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);
}

/** ISO 8601 string. */
export type DateTime = string;

export interface Money {
  minorUnits: number;
  currency: string;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}
