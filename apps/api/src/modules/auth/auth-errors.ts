import { GraphQLError } from 'graphql';
import type { Viewer } from '../../context.ts';
import type { Permission } from './permissions.ts';

/**
 * The GraphQL errors of authorisation. They are GraphQLErrors created by us, so error masking lets
 * them through with their message and code (never a stack):
 * - UNAUTHENTICATED: no valid session or API key (the PWA shows its login screen);
 * - FORBIDDEN: signed in, but the role or key lacks the permission (named in extensions).
 */
export function unauthenticatedError(message = 'Sign in first (login mutation, session cookie or Authorization: Bearer <token>)') {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });
}

export function forbiddenError(what: string, required: readonly Permission[] = []) {
  const needs = required.length ? ` (needs ${required.join(' and ')})` : '';
  return new GraphQLError(`Not allowed: ${what}${needs}`, { extensions: { code: 'FORBIDDEN', ...(required.length ? { requiredPermissions: [...required] } : {}) } });
}

export const authorizationError = (viewer: Viewer | null, what: string, required: readonly Permission[] = []) =>
  viewer ? forbiddenError(what, required) : unauthenticatedError();

/** The permissions named in a scope-auth failure tree (for the error's extensions). */
export function permissionsInFailure(failure: unknown): Permission[] {
  const found = new Set<Permission>();
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const f = node as { kind?: unknown; scope?: unknown; parameter?: unknown; failures?: unknown };
    if (f.kind === 'AuthScope' && f.scope === 'permission') {
      for (const p of Array.isArray(f.parameter) ? f.parameter : [f.parameter]) found.add(p as Permission);
    }
    if (Array.isArray(f.failures)) f.failures.forEach(walk);
  };
  walk(failure);
  return [...found];
}
