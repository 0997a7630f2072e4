import { Client, cacheExchange, fetchExchange } from '@urql/core';

export const GRAPHQL_ENDPOINT = '/graphql';

export interface GraphqlClientOptions {
  /** Endpoint URL; defaults to `/graphql` on the page's own origin (proxied to :4000 by `vite dev`). */
  url?: string;
  /** Custom fetch (tests). */
  fetch?: typeof fetch;
}

/**
 * The app's urql client.
 * - Queries are sent as GET (`/graphql?query=…&operationName=…&variables=…`) while the URL stays
 *   under 2048 characters, otherwise POST; mutations are always POST (urql 'within-url-limit').
 *   GET keeps the door open for caching query responses in the service worker later.
 * - Document cache: results are cached per query+variables and refetched when a mutation touches
 *   the same __typename. Pages choose 'cache-and-network' where freshness matters.
 * Offline queueing / persisted cache can be added later as exchanges here.
 */
export function createGraphqlClient(options: GraphqlClientOptions = {}): Client {
  return new Client({
    url: options.url ?? GRAPHQL_ENDPOINT,
    exchanges: [cacheExchange, fetchExchange],
    preferGetMethod: 'within-url-limit',
    fetch: options.fetch,
    fetchOptions: { credentials: 'same-origin' },
  });
}
