import { graphql, type ResultOf, type VariablesOf } from '../../graphql/graphql';
import { OrderRowFragment } from '../../graphql/fragments';
import type { OrderStatus } from '../../graphql/types';
import { OrderTrackingFragment } from '../order/tracking.graphql';

/** Orders per request (the API allows at most 100). */
export const ORDER_QUEUE_PAGE_SIZE = 20;

export type OrderQueueNode = ResultOf<typeof OrderRowFragment>;

/** The "on the way" view: shipped orders, with their tracking (last event, expected delivery). */
export const TRANSIT_STATUSES = ['SHIPPED', 'IN_TRANSIT'] as const satisfies readonly OrderStatus[];

/** One page of the queue; the API sorts by shipBy ascending (no ship-by date last). `$tracking` adds the tracking summary. */
export const OrderQueueQuery = graphql(
  `
    query OrderQueue($first: Int!, $after: String, $status: [OrderStatus!], $search: String, $shipByBefore: DateTime, $tracking: Boolean = false) {
      orders(first: $first, after: $after, status: $status, search: $search, shipByBefore: $shipByBefore) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            ...OrderRow
            ... @include(if: $tracking) {
              ...OrderTracking
            }
          }
        }
      }
    }
  `,
  [OrderRowFragment, OrderTrackingFragment],
);
export type OrderQueueData = ResultOf<typeof OrderQueueQuery>;
export type OrderQueueVariables = VariablesOf<typeof OrderQueueQuery>;

export const OrderStatusCountsQuery = graphql(`
  query OrderStatusCounts {
    orderStatusCounts {
      status
      count
    }
  }
`);

/** A scanned / entered code: opens the order when exactly one matches. */
export const OrderSearchQuery = graphql(`
  query OrderSearch($search: String!) {
    orders(first: 2, search: $search) {
      totalCount
      edges {
        node {
          id
          number
        }
      }
    }
  }
`);
