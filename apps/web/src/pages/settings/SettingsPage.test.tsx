import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { createMockFetch } from '../../test/graphqlMock';
import { renderApp } from '../../test/renderApp';
import { LABEL_FORMAT_KEY, labelFormat, reloadSettings } from '../../lib/settings';
import { saveResponse, savedResponseCount } from '../../offline/responseCache';
import { memoryOutboxStore } from '../../offline/outboxStore';

const me = {
  data: {
    me: {
      __typename: 'Me',
      actor: 'user:u-1',
      roles: ['MANAGER'],
      permissions: ['orders:read'],
      user: { __typename: 'User', id: 'VXNlcjox', name: 'Лена', email: 'lena@example.ru', locale: 'ru' },
    },
  },
};

describe('SettingsPage', () => {
  it('switches the language, stores the label format on the device and signs out', async () => {
    reloadSettings();
    const api = createMockFetch({ Me: () => me, Logout: () => ({ data: { logout: { __typename: 'LogoutPayload', loggedOut: true } } }) });
    const { history } = renderApp({ fetch: api.fetch, locale: 'en', path: '/settings', persistLocale: true });
    expect((await screen.findByTestId('settings-user-name')).textContent).toBe('Лена');

    const ru = screen.getAllByTestId('settings-locale').find((r) => (r as HTMLInputElement).value === 'ru')!;
    fireEvent.click(ru);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Настройки');
    expect(localStorage.getItem('orderly.locale')).toBe('ru');
    expect((screen.getByTestId('language-switch') as HTMLSelectElement).value).toBe('ru');

    const zpl = screen.getAllByTestId('label-format').find((r) => (r as HTMLInputElement).value === 'ZPL')!;
    fireEvent.click(zpl);
    expect(labelFormat()).toBe('ZPL');
    expect(localStorage.getItem(LABEL_FORMAT_KEY)).toBe('ZPL');

    saveResponse('some-query', { order: { id: 1 } });
    fireEvent.click(screen.getByTestId('logout'));
    await waitFor(() => expect(history.get()).toBe('/login'));
    expect(api.requests.some((r) => r.operationName === 'Logout' && r.method === 'POST')).toBe(true);
    expect(savedResponseCount()).toBe(0); // nothing of this session's data stays on the device
  });

  it('clears offline data, warning first when changes are still waiting', async () => {
    const store = memoryOutboxStore();
    const api = createMockFetch({
      Me: () => me,
      PlaceHold: () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const { outbox } = renderApp({ fetch: api.fetch, locale: 'en', path: '/settings', outboxStore: store });
    await screen.findByTestId('settings-page');
    saveResponse('q1', { a: 1 });
    saveResponse('q2', { a: 2 });
    await outbox.submit({ op: 'placeHold', query: 'mutation PlaceHold { placeHold(id: "x", reason: OTHER) { userErrors { code } } }', variables: {} });
    expect(outbox.pendingCount()).toBe(1);

    fireEvent.click(screen.getByTestId('clear-offline'));
    expect(screen.getByTestId('clear-offline-confirm').textContent).toContain('1 change has not been sent yet and will be lost.');
    fireEvent.click(screen.getByTestId('clear-offline-yes'));
    await screen.findByTestId('offline-cleared');
    expect(savedResponseCount()).toBe(0);
    expect(outbox.pendingCount()).toBe(0);
    expect(await store.all()).toEqual([]);
  });
});
