// Default deny: a root field that forgot to declare its permission (authScopes) is refused to
// everybody but ADMIN, and the server says so at startup. modules/auth/scopes.test.ts fails on it.
import { type GraphQLField, type GraphQLSchema } from 'graphql';
import type { Context } from '../../context.ts';
import { forbiddenError, unauthenticatedError } from './auth-errors.ts';
import { isSuperuser } from './permissions.ts';

const guarded = new WeakSet<GraphQLSchema>();

/** Root fields (Query, Mutation, Subscription) without a field-level authScopes declaration. */
export function undeclaredRootFields(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!type) continue;
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      const options = (field.extensions as { pothosOptions?: { authScopes?: unknown } } | undefined)?.pothosOptions;
      if (options?.authScopes === undefined) missing.push(`${type.name}.${field.name}`);
    }
  }
  return missing;
}

/** Wraps every undeclared root field so only a superuser (ADMIN) may call it. Idempotent. */
export function enforceDefaultDeny(schema: GraphQLSchema, warn: (line: string) => void = console.warn): GraphQLSchema {
  if (guarded.has(schema)) return schema;
  guarded.add(schema);
  const missing = undeclaredRootFields(schema);
  if (missing.length) warn(`[auth] root fields without authScopes (ADMIN only until they declare a permission): ${missing.join(', ')}`);
  for (const coordinate of missing) {
    const [typeName, fieldName] = coordinate.split('.');
    const field = (schema.getType(typeName) as { getFields(): Record<string, GraphQLField<unknown, Context>> }).getFields()[fieldName];
    const resolve = field.resolve;
    field.resolve = (parent, args, ctx, info) => {
      if (!ctx.viewer) throw unauthenticatedError();
      if (!isSuperuser(ctx.viewer)) throw forbiddenError(`${coordinate} (it declares no permission yet)`);
      return resolve ? resolve(parent, args, ctx, info) : (parent as Record<string, unknown>)?.[fieldName];
    };
  }
  return schema;
}
