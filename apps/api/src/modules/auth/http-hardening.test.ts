// The HTTP edge, through the real yoga pipeline (yoga.fetch) on a real database: undecodable
// cookies, malformed GET parameters and over-deep documents answer 4xx (never 500); cross-site
// requests riding on the session cookie are refused (CSRF); no field-name hints when introspection is off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';
import { CSRF_HEADER } from './csrf.ts';

const json = { 'content-type': 'application/json' };
const CREATE_KEY = 'mutation { createApiKey(name: "planted", scopes: [write_orders]) { key } }';

describe('the HTTP edge', () => {
  let database: TestDatabase;
  let admin: TestClient;
  let anonymous: TestClient;
  let adminCookie: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = createTestClient(database.prisma);
    anonymous = createTestClient(database.prisma, { anonymous: true });
    adminCookie = `orderly_session=${(await admin.ready).token}`;
  });
  afterAll(() => database.drop());

  /** A request with only the cookie as credential, as a browser sends it (no Authorization header). */
  const withCookie = (client: TestClient, init: RequestInit & { headers?: Record<string, string> }, path = '/graphql') =>
    client.yoga.fetch(`http://orderly.test${path}`, { ...init, headers: { cookie: adminCookie, ...init.headers } });
  const plantedKeys = () => database.prisma.apiKey.count({ where: { name: 'planted' } });

  describe('undecodable session cookie', () => {
    it.each(['%E0%A4%A', '%'])('treats orderly_session=%s as no credential: UNAUTHENTICATED, logout and login still answer', async (value) => {
      const cookie = `orderly_session=${value}`;
      const me = await anonymous.fetch('/graphql', { method: 'POST', headers: { ...json, cookie }, body: JSON.stringify({ query: '{ me { actor } }' }) });
      expect(me.status).toBe(200);
      expect((await me.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');

      const logout = await anonymous.fetch('/graphql', {
        method: 'POST',
        headers: { ...json, cookie },
        body: JSON.stringify({ query: 'mutation { logout { loggedOut } }' }),
      });
      expect(logout.status).toBe(200);
      expect((await logout.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');

      // The browser is not locked out: logging in answers (and would replace the cookie).
      const login = await anonymous.fetch('/graphql', {
        method: 'POST',
        headers: { ...json, cookie },
        body: JSON.stringify({ query: 'mutation { login(email: "nobody@orderly.test", password: "wrong-password") { userErrors { code } } }' }),
      });
      expect(login.status).toBe(200);
      expect((await login.json()).data.login.userErrors[0].code).toBe('INVALID_CREDENTIALS');
    });
  });

  describe('malformed GET requests', () => {
    const get = (query: string, headers: Record<string, string> = {}) =>
      anonymous.fetch(`/graphql?${query}`, { headers: { accept: 'application/graphql-response+json', [CSRF_HEADER]: '1', ...headers } });

    it.each([
      ['variables', 'query=%7B__typename%7D&variables=%7Bnope'],
      ['extensions', 'query=%7B__typename%7D&extensions=%7Bnope'],
      ['variables (truncated)', `query=%7B__typename%7D&variables=${encodeURIComponent('{"a":')}`],
    ])('answers 400 naming the problem for malformed %s JSON', async (_what, query) => {
      const response = await get(query);
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.errors[0]).toMatchObject({ message: expect.stringMatching(/not valid JSON/), extensions: { code: 'BAD_REQUEST' } });
      expect(JSON.stringify(body)).not.toMatch(/at .*\.js|stack/);
    });

    it('answers 400 for a literal nested ~2,000 deep (GET and POST)', async () => {
      const deep = `{ orders(first: 1, search: ${'{a:'.repeat(2000)}1${'}'.repeat(2000)}) { totalCount } }`;
      const byGet = await get(`query=${encodeURIComponent(deep)}`);
      expect(byGet.status).toBe(400);
      expect((await byGet.json()).errors[0]).toMatchObject({ message: expect.stringMatching(/nests too deeply/), extensions: { code: 'QUERY_TOO_DEEP' } });
      const byPost = await anonymous.fetch('/graphql', {
        method: 'POST',
        headers: { ...json, accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: deep }),
      });
      expect(byPost.status).toBe(400);
      expect((await byPost.json()).errors[0].extensions.code).toBe('QUERY_TOO_DEEP');
    });
  });

  describe('cross-site request forgery', () => {
    const form = (query: string) => `query=${encodeURIComponent(query)}`;

    it('refuses a cross-site form POST riding on an ADMIN session cookie, and runs nothing', async () => {
      const response = await withCookie(admin, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
        body: form(CREATE_KEY),
      });
      expect(response.status).toBe(403);
      expect((await response.json()).errors[0].extensions.code).toBe('FORBIDDEN_ORIGIN');
      expect(await plantedKeys()).toBe(0);
    });

    it.each([
      ['a form POST', 'application/x-www-form-urlencoded', form(CREATE_KEY)],
      ['a text/plain POST', 'text/plain', JSON.stringify({ query: CREATE_KEY })],
      [
        'a multipart POST',
        'multipart/form-data; boundary=x',
        `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: CREATE_KEY })}\r\n--x\r\nContent-Disposition: form-data; name="map"\r\n\r\n{}\r\n--x--\r\n`,
      ],
    ])('refuses %s without the CSRF header even with no Origin or a same-site one', async (_what, contentType, body) => {
      for (const origin of [null, 'http://orderly.test']) {
        const response = await withCookie(admin, { method: 'POST', headers: { 'content-type': contentType, ...(origin ? { origin } : {}) }, body });
        expect(response.status).toBe(403);
        expect((await response.json()).errors[0].message).toMatch(/CSRF/);
      }
      expect(await plantedKeys()).toBe(0);
    });

    it('refuses a cookie GET without the CSRF header and answers it with the header (the PWA sends it)', async () => {
      const path = `/graphql?query=${encodeURIComponent('{ me { actor } }')}`;
      expect((await withCookie(admin, { headers: { accept: 'application/json' } }, path)).status).toBe(403);
      const ok = await withCookie(admin, { headers: { accept: 'application/json', [CSRF_HEADER]: '1' } }, path);
      expect(ok.status).toBe(200);
      expect((await ok.json()).data.me.actor).toBe((await admin.ready).actor);
    });

    it('lets same-origin JSON, multipart with the header, and allowed origins through', async () => {
      const me = JSON.stringify({ query: '{ me { actor } }' });
      const actor = (await admin.ready).actor;
      const sameOrigin = await withCookie(admin, { method: 'POST', headers: { ...json, origin: 'http://orderly.test' }, body: me });
      expect((await sameOrigin.json()).data.me.actor).toBe(actor);
      // Behind a proxy that rewrites Host (vite dev), the browser's Sec-Fetch-Site still says same-origin.
      const proxied = await withCookie(admin, { method: 'POST', headers: { ...json, origin: 'http://localhost:5173', 'sec-fetch-site': 'same-origin' }, body: me });
      expect((await proxied.json()).data.me.actor).toBe(actor);

      const multipart = new FormData();
      multipart.set('operations', me);
      multipart.set('map', '{}');
      const upload = await withCookie(admin, { method: 'POST', headers: { origin: 'http://orderly.test', [CSRF_HEADER]: '1' }, body: multipart });
      expect((await upload.json()).data.me.actor).toBe(actor);

      const erp = createTestClient(database.prisma, { anonymous: true, app: { corsOrigins: ['https://erp.example'] } });
      const listed = await withCookie(erp, { method: 'POST', headers: { ...json, origin: 'https://erp.example' }, body: me });
      expect((await listed.json()).data.me.actor).toBe(actor);
      const unlisted = await withCookie(erp, { method: 'POST', headers: { ...json, origin: 'https://evil.example' }, body: me });
      expect(unlisted.status).toBe(403);
    });

    it('refuses a cross-site login (login CSRF) but leaves Bearer tokens and API keys alone', async () => {
      const login = await anonymous.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
        body: form('mutation { login(email: "attacker@evil.example", password: "attacker-password") { userErrors { code } } }'),
      });
      expect(login.status).toBe(403);

      const key = createTestClient(database.prisma, { apiKeyScopes: ['read_orders'] });
      for (const client of [admin, key]) {
        const response = await client.fetch(`/graphql?query=${encodeURIComponent('{ me { actor } }')}`, {
          headers: { accept: 'application/json', origin: 'https://evil.example' },
        });
        expect(response.status).toBe(200);
        expect((await response.json()).data.me.actor).toBe((await client.ready).actor);
      }
    });
  });

  describe('field suggestions', () => {
    const ask = (client: TestClient, query: string, variables?: Record<string, unknown>) =>
      client.fetch('/graphql', { method: 'POST', headers: json, body: JSON.stringify({ query, variables }) }).then((r) => r.json());

    it('suggests nothing when introspection is off, to anonymous callers or anyone', async () => {
      const closed = { introspection: false };
      const anonymousClosed = createTestClient(database.prisma, { anonymous: true, app: closed });
      const adminClosed = createTestClient(database.prisma, { app: closed });
      const typo = await ask(anonymousClosed, '{ orderz(first: 1) { totalCount } }');
      expect(typo.errors[0].message).toMatch(/Cannot query field "orderz"/);
      expect(JSON.stringify(typo)).not.toMatch(/Did you mean/);
      const enumTypo = await ask(adminClosed, 'query($s: [OrderStatus!]) { orders(first: 1, status: $s) { totalCount } }', { s: ['NEWW'] });
      expect(enumTypo.errors[0].message).toMatch(/NEWW/);
      expect(JSON.stringify(enumTypo)).not.toMatch(/Did you mean/);
      const argTypo = await ask(adminClosed, '{ orders(frist: 1) { totalCount } }');
      expect(JSON.stringify(argTypo)).not.toMatch(/Did you mean/);

      // With introspection on, the schema is public anyway and the hints help.
      expect((await ask(admin, '{ orderz(first: 1) { totalCount } }')).errors[0].message).toMatch(/Did you mean "order" or "orders"\?/);
    });
  });
});
