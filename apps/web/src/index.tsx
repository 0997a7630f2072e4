import { render } from 'solid-js/web';
import { App } from './App';
import { createGraphqlClient } from './graphql/client';
import { createLiveClient } from './graphql/live';
import { browserLanguages, createI18n, detectLocale, loadMessages, readSavedLocale } from './i18n';
import { createOutbox } from './offline/createOutbox';
import { registerServiceWorker } from './pwa/register';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing in index.html');

const client = createGraphqlClient();
const outbox = createOutbox(client);
outbox.start();

// Only the language the app starts in is loaded (its own chunk); the others when switched to.
async function start(target: HTMLElement) {
  let locale = detectLocale(readSavedLocale(), browserLanguages());
  try {
    await loadMessages(locale);
  } catch {
    locale = 'en';
    await loadMessages(locale);
  }
  const i18n = createI18n(locale);
  render(() => <App client={client} i18n={i18n} outbox={outbox} live={createLiveClient()} />, target);
}
void start(root);

registerServiceWorker();
