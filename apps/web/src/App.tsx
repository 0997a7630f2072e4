import type { Client } from '@urql/core';
import { Provider as UrqlProvider } from '@urql/solid';
import { MemoryRouter, Router, type MemoryHistory } from '@solidjs/router';
import { Layout } from './components/Layout';
import { I18nProvider, type I18n } from './i18n';
import { routes } from './routes';

export interface AppProps {
  client: Client;
  i18n: I18n;
  /** Tests: route in memory instead of the browser history. */
  history?: MemoryHistory;
}

export function App(props: AppProps) {
  return (
    <I18nProvider i18n={props.i18n}>
      <UrqlProvider value={props.client}>
        {props.history ? (
          <MemoryRouter history={props.history} root={Layout}>
            {routes}
          </MemoryRouter>
        ) : (
          <Router root={Layout}>{routes}</Router>
        )}
      </UrqlProvider>
    </I18nProvider>
  );
}
