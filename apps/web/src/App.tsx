import type { Client } from '@urql/core';
import { Provider as UrqlProvider } from '@urql/solid';
import { MemoryRouter, Router, type MemoryHistory } from '@solidjs/router';
import { Layout } from './components/Layout';
import { LiveProvider, type LiveClient } from './graphql/live';
import { I18nProvider, type I18n } from './i18n';
import { OutboxProvider, type Outbox } from './offline/outbox';
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

export function App(props: AppProps) {
  return (
    <I18nProvider i18n={props.i18n}>
      <UrqlProvider value={props.client}>
        <OutboxProvider value={props.outbox}>
          <LiveProvider value={props.live}>
            {props.history ? (
              <MemoryRouter history={props.history} root={Layout}>
                {routes}
              </MemoryRouter>
            ) : (
              <Router root={Layout}>{routes}</Router>
            )}
          </LiveProvider>
        </OutboxProvider>
      </UrqlProvider>
    </I18nProvider>
  );
}
