// Staff logins (sessions), integrator API keys, staff accounts. Plain passwords, session tokens and
// API keys never reach the database or a log: only their hashes do.
import type { Db, Prisma, Role } from '@orderly/schema';
import { z } from 'zod';
import type { Viewer } from '../../context.ts';
import { DomainError, userError } from '../../core/errors.ts';
import type { Tx } from '../../core/transaction.ts';
import { apiKeyDisplayPrefix, dummyVerify, hashPassword, newApiKey, newSessionToken, sha256, verifyPassword } from './crypto.ts';
import { type ApiKeyScope, isApiKeyScope, type Permission, permissionsForRoles, permissionsForScopes } from './permissions.ts';
import { config } from '../../core/config.ts';

/** How long a login lasts (a floor shift and some); the cookie expires with it. */
export const sessionTtlMs = config.SESSION_TTL_HOURS * 3_600_000;
/** Failed logins in a row allowed before the account is locked for a while. */
export const loginFreeAttempts = config.LOGIN_FREE_ATTEMPTS;
/** First lock after the free attempts; it doubles with every further failure, up to the cap. */
export const loginLockBaseMs = config.LOGIN_LOCK_BASE_SECONDS * 1000;
export const loginLockMaxMs = config.LOGIN_LOCK_MAX_MINUTES * 60_000;
/** lastUsedAt of an API key is written at most this often (one UPDATE per key per minute at most). */
export const apiKeyLastUsedIntervalMs = 60_000;
export const minPasswordLength = 10;

export const SESSION_COOKIE = 'orderly_session';

/** Permission sets per role or scope list, shared by the viewers holding it (read-only: ReadonlySet). */
const grantedPermissions = new Map<string, ReadonlySet<Permission>>();
function granted(kind: 'roles' | 'scopes', list: readonly string[], compute: () => ReadonlySet<Permission>): ReadonlySet<Permission> {
  const key = `${kind}:${list.join(',')}`;
  let permissions = grantedPermissions.get(key);
  if (!permissions) {
    if (grantedPermissions.size >= 256) grantedPermissions.clear(); // a bound on memory: role and scope lists are few
    grantedPermissions.set(key, (permissions = compute()));
  }
  return permissions;
}

export const userViewer = (user: { id: string; roles: Role[] }, sessionId: string | null): Viewer => ({
  actor: `user:${user.id}`,
  kind: 'user',
  userId: user.id,
  apiKeyId: null,
  sessionId,
  roles: user.roles,
  scopes: [],
  permissions: granted('roles', user.roles, () => permissionsForRoles(user.roles)),
});

export const apiKeyViewer = (key: { id: string; scopes: string[] }): Viewer => ({
  actor: `apikey:${key.id}`,
  kind: 'apiKey',
  userId: null,
  apiKeyId: key.id,
  sessionId: null,
  roles: [],
  scopes: key.scopes,
  permissions: granted('scopes', key.scopes, () => permissionsForScopes(key.scopes)),
});

// ─── Who is calling ─────────────────────────────────────────────────────────────────────────────

/** The token of `Authorization: Bearer <token>` (a session token or an API key), if any. */
export function bearerCredential(headers: Headers): string | null {
  const authorization = headers.get('authorization');
  return (authorization && /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1]) || null;
}

/** The credential a request carries: `Authorization: Bearer …` first, else the session cookie. */
export function credentialOf(headers: Headers): { kind: 'apiKey' | 'session'; secret: string } | null {
  const bearer = bearerCredential(headers);
  if (bearer) return { kind: bearer.startsWith('ork_') ? 'apiKey' : 'session', secret: bearer };
  const cookie = readCookie(headers.get('cookie'), SESSION_COOKIE);
  return cookie ? { kind: 'session', secret: cookie } : null;
}

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim()) || null;
      } catch {
        return null; // not percent-encoding we wrote (a tampered or truncated cookie): no credential
      }
    }
  }
  return null;
}

/**
 * The viewer of a request, or null (anonymous) when it carries no credential or one that is
 * unknown, expired, revoked or belongs to a deactivated user. One indexed lookup per request.
 */
