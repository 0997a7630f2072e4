// The app's GraphQL documents are written with `graphql()` from gql.tada: their result and variable
// types come from the schema (packages/schema/schema.graphql, the printed SDL), through the
// introspection types in graphql-env.d.ts (`pnpm --filter @orderly/web graphql:types`, run by the root
// `pnpm schema:print`; committed, and a test fails when it is stale).
//
// Fragment masking is off: the pages read results directly (no `readFragment` at every use), the
// fragments here share selections (user errors, money, order rows…) rather than hide them.
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  disableMasking: true;
  scalars: {
    /** ISO 8601 string. */
    DateTime: string;
    /** Free-form event details. */
    JSON: Record<string, unknown>;
    /** A multipart upload (urql's fetchExchange sends File / Blob variables as multipart). */
    File: Blob;
  };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';

/** The TypeScript type of a schema enum or scalar, e.g. `SchemaType<'OrderStatus'>`. */
export type SchemaType<Name extends string> = ReturnType<typeof graphql.scalar<Name>>;
