import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { createMockFetch, makeOrderDetail, meResponse, userErrors, type RecordedRequest } from '../../test/graphqlMock';
import { renderApp } from '../../test/renderApp';

const ID = 'T3JkZXI6ZGV0YWls';
const path = `/orders/${ID}`;

/** An API whose order changes as mutations succeed (status + version), like the real one. */
function orderApi(initial = makeOrderDetail(), answer?: (request: RecordedRequest) => unknown) {
  let order = initial;
  const api = createMockFetch({
    OrderDetail: () => ({ data: { order } }),
    ConfirmOrder: (r) => answer?.(r) ?? ok('confirmOrder', 'CONFIRMED'),
    PlaceHold: (r) => answer?.(r) ?? ok('placeHold', 'ON_HOLD'),
    ReleaseHold: (r) => answer?.(r) ?? ok('releaseHold', 'NEW'),
    CancelOrder: (r) => answer?.(r) ?? ok('cancelOrder', 'CANCELLED'),
    CancelOrderLines: (r) => answer?.(r) ?? ok('cancelOrderLines', order.status),
  });
  function ok(field: string, status: string, extra: Record<string, unknown> = {}) {
    order = {
      ...order,
      status,
      version: order.version + 1,
      timeline: {
        ...order.timeline,
        totalCount: order.timeline.totalCount + 1,
        edges: [
          ...order.timeline.edges,
          {
            __typename: 'OrderTimelineConnectionEdge',
            node: {
              __typename: 'OrderEvent',
              id: `ev-${order.version}`,
              type: field === 'confirmOrder' ? 'CONFIRMED' : 'STATUS_CHANGED',
              actor: 'user:u-1',
              fromStatus: order.status,
              toStatus: status,
              createdAt: new Date().toISOString(),
              data: {},
            },
          },
        ],
      },
    } as typeof order;
    return {
      data: {
        [field]: {
          __typename: field === 'confirmOrder' ? 'ConfirmOrderPayload' : 'OrderPayload',
          order: { __typename: 'Order', id: order.id, status, version: order.version },
          userErrors: [],
          ...(field === 'confirmOrder' ? { shortages: [], priceMismatches: [] } : {}),
          ...extra,
        },
      },
    };
  }
  return { ...api, ok, current: () => order };
}

const mutations = (api: { requests: RecordedRequest[] }, name: string) => api.requests.filter((r) => r.operationName === name);

