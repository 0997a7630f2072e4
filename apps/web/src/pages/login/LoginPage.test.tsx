import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { createMockFetch, ordersPage, statusCounts, makeOrder, userErrors } from '../../test/graphqlMock';
import { renderApp } from '../../test/renderApp';

describe('login', () => {
  it('sends an unauthenticated user to /login and back where they were after signing in', async () => {
    let signedIn = false;
    const unauthenticated = { data: null, errors: [{ message: 'Sign in first', extensions: { code: 'UNAUTHENTICATED' } }] };
    const api = createMockFetch({
      OrderQueue: () => (signedIn ? ordersPage([makeOrder({ number: 5 })]) : unauthenticated),
      OrderStatusCounts: () => (signedIn ? statusCounts({ NEW: 1 }) : unauthenticated),
      Login: ({ variables }) => {
        if (variables.password !== 'right password') {
          return { data: { login: { __typename: 'LoginPayload', me: null, userErrors: userErrors({ code: 'INVALID_CREDENTIALS' }) } } };
        }
        signedIn = true;
        return {
          data: { login: { __typename: 'LoginPayload', me: { __typename: 'Me', actor: 'user:1', roles: ['PICKER'], permissions: [], user: null }, userErrors: [] } },
        };
      },
    });
    const { history } = renderApp({ fetch: api.fetch, locale: 'ru', path: '/?status=NEW' });
    await waitFor(() => expect(history.get()).toBe('/login?next=%2F%3Fstatus%3DNEW'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Вход');
    expect(screen.queryByTestId('tabbar')).toBeNull();

    fireEvent.click(screen.getByTestId('login-submit'));
    expect((await screen.findByTestId('login-error')).textContent).toBe('Введите почту и пароль.');

    fireEvent.input(screen.getByTestId('login-email'), { target: { value: 'picker@example.ru' } });
    fireEvent.input(screen.getByTestId('login-password'), { target: { value: 'nope' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    await waitFor(() => expect(screen.getByTestId('login-error').dataset.error).toBe('credentials'));
    expect(screen.getByTestId('login-error').textContent).toContain('Неверная почта или пароль');

    fireEvent.input(screen.getByTestId('login-password'), { target: { value: 'right password' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    await waitFor(() => expect(history.get()).toBe('/?status=NEW'));
    expect((await screen.findAllByTestId('order-row')).length).toBe(1);
    const login = api.requests.filter((r) => r.operationName === 'Login').at(-1)!;
    expect(login.method).toBe('POST');
    expect(login.variables).toEqual({ email: 'picker@example.ru', password: 'right password' });
  });

  it('sends a picker who opened the app at its start to the pick lists, not the order queue', async () => {
    localStorage.clear();
    const picker = { __typename: 'Me', actor: 'user:2', roles: ['PICKER'], permissions: ['orders:read', 'picking'], user: null };
    let signedIn = false;
    const unauthenticated = { data: null, errors: [{ message: 'Sign in first', extensions: { code: 'UNAUTHENTICATED' } }] };
    const api = createMockFetch({
      Me: () => (signedIn ? { data: { me: picker } } : unauthenticated),
      OrderQueue: () => unauthenticated,
      OrderStatusCounts: () => (signedIn ? statusCounts({ CONFIRMED: 0 }) : unauthenticated),
      Login: () => {
        signedIn = true;
        return {
          data: {
            login: {
              __typename: 'LoginPayload',
              me: picker,
              userErrors: [],
            },
          },
        };
      },
    });
    const { history } = renderApp({ fetch: api.fetch, locale: 'en', path: '/' });
    await waitFor(() => expect(history.get()).toBe('/login?next=%2F'));
    fireEvent.input(screen.getByTestId('login-email'), { target: { value: 'picker@example.test' } });
    fireEvent.input(screen.getByTestId('login-password'), { target: { value: 'right password' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    await waitFor(() => expect(history.get()).toBe('/pick'));
    await waitFor(() => expect(localStorage.getItem('orderly.station.floor')).toBe('/pick'));
    localStorage.clear();
  });
});
