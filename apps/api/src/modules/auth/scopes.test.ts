// Conventions every module follows: each root field declares the permission it needs; the
// permission tables are consistent; undeclared fields are denied. (Trusted documents: common/trusted-documents.test.ts.)
import { getNamedType, type GraphQLField, GraphQLObjectType, GraphQLSchema, GraphQLString, isLeafType, isNonNullType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../schema.ts';
import { edgePermission, enforceDefaultDeny, fieldPermission, fieldTarget, isConnectionType, isEdgeType, typePermission, undeclaredRootFields } from './guard.ts';
import {
  apiKeyScopes,
  apiKeyWriteOnlyScopes,
  implies,
  isPermission,
  type Permission,
  permissions,
  permissionsForRoles,
  permissionsForScopes,
  rolePermissions,
  scopePermissions,
} from './permissions.ts';
import { userViewer } from './auth.service.ts';

describe('authorization conventions', () => {
  it('every Query and Mutation field declares its authScopes (permission, authenticated or public)', () => {
    expect(undeclaredRootFields(schema)).toEqual([]);
  });

  it('only login is public', () => {
    const publicFields = [schema.getQueryType()!, schema.getMutationType()!].flatMap((type) =>
      Object.values(type.getFields())
        .filter((f) => (f.extensions as any).pothosOptions?.authScopes?.public)
        .map((f) => `${type.name}.${f.name}`),
    );
    expect(publicFields).toEqual(['Mutation.login']);
  });

  it('declares only known permissions (fields of every type, and types)', () => {
    const objectTypes = Object.values(schema.getTypeMap()).filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__'));
    const used = objectTypes.flatMap((type) => [...(typePermission(type) ?? []), ...Object.values(type.getFields()).flatMap((f) => fieldPermission(f))]);
    expect(used.length).toBeGreaterThan(100);
    expect(used.filter((p) => !isPermission(p))).toEqual([]);
  });

  it('has consistent tables: admins may do everything, write scopes include read, pickers cannot cancel or read buyer data', () => {
    expect([...permissionsForRoles(['ADMIN'])].sort()).toEqual([...permissions].sort());
    for (const scope of apiKeyScopes.filter((s) => s.startsWith('write_') && !(apiKeyWriteOnlyScopes as readonly string[]).includes(s))) {
      const read = scopePermissions[scope.replace('write_', 'read_') as keyof typeof scopePermissions];
      for (const p of read) expect(scopePermissions[scope]).toContain(p);
    }
    // A key can run the warehouse: pick, pack, print labels and acts, hand over, manage carriers.
    const warehouseKey = permissionsForScopes(['write_fulfillment', 'write_shipments', 'write_carriers']);
    for (const p of ['picking', 'packing', 'shipping', 'documents:print', 'carriers:manage'] as const) expect(warehouseKey.has(p), p).toBe(true);
    expect(warehouseKey.has('customers:read_pii')).toBe(false);
    const picker = permissionsForRoles(['PICKER']);
    expect(picker.has('picking')).toBe(true);
    // Floor workers receive purchase orders, but read neither their prices nor their suppliers.
    for (const role of ['PICKER', 'PACKER'] as const) {
      expect(permissionsForRoles([role]).has('receiving'), role).toBe(true);
      expect(permissionsForRoles([role]).has('purchasing:read'), role).toBe(false);
    }
    // Keys that received before `receiving` existed (write_inventory) still do; read_purchasing does not.
    expect(permissionsForScopes(['write_inventory']).has('receiving')).toBe(true);
    expect(permissionsForScopes(['write_purchasing']).has('receiving')).toBe(true);
    expect(permissionsForScopes(['read_purchasing']).has('receiving')).toBe(false);
    expect(picker.has('orders:cancel')).toBe(false);
    expect(picker.has('customers:read_pii')).toBe(false);
    expect([...permissionsForScopes(['read_orders', 'no_such_scope'])]).toEqual(['orders:read']);
    for (const role of Object.keys(rolePermissions)) expect(rolePermissions[role as keyof typeof rolePermissions].every(isPermission)).toBe(true);
  });

  it('denies undeclared root fields to everybody but ADMIN', async () => {
    const loose = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { secret: { type: GraphQLString, resolve: () => 'the secret' } } }),
    });
    const warnings: string[] = [];
    enforceDefaultDeny(loose, (line) => warnings.push(line));
    expect(warnings.join()).toMatch(/Query\.secret/);
    const field = loose.getQueryType()!.getFields().secret;
    const call = (viewer: unknown) => Promise.resolve().then(() => field.resolve!({}, {}, { viewer }, {} as never));
    await expect(call(null)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(call(userViewer({ id: 'u1', roles: ['MANAGER'] }, null))).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(call(userViewer({ id: 'u2', roles: ['ADMIN'] }, null))).resolves.toBe('the secret');
  });
});

