// Conventions every module follows: each root field declares the permission it needs; the
// permission tables are consistent; undeclared fields are denied; trusted documents are valid.
import fs from 'node:fs';
import { GraphQLObjectType, GraphQLSchema, GraphQLString, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../schema.ts';
import { enforceDefaultDeny, undeclaredRootFields } from './guard.ts';
import { apiKeyScopes, isPermission, permissions, permissionsForRoles, permissionsForScopes, rolePermissions, scopePermissions } from './permissions.ts';
import { buildTrustedDocuments, webPersistedOperationsModule, webPersistedOperationsPath } from '../common/trusted-documents.build.ts';
import { documentHash, trustedDocumentsPath } from '../common/trusted-documents.ts';
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

  it('declares only known permissions', () => {
    const used = [schema.getQueryType()!, schema.getMutationType()!].flatMap((type) =>
      Object.values(type.getFields()).flatMap((f) => {
        const p = (f.extensions as any).pothosOptions?.authScopes?.permission;
        return p === undefined ? [] : Array.isArray(p) ? p : [p];
      }),
    );
    expect(used.filter((p) => !isPermission(p))).toEqual([]);
  });

  it('has consistent tables: admins may do everything, write scopes include read, pickers cannot cancel or read buyer data', () => {
    expect([...permissionsForRoles(['ADMIN'])].sort()).toEqual([...permissions].sort());
    for (const scope of apiKeyScopes.filter((s) => s.startsWith('write_'))) {
      const read = scopePermissions[scope.replace('write_', 'read_') as keyof typeof scopePermissions];
      for (const p of read) expect(scopePermissions[scope]).toContain(p);
    }
    const picker = permissionsForRoles(['PICKER']);
    expect(picker.has('picking')).toBe(true);
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

describe('trusted documents', () => {
  it('every committed document and every PWA operation is valid against the schema (`pnpm trusted-documents` refreshes the map)', () => {
    const committed = JSON.parse(fs.readFileSync(trustedDocumentsPath, 'utf8')) as { documents: Record<string, string> };
    const invalid = Object.entries(committed.documents)
      .map(([hash, text]) => ({ hash, errors: validate(schema, parse(text)).map((e) => e.message) }))
      .filter((d) => d.errors.length);
    expect(invalid).toEqual([]);
    for (const [hash, text] of Object.entries(committed.documents)) expect(documentHash(text)).toBe(hash);
    const { problems } = buildTrustedDocuments();
    expect(problems.filter((p) => p.startsWith('invalid'))).toEqual([]);
  });

  it('the committed map and the PWA\'s generated persisted-operations module are up to date (`pnpm trusted-documents`)', () => {
    const { file, problems } = buildTrustedDocuments();
    expect(problems).toEqual([]);
    expect(JSON.parse(fs.readFileSync(trustedDocumentsPath, 'utf8'))).toEqual(file);
    expect(fs.readFileSync(webPersistedOperationsPath, 'utf8')).toBe(webPersistedOperationsModule(file));
  });
});
