import type { DocumentNode } from 'graphql';
import { Client, cacheExchange, fetchExchange, makeOperation, mapExchange, type CombinedError, type OperationResult } from '@urql/core';
import { hasUnauthenticatedError, setUnauthenticated } from '../auth/session';
import { loadResponse, saveResponse } from '../offline/responseCache';
import { persistedOperations } from './persisted-operations.generated';

export const GRAPHQL_ENDPOINT = '/graphql';
/** graphql-yoga's CSRF prevention header (apps/api/src/modules/auth/csrf.ts): a page on another site cannot send it without a CORS preflight. */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

export interface GraphqlClientOptions {
  /** Endpoint URL; defaults to `/graphql` on the page's own origin (proxied to :4000 by `vite dev`). */
  url?: string;
  /** Custom fetch (tests). */
  fetch?: typeof fetch;
}

/** What the offline fallback adds to a result served from saved data (see `offlineSavedAt`). */
export interface OfflineExtension {
  orderlyOffline?: { savedAt: string };
}

/** When a result is saved data shown because the network failed: the time it was saved. */
export function offlineSavedAt(result: { extensions?: Record<string, unknown> } | undefined): string | undefined {
  return (result?.extensions as OfflineExtension | undefined)?.orderlyOffline?.savedAt;
}

/** No response at all (offline, DNS, timeout, 502/503/504 from a proxy) vs. the API answering with an error. */
export function isConnectionError(error: CombinedError): boolean {
  if (error.graphQLErrors.length > 0) return false;
  const status = (error.response as { status?: number } | undefined)?.status;
  return !(typeof status === 'number' && status >= 400 && status !== 502 && status !== 503 && status !== 504);
}

/** Key of a query's saved response: the page may pin it (`context.persistKey`) when variables hold "now". */
function persistKey(result: OperationResult): string {
  const pinned = result.operation.context.persistKey;
  return typeof pinned === 'string' ? pinned : String(result.operation.key);
}

/**
 * Offline fallback for queries: every successful query response is saved (offline/responseCache);
 * when a query fails for lack of a connection, the saved data is returned with the error and
 * `extensions.orderlyOffline.savedAt`, so pages show it under an "offline — saved data" banner.
 */
const offlineFallbackExchange = mapExchange({
  onResult(result) {
    if (result.operation.kind !== 'query' || result.operation.context.persist === false) return result;
    if (result.data && !result.error) {
      saveResponse(persistKey(result), result.data);
      return result;
    }
    if (!result.data && result.error && isConnectionError(result.error)) {
      const saved = loadResponse(persistKey(result));
      if (saved) {
        return {
          ...result,
          data: saved.data,
          extensions: { ...result.extensions, orderlyOffline: { savedAt: saved.savedAt } },
        };
      }
    }
    return result;
  },
});

/** Name of a document's (first) operation: a parsed document or its text (outbox items keep the text). */
export function operationName(document: Pick<DocumentNode, 'definitions'> | string): string | undefined {
  if (typeof document === 'string') return /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(document)?.[1];
  for (const definition of document.definitions) {
    if (definition.kind === 'OperationDefinition') return definition.name?.value;
  }
  return undefined;
}

/**
 * The persisted-document id (sha256 of the text in the API's trusted-documents.json) of an operation
 * of this app (its short id), looked up by operation name in persisted-operations.generated.ts (`pnpm trusted-documents`).
 */
export function persistedHash(document: Pick<DocumentNode, 'definitions'> | string): string | undefined {
  const name = operationName(document);
  return name && Object.prototype.hasOwnProperty.call(persistedOperations, name) ? persistedOperations[name] : undefined;
}

/** Apollo-style extension that names a persisted document instead of sending its text. */
export const persistedQueryExtension = (sha256Hash: string) => ({ persistedQuery: { version: 1 as const, sha256Hash } });

/**
 * The API runs only persisted documents for staff sessions (arbitrary ones are for API keys and
 * admins): every operation of the app is sent by hash (`extensions.persistedQuery`, no `query` —
 * urql's fetchExchange leaves the text out then, for GET, POST and multipart uploads alike).
 * An operation missing from the generated map (a stale build) still sends its text.
 */
export const persistedDocumentsExchange = mapExchange({
  onOperation(operation) {
    if (operation.kind === 'teardown') return operation;
    const hash = persistedHash(operation.query);
    if (!hash) return operation;
    return makeOperation(operation.kind, { ...operation, extensions: { ...operation.extensions, ...persistedQueryExtension(hash) } }, operation.context);
  },
});

/** Any UNAUTHENTICATED error sends the app to the login page (the shell watches the flag). */
const authExchange = mapExchange({
  onResult(result) {
    if (result.error && hasUnauthenticatedError(result.error.graphQLErrors)) setUnauthenticated(true);
    return result;
  },
});

/** Longest wait for a rate-limited read before it is given up (the screen then offers "try again"). */
const MAX_RATE_LIMIT_WAIT_MS = 10_000;

/**
 * Reads (GET) refused with 429 (the per-user cost budget is empty, e.g. after a burst of scans and
 * refetches) are sent again after the `Retry-After` the API names, twice at most. Mutations are not
 * retried here: the outbox keeps them and retries with the same idempotency key.
 */
export function rateLimitAwareFetch(
  base: typeof fetch = (input, init) => fetch(input, init),
  sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
): typeof fetch {
  return async (input, init) => {
    const method = (init?.method ?? 'GET').toUpperCase();
    let response = await base(input, init);
    for (let attempt = 0; attempt < 2 && response.status === 429 && method === 'GET'; attempt++) {
      const seconds = Number(response.headers.get('retry-after'));
      await sleep(Math.min(MAX_RATE_LIMIT_WAIT_MS, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000 * (attempt + 1)));
      response = await base(input, init);
    }
    return response;
  };
}

/**
 * The app's urql client.
 * - Queries are sent as GET (`/graphql?operationName=…&variables=…&extensions=…`) while the URL stays
 *   under 2048 characters, otherwise POST; mutations are always POST (urql 'within-url-limit').
 * - Operations are sent as persisted documents: their sha256 instead of the text (persistedDocumentsExchange).
 * - Requests carry the same-origin session cookie (credentials: 'same-origin'), and the API's CSRF
 *   header on every request: the API refuses cookie-authenticated GETs and multipart uploads without it.
 * - Document cache: results are cached per query+variables and refetched when a mutation touches
 *   the same __typename. Pages choose 'cache-and-network' where freshness matters.
 * - Rate limits: reads refused with 429 are retried after Retry-After (rateLimitAwareFetch).
 * - Offline: query responses are saved and served when the network is gone (offlineFallbackExchange);
 *   mutations go through the outbox (offline/outbox.ts), not straight to the client.
 */
export function createGraphqlClient(options: GraphqlClientOptions = {}): Client {
  return new Client({
    url: options.url ?? GRAPHQL_ENDPOINT,
    exchanges: [authExchange, cacheExchange, offlineFallbackExchange, persistedDocumentsExchange, fetchExchange],
    preferGetMethod: 'within-url-limit',
    fetch: rateLimitAwareFetch(options.fetch),
    fetchOptions: { credentials: 'same-origin', headers: { [CSRF_HEADER]: '1' } },
  });
}