export async function authenticate(db: Db, headers: Headers, now = new Date()): Promise<Viewer | null> {
  const credential = credentialOf(headers);
  if (!credential) return null;
  const hash = sha256(credential.secret);
  if (credential.kind === 'apiKey') {
    const key = await db.apiKey.findUnique({ where: { keyHash: hash }, select: { id: true, scopes: true, revokedAt: true, lastUsedAt: true } });
    if (!key || key.revokedAt) return null;
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > apiKeyLastUsedIntervalMs) {
      await db.apiKey.updateMany({
        where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - apiKeyLastUsedIntervalMs) } }] },
        data: { lastUsedAt: now },
      });
    }
    return apiKeyViewer(key);
  }
  // One statement (a join) for the session and its user: this runs on every staff request.
  const [session] = await db.$queryRaw<{ id: string; userId: string; roles: Role[] }[]>`
    SELECT s.id::text AS id, u.id::text AS "userId", u.roles::text[] AS roles
    FROM "Session" s JOIN "User" u ON u.id = s."userId"
    WHERE s."tokenHash" = ${hash} AND s."revokedAt" IS NULL AND s."expiresAt" > ${now} AND u.active`;
  if (!session) return null;
  return userViewer({ id: session.userId, roles: session.roles }, session.id);
}

// ─── Logging in and out ─────────────────────────────────────────────────────────────────────────

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Lock duration after `failures` failed attempts in a row (0 while within the free attempts). */
export function lockDurationMs(failures: number): number {
  if (failures < loginFreeAttempts) return 0;
  return Math.min(loginLockBaseMs * 2 ** (failures - loginFreeAttempts), loginLockMaxMs);
}

/** The one answer to every failed login: it does not say whether the e-mail exists or is locked. */
export const invalidCredentials = () =>
  new DomainError(userError('INVALID_CREDENTIALS', 'Wrong e-mail or password, or too many attempts: check them and try again in a minute', null));

export interface LoginResult {
  userId: string;
  sessionId: string;
  token: string;
  openedAt: Date;
  expiresAt: Date;
}

/**
 * Checks the password (scrypt, constant time) and opens a session. Failures count up on the user;
 * from the 5th in a row the account is locked for 30 s, doubling with each further failure (≤ 1 h).
 * Unknown e-mails, deactivated or locked accounts and wrong passwords all get the same error after
 * the same work, so the answer reveals nothing about which e-mails exist.
 */
export async function login(db: Db, params: { email: string; password: string; userAgent?: string | null; now?: Date }): Promise<LoginResult> {
  const now = params.now ?? new Date();
  const email = normalizeEmail(params.email);
  // No stored e-mail holds a NUL byte (PostgreSQL text cannot): such an address is simply unknown.
  const attempt = email && !email.includes('\u0000') ? await db.$transaction((tx) => countAttempt(tx, email, now)) : null;
  if (!attempt || attempt.refused) {
    await dummyVerify(params.password);
    if (attempt) await audit(db, 'anonymous', attempt.refused === 'locked' ? 'auth.login_locked' : 'auth.login_inactive', 'User', attempt.user.id, {});
    throw invalidCredentials();
  }
  const { user, failures, lockMs } = attempt;
  if (!(await verifyPassword(params.password, user.passwordHash))) {
    await audit(db, 'anonymous', 'auth.login_failed', 'User', user.id, { failures, lockedForSeconds: lockMs / 1000 });
    throw invalidCredentials();
  }
  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + sessionTtlMs);
  const session = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now } });
    return tx.session.create({ data: { userId: user.id, tokenHash: sha256(token), expiresAt, userAgent: params.userAgent?.slice(0, 300) ?? null } });
  });
  return { userId: user.id, sessionId: session.id, token, openedAt: now, expiresAt };
}

/**
 * Counts a login attempt as failed (and locks the account when that is one too many) before the
 * password is checked, under the user's row lock: parallel attempts queue here, so a burst gets no
 * more password checks than the free attempts. A correct password then resets the count.
 */
