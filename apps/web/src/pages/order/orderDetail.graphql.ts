import { graphql, type ResultOf } from '../../graphql/graphql';
import { MoneyFragment, OrderVersionFragment, UserErrorsFragment } from '../../graphql/fragments';
import { OrderTrackingFragment, ParcelTrackingFragment } from './tracking.graphql';
import { DomesticParcelFragment } from '../consolidate/consolidate.graphql';

/** Timeline entries loaded with the order (the query asks for `timeline(last: 50)`). */
export const TIMELINE_PAGE = 50;

/**
 * The order with its lines (and current stock of each product), its timeline, its buyer notices
 * (how their sending went: no buyer data), its delivery exceptions with their owner (for callers
 * who may read them: `$problems`) and its tracking and domestic (in-China) parcels (`$tracking`:
 * who may read shipments).
 */
export const OrderDetailQuery = graphql(
  `
    query OrderDetail($id: ID!, $tracking: Boolean = true, $problems: Boolean = true) {
      order(id: $id) {
        id
        number
        channel
        externalId
        status
        version
        placedAt
        shipBy
        lateRisk
        cutoffState
        domesticOverdue
        holdReason
        holdNote
        cancelReason
        cancelNote
        itemCount
        subtotal {
          ...Money
        }
        shipping {
          ...Money
        }
        discount {
          ...Money
        }
        total {
          ...Money
        }
        shippingAddress {
          city
          region
          countryCode
        }
        lines {
          id
          position
          sku
          name
          quantity
          quantityCancelled
          quantityPicked
          quantityPacked
          quantityShipped
          unitPrice {
            ...Money
          }
          total {
            ...Money
          }
          catalogPrice {
            ...Money
          }
          product {
            id
            sku
            price {
              ...Money
            }
            inventory {
              id
              available
              onHand
              reserved
              warehouse {
                code
              }
            }
          }
        }
        exceptions @include(if: $problems) {
          id
          kind
          status
          owner {
            name
          }
        }
        notifications {
          id
          kind
          template
          status
          attempts
          nextAttemptAt
          lastError
          queuedAt
          sentAt
        }
        ... @include(if: $tracking) {
          ...OrderTracking
          tracking {
            ...ParcelTracking
          }
          domesticParcels {
            ...DomesticParcelRow
          }
        }
        timeline(last: 50) {
          totalCount
          edges {
            node {
              id
              type
              actor
              fromStatus
              toStatus
              createdAt
              data
            }
          }
        }
      }
    }
  `,
  [MoneyFragment, OrderTrackingFragment, ParcelTrackingFragment, DomesticParcelFragment],
);
export type OrderDetailData = ResultOf<typeof OrderDetailQuery>;
export type OrderDetail = NonNullable<OrderDetailData['order']>;
export type OrderDetailLine = OrderDetail['lines'][number];
/** `product` is null for callers who may not read products, `inventory` for those who may not read stock. */
export type InventoryOfLine = NonNullable<NonNullable<OrderDetailLine['product']>['inventory']>[number];
export type OrderEventNode = OrderDetail['timeline']['edges'][number]['node'];
export type OrderNotification = OrderDetail['notifications'][number];

/** What the order mutations answer (hold, release, cancel; confirm adds shortages and price mismatches). */
export const OrderPayloadFragment = graphql(
  `
    fragment OrderPayload on OrderPayload {
      order {
        ...OrderVersion
      }
      userErrors {
        ...UserErrors
      }
    }
  `,
  [OrderVersionFragment, UserErrorsFragment],
);
export type OrderPayload = ResultOf<typeof OrderPayloadFragment>;

export const ConfirmOrderMutation = graphql(
  `
    mutation ConfirmOrder($id: ID!, $expectedVersion: Int, $acceptPriceMismatches: Boolean, $idempotencyKey: String) {
      confirmOrder(id: $id, expectedVersion: $expectedVersion, acceptPriceMismatches: $acceptPriceMismatches, idempotencyKey: $idempotencyKey) {
        order {
          ...OrderVersion
        }
        shortages {
          requested
          available
          line {
            id
            sku
            name
          }
        }
        priceMismatches {
          orderedAmount
          catalogAmount
          line {
            id
            sku
          }
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [OrderVersionFragment, UserErrorsFragment],
);
export type ConfirmPayload = ResultOf<typeof ConfirmOrderMutation>['confirmOrder'];

export const PlaceHoldMutation = graphql(
  `
    mutation PlaceHold($id: ID!, $reason: HoldReason!, $note: String, $expectedVersion: Int, $idempotencyKey: String) {
      placeHold(id: $id, reason: $reason, note: $note, expectedVersion: $expectedVersion, idempotencyKey: $idempotencyKey) {
        ...OrderPayload
      }
    }
  `,
  [OrderPayloadFragment],
);

export const ReleaseHoldMutation = graphql(
  `
    mutation ReleaseHold($id: ID!, $note: String, $expectedVersion: Int, $idempotencyKey: String) {
      releaseHold(id: $id, note: $note, expectedVersion: $expectedVersion, idempotencyKey: $idempotencyKey) {
        ...OrderPayload
      }
    }
  `,
  [OrderPayloadFragment],
);

export const CancelOrderMutation = graphql(
  `
    mutation CancelOrder($id: ID!, $reason: CancelReason!, $note: String, $expectedVersion: Int, $idempotencyKey: String) {
      cancelOrder(id: $id, reason: $reason, note: $note, expectedVersion: $expectedVersion, idempotencyKey: $idempotencyKey) {
        ...OrderPayload
      }
    }
  `,
  [OrderPayloadFragment],
);

export const CancelOrderLinesMutation = graphql(
  `
    mutation CancelOrderLines($id: ID!, $lines: [CancelLineInput!]!, $reason: CancelReason!, $note: String, $expectedVersion: Int, $idempotencyKey: String) {
      cancelOrderLines(id: $id, lines: $lines, reason: $reason, note: $note, expectedVersion: $expectedVersion, idempotencyKey: $idempotencyKey) {
        ...OrderPayload
      }
    }
  `,
  [OrderPayloadFragment],
);

/** The order as asked with its tracking ($tracking true). */
export type OrderWithTracking = Extract<OrderDetail, { tracking: unknown }>;
export const withTracking = (order: OrderDetail): OrderWithTracking | undefined => ('tracking' in order ? order : undefined);
