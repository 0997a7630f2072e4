import { graphql, type ResultOf } from '../../graphql/graphql';
import { MoneyFragment, UserErrorsFragment } from '../../graphql/fragments';

export const BinQuantityFragment = graphql(`
  fragment BinQuantity on BinStock {
    quantity
    location {
      code
    }
  }
`);
export type BinQuantity = ResultOf<typeof BinQuantityFragment>;

/** Stock of a product in one warehouse, with its bins (the product page, and what adjust / receive answer). */
export const StockLevelFragment = graphql(
  `
    fragment StockLevel on InventoryLevel {
      id
      available
      onHand
      reserved
      picked
      damaged
      updatedAt
      warehouse {
        code
        name
      }
      bins {
        ...BinQuantity
      }
    }
  `,
  [BinQuantityFragment],
);
export type StockLevel = ResultOf<typeof StockLevelFragment>;

/** A scanned product barcode or SKU: the product and its stock per warehouse, with bins. */
export const ProductStockQuery = graphql(
  `
    query ProductStock($code: String!) {
      productByCode(code: $code) {
        id
        sku
        name
        barcodes
        price {
          ...Money
        }
        lowStockThreshold
        inventory {
          ...StockLevel
        }
      }
    }
  `,
  [MoneyFragment, StockLevelFragment],
);
export type ProductStockData = ResultOf<typeof ProductStockQuery>;
export type StockProduct = NonNullable<ProductStockData['productByCode']>;

/** Not a product: maybe a bin label. The products stored in that bin. */
export const BinStockQuery = graphql(
  `
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
              ...BinQuantity
            }
          }
        }
      }
    }
  `,
  [BinQuantityFragment],
);
export type BinStockData = ResultOf<typeof BinStockQuery>;
export type BinLevel = BinStockData['inventoryLevels']['edges'][number]['node'];

/** What adjustStock / receiveStock answer. */
export const InventoryPayloadFragment = graphql(
  `
    fragment InventoryPayload on InventoryPayload {
      inventoryLevel {
        ...StockLevel
      }
      userErrors {
        ...UserErrors
      }
    }
  `,
  [StockLevelFragment, UserErrorsFragment],
);
export type InventoryPayload = ResultOf<typeof InventoryPayloadFragment>;

export const AdjustStockMutation = graphql(
  `
    mutation AdjustStock($input: AdjustStockInput!, $idempotencyKey: String) {
      adjustStock(input: $input, idempotencyKey: $idempotencyKey) {
        ...InventoryPayload
      }
    }
  `,
  [InventoryPayloadFragment],
);

export const ReceiveStockMutation = graphql(
  `
    mutation ReceiveStock($input: ReceiveStockInput!, $idempotencyKey: String) {
      receiveStock(input: $input, idempotencyKey: $idempotencyKey) {
        ...InventoryPayload
      }
    }
  `,
  [InventoryPayloadFragment],
);

/** Reasons for a count correction (sent as the `reason` text, with the note after a colon). */
export const ADJUST_REASONS = ['COUNT', 'DAMAGE', 'LOSS', 'FOUND', 'OTHER'] as const;
export type AdjustReason = (typeof ADJUST_REASONS)[number];