describe('OrderDetailPage', () => {
  it('shows the header, lines with current stock, totals and the translated timeline', async () => {
    const api = orderApi(
      makeOrderDetail({
        events: [
          { type: 'IMPORTED', toStatus: 'NEW', actor: 'system' },
          { type: 'HOLD_PLACED', fromStatus: 'NEW', toStatus: 'ON_HOLD', actor: 'user:0192' },
        ],
      }),
    );
    renderApp({ fetch: api.fetch, locale: 'ru', path });
    // The first render loads the order page's chunks (slow on a busy machine).
    const header = await screen.findByTestId('order-header', {}, { timeout: 15_000 });
    expect(within(header).getByTestId('order-number').textContent).toBe('#1042');
    expect(within(header).getByTestId('order-channel').textContent).toBe('Ozon');
    expect(within(header).getByTestId('order-status').textContent).toBe('Новый');
    expect(within(header).getByTestId('order-external-id').textContent).toBe('87215400-0001-1');
    expect(within(header).getByTestId('order-version').textContent).toBe('v3');
    expect(within(header).getByTestId('late-risk').textContent).toContain('Риск опоздания');
    expect(within(header).getByTestId('order-ship-by').textContent).toMatch(/^4 часа · /);
    expect(header.textContent).toContain('До отгрузки');

    const lines = screen.getAllByTestId('order-line');
    expect(lines.map((l) => l.dataset.sku)).toEqual(['TWS-PRO-53', 'CASE-IP15-BLK']);
    expect(within(lines[0]).getByTestId('line-quantity').textContent).toBe('× 2');
    expect(within(lines[0]).getByTestId('line-stock').textContent).toContain('Доступно: 42');
    expect(within(lines[0]).getByTestId('line-stock').textContent).toContain('На складе: 44');
    expect(within(lines[0]).getByTestId('line-stock').textContent).toContain('В резерве: 2');
    // Not enough stock for the second line: highlighted before confirming.
    expect(within(lines[1]).getByTestId('line-stock').className).toContain('line__stock--short');

    const events = screen.getAllByTestId('timeline-event');
    expect(events.map((e) => within(e).getByTestId('timeline-type').textContent)).toEqual(['Отложен', 'Загружен с маркетплейса']);
    expect(within(events[0]).getByTestId('timeline-status').textContent).toBe('Новый → Отложен');
    expect(within(events[0]).getByTestId('timeline-actor').textContent).toBe('Пользователь 0192');
    expect(within(events[1]).getByTestId('timeline-actor').textContent).toBe('Система');
    expect(screen.getByTestId('order-totals').textContent!.replace(/[\u00a0\u202f]/g, ' ')).toContain('4 370,00 ₽');

    // Actions for a NEW order.
    expect(screen.getByTestId('action-confirm').textContent).toBe('Подтвердить');
    expect(screen.getByTestId('action-place-hold')).toBeTruthy();
    expect(screen.getByTestId('action-cancel')).toBeTruthy();
    expect(screen.queryByTestId('action-release-hold')).toBeNull();
  });

  it('confirms with the version shown and a fresh idempotency key, then shows the new status and timeline entry', async () => {
    const api = orderApi();
    renderApp({ fetch: api.fetch, locale: 'en', path });
    fireEvent.click(await screen.findByTestId('action-confirm'));
    expect((await screen.findByTestId('action-done')).textContent).toContain('Order confirmed, stock reserved.');
    const [confirm] = mutations(api, 'ConfirmOrder');
    expect(confirm.method).toBe('POST');
    expect(confirm.variables).toMatchObject({ id: ID, expectedVersion: 3 });
    expect(String(confirm.variables.idempotencyKey)).toMatch(/^[0-9a-f-]{36}$/);
    // The payload's Order makes the page reload the order: new status, version and timeline entry.
    await waitFor(() => expect(screen.getByTestId('order-header').dataset.status).toBe('CONFIRMED'));
    expect(screen.getByTestId('order-version').textContent).toBe('v4');
    expect(screen.getAllByTestId('timeline-event')[0].dataset.type).toBe('CONFIRMED');
    expect(screen.queryByTestId('action-confirm')).toBeNull();
  });

  it('shows stock shortages: the order went on hold instead', async () => {
    const api = orderApi(undefined, (r) =>
      r.operationName === 'ConfirmOrder'
        ? api.ok('confirmOrder', 'ON_HOLD', {
            shortages: [
              { __typename: 'StockShortage', requested: 1, available: 0, line: { __typename: 'OrderLine', id: 'T3JkZXJMaW5lOj2', sku: 'CASE-IP15-BLK', name: 'Чехол' } },
            ],
          })
        : undefined,
    );
    renderApp({ fetch: api.fetch, locale: 'zh-CN', path });
    fireEvent.click(await screen.findByTestId('action-confirm'));
    const shortages = await screen.findByTestId('shortages');
    expect(shortages.textContent).toContain('库存不足：订单已暂停');
    expect(within(shortages).getByTestId('shortage-line').textContent).toBe('CASE-IP15-BLK — 需要 1 件，可用 0 件');
    await waitFor(() => expect(screen.getByTestId('order-status').textContent).toBe('已暂停'));
  });

  it('lists price mismatches and retries with "accept prices" under a new key', async () => {
    let first = true;
    const api = orderApi(undefined, (r) => {
      if (r.operationName !== 'ConfirmOrder') return undefined;
      if (first) {
        first = false;
        return {
          data: {
            confirmOrder: {
              __typename: 'ConfirmOrderPayload',
              order: null,
              shortages: [],
              priceMismatches: [],
              userErrors: userErrors({ code: 'PRICE_MISMATCH', field: ['lines', '0', 'unitPrice'], message: 'Line 1 is priced 199000 but the catalogue says 189000' }),
            },
          },
        };
      }
      return api.ok('confirmOrder', 'CONFIRMED');
    });
    renderApp({ fetch: api.fetch, locale: 'en', path });
    fireEvent.click(await screen.findByTestId('action-confirm'));
    const mismatch = await screen.findByTestId('price-mismatch');
    expect(mismatch.textContent).toContain('Ordered prices differ from the catalogue.');
    expect(within(mismatch).getByTestId('price-mismatch-line').textContent).toContain('TWS-PRO-53');
    fireEvent.click(within(mismatch).getByTestId('accept-prices'));
    await screen.findByTestId('action-done');
    const [try1, try2] = mutations(api, 'ConfirmOrder');
    expect(try1.variables.acceptPriceMismatches).toBeUndefined();
    expect(try2.variables).toMatchObject({ acceptPriceMismatches: true, expectedVersion: 3 });
    expect(try2.variables.idempotencyKey).not.toBe(try1.variables.idempotencyKey);
  });

  it('says plainly when the order changed meanwhile (STALE_VERSION) and reloads it', async () => {
    const api = orderApi(undefined, (r) =>
      r.operationName === 'PlaceHold'
        ? { data: { placeHold: { __typename: 'OrderPayload', order: null, userErrors: userErrors({ code: 'STALE_VERSION', field: ['expectedVersion'] }) } } }
        : undefined,
    );
    renderApp({ fetch: api.fetch, locale: 'ru', path });
    fireEvent.click(await screen.findByTestId('action-place-hold'));
    const sheet = await screen.findByTestId('hold-sheet');
    fireEvent.change(within(sheet).getByTestId('hold-reason'), { target: { value: 'INCORRECT_ADDRESS' } });
    fireEvent.input(within(sheet).getByTestId('hold-note'), { target: { value: 'дом 5, не 6' } });
    fireEvent.click(within(sheet).getByTestId('hold-submit'));
    const errors = await screen.findByTestId('user-errors');
    expect(errors.textContent).toContain('Заказ тем временем изменили. Обновите его и проверьте, прежде чем повторить.');
    expect(mutations(api, 'PlaceHold')[0].variables).toMatchObject({ reason: 'INCORRECT_ADDRESS', note: 'дом 5, не 6', expectedVersion: 3 });
    const loads = mutations(api, 'OrderDetail').length;
    fireEvent.click(screen.getByTestId('reload-order'));
    await waitFor(() => expect(mutations(api, 'OrderDetail').length).toBe(loads + 1));
    expect(screen.queryByTestId('user-errors')).toBeNull();
  });

  it('asks before cancelling, then cancels with reason and note', async () => {
    const api = orderApi();
    renderApp({ fetch: api.fetch, locale: 'en', path });
    fireEvent.click(await screen.findByTestId('action-cancel'));
    const sheet = await screen.findByTestId('cancel-sheet');
    fireEvent.change(within(sheet).getByTestId('cancel-reason'), { target: { value: 'OUT_OF_STOCK' } });
    fireEvent.input(within(sheet).getByTestId('cancel-note'), { target: { value: 'supplier delay' } });
    fireEvent.click(within(sheet).getByTestId('cancel-next'));
    expect(within(sheet).getByTestId('cancel-confirm-step').textContent).toContain('Cancel order #1042? This cannot be undone');
    expect(mutations(api, 'CancelOrder')).toHaveLength(0);
    fireEvent.click(within(sheet).getByTestId('cancel-confirm'));
    await screen.findByTestId('action-done');
    expect(mutations(api, 'CancelOrder')[0].variables).toMatchObject({ reason: 'OUT_OF_STOCK', note: 'supplier delay', expectedVersion: 3 });
    await waitFor(() => expect(screen.getByTestId('order-status').textContent).toBe('Cancelled'));
    expect(screen.queryByTestId('action-cancel')).toBeNull();
  });

  it('cancels some units of one line', async () => {
    const api = orderApi();
    renderApp({ fetch: api.fetch, locale: 'en', path });
    const [first] = await screen.findAllByTestId('order-line');
    fireEvent.click(within(first).getByTestId('line-cancel'));
    const sheet = await screen.findByTestId('cancel-line-sheet');
    fireEvent.input(within(sheet).getByTestId('cancel-line-quantity'), { target: { value: '2' } });
    expect(within(sheet).getByTestId('cancel-line-submit').textContent).toBe('Cancel 2 units');
    fireEvent.click(within(sheet).getByTestId('cancel-line-submit'));
    await screen.findByTestId('action-done');
    expect(mutations(api, 'CancelOrderLines')[0].variables).toMatchObject({
      lines: [{ lineId: 'T3JkZXJMaW5lOj1', quantity: 2 }],
      reason: 'OUT_OF_STOCK',
      expectedVersion: 3,
    });
  });

  it('releases a hold', async () => {
    const api = orderApi(makeOrderDetail({ status: 'ON_HOLD', holdReason: 'OUT_OF_STOCK', holdNote: 'ждём поставку' }));
    renderApp({ fetch: api.fetch, locale: 'ru', path });
    expect((await screen.findByTestId('order-hold-reason')).textContent).toBe('Нет в наличии — ждём поставку');
    expect(screen.queryByTestId('action-confirm')).toBeNull();
    fireEvent.click(screen.getByTestId('action-release-hold'));
    expect((await screen.findByTestId('action-done')).textContent).toContain('Заказ возвращён в работу.');
  });

  it('queues the action when the network is down and shows it as waiting to sync', async () => {
    let down = false;
    const api = orderApi(undefined, (r) => {
      if (down && r.operationName === 'PlaceHold') throw new TypeError('Failed to fetch');
      return undefined;
    });
    renderApp({ fetch: api.fetch, locale: 'en', path });
    await screen.findByTestId('order-header');
    down = true;
    fireEvent.click(screen.getByTestId('action-place-hold'));
    fireEvent.click(within(await screen.findByTestId('hold-sheet')).getByTestId('hold-submit'));
    expect((await screen.findByTestId('action-queued')).textContent).toContain('Saved on this device');
    expect((await screen.findByTestId('order-pending')).textContent).toContain('1 change waiting to sync');
    expect(screen.getByTestId('sync-pending-count').textContent).toContain('1');
  });

  it('shows the saved order with an offline banner when the network is gone', async () => {
    let down = false;
    const detail = makeOrderDetail();
    const api = createMockFetch({
      OrderDetail: () => {
        if (down) throw new TypeError('Failed to fetch');
        return { data: { order: detail } };
      },
    });
    const first = renderApp({ fetch: api.fetch, locale: 'en', path });
    await screen.findByTestId('order-header');
    first.unmount();

    down = true;
    renderApp({ fetch: api.fetch, locale: 'en', path }); // a new app (new in-memory cache), offline
    const banner = await screen.findByTestId('offline-banner');
    expect(banner.textContent).toMatch(/Offline — showing saved data from .+/);
    expect(screen.getByTestId('order-number').textContent).toBe('#1042');
  });

  it('jumps to the floor station the status calls for, and only offers what the user may do', async () => {
    const confirmed = orderApi(makeOrderDetail({ status: 'CONFIRMED' }));
    const first = renderApp({ fetch: confirmed.fetch, locale: 'en', path });
    expect((await screen.findByTestId('action-pick')).getAttribute('href')).toBe(`/pick?order=${encodeURIComponent(ID)}`);
    first.unmount();

    const ready = orderApi(makeOrderDetail({ status: 'READY_TO_SHIP' }));
    const second = renderApp({ fetch: ready.fetch, locale: 'en', path });
    expect((await screen.findByTestId('action-ship')).getAttribute('href')).toBe(`/ship/${encodeURIComponent(ID)}`);
    expect(screen.getByTestId('action-handover').getAttribute('href')).toBe('/handover');
    second.unmount();

    // A picker: picks, but neither confirms, holds nor cancels (the API would refuse it).
    const api = createMockFetch({
      OrderDetail: () => ({ data: { order: makeOrderDetail({ status: 'CONFIRMED' }) } }),
      Me: () => meResponse({ roles: ['PICKER'], permissions: ['orders:read', 'inventory:read', 'products:read', 'picking'] }),
    });
    renderApp({ fetch: api.fetch, locale: 'en', path });
    await screen.findByTestId('action-pick');
    await waitFor(() => expect(screen.queryByTestId('action-place-hold')).toBeNull());
    expect(screen.queryByTestId('action-cancel')).toBeNull();
    expect(screen.queryByTestId('line-cancel')).toBeNull();
  });

  it('shows the notices sent to the buyer (channel, time, retry state) and who looks after each problem', async () => {
    const hour = 3600_000;
    const at = (hours: number) => new Date(Date.now() + hours * hour).toISOString();
    const notice = (id: string, fields: Record<string, unknown>) => ({
      __typename: 'BuyerNotification',
      id,
      attempts: 0,
      nextAttemptAt: null,
      lastError: null,
      sentAt: null,
      ...fields,
    });
    const order = makeOrderDetail({
      status: 'EXCEPTION',
      events: [
        { type: 'BUYER_NOTIFIED', actor: 'system', data: { notificationId: 'n-1', via: 'smtp', kind: 'ORDER_SHIPPED', attempts: 1 } },
        { type: 'NOTIFICATION_FAILED', actor: 'system', data: { notificationId: 'n-2', via: 'ozon', kind: 'CONTACT_BUYER', error: 'Error: ECONNREFUSED' } },
      ],
      exceptions: [
        { __typename: 'DeliveryException', id: 'RXhjOjE=', kind: 'LOST', status: 'OPEN', owner: { __typename: 'ExceptionOwner', name: 'Мария Менеджер' } },
        { __typename: 'DeliveryException', id: 'RXhjOjI=', kind: 'DELAYED', status: 'RESOLVED', owner: null },
      ],
      notifications: [
        notice('n-1', { kind: 'ORDER_SHIPPED', template: 'ORDER_SHIPPED', status: 'SENT', queuedAt: at(-30), sentAt: at(-29) }),
        notice('n-2', {
          kind: 'CONTACT_BUYER',
          template: 'DELIVERY_DELAYED',
          status: 'FAILED_RETRYING',
          attempts: 2,
          nextAttemptAt: at(0.5),
          lastError: 'Error: ECONNREFUSED',
          queuedAt: at(-2),
        }),
        notice('n-3', { kind: 'PICKUP_REMINDER', template: 'PICKUP_REMINDER', status: 'QUEUED', nextAttemptAt: at(0), queuedAt: at(-0.1) }),
      ],
    } as never);
    const api = createMockFetch({
      OrderDetail: () => ({ data: { order } }),
      Me: () => meResponse({ permissions: ['orders:read', 'shipments:read', 'exceptions:read'] }),
    });
    renderApp({ fetch: api.fetch, locale: 'en', path });
    const card = await screen.findByTestId('order-notifications');
    // Newest first.
    const rows = within(card).getAllByTestId('order-notification');
    expect(rows.map((r) => [r.dataset.kind, r.dataset.status])).toEqual([
      ['PICKUP_REMINDER', 'QUEUED'],
      ['CONTACT_BUYER', 'FAILED_RETRYING'],
      ['ORDER_SHIPPED', 'SENT'],
    ]);
    expect(within(rows[0]).getByTestId('notification-what').textContent).toBe('Pickup reminder');
    expect(within(rows[0]).getByTestId('notification-status').textContent).toBe('Waiting to send');
    expect(within(rows[0]).getByTestId('notification-when').textContent).toMatch(/^queued /);
    expect(within(rows[0]).queryByTestId('notification-channel')).toBeNull(); // not tried yet
    // A staff message shows its template; its failures say how often, when next, and the kind of error.
    expect(within(rows[1]).getByTestId('notification-what').textContent).toBe('Delivery is delayed');
    expect(within(rows[1]).getByTestId('notification-status').textContent).toBe('Failed, retrying');
    expect(within(rows[1]).getByTestId('notification-channel').textContent).toBe('by Ozon chat');
    expect(within(rows[1]).getByTestId('notification-retry').textContent).toMatch(/^2 failed attempts · next try in \d+ min(utes)? · Error: ECONNREFUSED$/);
    expect(within(rows[2]).getByTestId('notification-what').textContent).toBe('Order shipped');
    expect(within(rows[2]).getByTestId('notification-status').textContent).toBe('Sent');
    expect(within(rows[2]).getByTestId('notification-when').textContent).toMatch(/^sent .+ · by e-mail$/);
    expect(within(rows[2]).queryByTestId('notification-retry')).toBeNull();

    const problems = screen.getAllByTestId('order-problem');
    expect(problems.map((p) => within(p).getByTestId('order-problem-owner').textContent)).toEqual(['Looked after by Мария Менеджер', 'Nobody assigned']);
  });
});
