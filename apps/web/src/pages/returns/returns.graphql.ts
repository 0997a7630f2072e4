// The returns screens' GraphQL documents (a *.graphql.ts file: the trusted-documents manifest is built from these).
import { graphql, type ResultOf, type SchemaType } from '../../graphql/graphql';
import { MoneyFragment, UserErrorsFragment } from '../../graphql/fragments';

export type ReturnStatus = SchemaType<'ReturnStatus'>;
export type ReturnReason = SchemaType<'ReturnReason'>;
export type ItemCondition = SchemaType<'ItemCondition'>;
export type ReturnOutcome = SchemaType<'ReturnOutcome'>;

export const RETURN_STATUSES = [
  'REQUESTED',
  'APPROVED',
  'IN_TRANSIT',
  'RECEIVED',
  'INSPECTED',
  'CLOSED',
  'DECLINED',
  'CANCELLED',
] as const satisfies readonly ReturnStatus[];
export type RefundMethod = SchemaType<'RefundMethod'>;
export const REFUND_METHODS = ['ORIGINAL_PAYMENT', 'MARKETPLACE', 'BANK_TRANSFER', 'CASH', 'STORE_CREDIT', 'OTHER'] as const satisfies readonly RefundMethod[];
/** A unit in hand is resellable or damaged; MISSING is for a unit that did not come (no scan). */
export const ITEM_CONDITIONS = ['RESELLABLE', 'DAMAGED'] as const satisfies readonly ItemCondition[];

/** Returns per page of the list ("Show more" loads the next). */
export const RETURNS_PAGE = 25;

/** One return in the list (and among the matches of a scan): only what its row shows. */
export const ReturnRowFragment = graphql(`
  fragment ReturnRow on Return {
    id
    number
    status
    reason
    requestedOutcome
    createdAt
    returnTrackingNumber
    order {
      id
      number
    }
    lines {
      id
      quantity
    }
  }
`);
export type ReturnRowData = ResultOf<typeof ReturnRowFragment>;

/** A page of returns, newest first, of the statuses asked for (all when none). */
export const ReturnsQuery = graphql(
  `
    query Returns($first: Int!, $after: String, $status: [ReturnStatus!]) {
      returns(first: $first, after: $after, status: $status) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...ReturnRow
          }
        }
      }
    }
  `,
  [ReturnRowFragment],
);

/** The returns station's lookup: R-number, return tracking number, marketplace return id, order or posting number. */
export const ReturnsByScanQuery = graphql(
  `
    query ReturnsByScan($code: String!) {
      returnsByScan(code: $code) {
        ...ReturnRow
      }
    }
  `,
  [ReturnRowFragment],
);

/** Everything the return's screen shows and acts on. */
export const ReturnDetailFragment = graphql(
  `
    fragment ReturnDetail on Return {
      id
      number
      status
      reason
      requestedOutcome
      createdAt
      returnTrackingNumber
      channel
      externalId
      outcome
      buyerComment
      note
      declineReason
      overrideReason
      returnCarrier
      updatedAt
      receivedAt
      refund {
        ...Money
      }
      refunds {
        id
        method
        reference
        note
        createdAt
        amount {
          ...Money
        }
      }
      exchangeDifference {
        ...Money
      }
      exchangeDifferenceDue
      photos {
        id
        fileName
        note
        createdAt
        returnLineId
      }
      order {
        id
        number
        status
        version
        total {
          ...Money
        }
      }
      exchangeOrder {
        id
        number
        status
      }
      lines {
        id
        position
        sku
        name
        quantity
        quantityInspected
        reason
        reasonNote
        unitPrice {
          ...Money
        }
        orderLine {
          id
          product {
            id
            barcodes
          }
        }
        inspections {
          condition
          quantity
          note
          createdAt
          location {
            code
          }
        }
      }
    }
  `,
  [MoneyFragment],
);
export type ReturnDetail = ResultOf<typeof ReturnDetailFragment>;
export type ReturnLineData = ReturnDetail['lines'][number];

