import { createEffect, createSignal, Show, type ParentProps } from 'solid-js';
import { useLocation, useNavigate } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { LoadingState } from '../../components/QueryStates';
import { landingFor, rememberedStations, roleStation } from './landing';
import { MeQuery } from './login.graphql';

/**
 * Opening the app at "/" with a session already on the device (no sign-in) lands on the person's
 * station too, as signing in does (./landing.ts): a picker at the pick lists, a packer at the
 * packing queue, or the floor station used last here. Managers and admins get the queue they opened.
 * Only the page the app was opened at: the queue tab tapped later stays the queue. Until `me`
 * answers nothing is shown, so a picker never loads the queue; without a session or offline the
 * route shows as it is (the login screen, the offline page).
 */
export function OpenAtStation(props: ParentProps) {
  const location = useLocation();
  const navigate = useNavigate();
  // Read now: the gate remembers "/" as the station in use as soon as the route shows.
  const remembered = rememberedStations();
  const [decided, setDecided] = createSignal(location.pathname !== '/' || location.search !== '');
  const [me] = createQuery({ query: MeQuery, requestPolicy: 'cache-first', pause: decided });
  createEffect(() => {
    if (decided()) return;
    // Moved on (to the station, once the router got there): show the route.
    if (location.pathname !== '/') return void setDecided(true);
    if (!me.data && !me.error) return;
    const who = me.data?.me;
    const station = who && roleStation(who.roles, who.permissions) !== '/' ? landingFor(who, remembered) : '/';
    if (station === '/') setDecided(true);
    else navigate(station, { replace: true });
  });
  return (
    <Show when={decided()} fallback={<LoadingState data-testid="route-loading" />}>
      {props.children}
    </Show>
  );
}
