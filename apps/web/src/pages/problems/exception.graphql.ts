import { graphql, type ResultOf } from '../../graphql/graphql';
import { MoneyFragment, UserErrorsFragment } from '../../graphql/fragments';
import { OrderTrackingFragment, ParcelTrackingFragment } from '../order/tracking.graphql';
import { ProblemRowFragment } from './problems.graphql';

/** A photo, document or note staff added to the exception (addExceptionEvidence). */
export const AddedEvidenceFragment = graphql(`
  fragment AddedEvidence on ExceptionEvidenceItem {
    id
    kind
    note
    fileName
    contentType
    byteSize
    createdAt
    actor
    addedBy {
      id
      name
    }
  }
`);
export type AddedEvidence = ResultOf<typeof AddedEvidenceFragment>;

/** One exception with what it takes to act on it: the order, its parcels (evidence) and tracking. */
export const ExceptionDetailQuery = graphql(
  `
    query ExceptionDetail($id: ID!) {
      node(id: $id) {
        ... on DeliveryException {
          ...ProblemRow
          note
          source
          openedBy
          resolution
          resolvedAt
          updatedAt
          owner {
            id
            name
          }
          reshipOrder {
            id
            number
            status
          }
          reshipCost {
            ...Money
          }
          claims {
            id
            status
            reference
            note
            createdAt
            decidedAt
            paidAt
            amountClaimed {
              ...Money
            }
            amountPaid {
              ...Money
            }
          }
          evidence {
            added {
              ...AddedEvidence
            }
            parcels {
              id
              code
              sequence
              weightGrams
              hasPhoto
              packedAt
              handedOverAt
              photo {
                contentType
                content
              }
              labels {
                id
                format
                createdAt
                printCount
              }
              manifest {
                id
                number
                closedAt
              }
            }
          }
          order {
            id
            number
            channel
            externalId
            status
            version
            shippedAt
            total {
              ...Money
            }
            shippingAddress {
              city
              region
            }
            lines {
              id
              sku
              name
              quantity
              quantityCancelled
              quantityShipped
              unitPrice {
                ...Money
              }
            }
            ...OrderTracking
            tracking {
              ...ParcelTracking
            }
          }
        }
      }
    }
  `,
  [ProblemRowFragment, MoneyFragment, OrderTrackingFragment, ParcelTrackingFragment, AddedEvidenceFragment],
);
type NodeResult = NonNullable<ResultOf<typeof ExceptionDetailQuery>['node']>;
/** The exception (the node answered as a DeliveryException). */
export type ExceptionDetail = Extract<NodeResult, { kind: unknown }>;
export type ExceptionOrder = ExceptionDetail['order'];
export type ExceptionParcel = NonNullable<NonNullable<ExceptionDetail['evidence']>['parcels']>[number];
export type ExceptionClaim = NonNullable<ExceptionDetail['claims']>[number];
export type ExceptionLine = ExceptionOrder['lines'][number];

/** The file of one added evidence item (base64), read when it is shown or opened. */
export const ExceptionEvidenceFileQuery = graphql(`
  query ExceptionEvidenceFile($id: ID!) {
    exceptionEvidenceFile(id: $id) {
      filename
      contentType
      content
    }
  }
`);

/** Add a photo, a document or a note (a multipart request when there is a file): online only, never queued. */
export const AddExceptionEvidenceMutation = graphql(
  `
    mutation AddExceptionEvidence($input: AddExceptionEvidenceInput!, $idempotencyKey: String) {
      addExceptionEvidence(input: $input, idempotencyKey: $idempotencyKey) {
        evidence {
          ...AddedEvidence
        }
        exception {
          id
          evidence {
            added {
              ...AddedEvidence
            }
          }
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [AddedEvidenceFragment, UserErrorsFragment],
);

/** Staff who can act on exceptions (names only): whom one may be given to. */
export const ExceptionAssigneesQuery = graphql(`
  query ExceptionAssignees {
    exceptionAssignees {
      id
      name
    }
  }
`);
export type ExceptionAssignee = ResultOf<typeof ExceptionAssigneesQuery>['exceptionAssignees'][number];

export const AssignExceptionMutation = graphql(
  `
    mutation AssignException($exceptionId: ID!, $userId: ID, $idempotencyKey: String) {
      assignException(exceptionId: $exceptionId, userId: $userId, idempotencyKey: $idempotencyKey) {
        exception {
          id
          owner {
            id
            name
          }
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [UserErrorsFragment],
);
