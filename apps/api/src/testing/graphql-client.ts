import { randomBytes } from 'node:crypto';
import type { Db, Role } from '@orderly/schema';
import { type AppOptions, createYogaApp } from '../app.ts';
import { disabledPasswordHash, newApiKey, newSessionToken, sha256, apiKeyDisplayPrefix } from '../modules/auth/crypto.ts';
import type { ApiKeyScope } from '../modules/auth/permissions.ts';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

/** Who the test client acts as. Default: a staff user with the ADMIN role. */
export interface TestClientOptions {
  /** A staff user with these roles (created for this client, with a real session token). */
  roles?: Role[];
  /** An integrator API key with these scopes (created for this client) instead of a staff user. */
  apiKeyScopes?: ApiKeyScope[];
  /** No credentials at all. */
  anonymous?: boolean;
  /** Extra headers sent with every request (they win over the client's own Authorization). */
  headers?: Record<string, string>;
  /**
   * Options of the yoga app under test (limits, rate limit, body size…); the rate limit is off unless
   * given, and so is the trusted-documents policy (any signed-in caller may send query text) unless
   * `trustedDocumentsPolicy: 'enforce'` is given (limits.test.ts proves the enforced policy).
   */
  app?: Omit<AppOptions, 'db'>;
}

/** The caller a test client acts as, once created. */
export interface TestCaller {
  /** `user:<id>`, `apikey:<id>` or `anonymous`: what timelines and ledgers record. */
  actor: string;
  userId: string | null;
  apiKeyId: string | null;
  /** The bearer credential (session token or API key) the client sends; null when anonymous. */
  token: string | null;
}

export interface TestClient {
  /** Runs a GraphQL operation through the real HTTP pipeline (POST /graphql via yoga.fetch). */
  <T = any>(query: string, variables?: Record<string, unknown>, init?: { headers?: Record<string, string> }): Promise<GraphQLResponse<T>>;
  /** Resolves when the client's user/API key exists (the first request waits for it too). */
  ready: Promise<TestCaller>;
  /** Raw HTTP through the same app, with the client's credentials (status codes, headers, cookies). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** The yoga app behind the client. */
  yoga: ReturnType<typeof createYogaApp>;
}

let sequence = 0;
const unique = () => `${Date.now().toString(36)}${(sequence++).toString(36)}${randomBytes(2).toString('hex')}`;

/** Creates the caller's user + session (or API key) directly in the database: real credentials, no password hashing. */
async function createCaller(db: Db, options: TestClientOptions): Promise<TestCaller> {
  if (options.anonymous) return { actor: 'anonymous', userId: null, apiKeyId: null, token: null };
  if (options.apiKeyScopes) {
    const key = newApiKey();
    const created = await db.apiKey.create({
      data: { name: `test key ${unique()}`, prefix: apiKeyDisplayPrefix(key), keyHash: sha256(key), scopes: options.apiKeyScopes },
    });
    return { actor: `apikey:${created.id}`, userId: null, apiKeyId: created.id, token: key };
  }
  const roles = options.roles ?? ['ADMIN'];
  const token = newSessionToken();
  const user = await db.user.create({
    data: {
      email: `test-${roles.join('-').toLowerCase()}-${unique()}@orderly.test`,
      name: `Test ${roles.join('+')}`,
      passwordHash: disabledPasswordHash,
      roles,
      sessions: { create: { tokenHash: sha256(token), expiresAt: new Date(Date.now() + 24 * 3_600_000) } },
    },
  });
  return { actor: `user:${user.id}`, userId: user.id, apiKeyId: null, token };
}

/**
 * Calls the real GraphQL endpoint in-process through yoga.fetch (the full HTTP pipeline, no socket),
 * with real credentials: by default as a staff user with the ADMIN role.
 *   createTestClient(db)                                        // ADMIN
 *   createTestClient(db, { roles: ['PICKER'] })                  // a picker
 *   createTestClient(db, { apiKeyScopes: ['read_orders'] })      // an integrator key
 *   createTestClient(db, { anonymous: true })                    // nobody
 */
export function createTestClient(db: Db, options: TestClientOptions = {}): TestClient {
  const yoga = createYogaApp({ db, graphiql: false, rateLimit: false, trustedDocumentsPolicy: 'off', ...options.app });
  const ready = createCaller(db, options);
  ready.catch(() => {}); // reported by the first request instead

  async function fetchWithCaller(path: string, init: RequestInit = {}) {
    const caller = await ready;
    const headers = new Headers(init.headers);
    if (caller.token && !headers.has('authorization')) headers.set('authorization', `Bearer ${caller.token}`);
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
    return yoga.fetch(`http://orderly.test${path}`, { ...init, headers });
  }

  const gql = async function gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    init: { headers?: Record<string, string> } = {},
  ): Promise<GraphQLResponse<T>> {
    const response = await fetchWithCaller('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...init.headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  } as TestClient;
  gql.ready = ready;
  gql.fetch = fetchWithCaller;
  gql.yoga = yoga;
  return gql;
}
