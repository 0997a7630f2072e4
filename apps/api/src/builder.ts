import { GraphQLError } from 'graphql';
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import type PrismaTypes from '@orderly/schema/pothos-types';
import { getDatamodel } from '@orderly/schema/pothos-types';
import { getNamedType, type GraphQLField, isLeafType, isListType, isNonNullType } from 'graphql';
import type { Context } from './context.ts';
import { authorizationError, permissionsInFailure } from './modules/auth/auth-errors.ts';
import { assertNodeReadable, isConnectionType, isEdgeType } from './modules/auth/guard.ts';
import { grants, type Permission } from './modules/auth/permissions.ts';
import { config } from './core/config.ts';
import { encodeGlobalId } from './core/global-id.ts';
import { logger } from './core/observability/logger.ts';

/**
 * Limits every operation must stay within; checked before execution with clear errors
 * (modules/common/query-limits.ts), each overridable by an environment variable.
 * - depth: nesting of selections; breadth: fields selected in one selection set (sum over levels);
 * - complexity: the operation's cost (see `fieldCost`), also what the rate limiter charges;
 * - aliases: aliased fields in one document; tokens: lexical tokens of the document;
 * - pageSize: the most a connection's `first`/`last` may ask for (one of them is required).
 */
export const queryLimits = {
  depth: config.GRAPHQL_MAX_DEPTH,
  breadth: config.GRAPHQL_MAX_BREADTH,
  complexity: config.GRAPHQL_MAX_COMPLEXITY,
  aliases: config.GRAPHQL_MAX_ALIASES,
  tokens: config.GRAPHQL_MAX_TOKENS,
  pageSize: config.GRAPHQL_MAX_PAGE_SIZE,
};
export type QueryLimits = typeof queryLimits;

const unwrap = (type: GraphQLField<unknown, Context>['type']) => (isNonNullType(type) ? type.ofType : type);

/**
 * The cost model (Shopify's): scalars and enums cost 0, objects 1, lists of objects 1 × 10 (an
 * estimate of their length), connections 2 + `first`/`last` × the cost of a node. A field can set
 * its own `complexity` (login does: it is deliberately expensive). It reads `first`/`last` only
 * (query-limits.ts remembers an operation's cost per value of the variables feeding them).
 */
export function fieldCost(args: Record<string, unknown>, _ctx: Context, field: GraphQLField<unknown, Context>) {
  const named = getNamedType(field.type);
  if (isLeafType(named)) return 0;
  if (isConnectionType(named)) {
    const size = Number(args.first ?? args.last ?? queryLimits.pageSize);
    return { field: 2, multiplier: Math.max(1, Number.isFinite(size) ? size : queryLimits.pageSize) };
  }
  if (field.name === 'edges' && isEdgeType(named)) return { field: 0, multiplier: 1 };
  if (isListType(unwrap(field.type))) return { field: 1, multiplier: 10 };
  return 1;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  /**
   * Every root field declares one (modules/auth/permissions.ts has the vocabulary):
   * `authScopes: { permission: 'orders:read' }` (or a list: all of them), `{ authenticated: true }`
   * for anything signed in, `{ public: true }` for login only. Every object type other than
   * payloads, connections and values declares the permission that reads it the same way (checked
   * on its fields and on every field leading to it: modules/auth/guard.ts); `$granted: 'self'`
   * lets a field vouch for the caller's own record (me.user, me.apiKey).
   */
  AuthScopes: { public: boolean; authenticated: boolean; staff: boolean; permission: Permission | readonly Permission[] };
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
    File: { Input: File; Output: never };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  DefaultInputFieldRequiredness: true;
}>({
  // scope-auth first so no other plugin's wrapper runs before authorisation.
  plugins: [ScopeAuthPlugin, ValidationPlugin, PrismaPlugin, RelayPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  scopeAuth: {
    // Subscriptions are authorised when they start (a refused one ends at once with the error),
    // not on every message; modules/live re-checks long-lived streams' credentials periodically.
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      public: true,
      authenticated: ctx.viewer !== null,
      staff: ctx.viewer?.kind === 'user',
      permission: (required) => grants(ctx.viewer, required),
    }),
    // UNAUTHENTICATED without a viewer, FORBIDDEN (naming the missing permission) with one.
    unauthorizedError: (_parent, ctx, info, result) => authorizationError(ctx.viewer, `${info.parentType.name}.${info.fieldName}`, permissionsInFailure(result.failure)),
  },
  prisma: {
    client: (ctx) => ctx.db,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    onUnusedQuery:
      config.NODE_ENV === 'production'
        ? null
        : (info) => logger.warn({ component: 'pothos' }, `Prisma query was unused in resolver for ${info.parentType.name}.${info.fieldName}`),
  },
  relay: {
    encodeGlobalID: encodeGlobalId,
    // Every id in Orderly is "<Type>:<uuid>" in base64: anything else is a malformed request,
    // answered with a clear error instead of reaching the database.
    decodeGlobalID: (globalID) => {
      const [typename, id, ...rest] = Buffer.from(globalID, 'base64').toString('utf8').split(':');
      if (!typename || !id || rest.length || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
        throw new GraphQLError(`Invalid ID "${globalID.slice(0, 80)}"`, { extensions: { code: 'INVALID_ID' } });
      }
      return { typename, id };
    },
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    // node(id:)/nodes(ids:) need the permission the id's type declares (the one its root query
    // needs); an id of nothing (or of a row the caller may not see) answers null.
    nodeQueryOptions: {
      description: 'Any object by its global id (needs the permission to read objects of that type); null when there is none.',
      authScopes: { authenticated: true },
      resolve: (_root, args, ctx, info, resolveNode) => {
        assertNodeReadable(ctx, info.schema, [args.id as unknown as { typename: string }]);
        return resolveNode(args.id);
      },
    },
    nodesQueryOptions: {
      description: 'Objects by their global ids (needs the permission to read objects of each type); null for each that does not exist.',
      authScopes: { authenticated: true },
      resolve: (_root, args, ctx, info, resolveNodes) => {
        assertNodeReadable(ctx, info.schema, args.ids as unknown as { typename: string }[]);
        return resolveNodes(args.ids);
      },
    },
  },
  validation: {
    // An argument that fails its check (a page too large, a note too long) is a malformed request:
    // BAD_USER_INPUT naming the field, every problem at once, each with a code a program can act on.
    validationError: (failure) => {
      const problems = failure.issues.map((issue) => ({
        code: 'INVALID_INPUT' as const,
        field: (issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)),
        message: issue.message,
      }));
      return new GraphQLError(problems.map((p) => `${p.field.join('.') || 'input'}: ${p.message}`).join('; '), {
        extensions: { code: 'BAD_USER_INPUT', field: problems[0]?.field ?? [], userErrors: problems },
      });
    },
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    fieldComplexity: fieldCost,
    // No `limit` here: useQueryLimits (modules/common/query-limits.ts) checks depth, breadth and
    // cost once before execution with these field costs; the plugin's own check would measure
    // every operation a second time in its root resolvers.
  },
});

/**
 * The builder's schema types, for helpers that take a field builder and so stay typed:
 * `PothosSchemaTypes.ObjectFieldBuilder<Types, Parent>` (see modules/common/mutation.ts).
 */
export type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

builder.queryType({});
builder.mutationType({});
// Live updates (modules/live): GraphQL subscriptions over SSE on /graphql.
builder.subscriptionType({});
