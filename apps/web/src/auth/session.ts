import { createSignal } from 'solid-js';

/**
 * Session state as the client sees it. The API sets an httpOnly session cookie on login (sent with
 * every same-origin request: the urql client uses credentials: 'same-origin'); the app never sees
 * the cookie itself. Any GraphQL error with extensions.code UNAUTHENTICATED flips `unauthenticated`,
 * and the shell (components/Layout.tsx) sends the user to /login.
 */
const [unauthenticated, setUnauthenticated] = createSignal(false);

export { unauthenticated, setUnauthenticated };

export const UNAUTHENTICATED = 'UNAUTHENTICATED';

export function hasUnauthenticatedError(errors: readonly { extensions?: Record<string, unknown> }[] | undefined): boolean {
  return !!errors?.some((e) => e.extensions?.code === UNAUTHENTICATED);
}

export const LOGIN_PATH = '/login';

/**
 * The API has `login` / `me` / `logout` (apps/api modules/auth): an UNAUTHENTICATED error sends the
 * user to the login page. (Set to false to only record the flag, e.g. for an API without auth.)
 */
export const loginEnabled: boolean = true;