async function countAttempt(tx: Tx, email: string, now: Date) {
  const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM "User" WHERE email = ${email} FOR UPDATE`;
  if (!row) return null;
  const user = await tx.user.findUniqueOrThrow({
    where: { id: row.id },
    select: { id: true, passwordHash: true, active: true, lockedUntil: true, failedLoginCount: true },
  });
  if (!user.active) return { user, refused: 'inactive' as const };
  if (user.lockedUntil && user.lockedUntil > now) return { user, refused: 'locked' as const };
  const failures = user.failedLoginCount + 1;
  const lockMs = lockDurationMs(failures);
  await tx.user.update({ where: { id: user.id }, data: { failedLoginCount: failures, ...(lockMs ? { lockedUntil: new Date(now.getTime() + lockMs) } : {}) } });
  return { user, refused: null, failures, lockMs };
}

export async function logout(db: Db, sessionId: string, now = new Date()) {
  const result = await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now } });
  return result.count > 0;
}

/**
 * The Set-Cookie value for a session, or clearing the cookie (null). Max-Age is counted from when
 * the session was opened (its expiry's own starting point), so the two agree however slow the request.
 */
export function sessionCookie(session: Pick<LoginResult, 'token' | 'openedAt' | 'expiresAt'> | null, options: { secure: boolean }): string {
  const parts = [`${SESSION_COOKIE}=${session?.token ?? ''}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (session) {
    parts.push(`Max-Age=${Math.max(0, Math.round((session.expiresAt.getTime() - session.openedAt.getTime()) / 1000))}`, `Expires=${session.expiresAt.toUTCString()}`);
  } else {
    parts.push('Max-Age=0', 'Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  }
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

// ─── Staff accounts ─────────────────────────────────────────────────────────────────────────────

async function audit(db: Db | Tx, actor: string, action: string, subjectType: string, subjectId: string, data: Prisma.InputJsonObject) {
  await db.auditLog.create({ data: { actor, action, subjectType, subjectId, data } });
}

const emailSchema = z.string().trim().toLowerCase().email('Not a valid e-mail address').max(200);

function checkPassword(password: string, field: string[]) {
  if ([...password].length < minPasswordLength) {
    throw new DomainError(userError('WEAK_PASSWORD', `Passwords need at least ${minPasswordLength} characters`, field));
  }
  if (password.length > 200) throw new DomainError(userError('WEAK_PASSWORD', 'Passwords may have at most 200 characters', field));
}

function checkRoles(roles: readonly Role[], field: string[]) {
  if (!roles.length) throw new DomainError(userError('INVALID_INPUT', 'A user needs at least one role', field));
}

async function assertNotLastAdmin(tx: Tx, userId: string) {
  const admins = await tx.user.findMany({ where: { active: true, roles: { has: 'ADMIN' } }, select: { id: true } });
  if (admins.length === 1 && admins[0].id === userId) {
    throw new DomainError(userError('LAST_ADMIN', 'This is the last active admin: make someone else admin first', null));
  }
}

export async function createUser(tx: Tx, input: { email: string; name: string; password: string; roles: Role[]; locale?: string | null }, actor: string) {
  const email = emailSchema.safeParse(input.email);
  if (!email.success) throw new DomainError(userError('INVALID_EMAIL', email.error.issues[0].message, ['input', 'email']));
  const name = input.name.trim();
  if (!name) throw new DomainError(userError('INVALID_INPUT', 'Name is required', ['input', 'name']));
  checkPassword(input.password, ['input', 'password']);
  checkRoles(input.roles, ['input', 'roles']);
  if (await tx.user.findUnique({ where: { email: email.data }, select: { id: true } })) {
    throw new DomainError(userError('EMAIL_TAKEN', 'A user with this e-mail already exists', ['input', 'email']));
  }
  const user = await tx.user.create({
    data: { email: email.data, name, passwordHash: await hashPassword(input.password), roles: [...new Set(input.roles)], locale: input.locale ?? 'en' },
  });
  await audit(tx, actor, 'user.created', 'User', user.id, { roles: user.roles });
  return { userId: user.id };
}

async function findUserOrFail(tx: Tx, id: string) {
  const user = await tx.user.findUnique({ where: { id } });
  if (!user) throw new DomainError(userError('NOT_FOUND', 'No such user', ['id']));
  return user;
}

export async function updateUser(tx: Tx, id: string, input: { name?: string | null; roles?: Role[] | null; locale?: string | null }, actor: string) {
  const user = await findUserOrFail(tx, id);
  const data: Prisma.UserUpdateInput = {};
  if (input.name != null) {
    if (!input.name.trim()) throw new DomainError(userError('INVALID_INPUT', 'Name is required', ['input', 'name']));
    data.name = input.name.trim();
  }
  if (input.locale != null) data.locale = input.locale;
  if (input.roles != null) {
    checkRoles(input.roles, ['input', 'roles']);
    if (user.roles.includes('ADMIN') && !input.roles.includes('ADMIN')) await assertNotLastAdmin(tx, id);
    data.roles = [...new Set(input.roles)];
  }
  await tx.user.update({ where: { id }, data });
  await audit(tx, actor, 'user.updated', 'User', id, { roles: input.roles ?? null, fields: Object.keys(data) });
  return { userId: id };
}

export async function setUserActive(tx: Tx, id: string, active: boolean, actor: string) {
  const user = await findUserOrFail(tx, id);
  if (!active) {
    if (actor === `user:${id}`) throw new DomainError(userError('INVALID_INPUT', 'You cannot deactivate yourself', ['id']));
    if (user.roles.includes('ADMIN')) await assertNotLastAdmin(tx, id);
    await tx.session.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: new Date() } });
  }
  await tx.user.update({ where: { id }, data: { active, failedLoginCount: 0, lockedUntil: null } });
  await audit(tx, actor, active ? 'user.reactivated' : 'user.deactivated', 'User', id, {});
  return { userId: id };
}

