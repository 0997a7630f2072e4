import { graphql, type ResultOf, type VariablesOf } from '../../graphql/graphql';
import { OrderRowFragment } from '../../graphql/fragments';

/** Counts by status, open orders already past ship-by, and open orders due within the next hours. */
export const TodayQuery = graphql(
  `
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
            ...OrderRow
          }
        }
      }
    }
  `,
  [OrderRowFragment],
);
export type TodayData = ResultOf<typeof TodayQuery>;
export type TodayVariables = VariablesOf<typeof TodayQuery>;
