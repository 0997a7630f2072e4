// The reviews inbox's GraphQL documents (a *.graphql.ts file: the trusted-documents manifest is built from these).
import { graphql, type ResultOf, type SchemaType } from '../../graphql/graphql';
import { UserErrorsFragment } from '../../graphql/fragments';

export type ReviewReplyStatus = SchemaType<'ReviewReplyStatus'>;
export type ReplyLocale = SchemaType<'ReplyLocale'>;
export type ReviewFilter = SchemaType<'ReviewFilter'>;

/** Reviews per page of the inbox ("Show more" loads the next). */
export const REVIEWS_PAGE = 25;

/** A reply as the inbox and the review's page show it. */
export const ReviewReplyFragment = graphql(`
  fragment ReviewReplyItem on ReviewReply {
    id
    status
    text
    failureReason
    sentAt
    updatedAt
  }
`);
export type ReviewReplyData = ResultOf<typeof ReviewReplyFragment>;

/** One review in the inbox: only what its row shows. */
export const ReviewRowFragment = graphql(
  `
    fragment ReviewRow on Review {
      id
      rating
      text
      channel
      publishedAt
      answered
      product {
        id
        name
      }
      followUp {
        status
      }
      replies {
        ...ReviewReplyItem
      }
    }
  `,
  [ReviewReplyFragment],
);
export type ReviewRowData = ResultOf<typeof ReviewRowFragment>;

/** A page of the inbox, newest first, filtered. */
export const ReviewsQuery = graphql(
  `
    query Reviews($first: Int!, $after: String, $filter: ReviewFilter) {
      reviews(first: $first, after: $after, filter: $filter) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...ReviewRow
          }
        }
      }
    }
  `,
  [ReviewRowFragment],
);

/** One review with what its page shows. */
export const ReviewDetailFragment = graphql(
  `
    fragment ReviewDetail on Review {
      ...ReviewRow
      buyerName
      canReply
      cannotReplyReason
      replyMaxLength
      photoUrls
      photos {
        id
        fileName
      }
      order {
        id
        number
      }
    }
  `,
  [ReviewRowFragment],
);
export type ReviewDetail = ResultOf<typeof ReviewDetailFragment>;

export const ReviewDetailQuery = graphql(
  `
    query ReviewDetail($id: ID!) {
      node(id: $id) {
        ... on Review {
          ...ReviewDetail
        }
      }
    }
  `,
  [ReviewDetailFragment],
);

/** The image of one photo uploaded with a review (loaded on its own: the review's query stays light). */
export const ReviewPhotoFileQuery = graphql(`
  query ReviewPhotoFile($id: ID!) {
    reviewPhotoFile(id: $id) {
      contentType
      content
    }
  }
`);

/** The reply templates of one language. */
export const ReviewReplyTemplatesQuery = graphql(`
  query ReviewReplyTemplates($locale: ReplyLocale) {
    reviewReplyTemplates(locale: $locale) {
      id
      name
      text
    }
  }
`);
export type ReplyTemplate = ResultOf<typeof ReviewReplyTemplatesQuery>['reviewReplyTemplates'][number];

/** Keep a reply as the draft or send it (retry-safe with its idempotency key). */
export const ReplyToReviewMutation = graphql(
  `
    mutation ReplyToReview($input: ReplyToReviewInput!, $idempotencyKey: String) {
      replyToReview(input: $input, idempotencyKey: $idempotencyKey) {
        reply {
          ...ReviewReplyItem
        }
        review {
          ...ReviewDetail
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [ReviewReplyFragment, ReviewDetailFragment, UserErrorsFragment],
);

/** Thank many 4–5★ reviews with one template. */
export const ThankReviewsMutation = graphql(
  `
    mutation ThankReviews($reviewIds: [ID!]!, $templateId: ID!, $idempotencyKey: String) {
      thankReviews(reviewIds: $reviewIds, templateId: $templateId, idempotencyKey: $idempotencyKey) {
        queuedCount
        failedCount
        results {
          index
          userErrors {
            ...UserErrors
          }
        }
      }
    }
  `,
  [UserErrorsFragment],
);