export const ReturnDetailQuery = graphql(
  `
    query ReturnDetail($id: ID!) {
      node(id: $id) {
        ... on Return {
          ...ReturnDetail
        }
      }
    }
  `,
  [ReturnDetailFragment],
);

/** What the return mutations answer: the return as it is now (the screen re-renders from it). */
const ReturnPayloadFragment = graphql(
  `
    fragment ReturnPayload on ReturnPayload {
      return {
        ...ReturnDetail
      }
      userErrors {
        ...UserErrors
      }
    }
  `,
  [ReturnDetailFragment, UserErrorsFragment],
);

export const ApproveReturnMutation = graphql(
  `
    mutation ApproveReturn($returnId: ID!, $note: String, $idempotencyKey: String) {
      approveReturn(returnId: $returnId, note: $note, idempotencyKey: $idempotencyKey) {
        ...ReturnPayload
      }
    }
  `,
  [ReturnPayloadFragment],
);

export const DeclineReturnMutation = graphql(
  `
    mutation DeclineReturn($returnId: ID!, $reason: String!, $idempotencyKey: String) {
      declineReturn(returnId: $returnId, reason: $reason, idempotencyKey: $idempotencyKey) {
        ...ReturnPayload
      }
    }
  `,
  [ReturnPayloadFragment],
);

export const ReceiveReturnMutation = graphql(
  `
    mutation ReceiveReturn($returnId: ID!, $note: String, $idempotencyKey: String) {
      receiveReturn(returnId: $returnId, note: $note, idempotencyKey: $idempotencyKey) {
        ...ReturnPayload
      }
    }
  `,
  [ReturnPayloadFragment],
);

export const InspectReturnMutation = graphql(
  `
    mutation InspectReturn($returnId: ID!, $items: [ReturnInspectionInput!]!, $idempotencyKey: String) {
      inspectReturn(returnId: $returnId, items: $items, idempotencyKey: $idempotencyKey) {
        ...ReturnPayload
      }
    }
  `,
  [ReturnPayloadFragment],
);

export const CancelReturnMutation = graphql(
  `
    mutation CancelReturn($returnId: ID!, $reason: String, $idempotencyKey: String) {
      cancelReturn(returnId: $returnId, reason: $reason, idempotencyKey: $idempotencyKey) {
        ...ReturnPayload
      }
    }
  `,
  [ReturnPayloadFragment],
);

export const CloseReturnMutation = graphql(
  `
    mutation CloseReturn($returnId: ID!, $outcome: ReturnOutcome!, $refundAmount: Int, $refundMethod: RefundMethod, $note: String, $idempotencyKey: String) {
      closeReturn(returnId: $returnId, outcome: $outcome, refundAmount: $refundAmount, refundMethod: $refundMethod, note: $note, idempotencyKey: $idempotencyKey) {
        return {
          ...ReturnDetail
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [ReturnDetailFragment, UserErrorsFragment],
);

/** Money given back for the return (partial refunds add up; a marketplace's refund is recorded the same way). */
export const RecordRefundMutation = graphql(
  `
    mutation RecordRefund($input: RecordRefundInput!, $idempotencyKey: String) {
      recordRefund(input: $input, idempotencyKey: $idempotencyKey) {
        return {
          ...ReturnDetail
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [ReturnDetailFragment, UserErrorsFragment],
);

/** A photo of the parcel as it arrived or of one unit (a multipart upload, sent at once: never queued). */
export const AddReturnPhotoMutation = graphql(
  `
    mutation AddReturnPhoto($input: AddReturnPhotoInput!, $idempotencyKey: String) {
      addReturnPhoto(input: $input, idempotencyKey: $idempotencyKey) {
        return {
          ...ReturnDetail
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [ReturnDetailFragment, UserErrorsFragment],
);
