import type { Db } from '@orderly/schema';
import { createYogaApp } from '../app.ts';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

/** Calls the real GraphQL endpoint in-process through yoga.fetch (the full HTTP pipeline, no socket). */
export function createTestClient(db: Db, headers: Record<string, string> = {}) {
  const yoga = createYogaApp({ db, graphiql: false });
  return async function gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
    const response = await yoga.fetch('http://orderly.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  };
}
