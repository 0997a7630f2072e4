import type { Client } from '@urql/core';
import { Provider as UrqlProvider } from '@urql/solid';
import { MemoryRouter, Router, type MemoryHistory, type RouteSectionProps } from '@solidjs/router';
import { Layout } from './components/Layout';
import { SessionGate } from './components/SessionGate';
import { LiveProvider, type LiveClient } from './graphql/live';
import { I18nProvider, type I18n } from './i18n';
import { OutboxProvider, type Outbox } from './offline/outbox';
import { OpenAtStation } from './pages/login/OpenAtStation';
import { routes } from './routes';

export interface AppProps {
  client: Client;
  i18n: I18n;
  /** Mutations go through the outbox (offline queue + idempotency keys). */
  outbox: Outbox;
  /** Live updates (SSE subscriptions); screens just refetch on demand without it (tests). */
  live?: LiveClient;
  /** Tests: route in memory instead of the browser history. */
  history?: MemoryHistory;
}

/**
 * The shell around the current route, which waits for the session where none is known yet; opened
 * at "/" with a session, the app goes to the person's station.
 */
function Shell(props: RouteSectionProps) {
  return (
    <Layout>
      <OpenAtStation>
        <SessionGate>{props.children}</SessionGate>
      </OpenAtStation>
    </Layout>
  );
}

// The client, outbox and live connection are made once per app: the providers hand them out as they are.
/* eslint-disable solid/reactivity */
export function App(props: AppProps) {
  return (
    <I18nProvider i18n={props.i18n}>
      <UrqlProvider value={props.client}>
        <OutboxProvider value={props.outbox}>
          <LiveProvider value={props.live}>
            {props.history ? (
              <MemoryRouter history={props.history} root={Shell}>
                {routes}
              </MemoryRouter>
            ) : (
              <Router root={Shell}>{routes}</Router>
            )}
          </LiveProvider>
        </OutboxProvider>
      </UrqlProvider>
    </I18nProvider>
  );
}
/* eslint-enable solid/reactivity */
