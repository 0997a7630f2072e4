import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { createMockFetch, makeOrder, ordersPage, statusCounts } from '../../test/graphqlMock';
import { renderApp } from '../../test/renderApp';
import { persistedOperations } from '../../graphql/persisted-operations.generated';

const HOUR = 3600_000;
/** Intl uses (narrow) no-break spaces in some locales; compare with plain spaces. */
const plain = (s: string | null | undefined) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

const counts = statusCounts({ NEW: 3, PICKING: 2, EXCEPTION: 1 });
const OPEN = ['NEW', 'CONFIRMED', 'ON_HOLD', 'PICKING', 'PICKED', 'PACKED', 'READY_TO_SHIP'];

function threeOrders() {
  return [
    makeOrder({
      number: 1042,
      channel: 'ozon',
      status: 'PICKING',
      shipBy: new Date(Date.now() - 2 * HOUR).toISOString(),
      lateRisk: true,
      itemCount: 3,
      total: { minorUnits: 123456, currency: 'RUB' },
      shippingAddress: { city: 'Москва', countryCode: 'RU' },
    }),
    makeOrder({
      number: 1043,
      channel: 'manual',
      status: 'NEW',
      shipBy: new Date(Date.now() + 5 * HOUR + 60_000).toISOString(),
      itemCount: 1,
      total: { minorUnits: 9900, currency: 'CNY' },
      shippingAddress: { city: 'Казань', countryCode: 'RU' },
    }),
    // shipBy is non-null in the schema; the row still copes with a missing one.
    makeOrder({ number: 1044, status: 'EXCEPTION', shipBy: null as unknown as string, itemCount: 5 }),
  ];
}

