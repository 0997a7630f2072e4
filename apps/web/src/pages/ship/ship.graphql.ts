import { graphql, type ResultOf } from '../../graphql/graphql';
import { CarrierFragment, OrderVersionFragment, TrackingLinkFragment, UserErrorsFragment } from '../../graphql/fragments';

export type { TrackingLink } from '../../graphql/fragments';

/** The order to ship: its parcels (carrier, tracking numbers) and shipments so far. */
export const ShipOrderQuery = graphql(
  `
    query ShipOrder($id: ID!) {
      order(id: $id) {
        id
        number
        channel
        externalId
        status
        version
        parcels {
          id
          code
          sequence
          status
          weightGrams
          carrier {
            ...Carrier
          }
          trackingNumbers {
            ...TrackingLink
          }
        }
        shipments {
          id
          shippedAt
          carrier {
            ...Carrier
          }
          trackingNumbers {
            ...TrackingLink
          }
        }
      }
    }
  `,
  [CarrierFragment, TrackingLinkFragment],
);
export type ShipOrderData = ResultOf<typeof ShipOrderQuery>;
export type ShipOrder = NonNullable<ShipOrderData['order']>;
/** `parcels` is null for callers who may not read shipments. */
export type ShipParcel = NonNullable<ShipOrder['parcels']>[number];

export const ShipOrderMutation = graphql(
  `
    mutation ShipOrderNow($orderId: ID!, $parcels: [ParcelTrackingInput!]!, $expectedVersion: Int, $idempotencyKey: String) {
      shipOrder(orderId: $orderId, parcels: $parcels, expectedVersion: $expectedVersion, idempotencyKey: $idempotencyKey) {
        order {
          ...OrderVersion
        }
        shipment {
          id
          carrier {
            ...Carrier
          }
          trackingNumbers {
            ...TrackingLink
          }
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [OrderVersionFragment, CarrierFragment, TrackingLinkFragment, UserErrorsFragment],
);
export type ShipOrderPayload = ResultOf<typeof ShipOrderMutation>['shipOrder'];
