// The consolidation station's GraphQL documents (a *.graphql.ts file: the trusted-documents manifest is built from these).
import { graphql, type ResultOf } from '../../graphql/graphql';
import { DocumentFileFragment, UserErrorsFragment } from '../../graphql/fragments';

export const DomesticParcelFragment = graphql(`
  fragment DomesticParcelRow on DomesticParcel {
    id
    carrier
    trackingNumber
    sentAt
    receivedAt
    overdue
  }
`);
export type DomesticParcelRow = ResultOf<typeof DomesticParcelFragment>;

/** A scanned domestic parcel: received now (or before), its order, and the Ozon labels for its boxes. */
export const ReceiveDomesticParcelMutation = graphql(
  `
    mutation ReceiveDomesticParcel($trackingNumber: String!, $carrier: String, $idempotencyKey: String) {
      receiveDomesticParcel(trackingNumber: $trackingNumber, carrier: $carrier, idempotencyKey: $idempotencyKey) {
        alreadyReceived
        domesticParcel {
          ...DomesticParcelRow
        }
        order {
          id
          number
          status
          version
          cutoffState
          domesticParcels {
            ...DomesticParcelRow
          }
        }
        ozonPostings {
          postingNumber
          labelError
          label {
            ...DocumentFile
          }
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [DomesticParcelFragment, DocumentFileFragment, UserErrorsFragment],
);
export type ReceivePayload = ResultOf<typeof ReceiveDomesticParcelMutation>['receiveDomesticParcel'];

/** The order's Ozon labels on this station's PDF printer. */
export const PrintOzonLabelsMutation = graphql(
  `
    mutation PrintOzonLabels($orderId: ID!, $printerId: ID!) {
      printOzonLabels(orderId: $orderId, printerId: $printerId) {
        labelCount
        printer {
          id
          name
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [UserErrorsFragment],
);

/** Orders whose domestic parcel is late, nearest ship-by first. */
export const DomesticOverdueQuery = graphql(
  `
    query DomesticOverdue {
      domesticOverdueOrders(first: 30) {
        edges {
          node {
            id
            number
            status
            shipBy
            domesticParcels {
              ...DomesticParcelRow
            }
          }
        }
      }
    }
  `,
  [DomesticParcelFragment],
);