describe('OrderQueuePage', () => {
  it('renders the orders from the API, most urgent first, with all the row details', async () => {
    const api = createMockFetch({
      OrderQueue: () => ordersPage(threeOrders()),
      OrderStatusCounts: () => counts,
    });
    renderApp({ fetch: api.fetch, locale: 'en' });

    expect(screen.getByTestId('app-header').textContent).toContain('Orderly');
    const rows = await screen.findAllByTestId('order-row');
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => within(r).getByTestId('order-number').textContent)).toEqual(['#1042', '#1043', '#1044']);

    const [late, manual, noShipBy] = rows;
    expect(within(late).getByTestId('order-channel').textContent).toBe('Ozon');
    expect(within(late).getByTestId('order-status').textContent).toBe('Picking');
    expect(within(late).getByTestId('late-risk').textContent).toContain('Late risk');
    expect(late.dataset.lateRisk).toBe('true');
    expect(within(late).getByTestId('order-ship-by').textContent).toContain('Overdue');
    expect(within(late).getByTestId('order-ship-by').textContent).toMatch(/^Overdue by 2 hours · /);
    expect(within(late).getByTestId('order-ship-by-relative').textContent).toBe('2 hours');
    expect(within(late).getByTestId('order-item-count').textContent).toBe('3 items');
    expect(plain(within(late).getByTestId('order-total').textContent)).toBe('₽1,234.56');
    expect(within(late).getByTestId('order-city').textContent).toBe('Москва');

    expect(within(manual).getByTestId('order-channel').textContent).toBe('Manual');
    expect(within(manual).queryByTestId('late-risk')).toBeNull();
    expect(within(manual).getByTestId('order-ship-by').textContent).toMatch(/^Ship within 5 hours · /);
    expect(within(manual).getByTestId('order-item-count').textContent).toBe('1 item');
    expect(within(manual).getByTestId('order-total').textContent).toBe('¥99.00');

    expect(within(noShipBy).getByTestId('order-status').textContent).toBe('Problem');
    expect(within(noShipBy).getByTestId('order-ship-by').textContent).toBe('No ship-by date');

    // no more pages
    expect(screen.queryByTestId('load-more')).toBeNull();
    expect(screen.getByTestId('queue-end').textContent).toBe('That’s all: 3 orders');

    // The requests urql sent: GET with the persisted document's hash (not the text) in the URL.
    const queue = api.requests.find((r) => r.operationName === 'OrderQueue')!;
    expect(queue.method).toBe('GET');
    expect(queue.url.startsWith('/graphql?')).toBe(true);
    expect(queue.query).toBe('');
    expect(queue.extensions).toEqual({ persistedQuery: { version: 1, sha256Hash: persistedOperations.OrderQueue } });
    // The default view is open work: every status before shipping.
    expect(queue.variables).toEqual({ first: 20, status: OPEN });
    expect(api.requests.some((r) => r.operationName === 'OrderStatusCounts' && r.method === 'GET')).toBe(true);
  });

  it('shows status chips with counts and filters by status', async () => {
    const api = createMockFetch({
      OrderQueue: ({ variables }) =>
        (variables.status as string[] | undefined)?.length === 1
          ? ordersPage([makeOrder({ number: 2001, status: 'PICKING' }), makeOrder({ number: 2002, status: 'PICKING' })])
          : ordersPage(threeOrders()),
      OrderStatusCounts: () => counts,
    });
    const { history } = renderApp({ fetch: api.fetch, locale: 'en' });
    await screen.findAllByTestId('order-row');

    const filter = screen.getByTestId('status-filter');
    await waitFor(() => expect(within(filter).getAllByTestId('status-chip')).toHaveLength(6));
    const chips = within(filter).getAllByTestId('status-chip');
    expect(chips.map((c) => [c.dataset.status, c.textContent])).toEqual([
      ['OPEN', 'Open 5'],
      ['ALL', 'All 6'],
      ['TRANSIT', 'On the way 0'],
      ['NEW', 'New 3'],
      ['PICKING', 'Picking 2'],
      ['EXCEPTION', 'Problem 1'],
    ]);
    expect(chips[0].getAttribute('aria-pressed')).toBe('true');

    fireEvent.click(chips[4]);
    await waitFor(() => expect(screen.getAllByTestId('order-number').map((n) => n.textContent)).toEqual(['#2001', '#2002']));
    expect(api.requests.filter((r) => r.operationName === 'OrderQueue').at(-1)!.variables).toEqual({
      first: 20,
      status: ['PICKING'],
    });
    expect(history.get()).toBe('/?status=PICKING');
    expect(within(filter).getAllByTestId('status-chip')[4].getAttribute('aria-pressed')).toBe('true');
    expect(within(filter).getAllByTestId('status-chip')[0].getAttribute('aria-pressed')).toBe('false');

    // "All" drops the status filter: completed and cancelled orders too.
    fireEvent.click(within(filter).getAllByTestId('status-chip')[1]);
    await waitFor(() => expect(history.get()).toBe('/?status=ALL'));
    await waitFor(() => expect(api.requests.filter((r) => r.operationName === 'OrderQueue').at(-1)!.variables).toEqual({ first: 20 }));
  });

  it('loads the next page with the cursor of the last edge', async () => {
    const first = Array.from({ length: 20 }, (_, i) => makeOrder({ number: 3000 + i }));
    const second = [makeOrder({ number: 3100 }), makeOrder({ number: 3101 })];
    const api = createMockFetch({
      OrderQueue: ({ variables }) => (variables.after ? ordersPage(second, { totalCount: 22 }) : ordersPage(first, { hasNextPage: true, totalCount: 22 })),
      OrderStatusCounts: () => statusCounts({ NEW: 22 }),
    });
    renderApp({ fetch: api.fetch, locale: 'ru' });

    expect(await screen.findAllByTestId('order-row')).toHaveLength(20);
    expect(screen.queryByTestId('queue-end')).toBeNull();
    const more = screen.getByTestId('load-more');
    expect(more.textContent).toBe('Показать ещё');

    fireEvent.click(more);
    await waitFor(() => expect(screen.getAllByTestId('order-row')).toHaveLength(22));
    const request = api.requests.filter((r) => r.operationName === 'OrderQueue').at(-1)!;
    expect(request.variables).toEqual({ first: 20, after: `cursor-${first[19].id}`, status: OPEN });
    expect(screen.getAllByTestId('order-number').at(-1)!.textContent).toBe('#3101');
    expect(screen.queryByTestId('load-more')).toBeNull();
    expect(screen.getByTestId('queue-end').textContent).toBe('Это всё: 22 заказа');
  });

  it('shows a translated empty state', async () => {
    const api = createMockFetch({
      OrderQueue: () => ordersPage([]),
      OrderStatusCounts: () => statusCounts({}),
    });
    renderApp({ fetch: api.fetch, locale: 'ru' });
    const empty = await screen.findByTestId('queue-empty');
    expect(empty.textContent).toContain('Заказов нет');
    expect(empty.textContent).toContain('Сейчас нечего собирать, упаковывать или отгружать.');
    expect(screen.queryAllByTestId('order-row')).toHaveLength(0);
    expect(screen.queryByTestId('queue-end')).toBeNull();
  });

  it('shows the filtered empty state with a way back to all orders', async () => {
    const api = createMockFetch({
      OrderQueue: ({ variables }) => ((variables.status as string[] | undefined)?.length === 1 ? ordersPage([]) : ordersPage(threeOrders())),
      OrderStatusCounts: () => counts,
    });
    const { history } = renderApp({ fetch: api.fetch, locale: 'zh-CN', path: '/?status=SHIPPED' });
    const empty = await screen.findByTestId('queue-empty');
    expect(empty.textContent).toContain('暂无订单');
    expect(empty.textContent).toContain('没有状态为“已发货”的订单。');
    // the selected status keeps its chip even with no orders
    await waitFor(() => expect(screen.getByTestId('status-filter').querySelector('[data-status="SHIPPED"]')?.getAttribute('aria-pressed')).toBe('true'));

    fireEvent.click(screen.getByTestId('queue-show-all'));
    expect(await screen.findAllByTestId('order-row')).toHaveLength(3);
    expect(history.get()).toBe('/');
  });

  it('shows a translated error state and retries', async () => {
    let fail = true;
    const api = createMockFetch({
      OrderQueue: () => {
        if (fail) throw new TypeError('Failed to fetch');
        return ordersPage(threeOrders());
      },
      OrderStatusCounts: () => counts,
    });
    renderApp({ fetch: api.fetch, locale: 'zh-CN' });

    const error = await screen.findByTestId('queue-error');
    expect(error.textContent).toContain('订单加载失败');
    expect(error.textContent).toContain('无法连接服务器，请检查网络后重试。');
    const retry = screen.getByTestId('queue-retry');
    expect(retry.textContent).toBe('重试');

    fail = false;
    fireEvent.click(retry);
    expect(await screen.findAllByTestId('order-row')).toHaveLength(3);
    expect(screen.queryByTestId('queue-error')).toBeNull();
    expect(screen.getAllByTestId('order-status')[0].textContent).toBe('拣货中');
  });

  it('tells a server error from a connection error', async () => {
    const api = createMockFetch({
      OrderQueue: () => ({ errors: [{ message: 'Unexpected error.' }], data: null }),
      OrderStatusCounts: () => counts,
    });
    renderApp({ fetch: api.fetch, locale: 'ru' });
    const error = await screen.findByTestId('queue-error');
    expect(error.textContent).toContain('Не удалось загрузить заказы');
    expect(error.textContent).toContain('Сервер вернул ошибку. Попробуйте ещё раз чуть позже.');
    expect(within(error).getByTestId('queue-retry').textContent).toBe('Повторить');
  });

  it('re-renders the queue in the language picked in the header', async () => {
    const api = createMockFetch({
      OrderQueue: () => ordersPage(threeOrders()),
      OrderStatusCounts: () => counts,
    });
    renderApp({ fetch: api.fetch, locale: 'en', persistLocale: true });
    const [row] = await screen.findAllByTestId('order-row');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Order queue');
    expect(within(row).getByTestId('order-status').textContent).toBe('Picking');

    fireEvent.change(screen.getByTestId('language-switch'), { target: { value: 'ru' } });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Очередь заказов');
    expect(within(row).getByTestId('order-status').textContent).toBe('Сборка');
    expect(within(row).getByTestId('late-risk').textContent).toContain('Риск опоздания');
    expect(within(row).getByTestId('order-item-count').textContent).toBe('3 товара');
    expect(within(row).getByTestId('order-ship-by-relative').textContent).toBe('2 часа');
    expect(within(row).getByTestId('order-ship-by').textContent).toMatch(/^Просрочка 2 часа · /);
    expect(plain(within(row).getByTestId('order-total').textContent)).toBe('1 234,56 ₽');
    expect(screen.getByTestId('status-filter').querySelector('[data-status="ALL"]')!.textContent).toBe('Все 6');

    fireEvent.change(screen.getByTestId('language-switch'), { target: { value: 'zh-CN' } });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('订单队列');
    expect(within(row).getByTestId('order-item-count').textContent).toBe('3 件商品');
    expect(within(row).getByTestId('order-ship-by').textContent).toMatch(/^已逾期 2小时 · /);
    expect(plain(within(row).getByTestId('order-total').textContent)).toBe('₽1,234.56');
    expect(localStorage.getItem('orderly.locale')).toBe('zh-CN');
    // no refetch just for a language change
    expect(api.requests.filter((r) => r.operationName === 'OrderQueue')).toHaveLength(1);
  });

  it('shows a loading state until the first page arrives', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const api = createMockFetch({
      OrderQueue: async () => {
        await gate;
        return ordersPage(threeOrders());
      },
      OrderStatusCounts: () => counts,
    });
    renderApp({ fetch: api.fetch, locale: 'en' });
    const loading = await screen.findByTestId('queue-loading');
    expect(loading.textContent).toContain('Loading orders…');
    release();
    expect(await screen.findAllByTestId('order-row')).toHaveLength(3);
    expect(screen.queryByTestId('queue-loading')).toBeNull();
  });

  it('redirects /orders to the queue, keeping the filter', async () => {
    const api = createMockFetch({
      OrderQueue: () => ordersPage(threeOrders()),
      OrderStatusCounts: () => counts,
    });
    const { history } = renderApp({ fetch: api.fetch, locale: 'ru', path: '/orders?status=NEW' });
    await screen.findAllByTestId('order-row');
    expect(history.get()).toBe('/?status=NEW');
  });
});

