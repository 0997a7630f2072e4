// The app sends its operations by hash (persisted documents): the hash it sends for an operation must
// name, in the API's trusted-documents.json, exactly the document urql would otherwise send (with the
// __typename fields urql's formatDocument adds). Fails when a gql`…` document changed and
// `pnpm trusted-documents` was not run.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { formatDocument, gql, stringifyDocument } from '@urql/core';
import { describe, expect, it } from 'vitest';
import { createMockFetch } from '../test/graphqlMock';
import { createLiveClient } from './live';
import { persistedOperations } from './persisted-operations.generated';
import { createGraphqlClient, persistedHash } from './client';

// (jsdom: import.meta.url is not a file: URL here; vitest provides __dirname.)
const src = path.resolve(__dirname, '..');
const mapPath = path.resolve(__dirname, '../../../api/src/modules/common/trusted-documents.json');
const map = JSON.parse(fs.readFileSync(mapPath, 'utf8')) as { documents: Record<string, string>; operations: Record<string, string> };

/** Every gql`…` template of the app (the same files and pattern as the API's generator). */
function appDocuments(): { file: string; text: string }[] {
  const found: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'test' && entry.name !== 'node_modules') walk(full);
      } else if (/\.(ts|tsx)$/.test(entry.name) && !/\.test\.(ts|tsx)$/.test(entry.name)) {
        for (const m of fs.readFileSync(full, 'utf8').matchAll(/\bgql(?:<[^`]*?>)?`([^`]*)`/g)) found.push({ file: path.relative(src, full), text: m[1] });
      }
    }
  };
  walk(src);
  return found;
}

const printed = (text: string) => stringifyDocument(formatDocument(gql(text)));
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('persisted operations', () => {
  it('the generated module matches the API map, and every document of the app is in it as urql sends it', () => {
    expect(persistedOperations).toEqual(map.operations);
    for (const [hash, text] of Object.entries(map.documents)) expect(sha256(text)).toBe(hash);
    const documents = appDocuments();
    expect(documents.length).toBeGreaterThan(20);
    const mismatches: string[] = [];
    for (const { file, text } of documents) {
      expect(text, `${file}: no \${} interpolation in documents`).not.toContain('${');
      const document = gql(text);
      for (const definition of document.definitions) {
        if (definition.kind !== 'OperationDefinition') continue;
        const name = definition.name?.value ?? '(anonymous)';
        const hash = persistedOperations[name];
        if (!hash) mismatches.push(`${file}: ${name} is not in the map`);
        else if (printed(map.documents[hash]) !== printed(text)) mismatches.push(`${file}: ${name} differs from the map's document`);
        else if (printed(map.documents[hash]) !== stringifyDocument(gql(map.documents[hash]))) mismatches.push(`${file}: ${name}: the map's document lacks urql's __typename fields`);
      }
    }
    expect(mismatches, 'run `pnpm trusted-documents`').toEqual([]);
  });

  it('the urql client sends queries (GET) and mutations (POST) by hash, without the text', async () => {
    const mock = createMockFetch({ Me: () => ({ data: { me: null } }), Logout: () => ({ data: { logout: true } }) });
    const client = createGraphqlClient({ fetch: mock.fetch });
    const me = gql`query Me { me { actor } }`;
    await client.query(me, {}).toPromise();
    await client.mutation('mutation Logout { logout }', {}).toPromise();
    expect(mock.requests.map((r) => [r.method, r.operationName, r.query, r.extensions])).toEqual([
      ['GET', 'Me', '', { persistedQuery: { version: 1, sha256Hash: persistedOperations.Me } }],
      ['POST', 'Logout', '', { persistedQuery: { version: 1, sha256Hash: persistedOperations.Logout } }],
    ]);
    expect(persistedHash('mutation Logout { logout }')).toBe(persistedOperations.Logout);
  });

  it('multipart uploads carry the hash in `operations`', async () => {
    const bodies: BodyInit[] = [];
    const fetchMock = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      bodies.push(init!.body!);
      return new Response(JSON.stringify({ data: null }), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    const name = Object.keys(persistedOperations).find((n) => /^mutation\s/.test(map.documents[persistedOperations[n]]))!;
    const client = createGraphqlClient({ fetch: fetchMock });
    await client.mutation(`mutation ${name} { __typename }`, { file: new File(['x'], 'photo.jpg', { type: 'image/jpeg' }) }).toPromise();
    expect(bodies[0]).toBeInstanceOf(FormData);
    const operations = JSON.parse(String((bodies[0] as FormData).get('operations')));
    expect(operations.query).toBeUndefined();
    expect(operations.extensions).toEqual({ persistedQuery: { version: 1, sha256Hash: persistedOperations[name] } });
  });

  it('the live (SSE) client subscribes by hash', async () => {
    const bodies: string[] = [];
    const fetchMock = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      bodies.push(String(init!.body));
      return new Response('', { status: 500 });
    }) as typeof fetch;
    const stop = createLiveClient({ fetch: fetchMock, isOnline: () => true }).subscribe('subscription OrderQueueChanged { orderQueueChanged { orderIds } }', {}, { onData: () => {} });
    await expect.poll(() => bodies.length).toBeGreaterThan(0);
    stop();
    const body = JSON.parse(bodies[0]);
    expect(body.query).toBeUndefined();
    expect(body).toMatchObject({ operationName: 'OrderQueueChanged', extensions: { persistedQuery: { version: 1, sha256Hash: persistedOperations.OrderQueueChanged } } });
  });
});
