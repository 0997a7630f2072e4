import { gql } from '@urql/core';
import type { OrderStatus, UserError } from '../../graphql/types';

export interface TrackingLink {
  number: string;
  url: string | null;
}

export interface ShipParcel {
  id: string;
  code: string;
  sequence: number;
  status: string;
  weightGrams: number | null;
  carrier: { code: string; name: string } | null;
  trackingNumbers: TrackingLink[];
}

export interface ShipOrder {
  id: string;
  number: number;
  channel: string;
  externalId: string | null;
  status: OrderStatus;
  version: number;
  parcels: ShipParcel[];
  shipments: { id: string; shippedAt: string; carrier: { code: string; name: string }; trackingNumbers: TrackingLink[] }[];
}

export interface ShipOrderData {
  order: ShipOrder | null;
}

/** The order to ship: its parcels (carrier, tracking numbers) and shipments so far. */
export const ShipOrderQuery = gql<ShipOrderData, { id: string }>`
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
          code
          name
        }
        trackingNumbers {
          number
          url
        }
      }
      shipments {
        id
        shippedAt
        carrier {
          code
          name
        }
        trackingNumbers {
          number
          url
        }
      }
    }
  }
`;

export interface ShipOrderPayload {
  order: { id: string; status: OrderStatus; version: number } | null;
  shipment: { id: string; carrier: { code: string; name: string }; trackingNumbers: TrackingLink[] } | null;
  userErrors: UserError[];
}

export const ShipOrderMutation = gql`
  mutation ShipOrderNow($orderId: ID!, $parcels: [ParcelTrackingInput!]!, $expectedVersion: Int, $idempotencyKey: String) {
    shipOrder(orderId: $orderId, parcels: $parcels, expectedVersion: $expectedVersion, idempotencyKey: $idempotencyKey) {
      order {
        id
        status
        version
      }
      shipment {
        id
        carrier {
          code
          name
        }
        trackingNumbers {
          number
          url
        }
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;