describe('NotFoundPage', () => {
  it('is translated', async () => {
    const api = createMockFetch({});
    renderApp({ fetch: api.fetch, locale: 'ru', path: '/nope' });
    const page = await screen.findByTestId('not-found');
    expect(page.textContent).toContain('Страница не найдена');
    expect(page.textContent).toContain('К очереди заказов');
  });
});

describe('OrderQueuePage: overdue and search', () => {
  it('never calls a shipped, delivered or cancelled order overdue', async () => {
    const past = new Date(Date.now() - 5 * 24 * HOUR).toISOString();
    const api = createMockFetch({
      OrderQueue: () =>
        ordersPage([
          makeOrder({ number: 1, status: 'DELIVERED', shipBy: past, lateRisk: false }),
          makeOrder({ number: 2, status: 'CANCELLED', shipBy: past, lateRisk: false }),
          // even if a stale cache still said lateRisk, a shipped order is not overdue
          makeOrder({ number: 3, status: 'SHIPPED', shipBy: past, lateRisk: true }),
          makeOrder({ number: 4, status: 'PACKED', shipBy: past, lateRisk: true }),
        ]),
      OrderStatusCounts: () => counts,
    });
    renderApp({ fetch: api.fetch, locale: 'en', path: '/?status=ALL' });
    const rows = await screen.findAllByTestId('order-row');
    expect(rows.map((r) => [r.dataset.orderNumber, r.dataset.overdue])).toEqual([
      ['1', 'false'],
      ['2', 'false'],
      ['3', 'false'],
      ['4', 'true'],
    ]);
    expect(within(rows[0]).getByTestId('order-ship-by').textContent).toMatch(/^Ship-by was 5 days ago · /);
    expect(within(rows[3]).getByTestId('order-ship-by').textContent).toContain('Overdue');
    expect(api.requests.find((r) => r.operationName === 'OrderQueue')!.variables).toEqual({ first: 20 });
  });

  it('opens the order when a scanned posting number matches exactly one', async () => {
    const order = makeOrder({ number: 1042 });
    const api = createMockFetch({
      OrderQueue: () => ordersPage(threeOrders()),
      OrderStatusCounts: () => counts,
      OrderSearch: ({ variables }) => ({
        data: {
          orders: {
            __typename: 'QueryOrdersConnection',
            totalCount: variables.search === '87215400-0001-1' ? 1 : 0,
            edges: variables.search === '87215400-0001-1' ? [{ __typename: 'QueryOrdersConnectionEdge', node: { __typename: 'Order', id: order.id, number: 1042 } }] : [],
          },
        },
      }),
      OrderDetail: () => ({ data: { order: null } }),
    });
    const { history } = renderApp({ fetch: api.fetch, locale: 'en' });
    await screen.findAllByTestId('order-row');
    const search = screen.getByTestId('queue-search') as HTMLInputElement;

    // No match: stays on the queue, shows the (empty) search results, red feedback.
    search.value = 'NOTHING-1';
    fireEvent.keyDown(search, { key: 'Enter' });
    await waitFor(() => expect(history.get()).toBe('/?q=NOTHING-1'));
    await waitFor(() => expect(search.closest('.scan')!.getAttribute('data-scan-state')).toBe('error'));
    expect(screen.getByTestId('queue-filter-summary').textContent).toContain('Results for “NOTHING-1”');
    await waitFor(() => expect(api.requests.filter((r) => r.operationName === 'OrderQueue').at(-1)!.variables).toEqual({ first: 20, search: 'NOTHING-1' }));

    search.value = '87215400-0001-1';
    fireEvent.keyDown(search, { key: 'Enter' });
    await waitFor(() => expect(history.get()).toBe(`/orders/${encodeURIComponent(order.id)}`));
    expect(api.requests.filter((r) => r.operationName === 'OrderSearch').map((r) => r.variables)).toEqual([{ search: 'NOTHING-1' }, { search: '87215400-0001-1' }]);
  });

  it('narrows open work to what is due (links from Today)', async () => {
    const api = createMockFetch({ OrderQueue: () => ordersPage(threeOrders()), OrderStatusCounts: () => counts });
    renderApp({ fetch: api.fetch, locale: 'en', path: '/?due=0' });
    await screen.findAllByTestId('order-row');
    const request = api.requests.find((r) => r.operationName === 'OrderQueue')!;
    expect(request.variables.status).toEqual(OPEN);
    expect(Math.abs(new Date(String(request.variables.shipByBefore)).getTime() - Date.now())).toBeLessThan(61_000);
    expect(screen.getByTestId('queue-filter-summary').textContent).toContain('Overdue');
  });
});
