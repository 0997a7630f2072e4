import { gql } from '@urql/core';
import type { DateTime, Money } from '../../graphql/types';

export interface BinQuantity {
  quantity: number;
  location: { code: string };
}

export interface StockLevel {
  id: string;
  available: number;
  onHand: number;
  reserved: number;
  picked: number;
  updatedAt: DateTime;
  warehouse: { code: string; name: string };
  bins: BinQuantity[];
}

export interface StockProduct {
  id: string;
  sku: string;
  name: string;
  barcodes: string[];
  price: Money;
  lowStockThreshold: number;
  inventory: StockLevel[];
}

export interface BinLevel {
  id: string;
  available: number;
  product: { id: string; sku: string; name: string };
  bins: BinQuantity[];
}

export interface ProductStockData {
  productByCode: StockProduct | null;
}

export interface BinStockData {
  inventoryLevels: { edges: { node: BinLevel }[] };
}

/** A scanned product barcode or SKU: the product and its stock per warehouse, with bins. */
export const ProductStockQuery = gql<ProductStockData, { code: string }>`
  query ProductStock($code: String!) {
    productByCode(code: $code) {
      id
      sku
      name
      barcodes
      price {
        minorUnits
        currency
      }
      lowStockThreshold
      inventory {
        id
        available
        onHand
        reserved
        picked
        updatedAt
        warehouse {
          code
          name
        }
        bins {
          quantity
          location {
            code
          }
        }
      }
    }
  }
`;

/** Not a product: maybe a bin label. The products stored in that bin. */
export const BinStockQuery = gql<BinStockData, { code: string }>`
  query BinStock($code: String!) {
    inventoryLevels(locationCode: $code, first: 20) {
      edges {
        node {
          id
          available
          product {
            id
            sku
            name
          }
          bins {
            quantity
            location {
              code
            }
          }
        }
      }
    }
  }
`;

export const AdjustStockMutation = gql`
  mutation AdjustStock($input: AdjustStockInput!, $idempotencyKey: String) {
    adjustStock(input: $input, idempotencyKey: $idempotencyKey) {
      inventoryLevel { id
  available
  onHand
  reserved
  picked
  updatedAt
  warehouse { code name }
  bins { quantity location { code } } }
  userErrors { code field message }
    }
  }
`;

export const ReceiveStockMutation = gql`
  mutation ReceiveStock($input: ReceiveStockInput!, $idempotencyKey: String) {
    receiveStock(input: $input, idempotencyKey: $idempotencyKey) {
      inventoryLevel { id
  available
  onHand
  reserved
  picked
  updatedAt
  warehouse { code name }
  bins { quantity location { code } } }
  userErrors { code field message }
    }
  }
`;

/** Reasons for a count correction (sent as the `reason` text, with the note after a colon). */
export const ADJUST_REASONS = ['COUNT', 'DAMAGE', 'LOSS', 'FOUND', 'OTHER'] as const;
export type AdjustReason = (typeof ADJUST_REASONS)[number];
