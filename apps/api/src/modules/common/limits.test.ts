// Hardening through the HTTP endpoint: operation limits with clear errors, page sizes, body size,
// the per-caller rate limit, introspection and CORS switches, trusted documents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';
import { createOrder } from '../../testing/fixtures.ts';
import { queryLimits } from '../../builder.ts';
import { TrustedDocuments, documentHash } from './trusted-documents.ts';

const codes = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => (r.errors ?? []).map((e) => e.extensions?.code);

describe('operation limits', () => {
  let database: TestDatabase;
  let gql: TestClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    gql = createTestClient(database.prisma);
    await createOrder(database.prisma);
  });
  afterAll(() => database.drop());

  it('rejects queries nested too deep', async () => {
    let selection = 'sku';
    for (let i = 0; i < 6; i++) selection = `inventory { product { ${selection} } }`;
    const r = await gql(`{ orders(first: 1) { edges { node { lines { product { ${selection} } } } } } }`);
    expect(codes(r)).toEqual(['QUERY_TOO_DEEP']);
    expect(r.errors![0].message).toMatch(new RegExp(`at most ${queryLimits.depth} are allowed`));
    expect(r.data).toBeUndefined();
  });

  it('rejects queries that cost too much, saying what they cost', async () => {
    const r = await gql(
      `{ orders(first: 100) { edges { node { lines { product { inventory { warehouse { code } } } } timeline(first: 100) { edges { node { type } } } } } } }`,
    );
    expect(codes(r)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(r.errors![0].message).toMatch(/costs \d+ points; at most 5000/);
    expect(r.errors![0].extensions!.cost).toBeGreaterThan(5000);
  });

  it('rejects documents with too many aliases or tokens before validating them', async () => {
    const aliases = Array.from({ length: queryLimits.aliases + 1 }, (_, i) => `a${i}: orderStatusCounts { count }`).join(' ');
    const aliased = await gql(`{ ${aliases} }`);
    expect(codes(aliased)).toEqual(['TOO_MANY_ALIASES']);
    expect(aliased.errors![0].message).toBe(`The document uses ${queryLimits.aliases + 1} aliases; at most ${queryLimits.aliases} are allowed`);

    const huge = await gql(`{ ${'__typename '.repeat(queryLimits.tokens)} }`);
    expect(codes(huge)).toEqual(['QUERY_TOO_LARGE']);

    const broad = createTestClient(database.prisma, { app: { limits: { breadth: 5 } } });
    const wide = await broad(`{ orders(first: 1) { totalCount edges { node { number status channel placedAt shipBy } } } }`);
    expect(codes(wide)).toEqual(['QUERY_TOO_BROAD']);
  });

  it('requires first or last on connections, at most 100, with a clear error instead of clamping', async () => {
    const big = await gql(`{ orders(first: 500) { edges { node { number } } } }`);
    expect(big.errors).toEqual([
      {
        message: 'Query.orders asks for 500 items; at most 100 per page: use `after` to page through the rest',
        extensions: { code: 'PAGE_SIZE_EXCEEDED', field: 'Query.orders', requested: 500, maxPageSize: 100 },
      },
    ]);
    const viaVariable = await gql(`query($n: Int) { orders(last: $n) { edges { node { number } } } }`, { n: 101 });
    expect(codes(viaVariable)).toEqual(['PAGE_SIZE_EXCEEDED']);
    const missing = await gql(`{ orders { edges { node { number } } } }`);
    expect(codes(missing)).toEqual(['PAGE_SIZE_REQUIRED']);
    const nested = await gql(`{ orders(first: 1) { edges { node { timeline { totalCount } } } } }`);
    expect(nested.errors![0]).toMatchObject({ extensions: { code: 'PAGE_SIZE_REQUIRED', field: 'Order.timeline' } });
    const ok = await gql(`{ orders(first: 100) { totalCount edges { node { number } } } }`);
    expect(ok.errors).toBeUndefined();
  });

  it('refuses request bodies over 1 MB with 413, with or without Content-Length', async () => {
    const padding = 'x'.repeat(1_100_000);
    const declared = await gql.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ orderStatusCounts { count } }', variables: { padding } }),
    });
    expect(declared.status).toBe(413);
    expect((await declared.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');

    const encoder = new TextEncoder();
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(encoder.encode(`{"query":"{ orderStatusCounts { count } }","variables":{"padding":"`));
        for (let i = 0; i < 12; i++) controller.enqueue(encoder.encode('y'.repeat(100_000)));
        controller.enqueue(encoder.encode('"}}'));
        controller.close();
      },
    });
    const streamed = await gql.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: chunked, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);

    const small = new ReadableStream({
      start(controller) {
        controller.enqueue(encoder.encode(JSON.stringify({ query: '{ orderStatusCounts { count } }' })));
        controller.close();
      },
    });
    const fine = await gql.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: small, duplex: 'half' } as RequestInit);
    expect(fine.status).toBe(200);
    expect((await fine.json()).data.orderStatusCounts).toEqual([{ count: 1 }]);
  });
});