/** Sets a new password, lifts a lock and signs the user out everywhere. */
export async function resetUserPassword(tx: Tx, id: string, password: string, actor: string) {
  await findUserOrFail(tx, id);
  checkPassword(password, ['password']);
  await tx.user.update({ where: { id }, data: { passwordHash: await hashPassword(password), failedLoginCount: 0, lockedUntil: null } });
  await tx.session.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: new Date() } });
  await audit(tx, actor, 'user.password_reset', 'User', id, {});
  return { userId: id };
}

// ─── Integrator API keys ────────────────────────────────────────────────────────────────────────

/** Creates a key; the key itself is returned here once and never stored (only its sha256). */
export async function createApiKey(tx: Tx, input: { name: string; scopes: readonly string[] }, viewer: Viewer | null) {
  const name = input.name.trim();
  if (!name || name.length > 100) throw new DomainError(userError('INVALID_INPUT', 'Give the key a name (at most 100 characters), e.g. the ERP it is for', ['name']));
  const unknown = input.scopes.filter((s) => !isApiKeyScope(s));
  if (unknown.length) throw new DomainError(userError('UNKNOWN_SCOPE', `Unknown scopes: ${unknown.join(', ')}`, ['scopes']));
  if (!input.scopes.length) throw new DomainError(userError('INVALID_INPUT', 'A key needs at least one scope', ['scopes']));
  const key = newApiKey();
  const created = await tx.apiKey.create({
    data: {
      name,
      prefix: apiKeyDisplayPrefix(key),
      keyHash: sha256(key),
      scopes: [...new Set(input.scopes as ApiKeyScope[])].sort(),
      createdById: viewer?.userId ?? null,
    },
  });
  await audit(tx, viewer?.actor ?? 'system', 'apikey.created', 'ApiKey', created.id, { scopes: created.scopes });
  return { apiKeyId: created.id, key };
}

export async function revokeApiKey(tx: Tx, id: string, actor: string) {
  const key = await tx.apiKey.findUnique({ where: { id } });
  if (!key) throw new DomainError(userError('NOT_FOUND', 'No such API key', ['id']));
  if (!key.revokedAt) {
    await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    await audit(tx, actor, 'apikey.revoked', 'ApiKey', id, {});
  }
  return { apiKeyId: id };
}

/**
 * First start without demo data: ORDERLY_ADMIN_EMAIL and ORDERLY_ADMIN_PASSWORD create the first
 * admin when there are no users yet (change the password afterwards with resetUserPassword).
 */
export async function ensureBootstrapAdmin(db: Db, env: { email?: string; password?: string }): Promise<boolean> {
  if (!env.email || !env.password || (await db.user.count()) > 0) return false;
  await db.$transaction((tx) => createUser(tx, { email: env.email!, name: 'Admin', password: env.password!, roles: ['ADMIN'] }, 'system'));
  return true;
}
