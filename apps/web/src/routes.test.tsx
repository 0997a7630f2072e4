import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { createMockFetch, makeOrder, ordersPage, statusCounts } from './test/graphqlMock';
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
