import { gql } from '@urql/core';
import type { OrderStatus } from '../../graphql/types';
import type { OrderQueueNode } from '../orders/orderQueue.graphql';

export interface TodayData {
  orderStatusCounts: { status: OrderStatus; count: number }[];
  overdue: { totalCount: number };
  dueSoon: { totalCount: number; edges: { node: OrderQueueNode }[] };
}

export interface TodayVariables {
  open: OrderStatus[];
  now: string;
  dueBefore: string;
  first: number;
}

/** Counts by status, open orders already past ship-by, and open orders due within the next hours. */
export const TodayQuery = gql<TodayData, TodayVariables>`
  query Today($open: [OrderStatus!], $now: DateTime!, $dueBefore: DateTime!, $first: Int!) {
    orderStatusCounts {
      status
      count
    }
    overdue: orders(first: 1, status: $open, shipByBefore: $now) {
      totalCount
    }
    dueSoon: orders(first: $first, status: $open, shipByBefore: $dueBefore) {
      totalCount
      edges {
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
