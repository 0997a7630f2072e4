// The order's Ozon posting (MarketplacePostingCard): number, Ozon status and substatus, cut-off,
// requirements, the marking codes per unit (and whether Ozon has them), and the sync history (the
// timeline entries the connector wrote).
import { graphql, type ResultOf } from '../../graphql/graphql';

export const MarketplacePostingFragment = graphql(`
  fragment MarketplacePostingCard on MarketplacePosting {
    marketplace
    postingNumber
    status
    substatus
    shipBy
    pastCutoff
    requirements {
      code
      skus
    }
    parts {
      postingNumber
      status
      substatus
    }
    exemplarStatus
    requirementStates {
      code
      items {
        sku
        required
        done
        missing
      }
    }
    markingCodes {
      code
      sku
      ozonStatus
      ozonErrors
    }
    syncHistory(last: 30) {
      id
      type
      createdAt
      data
    }
  }
`);
export type MarketplacePosting = ResultOf<typeof MarketplacePostingFragment>;

export const OrderMarketplacePostingQuery = graphql(
  `
    query OrderMarketplacePosting($id: ID!) {
      order(id: $id) {
        id
        marketplacePosting {
          ...MarketplacePostingCard
        }
      }
    }
  `,
  [MarketplacePostingFragment],
);
