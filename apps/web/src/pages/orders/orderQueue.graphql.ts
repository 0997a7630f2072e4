import { gql } from '@urql/core';
import type { DateTime, Money, OrderStatus, PageInfo } from '../../graphql/types';

/** Orders per request (the API allows at most 100). */
export const ORDER_QUEUE_PAGE_SIZE = 20;

export interface OrderQueueNode {
  id: string;
  number: number;
  channel: string;
  status: OrderStatus;
  shipBy: DateTime | null;
  lateRisk: boolean;
  itemCount: number;
  total: Money;
  shippingAddress: { city: string; countryCode: string };
}

export interface OrderQueueData {
  orders: {
    totalCount: number;
    pageInfo: PageInfo;
    edges: { cursor: string; node: OrderQueueNode }[];
  };
}

export type OrderQueueVariables = {
  first: number;
  after?: string | null;
  status?: OrderStatus[] | null;
  search?: string | null;
  shipByBefore?: DateTime | null;
};

/** One page of the queue; the API sorts by shipBy ascending (no ship-by date last). */
export const OrderQueueQuery = gql<OrderQueueData, OrderQueueVariables>`
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
          id
          number
          channel
          status
          shipBy
          lateRisk
          itemCount
          total {
            minorUnits
            currency
          }
          shippingAddress {
            city
            countryCode
          }
        }
      }
    }
  }
`;

export interface OrderStatusCountsData {
  orderStatusCounts: { status: OrderStatus; count: number }[];
}

export const OrderStatusCountsQuery = gql<OrderStatusCountsData>`
  query OrderStatusCounts {
    orderStatusCounts {
      status
      count
    }
  }
`;

export interface OrderSearchData {
  orders: { totalCount: number; edges: { node: { id: string; number: number } }[] };
}

/** A scanned / entered code: opens the order when exactly one matches. */
export const OrderSearchQuery = gql<OrderSearchData, { search: string }>`
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
`;
