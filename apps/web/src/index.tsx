import { render } from 'solid-js/web';
import { App } from './App';
import { createGraphqlClient } from './graphql/client';
import { browserLanguages, createI18n, detectLocale, readSavedLocale } from './i18n';
import { registerServiceWorker } from './pwa/register';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing in index.html');

const i18n = createI18n(detectLocale(readSavedLocale(), browserLanguages()));
const client = createGraphqlClient();

render(() => <App client={client} i18n={i18n} />, root);

registerServiceWorker();
