// Staff logins through the HTTP endpoint on a real database: sessions (cookie and bearer), logout,
// wrong passwords, the lock after repeated failures, staff management by an admin.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@orderly/schema/testing';
import { demoUsers, seedDemoData } from '@orderly/schema/seed';
import { useTestDatabase } from '../../testing/database.ts';
import { createTestClient, type TestClient } from '../../testing/graphql-client.ts';
import { loginFreeAttempts, sessionTtlMs } from './auth.service.ts';
import { verifyPassword } from './crypto.ts';

const LOGIN = `mutation($email: String!, $password: String!, $bearer: Boolean) {
  login(email: $email, password: $password, bearer: $bearer) { token expiresAt me { actor kind roles permissions user { email name } } userErrors { code message field } }
}`;
const ME = `{ me { actor kind roles user { email } } }`;
/** The database id inside a Relay global id ("User:<uuid>" in base64). */
const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString('utf8').split(':')[1];
const CREATE_USER = `mutation($input: CreateUserInput!, $key: String) { createUser(input: $input, idempotencyKey: $key) { user { id email roles active } userErrors { code field message } } }`;

describe('staff logins', () => {
  let database: TestDatabase;
  let admin: TestClient;
  let anonymous: TestClient;
  useTestDatabase((world) => ({ database, admin, anonymous } = world));

  async function newUser(roles: string[], password = 'correct-horse-battery') {
    const email = `user-${Math.random().toString(36).slice(2)}@orderly.test`;
    const r = await admin(CREATE_USER, { input: { email, name: 'Тест Пользователь', password, roles } });
    expect(r.errors).toBeUndefined();
    expect(r.data.createUser.userErrors).toEqual([]);
    return { email, password, id: rawId(r.data.createUser.user.id) };
  }

  /** POST login as a browser would, returning the raw response. */
  const postLogin = (email: string, password: string, headers: Record<string, string> = {}) =>
    anonymous.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: LOGIN, variables: { email, password } }),
    });

  it('logs in with e-mail and password, sets an httpOnly SameSite=Lax session cookie and knows who is calling', async () => {
    const user = await newUser(['PICKER']);
    const response = await postLogin(`  ${user.email.toUpperCase()} `, user.password);
    const body = await response.json();
    expect(body.errors).toBeUndefined();
    expect(body.data.login.userErrors).toEqual([]);
    expect(body.data.login.me).toMatchObject({ kind: 'USER', roles: ['PICKER'], user: { email: user.email } });
    expect(body.data.login.me.permissions).toContain('picking');
    expect(body.data.login.me.permissions).not.toContain('orders:cancel');
    expect(body.data.login.token).toBeNull(); // only with bearer: true

    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^orderly_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Max-Age=43200/);
    expect(cookie).not.toMatch(/Secure/);

    // Only the token's sha256 is stored.
    const token = /^orderly_session=([^;]+)/.exec(cookie)![1];
    const sessions = await database.prisma.session.findMany({ where: { userId: user.id } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0].tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(sessions[0].tokenHash).not.toContain(token);

    // The cookie is the session: `me` answers with it.
    const me = await anonymous(ME, undefined, { headers: { cookie: `theme=dark; orderly_session=${token}` } });
    expect(me.data.me).toMatchObject({ actor: `user:${user.id}`, kind: 'USER', roles: ['PICKER'] });
    const stored = await database.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.lastLoginAt).not.toBeNull();
  });

  it('gives the cookie the exact lifetime of the session however slow the request', async () => {
    const user = await newUser(['PICKER']);
    // A loaded machine: every clock read is a second later than the one before. Max-Age and
    // Expires must still both come from the one time the session was opened.
    const realNow = Date.now;
    let reads = 0;
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 1_000 * reads++);
    let response: Response;
    try {
      response = await postLogin(user.email, user.password);
    } finally {
      clock.mockRestore();
    }
    const body = await response.json();
    expect(body.data.login.userErrors).toEqual([]);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toContain(`; Max-Age=${sessionTtlMs / 1000};`);
    expect(cookie).toContain(`; Expires=${new Date(body.data.login.expiresAt).toUTCString()}`);
  });

  it('marks the cookie Secure over https, and behind a proxy only when TRUST_PROXY trusts it', async () => {
    const user = await newUser(['PACKER']);
    const login = (client: TestClient, url: string, headers: Record<string, string> = {}) =>
      client.yoga.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: LOGIN, variables: { email: user.email, password: user.password } }),
      });
    expect((await login(anonymous, 'https://orderly.test/graphql')).headers.get('set-cookie')).toMatch(/; Secure$/);
    // Anybody can send X-Forwarded-Proto: without a trusted proxy in front it means nothing.
    expect((await login(anonymous, 'http://orderly.test/graphql', { 'x-forwarded-proto': 'https' })).headers.get('set-cookie')).not.toMatch(/Secure/);
    const proxied = createTestClient(database.prisma, { anonymous: true, app: { auth: { trustProxy: true } } });
    expect((await login(proxied, 'http://orderly.test/graphql', { 'x-forwarded-proto': 'https' })).headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('returns the token for Authorization: Bearer when asked; logout revokes the session and clears the cookie', async () => {
    const user = await newUser(['SUPPORT']);
    const r = await anonymous(LOGIN, { email: user.email, password: user.password, bearer: true });
    const token = r.data.login.token as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const auth = { headers: { authorization: `Bearer ${token}` } };
    expect((await anonymous(ME, undefined, auth)).data.me.user.email).toBe(user.email);

    const out = await anonymous.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'mutation { logout { loggedOut } }' }),
    });
    expect((await out.json()).data.logout.loggedOut).toBe(true);
    expect(out.headers.get('set-cookie')).toMatch(/^orderly_session=; .*Max-Age=0/);

    const after = await anonymous(ME, undefined, auth);
    expect(after.data ?? null).toBeNull();
    expect(after.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const session = await database.prisma.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(session.revokedAt).not.toBeNull();
  });

  it('refuses a wrong password and an unknown e-mail with the same generic error, and never stores the password', async () => {
    const user = await newUser(['MANAGER'], 'my-secret-password-1');
    const wrong = await anonymous(LOGIN, { email: user.email, password: 'not-my-password' });
    const unknown = await anonymous(LOGIN, { email: 'nobody@orderly.test', password: 'not-my-password' });
    expect(wrong.data.login.userErrors).toEqual([{ code: 'INVALID_CREDENTIALS', message: expect.any(String), field: null }]);
    expect(unknown.data.login.userErrors).toEqual(wrong.data.login.userErrors);
    expect(wrong.data.login.me).toBeNull();

    const stored = await database.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^scrypt\$N=32768,r=8,p=1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(stored.passwordHash).not.toContain('my-secret-password-1');
    expect(await verifyPassword('my-secret-password-1', stored.passwordHash)).toBe(true);
    expect(stored.failedLoginCount).toBe(1);
    // Neither the password nor its hash ended up in an idempotency record or the audit log.
    const records = JSON.stringify(await database.prisma.idempotencyRecord.findMany());
    const audit = JSON.stringify(await database.prisma.auditLog.findMany());
    for (const text of [records, audit]) expect(text).not.toContain('my-secret-password-1');
    expect(audit).not.toContain('nobody@orderly.test');
  });

  it('locks the account after repeated failures, exponentially, without saying so; a success resets the count', async () => {
    const user = await newUser(['PICKER'], 'right-password-123');
    for (let i = 1; i < loginFreeAttempts; i++) {
      const r = await anonymous(LOGIN, { email: user.email, password: `wrong-${i}` });
      expect(r.data.login.userErrors[0].code).toBe('INVALID_CREDENTIALS');
    }
    let stored = await database.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.lockedUntil).toBeNull();

    const before = Date.now();
    await anonymous(LOGIN, { email: user.email, password: 'wrong-again' });
    stored = await database.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.failedLoginCount).toBe(loginFreeAttempts);
    const firstLock = stored.lockedUntil!.getTime() - before;
    expect(firstLock).toBeGreaterThan(25_000);
    expect(firstLock).toBeLessThan(35_000);

    // Locked: even the right password is refused, with the same error as a wrong one.
    const locked = await anonymous(LOGIN, { email: user.email, password: 'right-password-123' });
    expect(locked.data.login.userErrors[0].code).toBe('INVALID_CREDENTIALS');
    expect(locked.data.login.me).toBeNull();

    // The lock expires (moved into the past here); the next failure doubles it.
    await database.prisma.user.update({ where: { id: user.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    await anonymous(LOGIN, { email: user.email, password: 'wrong-once-more' });
    stored = await database.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    const secondLock = stored.lockedUntil!.getTime() - Date.now();
    expect(secondLock).toBeGreaterThan(55_000);
    expect(secondLock).toBeLessThan(65_000);

    await database.prisma.user.update({ where: { id: user.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    const ok = await anonymous(LOGIN, { email: user.email, password: 'right-password-123' });
    expect(ok.data.login.userErrors).toEqual([]);
    stored = await database.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored).toMatchObject({ failedLoginCount: 0, lockedUntil: null });
    const failures = await database.prisma.auditLog.count({ where: { subjectId: user.id, action: 'auth.login_failed' } });
    expect(failures).toBe(loginFreeAttempts + 1);
  });

  it('takes the failure count and the lock atomically: a parallel burst gets no more password checks than the free attempts', async () => {
    const checks = async (userId: string) => ({
      failed: await database.prisma.auditLog.count({ where: { subjectId: userId, action: 'auth.login_failed' } }),
      refusedLocked: await database.prisma.auditLog.count({ where: { subjectId: userId, action: 'auth.login_locked' } }),
    });

    // 30 wrong passwords at once, each its own request on its own connection.
    const target = await newUser(['PICKER'], 'right-password-123');
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => anonymous(LOGIN, { email: target.email, password: `wrong-${i}` })));
    expect(burst.every((r) => r.data.login.userErrors[0]?.code === 'INVALID_CREDENTIALS')).toBe(true);
    expect(await checks(target.id)).toEqual({ failed: loginFreeAttempts, refusedLocked: 30 - loginFreeAttempts });
    const stored = await database.prisma.user.findUniqueOrThrow({ where: { id: target.id } });
    expect(stored.failedLoginCount).toBe(loginFreeAttempts);
    expect(stored.lockedUntil!.getTime()).toBeGreaterThan(Date.now());

    // 19 wrong and the right one at once: the right one is checked only if it is among the free attempts.
    const victim = await newUser(['PICKER'], 'right-password-456');
    const mixed = await Promise.all(
      Array.from({ length: 20 }, (_, i) => anonymous(LOGIN, { email: victim.email, password: i === 19 ? 'right-password-456' : `wrong-${i}` })),
    );
    const accepted = mixed.filter((r) => r.data.login.userErrors.length === 0).length;
    const { failed, refusedLocked } = await checks(victim.id);
    expect(accepted).toBeLessThanOrEqual(1);
    expect(failed + accepted).toBeLessThanOrEqual(loginFreeAttempts);
    expect(failed + accepted + refusedLocked).toBe(20);
  });

  it('answers UNAUTHENTICATED to anonymous and bogus credentials, with no stack', async () => {
    const none = await anonymous(ME);
    expect(none.errors![0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
    const bogus = await anonymous('{ orders(first: 1) { totalCount } }', undefined, { headers: { authorization: 'Bearer not-a-token' } });
    expect(bogus.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const expired = createTestClient(database.prisma, { roles: ['ADMIN'] });
    const { userId } = await expired.ready;
    await database.prisma.session.updateMany({ where: { userId: userId! }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const late = await expired(ME);
    expect(late.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify([none, bogus, late])).not.toMatch(/stack|\.ts:\d+/);
  });
});

describe('staff management by an admin', () => {
  let database: TestDatabase;
  let admin: TestClient;
  let anonymous: TestClient;
  useTestDatabase((world) => ({ database, admin, anonymous } = world));

  it('creates users with typed errors and idempotency keys', async () => {
    const input = { email: 'Olga@Orderly.test', name: 'Ольга', password: 'long-enough-pw', roles: ['PACKER'] };
    const created = await admin(CREATE_USER, { input, key: 'create-olga-1' });
    expect(created.data.createUser).toMatchObject({ user: { email: 'olga@orderly.test', roles: ['PACKER'], active: true }, userErrors: [] });
    const replay = await admin(CREATE_USER, { input, key: 'create-olga-1' });
    expect(replay.data.createUser.user.id).toBe(created.data.createUser.user.id);
    expect(await database.prisma.user.count({ where: { email: 'olga@orderly.test' } })).toBe(1);

    const taken = await admin(CREATE_USER, { input });
    expect(taken.data.createUser.userErrors).toEqual([{ code: 'EMAIL_TAKEN', field: ['input', 'email'], message: expect.any(String) }]);
    const weak = await admin(CREATE_USER, { input: { ...input, email: 'x@orderly.test', password: 'short' } });
    expect(weak.data.createUser.userErrors[0]).toMatchObject({ code: 'WEAK_PASSWORD', field: ['input', 'password'] });
    const badEmail = await admin(CREATE_USER, { input: { ...input, email: 'not an email' } });
    expect(badEmail.data.createUser.userErrors[0]).toMatchObject({ code: 'INVALID_EMAIL' });
    const noRoles = await admin(CREATE_USER, { input: { ...input, email: 'y@orderly.test', roles: [] } });
    expect(noRoles.data.createUser.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'roles'] });
  });

  it('changes roles (effective on the next request), resets passwords and deactivates, ending sessions', async () => {
    const created = await admin(CREATE_USER, { input: { email: 'pavel@orderly.test', name: 'Павел', password: 'first-password', roles: ['PICKER'] } });
    const id = created.data.createUser.user.id;
    const login = await anonymous(LOGIN, { email: 'pavel@orderly.test', password: 'first-password', bearer: true });
    const auth = { headers: { authorization: `Bearer ${login.data.login.token}` } };
    const missingOrder = Buffer.from('Order:00000000-0000-7000-8000-000000000000').toString('base64');
    const cancel = `mutation { placeHold(id: "${missingOrder}", reason: OTHER) { userErrors { code } } }`;
    expect((await anonymous(cancel, undefined, auth)).errors![0].extensions!.code).toBe('FORBIDDEN');

    const updated = await admin(
      `mutation($id: ID!) { updateUser(id: $id, input: { roles: [PICKER, SUPPORT], name: "Павел С." }) { user { roles name } userErrors { code } } }`,
      { id },
    );
    expect(updated.data.updateUser).toEqual({ user: { roles: ['PICKER', 'SUPPORT'], name: 'Павел С.' }, userErrors: [] });
    const now = await anonymous(cancel, undefined, auth);
    expect(now.errors).toBeUndefined();
    expect(now.data.placeHold.userErrors[0].code).toBe('NOT_FOUND');

    const reset = await admin(`mutation($id: ID!) { resetUserPassword(id: $id, password: "second-password") { user { locked } userErrors { code } } }`, { id });
    expect(reset.data.resetUserPassword.userErrors).toEqual([]);
    expect((await anonymous(ME, undefined, auth)).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect((await anonymous(LOGIN, { email: 'pavel@orderly.test', password: 'first-password' })).data.login.userErrors[0].code).toBe('INVALID_CREDENTIALS');
    const again = await anonymous(LOGIN, { email: 'pavel@orderly.test', password: 'second-password', bearer: true });
    expect(again.data.login.userErrors).toEqual([]);

    const deactivated = await admin(`mutation($id: ID!) { deactivateUser(id: $id) { user { active } userErrors { code } } }`, { id });
    expect(deactivated.data.deactivateUser).toEqual({ user: { active: false }, userErrors: [] });
    expect((await anonymous(ME, undefined, { headers: { authorization: `Bearer ${again.data.login.token}` } })).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect((await anonymous(LOGIN, { email: 'pavel@orderly.test', password: 'second-password' })).data.login.userErrors[0].code).toBe('INVALID_CREDENTIALS');

    const listed = await admin(`{ users(first: 50, includeInactive: true) { edges { node { email active } } } }`);
    expect(listed.data.users.edges.map((e: any) => e.node)).toContainEqual({ email: 'pavel@orderly.test', active: false });
    const active = await admin(`{ users(first: 50) { edges { node { email } } } }`);
    expect(active.data.users.edges.map((e: any) => e.node.email)).not.toContain('pavel@orderly.test');
    const actions = (await database.prisma.auditLog.findMany({ where: { subjectId: rawId(id) }, orderBy: { createdAt: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['user.created', 'user.updated', 'user.password_reset', 'user.deactivated']));
  });

  it('keeps at least one active admin and does not let admins deactivate themselves', async () => {
    const { userId } = await admin.ready;
    const self = await admin(`mutation($id: ID!) { deactivateUser(id: $id) { userErrors { code } } }`, { id: Buffer.from(`User:${userId}`).toString('base64') });
    expect(self.data.deactivateUser.userErrors[0].code).toBe('INVALID_INPUT');
    await database.prisma.user.updateMany({ where: { roles: { has: 'ADMIN' }, id: { not: userId! } }, data: { active: false } });
    const demote = await admin(`mutation($id: ID!) { updateUser(id: $id, input: { roles: [MANAGER] }) { userErrors { code } } }`, {
      id: Buffer.from(`User:${userId}`).toString('base64'),
    });
    expect(demote.data.updateUser.userErrors[0].code).toBe('LAST_ADMIN');
  });
});

describe('demo logins', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemoData(database.prisma);
  });
  afterAll(() => database.drop());

  it('seeds one user per role who can log in with the documented password', async () => {
    const anonymous = createTestClient(database.prisma, { anonymous: true });
    expect(demoUsers.map((u) => u.email)).toEqual([
      'admin@orderly.local',
      'manager@orderly.local',
      'picker@orderly.local',
      'packer@orderly.local',
      'support@orderly.local',
    ]);
    for (const user of demoUsers) {
      const r = await anonymous(LOGIN, { email: user.email, password: user.password });
      expect(r.data.login.userErrors).toEqual([]);
      expect(r.data.login.me.roles).toEqual(user.roles);
    }
    // Seeding again changes nothing.
    expect(await seedDemoData(database.prisma)).toBeNull();
    expect(await database.prisma.user.count()).toBe(demoUsers.length);
  });
});
