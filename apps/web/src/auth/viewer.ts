import { createQuery } from '@urql/solid';
import { MeQuery } from '../pages/login/login.graphql';

/** Permissions of the API (apps/api/src/modules/auth/permissions.ts) the floor screens look at. */
export type Permission =
  | 'orders:read'
  | 'orders:write'
  | 'orders:cancel'
  | 'inventory:write'
  | 'picking'
  | 'packing'
  | 'shipping'
  | 'shipments:read'
  | 'documents:print'
  | 'exceptions:read'
  | 'exceptions:manage'
  | 'returns:read'
  | 'returns:manage'
  | 'returns:receive'
  | 'dashboard:read'
  | 'reviews:read'
  | 'reviews:write'
  | 'receiving';

/**
 * What the signed-in user may do, from `me { permissions }` (cached; saved for offline use like
 * other reads). Screens hide actions the user cannot do — the API enforces it anyway. While `me` is
 * unknown (first load offline) everything is shown rather than nothing.
 */
export function useViewer() {
  const [me] = createQuery({ query: MeQuery, requestPolicy: 'cache-first' });
  const can = (permission: Permission): boolean => {
    const permissions = me.data?.me?.permissions;
    return permissions ? permissions.includes(permission) : true;
  };
  return {
    me: () => me.data?.me ?? null,
    userId: () => me.data?.me?.user?.id ?? null,
    can,
    /** All of these. */
    canAll: (...list: Permission[]) => list.every(can),
  };
}
