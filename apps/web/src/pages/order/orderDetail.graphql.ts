import { gql } from '@urql/core';
import type { CancelReason, DateTime, HoldReason, Money, OrderStatus, UserError } from '../../graphql/types';

/** Timeline entries loaded with the order (the query asks for `timeline(last: 50)`). */
export const TIMELINE_PAGE = 50;

export interface InventoryOfLine {
  id: string;
  available: number;
  onHand: number;
  reserved: number;
  warehouse: { code: string };
}

export interface OrderDetailLine {
  id: string;
  position: number;
  sku: string;
  name: string;
  quantity: number;
  quantityCancelled: number;
  quantityPicked: number;
  quantityPacked: number;
  quantityShipped: number;
  unitPrice: Money;
  total: Money;
  catalogPrice: Money | null;
  product: { id: string; sku: string; price: Money; inventory: InventoryOfLine[] };
}

export interface OrderEventNode {
  id: string;
  type: string;
  actor: string;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus | null;
  createdAt: DateTime;
  data: Record<string, unknown> | null;
}

export interface OrderDetail {
  id: string;
  number: number;
  channel: string;
  externalId: string | null;
  status: OrderStatus;
  version: number;
  placedAt: DateTime;
  shipBy: DateTime;
  lateRisk: boolean;
  holdReason: HoldReason | null;
  holdNote: string | null;
  cancelReason: CancelReason | null;
  cancelNote: string | null;
  itemCount: number;
  subtotal: Money;
  shipping: Money;
  discount: Money;
  total: Money;
  shippingAddress: { city: string; region: string | null; countryCode: string };
  lines: OrderDetailLine[];
  timeline: { totalCount: number; edges: { node: OrderEventNode }[] };
}

export interface OrderDetailData {
  order: OrderDetail | null;
}

/** The order with its lines (and current stock of each product) and its timeline. */
export const OrderDetailQuery = gql<OrderDetailData, { id: string }>`
  query OrderDetail($id: ID!) {
    order(id: $id) {
      id
  number
  channel
  externalId
  status
  version
  placedAt
  shipBy
  lateRisk
  holdReason
  holdNote
  cancelReason
  cancelNote
  itemCount
  subtotal { minorUnits currency }
  shipping { minorUnits currency }
  discount { minorUnits currency }
  total { minorUnits currency }
  shippingAddress { city region countryCode }
  lines {
    id
    position
    sku
    name
    quantity
    quantityCancelled
    quantityPicked
    quantityPacked
    quantityShipped
    unitPrice { minorUnits currency }
    total { minorUnits currency }
    catalogPrice { minorUnits currency }
    product {
      id
      sku
      price { minorUnits currency }
      inventory { id available onHand reserved warehouse { code } }
    }
  }
  timeline(last: 50) {
    totalCount
    edges { node { id type actor fromStatus toStatus createdAt data } }
  }
    }
  }
`;

export interface OrderPayload {
  order: { id: string; status: OrderStatus; version: number } | null;
  userErrors: UserError[];
}

export interface ConfirmPayload extends OrderPayload {
  shortages: { requested: number; available: number; line: { id: string; sku: string; name: string } }[];
  priceMismatches: { orderedAmount: number; catalogAmount: number; line: { id: string; sku: string } }[];
}

export const ConfirmOrderMutation = gql`
  mutation ConfirmOrder($id: ID!, $expectedVersion: Int, $acceptPriceMismatches: Boolean, $idempotencyKey: String) {
    confirmOrder(id: $id, expectedVersion: $expectedVersion, acceptPriceMismatches: $acceptPriceMismatches, idempotencyKey: $idempotencyKey) {
      order { id status version }
      shortages { requested available line { id sku name } }
      priceMismatches { orderedAmount catalogAmount line { id sku } }
      userErrors { code field message }
    }
  }
`;

export const PlaceHoldMutation = gql`
  mutation PlaceHold($id: ID!, $reason: HoldReason!, $note: String, $expectedVersion: Int, $idempotencyKey: String) {
    placeHold(id: $id, reason: $reason, note: $note, expectedVersion: $expectedVersion, idempotencyKey: $idempotencyKey) {
      order { id status version }
      userErrors { code field message }
    }
  }
`;

export const ReleaseHoldMutation = gql`
  mutation ReleaseHold($id: ID!, $note: String, $expectedVersion: Int, $idempotencyKey: String) {
    releaseHold(id: $id, note: $note, expectedVersion: $expectedVersion, idempotencyKey: $idempotencyKey) {
      order { id status version }
      userErrors { code field message }
    }
  }
`;

export const CancelOrderMutation = gql`
  mutation CancelOrder($id: ID!, $reason: CancelReason!, $note: String, $expectedVersion: Int, $idempotencyKey: String) {
    cancelOrder(id: $id, reason: $reason, note: $note, expectedVersion: $expectedVersion, idempotencyKey: $idempotencyKey) {
      order { id status version }
      userErrors { code field message }
    }
  }
`;

export const CancelOrderLinesMutation = gql`
  mutation CancelOrderLines($id: ID!, $lines: [CancelLineInput!]!, $reason: CancelReason!, $note: String, $expectedVersion: Int, $idempotencyKey: String) {
    cancelOrderLines(id: $id, lines: $lines, reason: $reason, note: $note, expectedVersion: $expectedVersion, idempotencyKey: $idempotencyKey) {
      order { id status version }
      userErrors { code field message }
    }
  }
`;
