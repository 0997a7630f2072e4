// The persisted-documents manifest (trusted-documents.json) is built from the PWA's gql.tada documents
// (apps/web/src/**/*.graphql.ts) by `pnpm trusted-documents` (run by `pnpm schema:print`): it is up to
// date, valid against the schema, and the API runs every one of the PWA's operations by its hash for a
// staff session under the enforced policy (where query text is refused).
import fs from 'node:fs';
import { Kind, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { schema } from '../../schema.ts';
import { createTestClient } from '../../testing/graphql-client.ts';
import { createOrder } from '../../testing/fixtures.ts';
import { buildTrustedDocuments, loadWebDocuments, webPersistedOperationsModule, webPersistedOperationsPath } from './trusted-documents.build.ts';
import { documentHash, shortDocumentId, TrustedDocuments, trustedDocumentsPath, type TrustedDocumentsFile } from './trusted-documents.ts';

const committed = JSON.parse(fs.readFileSync(trustedDocumentsPath, 'utf8')) as TrustedDocumentsFile;

describe('trusted documents: the manifest', () => {
  it('is built from the PWA documents (gql.tada, fragments appended) and is up to date (`pnpm trusted-documents`)', async () => {
    const documents = await loadWebDocuments();
    expect(documents.length).toBeGreaterThan(40);
    // Fragments are in the documents (the shared UserErrors selection, for one).
    expect(documents.filter((d) => d.document.definitions.some((x) => x.kind === Kind.FRAGMENT_DEFINITION && x.name.value === 'UserErrors')).length).toBeGreaterThan(20);
    const { file, problems } = await buildTrustedDocuments();
    expect(problems).toEqual([]);
    expect(committed).toEqual(file);
    expect(fs.readFileSync(webPersistedOperationsPath, 'utf8')).toBe(webPersistedOperationsModule(file));
  });

  it('holds valid documents under their sha256, one per operation name', () => {
    const invalid = Object.entries(committed.documents)
      .map(([hash, text]) => ({ hash, errors: validate(schema, parse(text)).map((e) => e.message) }))
      .filter((d) => d.errors.length);
    expect(invalid).toEqual([]);
    for (const [hash, text] of Object.entries(committed.documents)) expect(documentHash(text)).toBe(hash);
    expect(new Set(Object.values(committed.operations)).size).toBe(Object.keys(committed.documents).length);
    expect(TrustedDocuments.fromFile().size).toBe(Object.keys(committed.documents).length);
  });

  it('finds a document by its full hash or by the short id the PWA sends, never by an ambiguous one', () => {
    const [hash, text] = Object.entries(committed.documents)[0];
    const store = TrustedDocuments.fromFile();
    expect(store.get(hash)).toBe(text);
    expect(store.get(`sha256:${hash.toUpperCase()}`)).toBe(text);
    expect(store.get(shortDocumentId(hash))).toBe(text);
    expect(store.get(hash.slice(0, 15))).toBeNull();
    const twin = `${shortDocumentId(hash)}${'0'.repeat(64 - 16)}`;
    const ambiguous = new TrustedDocuments(
      new Map([
        [hash, text],
        [twin, 'query Other { __typename }'],
      ]),
    );
    expect(ambiguous.get(twin)).toBe('query Other { __typename }');
    expect(ambiguous.get(shortDocumentId(hash))).toBeNull();
  });
});

describe('trusted documents: the API runs every PWA operation by hash (enforced policy)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrder(database.prisma);
  });
  afterAll(() => database.drop());

  it('accepts each short id from a MANAGER session that may not send text (an ADMIN one for admin screens)', async () => {
    // The real manifest (the app's default store), as the PWA's sessions meet it.
    const staff = createTestClient(database.prisma, { roles: ['MANAGER'], app: { trustedDocumentsPolicy: 'enforce' } });
    const post = (body: unknown, accept = 'application/json') =>
      staff.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify(body) });
    const admin = createTestClient(database.prisma, { roles: ['ADMIN'], app: { trustedDocumentsPolicy: 'enforce' } });
    const refused = await post({ query: committed.documents[committed.operations.OrderStatusCounts] + '\n' });
    expect(refused.status).toBe(403);

    const outcomes: Record<string, string> = {};
    // Logout last: it ends the session the others run in.
    const operations = Object.entries(committed.operations).sort(([a], [b]) => Number(a === 'Logout') - Number(b === 'Logout'));
    for (const [name, hash] of operations) {
      const operation = parse(committed.documents[hash]).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
      const required = operation.kind === Kind.OPERATION_DEFINITION && operation.variableDefinitions?.some((v) => v.type.kind === Kind.NON_NULL_TYPE);
      const extensions = { persistedQuery: { version: 1, sha256Hash: shortDocumentId(hash) } }; // as the PWA sends it
      if (operation.kind === Kind.OPERATION_DEFINITION && operation.operation === 'subscription') {
        // Over SSE, as the live client subscribes: the first event tells (a refusal is an error event).
        const controller = new AbortController();
        const response = await staff.fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
          body: JSON.stringify({ operationName: name, variables: { id: { not: 'an id' } }, extensions }),
          signal: controller.signal,
        });
        const reader = response.body!.getReader();
        const first = new TextDecoder().decode((await reader.read()).value);
        controller.abort();
        outcomes[name] = `${response.status} ${/PERSISTED_QUERY_\w+|UNAUTHENTICATED/.exec(first)?.[0] ?? 'accepted'}`;
        continue;
      }
      // Without its required variables an operation stops before it runs (mutations change nothing);
      // the others run.
      let body = await (await post({ operationName: name, variables: {}, extensions })).json();
      // Admin screens (marketplace accounts): a manager is refused by permission, an admin runs them.
      if (body.errors?.some((e: { extensions?: { code?: string } }) => e.extensions?.code === 'FORBIDDEN'))
        body = await (
          await admin.fetch('/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ operationName: name, variables: {}, extensions }),
          })
        ).json();
      const codes = (body.errors ?? []).map((e: { extensions?: { code?: string } }) => e.extensions?.code ?? 'error');
      const persistedRefusal = codes.find((c: string) => /PERSISTED_QUERY|UNAUTHENTICATED|FORBIDDEN/.test(c));
      outcomes[name] =
        persistedRefusal ?? (required ? (body.errors?.length ? 'accepted (variables missing)' : 'ran') : body.data ? 'ran' : `no data: ${JSON.stringify(body.errors)}`);
    }
    const refusedOnes = Object.entries(outcomes).filter(([, outcome]) => !/^(\d{3} accepted|accepted \(variables missing\)|ran)$/.test(outcome));
    expect(refusedOnes).toEqual([]);
    expect(Object.keys(outcomes).length).toBe(Object.keys(committed.operations).length);
  });
});
