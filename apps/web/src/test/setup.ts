import { afterEach } from 'vitest';
import { cleanup } from '@solidjs/testing-library';

// jsdom has no scrolling; the router calls scrollTo on navigation.
window.scrollTo = () => {};

// vitest runs without globals, so @solidjs/testing-library can't register its own cleanup.
afterEach(() => {
  cleanup();
  localStorage.clear();
  document.documentElement.removeAttribute('lang');
});
