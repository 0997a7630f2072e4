// Cross-border on the order page: record and remove the order's domestic (in-China) tracking numbers.
import { graphql } from '../../graphql/graphql';
import { UserErrorsFragment } from '../../graphql/fragments';
import { DomesticParcelFragment } from '../consolidate/consolidate.graphql';

/** The order as these mutations answer it (its parcels and overdue flag, the version the page sends next). */
const DomesticParcelsOrderFragment = graphql(
  `
    fragment DomesticParcelsOrder on Order {
      id
      version
      domesticOverdue
      domesticParcels {
        ...DomesticParcelRow
      }
    }
  `,
  [DomesticParcelFragment],
);

export const AddDomesticTrackingMutation = graphql(
  `
    mutation AddDomesticTracking($orderId: ID!, $carrier: String!, $trackingNumber: String!, $idempotencyKey: String) {
      addDomesticTracking(orderId: $orderId, carrier: $carrier, trackingNumber: $trackingNumber, idempotencyKey: $idempotencyKey) {
        created
        order {
          ...DomesticParcelsOrder
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [DomesticParcelsOrderFragment, UserErrorsFragment],
);

export const RemoveDomesticTrackingMutation = graphql(
  `
    mutation RemoveDomesticTracking($id: ID!, $idempotencyKey: String) {
      removeDomesticTracking(id: $id, idempotencyKey: $idempotencyKey) {
        removedDomesticParcelId
        order {
          ...DomesticParcelsOrder
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [DomesticParcelsOrderFragment, UserErrorsFragment],
);
