// Selections the app's documents share (one definition each; gql.tada appends the fragment
// definitions a document uses to it, and the persisted-documents manifest holds that full text).
import { graphql, type ResultOf } from './graphql';

/** Every mutation payload's `userErrors` (codes the screens translate, the input path, the API's text). */
export const UserErrorsFragment = graphql(`
  fragment UserErrors on UserError {
    code
    field
    message
  }
`);

export const MoneyFragment = graphql(`
  fragment Money on Money {
    minorUnits
    currency
  }
`);
export type Money = ResultOf<typeof MoneyFragment>;

/** What a mutation tells about the order it changed (the screens compare status and version). */
export const OrderVersionFragment = graphql(`
  fragment OrderVersion on Order {
    id
    status
    version
  }
`);

/** A row of the order queue (and of the Today page's "due soon" list). */
export const OrderRowFragment = graphql(
  `
    fragment OrderRow on Order {
      id
      number
      channel
      status
      shipBy
      lateRisk
      cutoffState
      itemCount
      total {
        ...Money
      }
      shippingAddress {
        city
        countryCode
      }
    }
  `,
  [MoneyFragment],
);

/** A short reference to an order (parcel, pick task, manifest and pick-list rows). */
export const OrderRefFragment = graphql(`
  fragment OrderRef on Order {
    id
    number
    status
  }
`);

export const CarrierFragment = graphql(`
  fragment Carrier on Carrier {
    code
    name
  }
`);
export type Carrier = ResultOf<typeof CarrierFragment>;

/** A printable file as the API sends it (labels, packing slips, hand-over acts). */
export const DocumentFileFragment = graphql(`
  fragment DocumentFile on Document {
    filename
    contentType
    encoding
    content
  }
`);
export type DocumentFile = ResultOf<typeof DocumentFileFragment>;

export const TrackingLinkFragment = graphql(`
  fragment TrackingLink on TrackingNumber {
    number
    url
  }
`);
export type TrackingLink = ResultOf<typeof TrackingLinkFragment>;
