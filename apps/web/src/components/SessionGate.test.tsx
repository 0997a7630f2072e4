import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor } from '@solidjs/testing-library';
import { createMockFetch, makeOrder, ordersPage, statusCounts } from '../test/graphqlMock';
import { renderApp } from '../test/renderApp';

const unauthenticated = { data: null, errors: [{ message: 'Sign in first', extensions: { code: 'UNAUTHENTICATED' } }] };

describe('SessionGate', () => {
  afterEach(() => localStorage.clear());

  it('on a device nobody signed in on, asks for the session first: without one, the login screen and nothing of the queue', async () => {
    const api = createMockFetch({ Me: () => unauthenticated, OrderQueue: () => unauthenticated, OrderStatusCounts: () => unauthenticated });
    const { history } = renderApp({ fetch: api.fetch, locale: 'en', path: '/?status=NEW' });
    await waitFor(() => expect(history.get()).toBe('/login?next=%2F%3Fstatus%3DNEW'));
    await screen.findByTestId('login-submit');
    expect(api.requests.map((r) => r.operationName)).toEqual(['Me']);
    expect(screen.queryByTestId('order-list')).toBeNull();
  });

  it('with a session, opens the page and remembers that someone signed in here', async () => {
    const api = createMockFetch({ OrderQueue: () => ordersPage([makeOrder({ number: 7 })]), OrderStatusCounts: () => statusCounts({ NEW: 1 }) });
    renderApp({ fetch: api.fetch, locale: 'en', path: '/' });
    expect((await screen.findAllByTestId('order-row')).length).toBe(1);
    expect(api.requests[0].operationName).toBe('Me');
    expect(localStorage.getItem('orderly.signedIn')).toBe('1');
  });

  it('where someone signed in before, starts the page at once; an expired session still ends on the login screen', async () => {
    localStorage.setItem('orderly.signedIn', '1');
    const api = createMockFetch({ Me: () => unauthenticated, OrderQueue: () => unauthenticated, OrderStatusCounts: () => unauthenticated });
    const { history } = renderApp({ fetch: api.fetch, locale: 'en', path: '/' });
    await waitFor(() => expect(history.get()).toBe('/login?next=%2F'));
    expect(api.requests.some((r) => r.operationName === 'OrderStatusCounts')).toBe(true);
    expect(localStorage.getItem('orderly.signedIn')).toBeNull();
  });

  it('asks nothing on the pages that need no session (the outbox)', async () => {
    const api = createMockFetch({});
    renderApp({ fetch: api.fetch, locale: 'en', path: '/sync' });
    await screen.findByTestId('sync-page');
    expect(api.requests).toEqual([]);
  });
});
