import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import axe from 'axe-core';
import { createMockFetch, MANAGER_PERMISSIONS, meResponse, userErrors, type RecordedRequest } from '../../test/graphqlMock';
import { renderApp } from '../../test/renderApp';

const admin = () => meResponse({ roles: ['ADMIN'], permissions: [...MANAGER_PERMISSIONS, 'printers:manage', 'marketplaces:manage'] });
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

function account(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'OzonAccount',
    id: 'T3pvbkFjY291bnQ6MQ==',
    name: 'Main shop',
    channel: 'ozon',
    clientId: '1001',
    apiBaseUrl: 'https://api-seller.ozon.ru',
    active: true,
    pushPath: '/integrations/ozon/0193/push',
    warehouses: [{ __typename: 'OzonWarehouseMapping', ozonWarehouseId: '22000001', warehouseCode: 'MSK-1' }],
    syncHealth: {
      __typename: 'MarketplaceSyncHealth',
      lastSuccessfulSyncAt: ago(30),
      backlog: 2,
      queuedSyncs: 5,
      retryingSyncs: 1,
      unshipped: 3,
      labelsWaiting: 4,
      attention: [
        {
          __typename: 'MarketplaceAttention',
          kind: 'UNKNOWN_PRODUCT',
          count: 2,
          postingNumbers: ['10000001-0001-1', '10000002-0002-1'],
          lastError: 'UNKNOWN_PRODUCT: NOT-OURS',
        },
        { __typename: 'MarketplaceAttention', kind: 'SHIP_FAILED', count: 1, postingNumbers: ['10000003-0003-1'], lastError: 'OzonShipFailedError' },
        { __typename: 'MarketplaceAttention', kind: 'SYNC_FAILING', count: 1, postingNumbers: [], lastError: 'OzonApiError /v3/posting/fbs/list 500' },
        {
          __typename: 'MarketplaceAttention',
          kind: 'METHOD_BLOCKED',
          count: 2,
          postingNumbers: ['/v3/posting/fbs/get', '/v2/posting/fbs/package-label'],
          lastError: '/v3/posting/fbs/get: Circle is open',
        },
      ],
      methodBlocks: [
        {
          __typename: 'MarketplaceMethodBlock',
          method: '/v3/posting/fbs/get',
          state: 'OPEN',
          blockedUntil: new Date(Date.now() + 120_000).toISOString(),
          since: ago(10),
          opens: 3,
          message: 'Circle is open',
        },
        {
          __typename: 'MarketplaceMethodBlock',
          method: '/v2/posting/fbs/package-label',
          state: 'HALF_OPEN',
          blockedUntil: ago(1),
          since: ago(5),
          opens: 1,
          message: 'Too many requests',
        },
      ],
      stockPush: { __typename: 'MarketplaceStockPush', pairs: 120, lastPushAt: ago(1), waiting: 7 },
    },
    ...overrides,
  };
}

const warehouses = [{ __typename: 'Warehouse', id: 'V2FyZWhvdXNlOjE=', code: 'MSK-1', name: 'Москва' }];

/** A fake accounts API: the list the mutations change, as the server would. */
function accountsApi(initial = [account()]) {
  let list = [...initial];
  const payload = (name: string, body: Record<string, unknown>) => ({ data: { [name]: { __typename: 'OzonAccountPayload', ...body } } });
  return createMockFetch({
    Me: admin,
    MarketplaceAccounts: () => ({ data: { marketplaceAccounts: list, warehouses } }),
    CreateOzonAccount: (r: RecordedRequest) => {
      const input = r.variables.input as Record<string, unknown>;
      if (input.clientId === '1001')
        return payload('createOzonAccount', {
          account: null,
          userErrors: userErrors({ code: 'INVALID_INPUT', field: ['input', 'clientId'], message: 'This Client-Id already has an account' }),
        });
      const created = account({ id: 'T3pvbkFjY291bnQ6Mg==', name: input.name, channel: input.channel, clientId: input.clientId });
      list = [...list, created];
      return payload('createOzonAccount', { account: created, userErrors: [] });
    },
    UpdateOzonAccount: (r: RecordedRequest) => {
      const input = r.variables.input as Record<string, unknown>;
      list = list.map((a) => (a.id === r.variables.id ? { ...a, name: String(input.name) } : a));
      return payload('updateOzonAccount', { account: list.find((a) => a.id === r.variables.id), userErrors: [] });
    },
  });
}

