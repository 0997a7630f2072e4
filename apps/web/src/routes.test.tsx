import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { createMockFetch, makeOrder, meResponse, ordersPage, statusCounts } from './test/graphqlMock';
import { rememberStation } from './pages/login/landing';
import { renderApp } from './test/renderApp';

describe('route preloading', () => {
  it('starts an order’s query when the pointer rests on its link, before the page is opened', async () => {
    const order = makeOrder({ number: 1042 });
    const api = createMockFetch({
      OrderQueue: () => ordersPage([order]),
      OrderStatusCounts: () => statusCounts({ NEW: 1 }),
      OrderDetail: () => ({ data: { order: null } }),
    });
    const { history } = renderApp({ fetch: api.fetch, locale: 'en', path: '/' });
    const [row] = await screen.findAllByTestId('order-row');
    const link = row.closest('a') ?? row.querySelector('a')!;
    expect(api.requests.some((r) => r.operationName === 'OrderDetail')).toBe(false);

    fireEvent.mouseMove(link, { button: 0 });
    await waitFor(() => expect(api.requests.filter((r) => r.operationName === 'OrderDetail').map((r) => r.variables)).toEqual([{ id: order.id }]));
    expect(history.get()).toBe('/');

    // Opening it then shows what the preload fetched (the order is gone: "not found").
    fireEvent.click(link);
    expect(await screen.findByTestId('order-not-found')).toBeTruthy();
  });

  it('opening a page from a link asks for that page’s entity only', async () => {
    const order = makeOrder({ number: 1043 });
    const api = createMockFetch({
      OrderQueue: () => ordersPage([order]),
      OrderStatusCounts: () => statusCounts({ NEW: 1 }),
      OrderDetail: () => ({ data: { order: null } }),
    });
    renderApp({ fetch: api.fetch, locale: 'en', path: '/' });
    const [row] = await screen.findAllByTestId('order-row');
    fireEvent.click(row.closest('a') ?? row.querySelector('a')!);
    expect(await screen.findByTestId('order-not-found')).toBeTruthy();
    const asked = api.requests.filter((r) => r.operationName === 'OrderDetail').map((r) => r.variables);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter((v) => v.id !== order.id)).toEqual([]);
  });
});

describe('opening the app at "/" with a session already on the device', () => {
  afterEach(() => localStorage.clear());
  const queue = { OrderQueue: () => ordersPage([]), OrderStatusCounts: () => statusCounts({}) };

  it('takes a picker to the pick lists, without loading the order queue', async () => {
    const api = createMockFetch({ ...queue, Me: () => meResponse({ roles: ['PICKER'], permissions: ['orders:read', 'picking'] }) });
    const { history } = renderApp({ fetch: api.fetch, locale: 'en', path: '/' });
    await waitFor(() => expect(history.get()).toBe('/pick'));
    expect(api.requests.map((r) => r.operationName)).not.toContain('OrderQueue');
  });

  it('takes a packer to the station used last on this device, and leaves the queue tab alone afterwards', async () => {
    rememberStation('/ship/T3JkZXI6MQ==');
    const api = createMockFetch({ ...queue, Me: () => meResponse({ roles: ['PACKER'], permissions: ['orders:read', 'packing', 'shipping'] }) });
    const { history } = renderApp({ fetch: api.fetch, locale: 'en', path: '/' });
    await waitFor(() => expect(history.get()).toBe('/ship'));
    history.set({ value: '/' });
    expect(await screen.findByTestId('order-queue')).toBeTruthy();
    expect(history.get()).toBe('/');
  });

  it('keeps a manager on the queue (even after picking on this device), and a link into the app where it points', async () => {
    rememberStation('/pick');
    const api = createMockFetch(queue);
    const { history } = renderApp({ fetch: api.fetch, locale: 'en', path: '/' });
    expect(await screen.findByTestId('order-queue')).toBeTruthy();
    expect(history.get()).toBe('/');
    const picker = createMockFetch({ ...queue, Me: () => meResponse({ roles: ['PICKER'], permissions: ['orders:read', 'picking'] }) });
    const opened = renderApp({ fetch: picker.fetch, locale: 'en', path: '/sync' });
    expect(await screen.findByTestId('sync-page')).toBeTruthy();
    expect(opened.history.get()).toBe('/sync');
  });
});
