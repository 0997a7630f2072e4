import { graphql, type ResultOf, type SchemaType } from '../../graphql/graphql';
import { UserErrorsFragment } from '../../graphql/fragments';

export type PurchaseOrderStatus = SchemaType<'PurchaseOrderStatus'>;
/** Statuses the Receive station takes goods in against (the API refuses the others). */
export const RECEIVABLE_STATUSES = ['SENT', 'PARTIALLY_RECEIVED'] as const satisfies readonly PurchaseOrderStatus[];
export const isReceivable = (status: string) => (RECEIVABLE_STATUSES as readonly string[]).includes(status);

/** A purchase order as the station's list shows it. */
export const PurchaseOrderRowFragment = graphql(`
  fragment PurchaseOrderRow on PurchaseOrder {
    id
    number
    status
    expectedAt
    totalQuantity
    receivedQuantity
    supplierName
  }
`);
export type PurchaseOrderRow = ResultOf<typeof PurchaseOrderRowFragment>;

/** The open purchase orders (SENT, PARTIALLY_RECEIVED: the API's default), by expected date. */
export const OpenPurchaseOrdersQuery = graphql(
  `
    query OpenPurchaseOrders {
      purchaseOrders(first: 50) {
        edges {
          node {
            ...PurchaseOrderRow
          }
        }
      }
    }
  `,
  [PurchaseOrderRowFragment],
);

/** The PO a scanned barcode names ("PO-000042", "42"). */
export const PurchaseOrderByNumberQuery = graphql(
  `
    query PurchaseOrderByNumber($number: String!) {
      purchaseOrderByNumber(number: $number) {
        ...PurchaseOrderRow
      }
    }
  `,
  [PurchaseOrderRowFragment],
);

/** One PO being received: its lines with what is still expected, and the products' codes to match scans against. */
export const ReceivePurchaseOrderQuery = graphql(
  `
    query ReceivePurchaseOrder($id: ID!) {
      purchaseOrder(id: $id) {
        ...PurchaseOrderRow
        warehouse {
          id
          code
        }
        lines {
          id
          position
          quantity
          receivedQuantity
          remainingQuantity
          supplierSku
          product {
            id
            sku
            name
            barcodes
          }
        }
      }
    }
  `,
  [PurchaseOrderRowFragment],
);
export type ReceivePurchaseOrder = NonNullable<ResultOf<typeof ReceivePurchaseOrderQuery>['purchaseOrder']>;
export type ReceiveLine = ReceivePurchaseOrder['lines'][number];
/** What a line is called on screen: its product's SKU (every staff role reads the catalogue; the API nulls it for a caller without products:read), else the supplier's. */
export const lineSku = (line: ReceiveLine) => line.product?.sku ?? line.supplierSku ?? '';

/**
 * Counted goods put away in one bin. The input is built from top-level variables so the outbox's
 * idempotency key (a top-level variable, kept across replays) is the receipt's own.
 */
export const ReceivePurchaseOrderItemsMutation = graphql(
  `
    mutation ReceivePurchaseOrderItems(
      $purchaseOrderId: ID!
      $locationCode: String!
      $items: [ReceivePurchaseOrderItemInput!]!
      $unexpectedItems: [UnexpectedReceiptItemInput!]
      $allowOverReceipt: Boolean
      $idempotencyKey: String!
    ) {
      receivePurchaseOrderItems(
        input: {
          purchaseOrderId: $purchaseOrderId
          locationCode: $locationCode
          items: $items
          unexpectedItems: $unexpectedItems
          allowOverReceipt: $allowOverReceipt
          idempotencyKey: $idempotencyKey
        }
      ) {
        purchaseOrder {
          id
          status
          receivedQuantity
          lines {
            id
            receivedQuantity
            remainingQuantity
          }
        }
        receipt {
          id
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [UserErrorsFragment],
);
