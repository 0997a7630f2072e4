import type { Db, Role } from '@orderly/schema';
import type { Permission } from './modules/auth/permissions.ts';
import { PiiAccessLog } from './modules/customers/pii-audit.ts';

/**
 * Who is calling: a staff user (session cookie or `Authorization: Bearer <session token>`) or an
 * integrator (`Authorization: Bearer ork_…`). Built per request by `authenticate` (modules/auth/auth.service.ts).
 * Resolvers never look at roles or scopes: they declare a permission (`authScopes`) and the
 * builder checks it against `permissions`.
 */
export interface Viewer {
  /** `user:<id>`, `apikey:<id>` or `system`: written to timelines and ledgers. */
  actor: string;
  kind: 'user' | 'apiKey' | 'system';
  userId: string | null;
  apiKeyId: string | null;
  /** The session the request came with (staff only); logout revokes it. */
  sessionId: string | null;
  roles: readonly Role[];
  /** API-key scopes (read_orders, …); empty for staff. */
  scopes: readonly string[];
  /** Everything the roles or scopes grant (modules/auth/permissions.ts). */
  permissions: ReadonlySet<Permission>;
}

/** The HTTP side of a request, for the few resolvers that need it (login sets the session cookie). */
export interface RequestInfo {
  /** Adds a Set-Cookie header to the response. */
  setCookie(cookie: string): void;
  /** The request came over https (directly or behind a proxy): cookies get `Secure`. */
  secure: boolean;
  userAgent: string | null;
  /** Who the rate limiter and the login throttle count this request against when nobody is signed in. */
  clientAddress: string;
}

export interface Context {
  db: Db;
  viewer: Viewer | null;
  /** Current time for the request, so one request sees one "now" (late-risk flags etc.). */
  now: Date;
  http: RequestInfo;
  /** Unmasked buyer data read in this request; written to the AuditLog once, at the end of it. */
  pii: PiiAccessLog;
}

const noHttp: RequestInfo = { setCookie: () => {}, secure: false, userAgent: null, clientAddress: 'local' };

export function createContext(db: Db, viewer: Viewer | null = null, http: RequestInfo = noHttp): Context {
  return { db, viewer, now: new Date(), http, pii: new PiiAccessLog() };
}

/** The viewer of jobs and scripts (retention, imports): may do everything, named `system` in timelines. */
export function systemViewer(permissionsGranted: Iterable<Permission>): Viewer {
  return { actor: 'system', kind: 'system', userId: null, apiKeyId: null, sessionId: null, roles: [], scopes: [], permissions: new Set(permissionsGranted) };
}