const sent = (api: { requests: RecordedRequest[] }, name: string) => api.requests.filter((r) => r.operationName === name);

describe('Settings → Marketplace accounts', () => {
  it('shows each account’s last sync, backlog, what needs attention (the API’s kinds) with what to do, blocks and the stock push — axe-clean', async () => {
    const api = accountsApi();
    renderApp({ fetch: api.fetch, locale: 'ru', path: '/settings' });
    // The first render loads the settings page's chunks (slow on a busy machine).
    const section = await screen.findByTestId('settings-marketplace', {}, { timeout: 15_000 });
    const row = await within(section).findByTestId('marketplace-account');
    expect(within(row).getByTestId('marketplace-account-name').textContent).toBe('Main shop');
    expect(row.textContent).toContain('канал ozon');
    expect(within(row).getByTestId('marketplace-last-sync').textContent).toContain('Последняя успешная синхронизация');
    const blocks = within(row).getAllByTestId('marketplace-blocked');
    expect(blocks.map((b) => b.dataset.state)).toEqual(['OPEN', 'HALF_OPEN']);
    expect(blocks[0]!.textContent).toContain('Ozon блокирует /v3/posting/fbs/get до');
    expect(within(blocks[0]!).getByTestId('marketplace-block-detail').textContent).toContain('Блокировок подряд: 3');
    expect(within(blocks[0]!).getByTestId('marketplace-block-detail').textContent).toContain('Ozon: Circle is open');
    expect(blocks[1]!.textContent).toContain('Ozon блокировал /v2/posting/fbs/package-label: сейчас уйдёт одна пробная попытка');
    expect(within(row).getByTestId('marketplace-queued').textContent).toBe('5 (1 из них повторяются)');
    expect(within(row).getByTestId('marketplace-unshipped').textContent).toBe('3');
    expect(within(row).getByTestId('marketplace-labels-waiting').textContent).toBe('4');
    const attention = within(row).getAllByTestId('marketplace-attention');
    // As the API classified them (health.service), in its order; this screen only words them.
    expect(attention.map((a) => a.dataset.kind)).toEqual(['UNKNOWN_PRODUCT', 'SHIP_FAILED', 'SYNC_FAILING', 'METHOD_BLOCKED']);
    expect(attention[2]!.textContent).toContain('Синхронизация не проходит: 1');
    expect(attention[2]!.textContent).toContain('/v3/posting/fbs/list 500');
    expect(within(attention[2]!).getByTestId('marketplace-todo').textContent).toContain('Проверьте Client-Id');
    expect(attention[3]!.textContent).toContain('Методы Ozon временно заблокированы: 2');
    expect(attention[3]!.textContent).not.toContain('Отправления:');
    expect(attention[0]!.textContent).toContain('Отправления с неизвестными товарами: 2');
    expect(within(attention[0]!).getByTestId('marketplace-todo').textContent).toContain('Добавьте товары');
    expect(attention[0]!.textContent).toContain('10000001-0001-1, 10000002-0002-1');
    expect(within(row).getByTestId('marketplace-stock').textContent).toContain('Пар товар–склад в Ozon: 120');
    expect(within(row).getByTestId('marketplace-stock').textContent).toContain('ждут: 7');

    const results = await axe.run(section, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  it('shows a kind of trouble it has no words for as the API names it, without advice', async () => {
    const health = account().syncHealth;
    const api = accountsApi([
      account({
        syncHealth: {
          ...health,
          methodBlocks: [],
          attention: [{ __typename: 'MarketplaceAttention', kind: 'RETURNS_FAILED', count: 4, postingNumbers: [], lastError: null }],
        },
      }),
    ]);
    renderApp({ fetch: api.fetch, locale: 'en', path: '/settings' });
    const item = await screen.findByTestId('marketplace-attention', {}, { timeout: 15_000 });
    expect(item.dataset.kind).toBe('RETURNS_FAILED');
    expect(item.textContent).toContain('RETURNS_FAILED: 4');
    expect(within(item).queryByTestId('marketplace-todo')).toBeNull();
    expect(screen.queryByTestId('marketplace-blocked')).toBeNull();
  });

  it('adds an account (a refused Client-Id is marked), edits one without ever showing or resending the Api-Key', async () => {
    const api = accountsApi();
    renderApp({ fetch: api.fetch, locale: 'en', path: '/settings' });
    const section = await screen.findByTestId('settings-marketplace');
    await within(section).findByTestId('marketplace-account');

    fireEvent.click(within(section).getByTestId('marketplace-add'));
    const form = within(section).getByTestId('marketplace-form');
    expect(form.textContent).toContain('Stored encrypted; never shown again.');
    fireEvent.input(within(form).getByTestId('marketplace-name'), { target: { value: 'Shop 2' } });
    fireEvent.input(within(form).getByTestId('marketplace-channel'), { target: { value: 'ozon-shop2' } });
    fireEvent.input(within(form).getByTestId('marketplace-client-id'), { target: { value: '1001' } });
    fireEvent.input(within(form).getByTestId('marketplace-api-key'), { target: { value: 'secret-key-123456' } });
    fireEvent.click(within(form).getByTestId('marketplace-add-mapping'));
    fireEvent.input(within(form).getByTestId('marketplace-ozon-warehouse'), { target: { value: '22000009' } });
    // The only warehouse is chosen for a new mapping row.
    expect((within(form).getByTestId('marketplace-our-warehouse') as HTMLSelectElement).value).toBe('MSK-1');
    fireEvent.click(within(form).getByTestId('marketplace-save'));
    await within(form).findByTestId('marketplace-errors');
    expect(within(form).getByTestId('marketplace-client-id').getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByTestId('marketplace-name').getAttribute('aria-invalid')).toBe('false');

    fireEvent.input(within(form).getByTestId('marketplace-client-id'), { target: { value: '2002' } });
    fireEvent.click(within(form).getByTestId('marketplace-save'));
    await waitFor(() => expect(within(section).getAllByTestId('marketplace-account')).toHaveLength(2));
    expect(within(section).getByTestId('marketplace-notice').textContent).toContain('Account saved.');
    const created = sent(api, 'CreateOzonAccount');
    expect(created.at(-1)!.variables.input).toEqual({
      name: 'Shop 2',
      channel: 'ozon-shop2',
      clientId: '2002',
      apiKey: 'secret-key-123456',
      apiBaseUrl: null,
      warehouses: [{ ozonWarehouseId: '22000009', warehouseCode: 'MSK-1' }],
    });
    expect(created.every((r) => typeof r.variables.idempotencyKey === 'string')).toBe(true);
    // The key typed is gone from the screen once saved.
    expect(section.innerHTML).not.toContain('secret-key-123456');

    // Edit: the key field starts empty and a blank key is not sent (the stored one is kept).
    fireEvent.click(within(section).getAllByTestId('marketplace-edit')[0]!);
    const edit = within(section).getByTestId('marketplace-form');
    expect((within(edit).getByTestId('marketplace-api-key') as HTMLInputElement).value).toBe('');
    expect(within(edit).queryByTestId('marketplace-client-id')).toBeNull();
    fireEvent.input(within(edit).getByTestId('marketplace-name'), { target: { value: 'Main shop (RU)' } });
    fireEvent.click(within(edit).getByTestId('marketplace-save'));
    await waitFor(() => expect(sent(api, 'UpdateOzonAccount')).toHaveLength(1));
    expect(sent(api, 'UpdateOzonAccount')[0]!.variables.input).toEqual({
      name: 'Main shop (RU)',
      apiBaseUrl: 'https://api-seller.ozon.ru',
      active: true,
      warehouses: [{ ozonWarehouseId: '22000001', warehouseCode: 'MSK-1' }],
    });
    await waitFor(() => expect(within(section).getAllByTestId('marketplace-account-name')[0]!.textContent).toBe('Main shop (RU)'));
  });

  it('is not shown to a manager (the API refuses marketplaces:manage to anyone but ADMIN)', async () => {
    const api = createMockFetch({ Me: () => meResponse() });
    renderApp({ fetch: api.fetch, locale: 'zh-CN', path: '/settings' });
    await screen.findByTestId('settings-account');
    expect(screen.queryByTestId('settings-marketplace')).toBeNull();
    expect(sent(api, 'MarketplaceAccounts')).toHaveLength(0);
  });
});