describe('rate limit', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrder(database.prisma);
  });
  afterAll(() => database.drop());

  it('charges each operation its cost per caller, reports the budget and refuses with RATE_LIMITED (429) when empty', async () => {
    const gql = createTestClient(database.prisma, { app: { rateLimit: { capacity: 100, restorePerSecond: 1 } } });
    const query = `{ orders(first: 10) { edges { node { number total { minorUnits } } } } }`; // 2 + 10 × (1 + 1) = 22
    const first = await gql(query);
    expect(first.errors).toBeUndefined();
    expect(first.extensions!.cost).toMatchObject({ requested: 22, remaining: 78, limit: 100, restorePerSecond: 1 });
    expect(Date.parse((first.extensions!.cost as { resetAt: string }).resetAt)).toBeGreaterThan(Date.now() + 15_000); // 22 points at 1 a second

    let last = first;
    for (let i = 0; i < 4 && !last.errors; i++) last = await gql(query);
    expect(codes(last)).toEqual(['RATE_LIMITED']);
    expect(last.data).toBeUndefined();
    expect(last.errors![0].message).toMatch(/costs 22 points and \d+ are left/);
    expect(last.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);

    const raw = await gql.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThan(0);

    // Another caller on the same server has a budget of its own.
    const other = createTestClient(database.prisma, { roles: ['PICKER'] });
    const { token } = await other.ready;
    const theirs = await gql(query, undefined, { headers: { authorization: `Bearer ${token}` } });
    expect(theirs.errors).toBeUndefined();
    expect(theirs.extensions!.cost).toMatchObject({ remaining: 78 });
  });
});

describe('server switches', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('turns introspection off', async () => {
    const on = createTestClient(database.prisma);
    expect((await on(`{ __schema { queryType { name } } }`)).data.__schema.queryType.name).toBe('Query');
    const off = createTestClient(database.prisma, { app: { introspection: false } });
    const r = await off(`{ __schema { queryType { name } } }`);
    expect(r.errors![0].message).toMatch(/introspection/i);
  });

  it('answers CORS preflights only for allowed origins', async () => {
    const preflight = (client: TestClient, origin: string) =>
      client.fetch('/graphql', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
      });
    const closed = createTestClient(database.prisma, { anonymous: true });
    expect((await preflight(closed, 'https://erp.example')).headers.get('access-control-allow-origin')).toBeNull();
    const open = createTestClient(database.prisma, { anonymous: true, app: { corsOrigins: ['https://erp.example'] } });
    const allowed = await preflight(open, 'https://erp.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://erp.example');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect((await preflight(open, 'https://evil.example')).headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
  });
});

describe('trusted documents', () => {
  let database: TestDatabase;
  const document = 'query Counts { orderStatusCounts { status count } }';
  const hash = documentHash(document);
  const store = new TrustedDocuments(new Map([[hash, document]]));

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrder(database.prisma);
  });
  afterAll(() => database.drop());

  const post = (client: TestClient, body: unknown) =>
    client.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());

  it('runs persisted documents by hash (documentId or Apollo persistedQuery) for staff', async () => {
    const staff = createTestClient(database.prisma, { roles: ['PICKER'], app: { trustedDocuments: store } });
    expect((await post(staff, { documentId: `sha256:${hash}` })).data.orderStatusCounts).toEqual([{ status: 'NEW', count: 1 }]);
    expect((await post(staff, { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } })).data.orderStatusCounts).toHaveLength(1);
    const byGet = await staff.fetch(`/graphql?documentId=sha256:${hash}`, { headers: { accept: 'application/json' } });
    expect((await byGet.json()).data.orderStatusCounts).toHaveLength(1);
    const unknown = await post(staff, { documentId: `sha256:${'0'.repeat(64)}` });
    expect(unknown.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    // With the policy off (the test client's default) any staff session may send text.
    expect((await staff(`{ orderStatusCounts { count } }`)).data.orderStatusCounts).toEqual([{ count: 1 }]);
  });

  it('lets anonymous callers send persisted documents and login, and nothing else', async () => {
    const anonymous = createTestClient(database.prisma, { anonymous: true, app: { trustedDocuments: store } });
    const persisted = await post(anonymous, { documentId: `sha256:${hash}` });
    expect(persisted.errors[0]).toMatchObject({ path: ['orderStatusCounts'], extensions: { code: 'UNAUTHENTICATED' } });
    const arbitrary = await anonymous(`{ orderStatusCounts { count } }`);
    expect(arbitrary.errors).toEqual([{ message: expect.stringMatching(/anonymous callers may only log in/), extensions: { code: 'UNAUTHENTICATED' } }]);
    const login = await anonymous(`mutation { login(email: "nobody@orderly.test", password: "whatever-it-is") { userErrors { code } } }`);
    expect(login.data.login.userErrors[0].code).toBe('INVALID_CREDENTIALS');
  });
});

