// The app sends its operations by hash (persisted documents): the hash it sends for an operation must
// name, in the API's trusted-documents.json, exactly the document urql would otherwise send (gql.tada
// appends the fragments; urql's formatDocument adds the __typename fields). Fails when a document
// changed and `pnpm trusted-documents` (or `pnpm schema:print`) was not run.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { formatDocument, gql, stringifyDocument, type TypedDocumentNode } from '@urql/core';
import { describe, expect, it } from 'vitest';
import { createMockFetch } from '../test/graphqlMock';
import { createLiveClient } from './live';
import { persistedOperations } from './persisted-operations.generated';
import { createGraphqlClient, persistedHash } from './client';
import { LogoutMutation, MeQuery } from '../pages/login/login.graphql';
import { UploadParcelPhotoMutation } from '../pages/pack/pack.graphql';
import { OrderQueueChangedSubscription } from './subscriptions';

type DocumentNode = TypedDocumentNode<any, any>;

// (jsdom: import.meta.url is not a file: URL here; vitest provides __dirname.)
const mapPath = path.resolve(__dirname, '../../../api/src/modules/common/trusted-documents.json');
const map = JSON.parse(fs.readFileSync(mapPath, 'utf8')) as { documents: Record<string, string>; operations: Record<string, string> };

/** Every document module of the app (the API's generator reads the same `*.graphql.ts` modules). */
const modules = import.meta.glob<Record<string, unknown>>('../**/*.graphql.ts', { eager: true });

/** The operations those modules export (fragments are in them, appended by gql.tada). */
function appOperations(): { where: string; name: string; document: DocumentNode }[] {
  const found: { where: string; name: string; document: DocumentNode }[] = [];
  for (const [file, exports] of Object.entries(modules)) {
    for (const [exportName, value] of Object.entries(exports)) {
      const document = value as DocumentNode;
      if (!document || typeof document !== 'object' || document.kind !== 'Document') continue;
      for (const definition of document.definitions) {
        if (definition.kind === 'OperationDefinition') found.push({ where: `${file} ${exportName}`, name: definition.name?.value ?? '(anonymous)', document });
      }
    }
  }
  return found;
}

/** The document as urql sends it (its cacheExchange adds __typename fields), printed. */
const printed = (document: DocumentNode) => stringifyDocument(formatDocument(document));
/** Printed as it is (a fresh node: urql would print the source text of a parsed one). */
const unformatted = (document: DocumentNode) => stringifyDocument({ kind: document.kind, definitions: document.definitions } as DocumentNode);
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('persisted operations', () => {
  it('the generated module matches the API map, and every operation of the app is in it as urql sends it', () => {
    // The app carries the first 16 hex digits of each hash (the API accepts them as the document's id).
    expect(persistedOperations).toEqual(Object.fromEntries(Object.entries(map.operations).map(([name, hash]) => [name, hash.slice(0, 16)])));
    for (const [hash, text] of Object.entries(map.documents)) expect(sha256(text)).toBe(hash);
    const operations = appOperations();
    expect(operations.length).toBeGreaterThan(40);
    expect(new Set(operations.map((o) => o.name)).size, 'one document per operation name').toBe(new Set(operations.map((o) => o.document)).size);
    const mismatches: string[] = [];
    for (const { where, name, document } of operations) {
      const hash = map.operations[name];
      if (!hash) mismatches.push(`${where}: ${name} is not in the map`);
      else if (printed(gql(map.documents[hash])) !== printed(document)) mismatches.push(`${where}: ${name} differs from the map's document`);
      else if (printed(gql(map.documents[hash])) !== unformatted(gql(map.documents[hash])))
        mismatches.push(`${where}: ${name}: the map's document lacks urql's __typename fields`);
      else if (persistedHash(document) !== persistedOperations[name]) mismatches.push(`${where}: ${name}: the client does not find its hash`);
    }
    expect(mismatches, 'run `npx pnpm@10.34.9 trusted-documents`').toEqual([]);
    // Nothing in the map that the app no longer has.
    expect(Object.keys(map.operations).sort()).toEqual([...new Set(operations.map((o) => o.name))].sort());
  });

  it('the urql client sends queries (GET) and mutations (POST) by hash, without the text', async () => {
    const mock = createMockFetch({ Me: () => ({ data: { me: null } }), Logout: () => ({ data: { logout: { loggedOut: true } } }) });
    const client = createGraphqlClient({ fetch: mock.fetch });
    await client.query(MeQuery, {}).toPromise();
    await client.mutation(LogoutMutation, {}).toPromise();
    expect(mock.requests.map((r) => [r.method, r.operationName, r.query, r.extensions])).toEqual([
      ['GET', 'Me', '', { persistedQuery: { version: 1, sha256Hash: persistedOperations.Me } }],
      ['POST', 'Logout', '', { persistedQuery: { version: 1, sha256Hash: persistedOperations.Logout } }],
    ]);
    // The outbox keeps a mutation's text and sends it later: found by its operation name too.
    expect(persistedHash(stringifyDocument(LogoutMutation))).toBe(persistedOperations.Logout);
  });

  it('multipart uploads carry the hash in `operations`', async () => {
    const bodies: BodyInit[] = [];
    const fetchMock = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      bodies.push(init!.body!);
      return new Response(JSON.stringify({ data: null }), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const client = createGraphqlClient({ fetch: fetchMock });
    await client.mutation(UploadParcelPhotoMutation, { parcelId: 'p1', photo: new File(['x'], 'photo.jpg', { type: 'image/jpeg' }) }).toPromise();
    expect(bodies[0]).toBeInstanceOf(FormData);
    const operations = JSON.parse(String((bodies[0] as FormData).get('operations')));
    expect(operations.query).toBeUndefined();
    expect(operations.extensions).toEqual({ persistedQuery: { version: 1, sha256Hash: persistedOperations.UploadParcelPhoto } });
  });

  it('the live (SSE) client subscribes by hash', async () => {
    const bodies: string[] = [];
    const fetchMock = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      bodies.push(String(init!.body));
      return new Response('', { status: 500 });
    }) as typeof fetch;
    const stop = createLiveClient({ fetch: fetchMock, isOnline: () => true }).subscribe(OrderQueueChangedSubscription, {}, { onData: () => {} });
    await expect.poll(() => bodies.length).toBeGreaterThan(0);
    stop();
    const body = JSON.parse(bodies[0]);
    expect(body.query).toBeUndefined();
    expect(body).toMatchObject({ operationName: 'OrderQueueChanged', extensions: { persistedQuery: { version: 1, sha256Hash: persistedOperations.OrderQueueChanged } } });
  });
});
