// Webhook signing secrets at rest: sealed with core/secret-box.ts (bound to the subscription's row),
// opened only to sign; rows from before sealing are sealed at start-up and keep signing the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@orderly/schema';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';
import { openWebhookSecret, sealLegacyWebhookSecrets } from './webhooks.service.ts';

let database: TestDatabase;
let db: Db;
let integrator: TestClient;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
  integrator = createTestClient(db, { apiKeyScopes: ['write_webhooks', 'read_orders'] });
  await integrator.ready;
});
afterAll(() => database?.drop());

const CREATE = `mutation($input: CreateWebhookSubscriptionInput!) {
  createWebhookSubscription(input: $input) { secret webhookSubscription { id } userErrors { code } }
}`;
const ROTATE = `mutation($id: ID!) { updateWebhookSubscription(id: $id, rotateSecret: true) { secret userErrors { code } } }`;
const LIST = `{ webhookSubscriptions(first: 10) { edges { node { id url eventTypes description active } } } }`;

/** The stored column, read with SQL: what a database dump would show. */
const storedColumn = async () => (await db.$queryRaw<{ id: string; secretSealed: string }[]>`SELECT id, "secretSealed" FROM "WebhookSubscription"`)[0]!;

describe('webhook secrets at rest', () => {
  it('stores the secret sealed (no plaintext in the column), opens it to sign, and never shows it again', async () => {
    const created = await integrator(CREATE, { input: { url: 'https://erp.example.com/hooks', eventTypes: ['ORDER_CREATED'] } });
    expect(created.data.createWebhookSubscription.userErrors).toEqual([]);
    const secret: string = created.data.createWebhookSubscription.secret;
    expect(secret).toMatch(/^whsec_/);
    const row = await storedColumn();
    expect(row.secretSealed).toMatch(/^v1\./);
    expect(row.secretSealed).not.toContain(secret);
    expect(row.secretSealed).not.toContain(secret.slice('whsec_'.length));
    expect(openWebhookSecret(row)).toBe(secret);
    // Moved to another row, it does not open.
    expect(() => openWebhookSecret({ ...row, id: '00000000-0000-7000-8000-000000000000' })).toThrow();

    const list = await integrator(LIST);
    expect(list.errors).toBeUndefined();
    expect(JSON.stringify(list.data)).not.toContain(secret);
    expect(JSON.stringify(list.data)).not.toContain(row.secretSealed);

    const rotated = await integrator(ROTATE, { id: created.data.createWebhookSubscription.webhookSubscription.id });
    const next: string = rotated.data.updateWebhookSubscription.secret;
    expect(next).toMatch(/^whsec_/);
    const after = await storedColumn();
    expect(after.secretSealed).not.toContain(next);
    expect(openWebhookSecret(after)).toBe(next);
  });

  it('seals the secrets an older version stored in clear, once', async () => {
    const row = await storedColumn();
    await db.$executeRaw`UPDATE "WebhookSubscription" SET "secretSealed" = 'whsec_legacy-secret-in-clear' WHERE id = ${row.id}::uuid`;
    expect(await sealLegacyWebhookSecrets(db)).toBe(1);
    const sealed = await storedColumn();
    expect(sealed.secretSealed).not.toContain('legacy-secret-in-clear');
    expect(openWebhookSecret(sealed)).toBe('whsec_legacy-secret-in-clear');
    expect(await sealLegacyWebhookSecrets(db)).toBe(0);
  });
});