describe('trusted documents: enforced policy (arbitrary documents for API keys and admins only)', () => {
  let database: TestDatabase;
  const document = 'query Counts { orderStatusCounts { status count } }';
  const hash = documentHash(document);
  const subscription = 'subscription QueueChanged { orderQueueChanged { orderIds } }';
  const store = new TrustedDocuments(
    new Map([
      [hash, document],
      [documentHash(subscription), subscription],
    ]),
  );
  const app = { trustedDocuments: store, trustedDocumentsPolicy: 'enforce' as const };

  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrder(database.prisma);
  });
  afterAll(() => database.drop());

  const post = (client: TestClient, body: unknown) =>
    client.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it.each(['MANAGER', 'PICKER', 'PACKER', 'SUPPORT'] as const)(
    'refuses arbitrary text from a %s session (PERSISTED_QUERY_REQUIRED, 403); the same operation by documentId runs',
    async (role) => {
      const staff = createTestClient(database.prisma, { roles: [role], app });
      const refused = await post(staff, { query: '{ orderStatusCounts { status count } }' });
      expect(refused.status).toBe(403);
      const body = await refused.json();
      expect(body.data ?? null).toBeNull();
      expect(body.errors).toEqual([{ message: expect.stringMatching(/Persisted document required/), extensions: { code: 'PERSISTED_QUERY_REQUIRED' } }]);
      expect(JSON.stringify(body)).not.toMatch(/stack|at .*\.ts/);
      // Also through GET and for mutations.
      const byGet = await staff.fetch(`/graphql?query=${encodeURIComponent('{ orderStatusCounts { count } }')}`, { headers: { accept: 'application/json' } });
      expect(byGet.status).toBe(403);
      expect((await byGet.json()).errors[0].extensions.code).toBe('PERSISTED_QUERY_REQUIRED');
      const mutation = await (await post(staff, { query: 'mutation { logout { loggedOut } }' })).json();
      expect(mutation.errors[0].extensions.code).toBe('PERSISTED_QUERY_REQUIRED');

      const persisted = await post(staff, { documentId: `sha256:${hash}`, operationName: 'Counts' });
      expect(persisted.status).toBe(200);
      expect((await persisted.json()).data.orderStatusCounts).toEqual([{ status: 'NEW', count: 1 }]);
      const apq = await (await post(staff, { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } })).json();
      expect(apq.data.orderStatusCounts).toHaveLength(1);
      // The exact text of a persisted document is as good as its id.
      expect((await (await post(staff, { query: document })).json()).data.orderStatusCounts).toHaveLength(1);
    },
  );

  it('refuses arbitrary subscriptions over SSE from staff sessions too, and runs persisted ones', async () => {
    const staff = createTestClient(database.prisma, { roles: ['MANAGER'], app });
    const sse = (body: unknown) =>
      staff.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify(body) });
    const refused = await sse({ query: 'subscription { orderQueueChanged { orderIds } }' });
    expect(await refused.text()).toContain('PERSISTED_QUERY_REQUIRED');
    const controller = new AbortController();
    const persisted = await staff.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(subscription) } } }),
      signal: controller.signal,
    });
    expect(persisted.status).toBe(200);
    expect(persisted.headers.get('content-type')).toContain('text/event-stream');
    controller.abort();
    await persisted.body?.cancel().catch(() => {});
  });

  it('lets API keys and ADMIN sessions send arbitrary documents', async () => {
    const integrator = createTestClient(database.prisma, { apiKeyScopes: ['read_orders'], app });
    expect((await integrator(`{ orderStatusCounts { count } }`)).data.orderStatusCounts).toEqual([{ count: 1 }]);
    const admin = createTestClient(database.prisma, { roles: ['ADMIN'], app });
    expect((await admin(`{ orderStatusCounts { count } }`)).data.orderStatusCounts).toEqual([{ count: 1 }]);
    const adminAndPicker = createTestClient(database.prisma, { roles: ['PICKER', 'ADMIN'], app });
    expect((await adminAndPicker(`{ orderStatusCounts { count } }`)).errors).toBeUndefined();
  });

  it('anonymous callers: persisted documents and login only; `off` lets every session send text', async () => {
    const anonymous = createTestClient(database.prisma, { anonymous: true, app });
    expect((await anonymous(`{ orderStatusCounts { count } }`)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const login = await anonymous(`mutation { login(email: "nobody@orderly.test", password: "whatever-it-is") { userErrors { code } } }`);
    expect(login.data.login.userErrors[0].code).toBe('INVALID_CREDENTIALS');
    const relaxed = createTestClient(database.prisma, { roles: ['PICKER'], app: { ...app, trustedDocumentsPolicy: 'off' } });
    expect((await relaxed(`{ orderStatusCounts { count } }`)).data.orderStatusCounts).toEqual([{ count: 1 }]);
  });
});
