// Settings → Marketplace accounts (ADMIN): Ozon accounts with their sync health, and the account
// mutations. The Api-Key is write-only: no document asks for it, the API has no field for it.
import { graphql, type ResultOf } from '../../graphql/graphql';
import { UserErrorsFragment } from '../../graphql/fragments';

export const MarketplaceAccountFragment = graphql(`
  fragment MarketplaceAccount on OzonAccount {
    id
    name
    channel
    clientId
    apiBaseUrl
    active
    pushPath
    warehouses {
      ozonWarehouseId
      warehouseCode
    }
    syncHealth {
      lastSuccessfulSyncAt
      backlog
      queuedSyncs
      retryingSyncs
      unshipped
      labelsWaiting
      attention {
        kind
        count
        postingNumbers
        lastError
      }
      methodBlocks {
        method
        state
        blockedUntil
        since
        opens
        message
      }
      stockPush {
        pairs
        lastPushAt
        waiting
      }
    }
  }
`);
export type MarketplaceAccount = ResultOf<typeof MarketplaceAccountFragment>;

export const MarketplaceAccountsQuery = graphql(
  `
    query MarketplaceAccounts {
      marketplaceAccounts {
        ...MarketplaceAccount
      }
      warehouses {
        id
        code
        name
      }
    }
  `,
  [MarketplaceAccountFragment],
);

export const CreateOzonAccountMutation = graphql(
  `
    mutation CreateOzonAccount($input: CreateOzonAccountInput!, $idempotencyKey: String) {
      createOzonAccount(input: $input, idempotencyKey: $idempotencyKey) {
        account {
          ...MarketplaceAccount
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [MarketplaceAccountFragment, UserErrorsFragment],
);

export const UpdateOzonAccountMutation = graphql(
  `
    mutation UpdateOzonAccount($id: ID!, $input: UpdateOzonAccountInput!, $idempotencyKey: String) {
      updateOzonAccount(id: $id, input: $input, idempotencyKey: $idempotencyKey) {
        account {
          ...MarketplaceAccount
        }
        userErrors {
          ...UserErrors
        }
      }
    }
  `,
  [MarketplaceAccountFragment, UserErrorsFragment],
);