describe('read permissions of object types (generated from the schema)', () => {
  const roots = [schema.getQueryType()!, schema.getMutationType()!, schema.getSubscriptionType()!];
  const objectTypes = Object.values(schema.getTypeMap()).filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__'));
  const fieldsOf = (type: GraphQLObjectType) => Object.values(type.getFields()) as GraphQLField<unknown, unknown>[];
  const isNode = (type: GraphQLObjectType) => type.getInterfaces().some((i) => i.name === 'Node');
  /** Values (only scalar fields: Money, Document, UserError…) carry nothing but what the field leading to them returns. */
  const isValue = (type: GraphQLObjectType) => fieldsOf(type).every((f) => isLeafType(getNamedType(f.type)));
  const isRelayWrapper = (type: GraphQLObjectType) => [isConnectionType, isEdgeType].some((is) => is(type)) || type.name === 'PageInfo';
  /** Fields leading to each type (through lists, connections and edges). */
  const referrers = new Map<GraphQLObjectType, { parent: GraphQLObjectType; field: GraphQLField<unknown, unknown> }[]>();
  for (const parent of objectTypes) {
    if (isRelayWrapper(parent)) continue;
    for (const field of fieldsOf(parent)) {
      const target = fieldTarget(field);
      if (target) referrers.set(target, [...(referrers.get(target) ?? []), { parent, field }]);
    }
  }
  /** Payloads (mutation and subscription results, their rows, me…) inherit the permission of the root fields leading to them. */
  const undeclared = objectTypes.filter((t) => !roots.includes(t) && !isRelayWrapper(t) && !isValue(t) && !typePermission(t));
  /** The root fields through which a payload is reached (through other payloads). */
  function rootFieldsReaching(type: GraphQLObjectType, seen = new Set<GraphQLObjectType>()): GraphQLField<unknown, unknown>[] {
    if (seen.has(type)) return [];
    seen.add(type);
    return (referrers.get(type) ?? []).flatMap(({ parent, field }) => (roots.includes(parent) ? [field] : rootFieldsReaching(parent, seen)));
  }

  it('every object type declares the permission that reads it, unless it is a payload reached only from root fields, a connection or a value', () => {
    const leaks = undeclared.flatMap((t) =>
      (referrers.get(t) ?? []).filter(({ parent }) => typePermission(parent)).map(({ parent, field }) => `${t.name} (through ${parent.name}.${field.name})`),
    );
    expect(leaks, 'declare authScopes: { permission } on these types').toEqual([]);
    expect(
      undeclared.filter(isNode).map((t) => t.name),
      'node() reaches every Node type directly',
    ).toEqual([]);
  });

  it("a Node type is readable through node() exactly when its root query is: the root query needs the type's permission, one needs no more", () => {
    const rootQueries = new Map<string, Permission[][]>();
    for (const field of fieldsOf(schema.getQueryType()!)) {
      const target = fieldTarget(field);
      if (!target || !isNode(target)) continue;
      rootQueries.set(target.name, [...(rootQueries.get(target.name) ?? []), fieldPermission(field)]);
    }
    const mismatched = [...rootQueries].flatMap(([name, perms]) => {
      const node = typePermission(schema.getType(name) as GraphQLObjectType)!;
      const needsAll = perms.every((p) => node.every((n) => p.includes(n)));
      const oneEquals = perms.some((p) => p.length === node.length && p.every((x) => node.includes(x)));
      return needsAll && oneEquals ? [] : [`${name}: node needs ${node.join('+')}, root queries ${perms.map((p) => p.join('+')).join(', ')}`];
    });
    expect(mismatched).toEqual([]);
    expect(rootQueries.size).toBeGreaterThan(10);
  });

  it('a field leading to a type its parent does not imply the permission of is nullable, so a refusal nulls only that field', () => {
    const mustBeNullable: string[] = [];
    for (const parent of objectTypes) {
      if (roots.includes(parent) || isRelayWrapper(parent)) continue;
      for (const field of fieldsOf(parent)) {
        const needed = edgePermission(parent, field) ?? [];
        // A field's own permission (documents on a label, the act of a manifest) is a refusal too.
        const own = fieldPermission(field).filter((p) => !(typePermission(parent) ?? []).includes(p));
        if (!needed.length && !own.length) continue;
        const reachers = typePermission(parent) ? null : rootFieldsReaching(parent);
        const implied = reachers?.length && reachers.every((r) => implies(fieldPermission(r), [...needed, ...own]));
        if (!implied && isNonNullType(field.type)) mustBeNullable.push(`${parent.name}.${field.name} (needs ${[...needed, ...own].join(', ')})`);
      }
    }
    expect(mustBeNullable).toEqual([]);
  });

  it('implies() follows the role and scope tables', () => {
    expect(implies(['picking'], ['products:read'])).toBe(true); // every role and key that picks reads the catalogue
    expect(implies(['orders:read'], ['shipments:read'])).toBe(false); // a PICKER, a read_orders key
    expect(implies(['shipping'], ['shipments:read'])).toBe(true);
    expect(implies(['shipping'], ['documents:print'])).toBe(true); // write_shipments prints labels and acts
    expect(implies(['packing'], ['documents:print'])).toBe(false); // a write_fulfillment key
    expect(implies([], ['orders:read'])).toBe(false);
    expect(implies(['inventory:read'], ['purchasing:read'])).toBe(false); // a PICKER reads purchase orders, not their prices
    expect(implies(['purchasing:read'], ['inventory:read'])).toBe(true);
  });
});
