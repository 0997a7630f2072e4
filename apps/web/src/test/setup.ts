import 'fake-indexeddb/auto';
import { afterEach } from 'vitest';
import { cleanup, configure } from '@solidjs/testing-library';
import { provideMessages } from '../i18n/messages';
import { ALL_DICTIONARIES } from '../i18n/messages/all';

// The app loads dictionaries with import(); tests have them all at once (synchronous language switch).
provideMessages(ALL_DICTIONARIES);

// The whole suite shares two cores with other projects: lazy routes and urql round trips can take
// longer than testing-library's default 1 s under that load.
configure({ asyncUtilTimeout: 5_000 });

// jsdom has no scrolling; the router calls scrollTo on navigation.
window.scrollTo = () => {};

// vitest runs without globals, so @solidjs/testing-library can't register its own cleanup.
afterEach(() => {
  cleanup();
  localStorage.clear();
  document.documentElement.removeAttribute('lang');
});
