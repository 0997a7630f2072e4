import { graphql, type ResultOf, type VariablesOf } from '../../graphql/graphql';
import { OrderRowFragment } from '../../graphql/fragments';

/** Orders per request (the API allows at most 100). */
export const ORDER_QUEUE_PAGE_SIZE = 20;

export type OrderQueueNode = ResultOf<typeof OrderRowFragment>;

/** One page of the queue; the API sorts by shipBy ascending (no ship-by date last). */
export const OrderQueueQuery = graphql(
  `
    query OrderQueue($first: Int!, $after: String, $status: [OrderStatus!], $search: String, $shipByBefore: DateTime) {
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
          }
        }
      }
    }
  `,
  [OrderRowFragment],
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
