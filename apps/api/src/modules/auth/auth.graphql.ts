import { Role } from '@orderly/schema';
import { z } from 'zod';
import { builder, type Types } from '../../builder.ts';
import type { Viewer } from '../../context.ts';
import { catchUserErrors, idempotencyArgs, payloadType, runMutation, runMutationWithSecret } from '../common/mutation.ts';
import { type CredentialsChanged, liveUpdates } from '../live/live-bus.ts';
import { createApiKey, createUser, login, logout, resetUserPassword, revokeApiKey, sessionCookie, setUserActive, updateUser, userViewer } from './auth.service.ts';
import { apiKeyScopes } from './permissions.ts';

export const RoleEnum = builder.enumType(Role, { name: 'Role', description: 'Staff roles; what each may do is in the README ("Who may do what").' });

export const ApiKeyScopeEnum = builder.enumType('ApiKeyScope', {
  description: 'What an integrator API key may do, Shopify-style: read_<resource> or write_<resource> (write includes read).',
  values: apiKeyScopes,
});

const ViewerKindEnum = builder.enumType('ViewerKind', { values: ['USER', 'API_KEY', 'SYSTEM'] as const });

export const User = builder.prismaNode('User', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'users:manage', $granted: 'self' },
  description: 'A staff account. Passwords are stored as scrypt hashes and never returned.',
  fields: (t) => ({
    email: t.exposeString('email'),
    name: t.exposeString('name'),
    roles: t.expose('roles', { type: [RoleEnum] }),
    locale: t.exposeString('locale'),
    active: t.exposeBoolean('active', { description: 'Deactivated users cannot log in; their sessions were revoked.' }),
    locked: t.boolean({
      description: 'Temporarily locked after repeated failed logins (a password reset lifts it).',
      select: { lockedUntil: true },
      resolve: (u, _args, ctx) => !!u.lockedUntil && u.lockedUntil > ctx.now,
    }),
    lastLoginAt: t.expose('lastLoginAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const ApiKey = builder.prismaNode('ApiKey', {
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'apikeys:manage', $granted: 'self' },
  description: 'An integrator API key. The key itself is shown once, at creation; Orderly keeps only its sha256 and its first characters.',
  fields: (t) => ({
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The first characters of the key ("ork_AbCd1234"), to recognise it.' }),
    scopes: t.exposeStringList('scopes'),
    active: t.boolean({ select: { revokedAt: true }, resolve: (k) => k.revokedAt === null }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'Updated at most once a minute.' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    createdBy: t.relation('createdBy', { nullable: true, description: 'Needs users:manage.' }),
  }),
});

const AuditEntry = builder.prismaNode('AuditLog', {
  name: 'AuditEntry',
  id: { field: 'id' },
  nullable: true, // node(id) of a row that does not exist answers null
  authScopes: { permission: 'audit:read' },
  description: 'A sensitive action or a read of unmasked buyer data: who, what, on which object. Never holds the data itself.',
  fields: (t) => ({
    actor: t.exposeString('actor'),
    action: t.exposeString('action', { description: 'pii.read, user.created, apikey.revoked, auth.login_failed, …' }),
    subjectType: t.exposeString('subjectType'),
    subjectId: t.exposeString('subjectId'),
    data: t.field({ type: 'JSON', resolve: (e) => e.data }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const Me = builder.objectRef<Viewer>('Me').implement({
  description: 'The caller: a staff user (session) or an integrator (API key), and what they may do.',
  fields: (t) => ({
    actor: t.exposeString('actor', { description: 'How timelines and ledgers name the caller: user:<id> or apikey:<id>.' }),
    kind: t.field({ type: ViewerKindEnum, resolve: (v) => (v.kind === 'user' ? 'USER' : v.kind === 'apiKey' ? 'API_KEY' : 'SYSTEM') }),
    roles: t.field({ type: [RoleEnum], resolve: (v) => [...v.roles] }),
    scopes: t.stringList({ resolve: (v) => [...v.scopes] }),
    permissions: t.stringList({ description: 'orders:read, picking, customers:read_pii, … (README: "Who may do what").', resolve: (v) => [...v.permissions].sort() }),
    user: t.prismaField({
      type: User,
      nullable: true,
      // The caller's own account: readable without users:manage (its relations are not).
      grantScopes: ['self'],
      resolve: (query, v, _args, ctx) => (v.userId ? ctx.db.user.findUnique({ ...query, where: { id: v.userId } }) : null),
    }),
    apiKey: t.prismaField({
      type: ApiKey,
      nullable: true,
      // The caller's own key: readable without apikeys:manage (who created it is not).
      grantScopes: ['self'],
      resolve: (query, v, _args, ctx) => (v.apiKeyId ? ctx.db.apiKey.findUnique({ ...query, where: { id: v.apiKeyId } }) : null),
    }),
  }),
});

// ─── Queries ────────────────────────────────────────────────────────────────────────────────────

builder.queryFields((t) => ({
  me: t.field({
    type: Me,
    authScopes: { authenticated: true },
    description: 'Who is calling. UNAUTHENTICATED without a valid session or API key (the PWA then shows its login screen).',
    resolve: (_root, _args, ctx) => ctx.viewer!,
  }),
  users: t.prismaConnection({
    type: User,
    cursor: 'id',
    authScopes: { permission: 'users:manage' },
    description: 'Staff accounts, by name.',
    args: { includeInactive: t.arg.boolean({ required: false }), search: t.arg.string({ required: false, validate: z.string().max(100) }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.user.findMany({
        ...query,
        where: {
          ...(args.includeInactive ? {} : { active: true }),
          ...(args.search ? { OR: [{ name: { contains: args.search, mode: 'insensitive' } }, { email: { contains: args.search, mode: 'insensitive' } }] } : {}),
        },
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
      }),
  }),
  apiKeys: t.prismaConnection({
    type: ApiKey,
    cursor: 'id',
    authScopes: { permission: 'apikeys:manage' },
    description: 'Integrator API keys, newest first (never the keys themselves).',
    args: { includeRevoked: t.arg.boolean({ required: false }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.apiKey.findMany({ ...query, where: args.includeRevoked ? {} : { revokedAt: null }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  }),
  auditLog: t.prismaConnection({
    type: AuditEntry,
    cursor: 'id',
    authScopes: { permission: 'audit:read' },
    description: 'The audit log, newest first: unmasked buyer-data reads (pii.read), account and key changes, failed logins.',
    args: {
      action: t.arg.string({ required: false }),
      subjectType: t.arg.string({ required: false }),
      subjectId: t.arg.string({ required: false, description: 'The raw id (uuid) of the subject.' }),
      actor: t.arg.string({ required: false }),
    },
    resolve: (query, _root, args, ctx) =>
      ctx.db.auditLog.findMany({
        ...query,
        where: {
          ...(args.action ? { action: args.action } : {}),
          ...(args.subjectType ? { subjectType: args.subjectType } : {}),
          ...(args.subjectId ? { subjectId: args.subjectId } : {}),
          ...(args.actor ? { actor: args.actor } : {}),
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
}));

// ─── Mutations ──────────────────────────────────────────────────────────────────────────────────

const LoginPayload = payloadType<{ viewer: Viewer; token: string | null; expiresAt: Date }>('LoginPayload', {
  description: 'A session was opened (the response sets the httpOnly session cookie), or INVALID_CREDENTIALS.',
  fields: (t) => ({
    me: t.field({ type: Me, nullable: true, resolve: (p) => p.viewer ?? null }),
    token: t.string({
      nullable: true,
      description: 'The session token, only when asked for with `bearer: true` (handhelds and scripts send it as Authorization: Bearer). The PWA relies on the cookie.',
      resolve: (p) => p.token ?? null,
    }),
    expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (p) => p.expiresAt ?? null }),
  }),
});

const LogoutPayload = builder.objectRef<{ loggedOut: boolean }>('LogoutPayload').implement({
  fields: (t) => ({ loggedOut: t.exposeBoolean('loggedOut', { description: 'False when the request carried no session (an API key, an expired cookie).' }) }),
});

const UserPayload = payloadType<{ userId: string }>('UserPayload', {
  fields: (t) => ({
    user: t.prismaField({
      type: User,
      nullable: true,
      resolve: (query, p, _args, ctx) => (p.userId ? ctx.db.user.findUnique({ ...query, where: { id: p.userId } }) : null),
    }),
  }),
});

const apiKeyField = <T extends { apiKeyId?: string }>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, T>) =>
  t.prismaField({
    type: ApiKey,
    nullable: true,
    resolve: (query, p, _args, ctx) => (p.apiKeyId ? ctx.db.apiKey.findUnique({ ...query, where: { id: p.apiKeyId } }) : null),
  });

const ApiKeyPayload = payloadType<{ apiKeyId: string }>('ApiKeyPayload', {
  fields: (t) => ({ apiKey: apiKeyField(t) }),
});

const CreateApiKeyPayload = payloadType<{ apiKeyId: string; key: string | null }>('CreateApiKeyPayload', {
  fields: (t) => ({
    apiKey: apiKeyField(t),
    key: t.string({
      nullable: true,
      description: 'The key (ork_…), shown this once: store it in the integration now. Null on an idempotent replay.',
      resolve: (p) => p.key ?? null,
    }),
  }),
});

const CreateUserInput = builder.inputType('CreateUserInput', {
  fields: (t) => ({
    email: t.string(),
    name: t.string(),
    password: t.string({ description: 'At least 10 characters. Stored as a scrypt hash only.' }),
    roles: t.field({ type: [RoleEnum] }),
    locale: t.string({ required: false, description: 'en, ru or zh.' }),
  }),
});

const UpdateUserInput = builder.inputType('UpdateUserInput', {
  fields: (t) => ({
    name: t.string({ required: false }),
    roles: t.field({ type: [RoleEnum], required: false, description: 'The new set of roles (replaces the old one).' }),
    locale: t.string({ required: false }),
  }),
});

/** Once a change of credentials has committed, the caller's open live streams re-check theirs (on every instance). */
function announced<T extends { userErrors: readonly unknown[] }>(payload: T, change: CredentialsChanged): T {
  if (!payload.userErrors.length) liveUpdates().credentialsChanged(change);
  return payload;
}

builder.mutationFields((t) => ({
  login: t.field({
    type: LoginPayload,
    authScopes: { public: true },
    // Password hashing is deliberately slow: a login costs as much of the caller's rate-limit budget as a big query.
    complexity: 250,
    description: 'Staff login with e-mail and password. Sets an httpOnly session cookie (SameSite=Lax). Repeated failures lock the account for a while.',
    args: {
      email: t.arg.string({ validate: z.string().max(200) }),
      password: t.arg.string({ validate: z.string().max(200) }),
      bearer: t.arg.boolean({ required: false, description: 'Also return the session token in the payload (for Authorization: Bearer).' }),
    },
    // Not runMutation: a failed attempt must stay counted (and audited), so login writes in its own
    // transactions instead of one that a refusal would roll back; the refusal becomes userErrors the same way.
    resolve: (_root, args, ctx) =>
      catchUserErrors(async () => {
        const session = await login(ctx.db, { email: args.email, password: args.password, userAgent: ctx.http.userAgent, now: ctx.now });
        ctx.http.setCookie(sessionCookie(session, { secure: ctx.http.secure }));
        const user = await ctx.db.user.findUniqueOrThrow({ where: { id: session.userId }, select: { id: true, roles: true } });
        return { viewer: userViewer(user, session.sessionId), token: args.bearer ? session.token : null, expiresAt: session.expiresAt };
      }),
  }),

  logout: t.field({
    type: LogoutPayload,
    authScopes: { authenticated: true },
    description: 'Ends the current session (revoked server-side) and clears the cookie.',
    resolve: async (_root, _args, ctx) => {
      ctx.http.setCookie(sessionCookie(null, { secure: ctx.http.secure }));
      const sessionId = ctx.viewer?.sessionId;
      if (!sessionId) return { loggedOut: false };
      const loggedOut = await logout(ctx.db, sessionId, ctx.now);
      liveUpdates().credentialsChanged({ sessionId });
      return { loggedOut };
    },
  }),

  createUser: t.field({
    type: UserPayload,
    authScopes: { permission: 'users:manage' },
    description: 'Create a staff account with roles and a first password.',
    args: { input: t.arg({ type: CreateUserInput }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      // The password stays out of the idempotency record (its request hash would be a fast hash of it).
      runMutation(ctx, 'createUser', { input: { ...args.input, password: undefined }, idempotencyKey: args.idempotencyKey }, (tx, actor) =>
        createUser(tx, args.input, actor),
      ),
  }),

  updateUser: t.field({
    type: UserPayload,
    authScopes: { permission: 'users:manage' },
    description: "Change a user's name, roles or language. Roles take effect on the user's next request.",
    args: { id: t.arg.globalID({ for: User }), input: t.arg({ type: UpdateUserInput }), ...idempotencyArgs },
    resolve: async (_root, args, ctx) =>
      announced(await runMutation(ctx, 'updateUser', args, (tx, actor) => updateUser(tx, args.id.id, args.input, actor)), { userId: args.id.id }),
  }),

  deactivateUser: t.field({
    type: UserPayload,
    authScopes: { permission: 'users:manage' },
    description: 'Stop a user from logging in and end all their sessions (their history stays).',
    args: { id: t.arg.globalID({ for: User }), ...idempotencyArgs },
    resolve: async (_root, args, ctx) =>
      announced(await runMutation(ctx, 'deactivateUser', args, (tx, actor) => setUserActive(tx, args.id.id, false, actor)), { userId: args.id.id }),
  }),

  reactivateUser: t.field({
    type: UserPayload,
    authScopes: { permission: 'users:manage' },
    args: { id: t.arg.globalID({ for: User }), ...idempotencyArgs },
    resolve: (_root, args, ctx) => runMutation(ctx, 'reactivateUser', args, (tx, actor) => setUserActive(tx, args.id.id, true, actor)),
  }),

  resetUserPassword: t.field({
    type: UserPayload,
    authScopes: { permission: 'users:manage' },
    description: "Set a new password for a user, lift a login lock and end the user's sessions.",
    args: { id: t.arg.globalID({ for: User }), password: t.arg.string(), ...idempotencyArgs },
    resolve: async (_root, args, ctx) =>
      announced(
        await runMutation(ctx, 'resetUserPassword', { id: args.id, idempotencyKey: args.idempotencyKey }, (tx, actor) =>
          resetUserPassword(tx, args.id.id, args.password, actor),
        ),
        { userId: args.id.id },
      ),
  }),

  createApiKey: t.field({
    type: CreateApiKeyPayload,
    authScopes: { permission: 'apikeys:manage' },
    description: 'Create an integrator API key with scopes. The key is in the payload this once; send it as Authorization: Bearer <key>.',
    args: { name: t.arg.string(), scopes: t.arg({ type: [ApiKeyScopeEnum] }), ...idempotencyArgs },
    resolve: (_root, args, ctx) =>
      runMutationWithSecret(ctx, 'createApiKey', args, 'key', async (tx) => {
        const created = await createApiKey(tx, { name: args.name, scopes: args.scopes }, ctx.viewer);
        return { result: { apiKeyId: created.apiKeyId }, secret: created.key };
      }),
  }),

  revokeApiKey: t.field({
    type: ApiKeyPayload,
    authScopes: { permission: 'apikeys:manage' },
    description: 'Revoke a key: requests with it are anonymous from now on.',
    args: { id: t.arg.globalID({ for: ApiKey }), ...idempotencyArgs },
    resolve: async (_root, args, ctx) =>
      announced(await runMutation(ctx, 'revokeApiKey', args, (tx, actor) => revokeApiKey(tx, args.id.id, actor)), { apiKeyId: args.id.id }),
  }),
}));
