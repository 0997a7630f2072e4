import { createEffect, createSignal, Show, type ParentProps } from 'solid-js';
import { useCurrentMatches, useLocation } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { hasUnauthenticatedError, unauthenticated } from '../auth/session';
import { MeQuery } from '../pages/login/login.graphql';
import { rememberStation } from '../pages/login/landing';
import { LoadingState } from './QueryStates';

/** Set on this device once someone signed in, cleared when the API says the session is gone. */
const SIGNED_IN_KEY = 'orderly.signedIn';

function signedInBefore(): boolean {
  try {
    return globalThis.localStorage?.getItem(SIGNED_IN_KEY) === '1';
  } catch {
    return false;
  }
}

function rememberSignedIn(value: boolean) {
  try {
    if (value) globalThis.localStorage?.setItem(SIGNED_IN_KEY, '1');
    else globalThis.localStorage?.removeItem(SIGNED_IN_KEY);
  } catch {
    // private mode: the gate just asks `me` every time
  }
}

/** Signing out: the next visit asks for the session before showing a page. */
export const forgetSignedIn = () => rememberSignedIn(false);

/**
 * The routes, once there may be a session. On a device nobody signed in on yet, `me` is asked
 * first: without a session the shell goes to the login screen (components/Layout) before any page's
 * chunk or query is loaded. Where someone signed in before, the page starts at once (an expired
 * session still ends on the login screen, after the page's first query). Offline or with the API
 * failing, the pages show it themselves. Routes with `info: { public: true }` (login, the outbox,
 * not found) need no session and ask nothing. The station in use (pick, pack, ship, the queue…) is
 * remembered on this device: the next sign-in lands there (pages/login/landing.ts).
 */
export function SessionGate(props: ParentProps) {
  const matches = useCurrentMatches();
  const location = useLocation();
  const isPublic = () => matches().some((m) => m.route.info?.public === true);
  const [known, setKnown] = createSignal(signedInBefore());
  const [me] = createQuery({ query: MeQuery, requestPolicy: 'cache-first', pause: () => known() || isPublic() });
  createEffect(() => {
    if (me.data?.me) {
      rememberSignedIn(true);
      setKnown(true);
    } else if (me.error && !hasUnauthenticatedError(me.error.graphQLErrors)) {
      setKnown(true);
    }
  });
  createEffect(() => unauthenticated() && rememberSignedIn(false));
  createEffect(() => (known() || isPublic()) && rememberStation(location.pathname));
  return (
    <Show when={known() || isPublic()} fallback={<LoadingState data-testid="route-loading" />}>
      {props.children}
    </Show>
  );
}
