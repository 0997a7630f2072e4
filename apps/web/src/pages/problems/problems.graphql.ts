import { graphql, type ResultOf, type SchemaType } from '../../graphql/graphql';
import { CarrierFragment, OrderVersionFragment, UserErrorsFragment } from '../../graphql/fragments';

/**
 * Open exceptions per page ("Show more" loads the next one after the last cursor): a page of rows
 * costs 5 points each (the row, its shipment, carrier, order and owner), far inside the
 * API's query cost limit whatever the number of open exceptions.
 */
export const PROBLEMS_PAGE = 25;

/** One open exception in the list: only what its row shows (its page loads the rest). */
export const ProblemRowFragment = graphql(
  `
    fragment ProblemRow on DeliveryException {
      id
      kind
      status
      createdAt
      deadlineAt
      disputeDeadlineAt
      deadlineState
      shipment {
        carrier {
          ...Carrier
        }
      }
      order {
        number
      }
      owner {
        name
      }
    }
  `,
  [CarrierFragment],
);
export type ProblemRowData = ResultOf<typeof ProblemRowFragment>;

/** One page of open exceptions, the nearest deadline first (`after`: the previous page's endCursor). */
export const ProblemsQuery = graphql(
  `
    query Problems($first: Int!, $after: String) {
      exceptions(first: $first, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...ProblemRow
          }
        }
      }
    }
  `,
  [ProblemRowFragment],
);
export type ProblemsVariables = { first: number; after?: string };

/** Parcels waiting at a pickup point longer than the API's PICKUP_UNCOLLECTED_DAYS, asked for at most. */
export const UNCOLLECTED_LIMIT = 50;

/** Parcels the buyer has not collected from the pickup point: the seller's to chase. Longest waiting first. */
export const UncollectedPickupsQuery = graphql(`
  query UncollectedPickups($first: Int!) {
    uncollectedPickups(first: $first) {
      trackingNumber
      carrier
      pickupPoint
      arrivedAt
      daysWaiting
      remindedAt
      order {
        id
        number
        status
      }
    }
  }
`);
export type UncollectedPickup = ResultOf<typeof UncollectedPickupsQuery>['uncollectedPickups'][number];

export type ExceptionKind = SchemaType<'ExceptionKind'>;
export type ExceptionStatus = SchemaType<'ExceptionStatus'>;
export type ExceptionResolution = SchemaType<'ExceptionResolution'>;
export const EXCEPTION_RESOLUTIONS = [
  'DELIVERED_LATE',
  'RESHIPPED',
  'REFUNDED',
  'CLAIM_PAID',
  'CLAIM_REJECTED',
  'OTHER',
] as const satisfies readonly ExceptionResolution[];
/** Still being worked on (not resolved or closed). */
export const isOpenException = (status: ExceptionStatus) => status === 'OPEN' || status === 'WAITING_FOR_CARRIER' || status === 'WAITING_FOR_BUYER';

/** What a mutation tells about the exception it changed. */
export const ExceptionStateFragment = graphql(`
  fragment ExceptionState on DeliveryException {
    id
    status
    resolution
    updatedAt
  }
`);

/** What the exception mutations answer. */
export const ExceptionPayloadFragment = graphql(
  `
    fragment ExceptionPayload on ExceptionPayload {
      exception {
        ...ExceptionState
      }
      order {
        ...OrderVersion
      }
      userErrors {
        ...UserErrors
      }
    }
  `,
  [ExceptionStateFragment, OrderVersionFragment, UserErrorsFragment],
);

export const UpdateExceptionMutation = graphql(
  `
    mutation UpdateException($exceptionId: ID!, $status: ExceptionStatus!, $note: String, $idempotencyKey: String) {
      updateException(exceptionId: $exceptionId, status: $status, note: $note, idempotencyKey: $idempotencyKey) {
        ...ExceptionPayload
      }
    }
  `,
  [ExceptionPayloadFragment],
);

export const ResolveExceptionMutation = graphql(
  `
    mutation ResolveException($exceptionId: ID!, $resolution: ExceptionResolution!, $note: String, $idempotencyKey: String) {
      resolveException(exceptionId: $exceptionId, resolution: $resolution, note: $note, idempotencyKey: $idempotencyKey) {
        ...ExceptionPayload
      }
    }
  `,
  [ExceptionPayloadFragment],
);

export const CloseExceptionMutation = graphql(
  `
    mutation CloseException($exceptionId: ID!, $note: String, $idempotencyKey: String) {
      closeException(exceptionId: $exceptionId, note: $note, idempotencyKey: $idempotencyKey) {
        ...ExceptionPayload
      }
    }
  `,
  [ExceptionPayloadFragment],
);

/** What the claim mutations answer. */
export const ClaimPayloadFragment = graphql(
  `
    fragment ClaimPayload on ClaimPayload {
      claim {
        id
        status
      }
      exception {
        ...ExceptionState
      }
      userErrors {
        ...UserErrors
      }
    }
  `,
  [ExceptionStateFragment, UserErrorsFragment],
);

export const FileClaimMutation = graphql(
  `
    mutation FileClaim($exceptionId: ID!, $amount: Int!, $reference: String, $note: String, $idempotencyKey: String) {
      fileClaim(exceptionId: $exceptionId, amount: $amount, reference: $reference, note: $note, idempotencyKey: $idempotencyKey) {
        ...ClaimPayload
      }
    }
  `,
  [ClaimPayloadFragment],
);

export const UpdateClaimMutation = graphql(
  `
    mutation UpdateClaim($claimId: ID!, $status: ClaimStatus!, $amountPaid: Int, $note: String, $idempotencyKey: String) {
      updateClaim(claimId: $claimId, status: $status, amountPaid: $amountPaid, note: $note, idempotencyKey: $idempotencyKey) {
        ...ClaimPayload
      }
    }
  `,
  [ClaimPayloadFragment],
);

export const ReshipOrderMutation = graphql(
  `
    mutation ReshipOrder($exceptionId: ID!, $lines: [ReshipLineInput!], $cost: Int, $note: String, $idempotencyKey: String) {
      reshipOrder(exceptionId: $exceptionId, lines: $lines, cost: $cost, note: $note, idempotencyKey: $idempotencyKey) {
        reship {
          id
          number
          status
        }
        exception {
          ...ExceptionState
        }
        order {
          ...OrderVersion
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [ExceptionStateFragment, OrderVersionFragment, UserErrorsFragment],
);

export const ContactBuyerMutation = graphql(
  `
    mutation ContactBuyer($exceptionId: ID!, $template: ContactBuyerTemplate!, $idempotencyKey: String) {
      contactBuyer(exceptionId: $exceptionId, template: $template, idempotencyKey: $idempotencyKey) {
        order {
          ...OrderVersion
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [OrderVersionFragment, UserErrorsFragment],
);

export type ClaimStatus = SchemaType<'ClaimStatus'>;
export type ContactBuyerTemplate = SchemaType<'ContactBuyerTemplate'>;
export const CONTACT_TEMPLATES = [
  'DELIVERY_DELAYED',
  'DELIVERY_CHECK',
  'ADDRESS_CHECK',
  'PICKUP_REMINDER',
  'CLAIM_UPDATE',
  'RESHIP_SENT',
] as const satisfies readonly ContactBuyerTemplate[];
