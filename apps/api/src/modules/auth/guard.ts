// Authorisation that is read off the built schema rather than written field by field:
// - default deny: a root field that forgot to declare its permission (authScopes) is refused to
//   everybody but ADMIN, and the server says so at startup (modules/auth/scopes.test.ts fails on it);
// - read permissions: every object type declares the permission that reads it (type-level
//   `authScopes: { permission }`), and every field leading to objects of a type checks that
//   permission before resolving, so nested fields cannot leak past the root field's permission.
import {
  defaultFieldResolver,
  getNamedType,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  isObjectType,
} from 'graphql';
import type { Context } from '../../context.ts';
import { authorizationError, forbiddenError, unauthenticatedError } from './auth-errors.ts';
import { grants, implies, isSuperuser, type Permission } from './permissions.ts';

const guarded = new WeakSet<GraphQLSchema>();
const readGuarded = new WeakSet<GraphQLSchema>();

interface ScopeMap {
  permission?: Permission | readonly Permission[];
  $granted?: string;
}
const scopeMap = (extensions: unknown): ScopeMap | null => {
  const scopes = (extensions as { pothosOptions?: { authScopes?: unknown } } | undefined)?.pothosOptions?.authScopes;
  return scopes && typeof scopes === 'object' ? (scopes as ScopeMap) : null;
};
// Any source and context (`unknown` would refuse fields typed with ours): these helpers only read declarations.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type AnyField = GraphQLField<any, any>;
const asList = (p: Permission | readonly Permission[] | undefined): Permission[] => (p === undefined ? [] : typeof p === 'string' ? [p] : [...p]);

/** The permissions that read objects of a type (its type-level authScopes), or null when it declares none. */
export function typePermission(type: GraphQLNamedType): Permission[] | null {
  const list = asList(scopeMap(type.extensions)?.permission);
  return list.length ? list : null;
}

/** True when a type may also be read through a field that grants it (`$granted`, e.g. the caller's own user). */
export const typeIsGrantable = (type: GraphQLNamedType) => scopeMap(type.extensions)?.$granted !== undefined;

/** The permissions a field declares itself (field-level authScopes). */
export const fieldPermission = (field: AnyField): Permission[] => asList(scopeMap(field.extensions)?.permission);

/** True when a field grants scopes to the object it returns (`grantScopes`): the object's `$granted` then decides. */
export const fieldGrants = (field: AnyField) => (field.extensions as { pothosOptions?: { grantScopes?: unknown } } | undefined)?.pothosOptions?.grantScopes !== undefined;

export const isConnectionType = (type: GraphQLNamedType): type is GraphQLObjectType =>
  isObjectType(type) && 'edges' in type.getFields() && 'pageInfo' in type.getFields();
export const isEdgeType = (type: GraphQLNamedType): type is GraphQLObjectType => isObjectType(type) && 'node' in type.getFields() && 'cursor' in type.getFields();

/** The object type a field leads to, seen through lists, non-null and relay connections and edges. */
export function fieldTarget(field: AnyField): GraphQLObjectType | null {
  let type = getNamedType(field.type);
  if (isConnectionType(type)) type = getNamedType(type.getFields().edges.type);
  if (isEdgeType(type)) type = getNamedType(type.getFields().node.type);
  return isObjectType(type) ? type : null;
}

/**
 * Refuses node()/nodes() ids that name no Node type (INVALID_ID: no id of ours looks like that),
 * and ids of types the caller may not read (FORBIDDEN naming the type's permission; ADMIN only for
 * a type declaring none) — before anything is loaded, so nothing tells whether the object exists.
 */
export function assertNodeReadable(ctx: Context, schema: GraphQLSchema, ids: { typename: string }[]) {
  for (const { typename } of ids) {
    const type = schema.getType(typename);
    if (!type || !isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) {
      throw new GraphQLError(`Invalid ID: no ${typename.slice(0, 40)} objects are fetched by id`, { extensions: { code: 'INVALID_ID' } });
    }
    const required = typePermission(type);
    if (required ? !grants(ctx.viewer, required) : !isSuperuser(ctx.viewer)) {
      throw authorizationError(ctx.viewer, `reading ${typename} objects`, required ?? []);
    }
  }
}

/**
 * The permissions a field needs beyond what reaching it already proved, or null when none: the
 * permission of the type it leads to, unless the field grants it, or the field's own declaration
 * or its parent type's permission implies it (a grantable parent proves nothing).
 */
export function edgePermission(parent: GraphQLObjectType, field: AnyField): Permission[] | null {
  const target = fieldTarget(field);
  const needed = target && typePermission(target);
  if (!needed || fieldGrants(field)) return null;
  const parentHeld = typeIsGrantable(parent) ? [] : (typePermission(parent) ?? []);
  return implies([...fieldPermission(field), ...parentHeld], needed) ? null : needed;
}

/**
 * Wraps every field leading to objects of a type the caller may not read: it answers null with
 * FORBIDDEN naming the permission (the field is nullable, see scopes.test.ts), whether or not
 * there is anything to return. Idempotent.
 */
export function enforceReadPermissions(schema: GraphQLSchema): GraphQLSchema {
  if (readGuarded.has(schema)) return schema;
  readGuarded.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, Context>[]) {
      const needed = edgePermission(type, field);
      if (!needed) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      const coordinate = `${type.name}.${field.name}`;
      field.resolve = (parent, args, ctx, info) => {
        if (!grants(ctx.viewer, needed)) throw authorizationError(ctx.viewer, coordinate, needed);
        return resolve(parent, args, ctx, info);
      };
    }
  }
  return schema;
}

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
