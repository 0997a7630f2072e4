// Integrator API keys through the HTTP endpoint: created by an admin, shown once, used as a
// bearer token, lastUsedAt recorded (at most once a minute), revoked.
import { describe, expect, it } from 'vitest';
import type { TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';
import { useTestDatabase } from '../../testing/database.ts';
import { createOrder } from '../../testing/fixtures.ts';

const CREATE_KEY = `mutation($name: String!, $scopes: [ApiKeyScope!]!, $key: String) {
  createApiKey(name: $name, scopes: $scopes, idempotencyKey: $key) { key apiKey { id name prefix scopes active lastUsedAt createdBy { email } } userErrors { code field message } }
}`;

describe('integrator API keys', () => {
  let database: TestDatabase;
  let admin: TestClient;
  let anonymous: TestClient;
  useTestDatabase(async (world) => {
    ({ database, admin, anonymous } = world);
    await createOrder(database.prisma);
  });

  it('creates a key shown once (ork_…), stores only its sha256 and a prefix, and lets it read what its scopes allow', async () => {
    const created = await admin(CREATE_KEY, { name: 'МойСклад ERP', scopes: ['read_orders', 'write_inventory'], key: 'erp-key-1' });
    expect(created.errors).toBeUndefined();
    const { key, apiKey, userErrors } = created.data.createApiKey;
    expect(userErrors).toEqual([]);
    expect(key).toMatch(/^ork_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: 'МойСклад ERP', prefix: key.slice(0, 12), scopes: ['read_orders', 'write_inventory'], active: true, lastUsedAt: null });
    expect(apiKey.createdBy.email).toMatch(/@orderly\.test$/);

    // Nothing in the database holds the key itself.
    const everything = JSON.stringify([
      await database.prisma.apiKey.findMany(),
      await database.prisma.idempotencyRecord.findMany(),
      await database.prisma.auditLog.findMany(),
    ]);
    expect(everything).not.toContain(key);
    expect(everything).not.toContain(key.slice(12));

    // A replay with the same idempotency key returns the same API key, without the secret.
    const replay = await admin(CREATE_KEY, { name: 'МойСклад ERP', scopes: ['read_orders', 'write_inventory'], key: 'erp-key-1' });
    expect(replay.data.createApiKey).toMatchObject({ key: null, apiKey: { id: apiKey.id } });

    const auth = { headers: { authorization: `Bearer ${key}` } };
    const me = await anonymous(`{ me { kind actor scopes permissions apiKey { name } } }`, undefined, auth);
    expect(me.data.me).toMatchObject({ kind: 'API_KEY', scopes: ['read_orders', 'write_inventory'], apiKey: { name: 'МойСклад ERP' } });
    expect(me.data.me.permissions).toEqual(['inventory:read', 'inventory:write', 'orders:read', 'receiving']);

    const orders = await anonymous(`{ orders(first: 5) { totalCount } }`, undefined, auth);
    expect(orders.data.orders.totalCount).toBe(1);
    const cancel = await anonymous(`{ users(first: 1) { edges { node { id } } } }`, undefined, auth);
    expect(cancel.errors![0]).toMatchObject({
      message: expect.stringContaining('users:manage'),
      extensions: { code: 'FORBIDDEN', requiredPermissions: ['users:manage'] },
    });

    // lastUsedAt is written on use, then not again within the minute.
    const used = await database.prisma.apiKey.findFirstOrThrow({ where: { prefix: key.slice(0, 12) } });
    expect(used.lastUsedAt).not.toBeNull();
    await anonymous(`{ orders(first: 1) { totalCount } }`, undefined, auth);
    const again = await database.prisma.apiKey.findUniqueOrThrow({ where: { id: used.id } });
    expect(again.lastUsedAt).toEqual(used.lastUsedAt);
    await database.prisma.apiKey.update({ where: { id: used.id }, data: { lastUsedAt: new Date(Date.now() - 120_000) } });
    await anonymous(`{ orders(first: 1) { totalCount } }`, undefined, auth);
    const later = await database.prisma.apiKey.findUniqueOrThrow({ where: { id: used.id } });
    expect(Date.now() - later.lastUsedAt!.getTime()).toBeLessThan(10_000);

    // Listed without the secret.
    const list = await admin(`{ apiKeys(first: 10) { edges { node { name prefix scopes } } } }`);
    expect(JSON.stringify(list)).not.toContain(key.slice(12));
    expect(list.data.apiKeys.edges.map((e: any) => e.node.name)).toContain('МойСклад ERP');

    // Revoked: the key is anonymous from now on.
    const revoked = await admin(`mutation($id: ID!) { revokeApiKey(id: $id) { apiKey { active revokedAt } userErrors { code } } }`, { id: apiKey.id });
    expect(revoked.data.revokeApiKey).toMatchObject({ apiKey: { active: false }, userErrors: [] });
    const denied = await anonymous(`{ orders(first: 1) { totalCount } }`, undefined, auth);
    expect(denied.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const listedAfter = await admin(`{ apiKeys(first: 10) { edges { node { name } } } }`);
    expect(listedAfter.data.apiKeys.edges.map((e: any) => e.node.name)).not.toContain('МойСклад ERP');
  });

  it('refuses unknown scopes and nameless keys with typed errors; only admins manage keys', async () => {
    const unknown = await admin(`mutation { createApiKey(name: "x", scopes: [read_everything]) { key userErrors { code } } }`);
    expect(unknown.errors![0].message).toMatch(/read_everything/); // not a value of the ApiKeyScope enum
    const nameless = await admin(CREATE_KEY, { name: '  ', scopes: ['read_orders'] });
    expect(nameless.data.createApiKey).toMatchObject({ key: null, userErrors: [{ code: 'INVALID_INPUT', field: ['name'] }] });
    const none = await admin(CREATE_KEY, { name: 'empty', scopes: [] });
    expect(none.data.createApiKey.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['scopes'] });

    const manager = createTestClient(database.prisma, { roles: ['MANAGER'] });
    const forbidden = await manager(CREATE_KEY, { name: 'mine', scopes: ['read_orders'] });
    expect(forbidden.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredPermissions: ['apikeys:manage'] });
    expect(forbidden.data).toBeNull();
    const key = createTestClient(database.prisma, { apiKeyScopes: ['write_orders', 'write_webhooks'] });
    expect((await key(CREATE_KEY, { name: 'escalate', scopes: ['read_customers'] })).errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
