import { graphql, type ResultOf } from '../../graphql/graphql';
import { MoneyFragment } from '../../graphql/fragments';
import { OrderTrackingFragment, ParcelTrackingFragment } from '../order/tracking.graphql';
import { ProblemRowFragment } from './problems.graphql';

/** One exception with what it takes to act on it: the order, its parcels (evidence) and tracking. */
export const ExceptionDetailQuery = graphql(
  `
    query ExceptionDetail($id: ID!) {
      node(id: $id) {
        ... on DeliveryException {
          ...ProblemRow
          note
          source
          openedBy
          resolution
          resolvedAt
          updatedAt
          owner {
            name
          }
          reshipOrder {
            id
            number
            status
          }
          reshipCost {
            ...Money
          }
          claims {
            id
            status
            reference
            note
            createdAt
            decidedAt
            paidAt
            amountClaimed {
              ...Money
            }
            amountPaid {
              ...Money
            }
          }
          evidence {
            parcels {
              id
              code
              sequence
              weightGrams
              hasPhoto
              packedAt
              handedOverAt
              photo {
                contentType
                content
              }
              labels {
                id
                format
                createdAt
                printCount
              }
              manifest {
                id
                number
                closedAt
              }
            }
          }
          order {
            id
            number
            channel
            externalId
            status
            version
            shippedAt
            total {
              ...Money
            }
            shippingAddress {
              city
              region
            }
            lines {
              id
              sku
              name
              quantity
              quantityCancelled
              quantityShipped
              unitPrice {
                ...Money
              }
            }
            ...OrderTracking
            tracking {
              ...ParcelTracking
            }
          }
        }
      }
    }
  `,
  [ProblemRowFragment, MoneyFragment, OrderTrackingFragment, ParcelTrackingFragment],
);
type NodeResult = NonNullable<ResultOf<typeof ExceptionDetailQuery>['node']>;
/** The exception (the node answered as a DeliveryException). */
export type ExceptionDetail = Extract<NodeResult, { kind: unknown }>;
export type ExceptionOrder = ExceptionDetail['order'];
export type ExceptionParcel = NonNullable<NonNullable<ExceptionDetail['evidence']>['parcels']>[number];
export type ExceptionClaim = NonNullable<ExceptionDetail['claims']>[number];
export type ExceptionLine = ExceptionOrder['lines'][number];
