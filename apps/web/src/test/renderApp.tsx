import { render } from '@solidjs/testing-library';
import { createMemoryHistory } from '@solidjs/router';
import { App } from '../App';
import { setUnauthenticated } from '../auth/session';
import { createGraphqlClient } from '../graphql/client';
import { createI18n, type Locale } from '../i18n';
import { Outbox, clientSender } from '../offline/outbox';
import { memoryOutboxStore, type OutboxStore } from '../offline/outboxStore';

/** Renders the whole app (shell + routes) in memory, with a mocked GraphQL fetch. */
export function renderApp(options: {
  fetch: typeof fetch;
  locale?: Locale;
  path?: string;
  persistLocale?: boolean;
  outboxStore?: OutboxStore;
  isOnline?: () => boolean;
}) {
  // A session lost in an earlier test (an answer that came in on its login screen) is not this app's.
  setUnauthenticated(false);
  const history = createMemoryHistory();
  history.set({ value: options.path ?? '/', replace: true, scroll: false });
  const i18n = createI18n(options.locale ?? 'en', { persist: options.persistLocale ?? false });
  const client = createGraphqlClient({ fetch: options.fetch });
  const outbox = new Outbox({
    store: options.outboxStore ?? memoryOutboxStore(),
    send: clientSender(client),
    isOnline: options.isOnline ?? (() => true),
    retryBaseMs: 60_000,
  });
  const result = render(() => <App client={client} i18n={i18n} outbox={outbox} history={history} />);
  return { ...result, history, i18n, client, outbox };
}
