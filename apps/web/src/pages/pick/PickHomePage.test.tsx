import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { createMockFetch, statusCounts } from '../../test/graphqlMock';
import { renderApp } from '../../test/renderApp';

const progress = (units: number, picked = 0) => ({ __typename: 'PickProgress', tasks: 2, tasksDone: 0, units, unitsPicked: picked, unitsShort: 0 });
const list = (id: string, number: number, assignee: { id: string; name: string } | null, orders: { id: string; number: number; status: string }[]) => ({
  __typename: 'PickList',
  id,
  number,
  status: 'OPEN',
  createdAt: '2025-12-05T08:00:00.000Z',
  assignee: assignee && { __typename: 'User', ...assignee },
  progress: progress(4, 1),
  orders: orders.map((o) => ({ __typename: 'Order', ...o })),
});

function api() {
  return createMockFetch({
    PickLists: () => ({
      data: {
        pickLists: {
          __typename: 'QueryPickListsConnection',
          edges: [
            {
              __typename: 'QueryPickListsConnectionEdge',
              node: list('UGlja0xpc3Q6MQ==', 1, { id: 'VXNlcjpvdGhlcg==', name: 'Иван' }, [{ id: 'T3JkZXI6MQ==', number: 1001, status: 'PICKING' }]),
            },
            { __typename: 'QueryPickListsConnectionEdge', node: list('UGlja0xpc3Q6Mg==', 2, null, [{ id: 'T3JkZXI6Mg==', number: 1002, status: 'PICKING' }]) },
            {
              __typename: 'QueryPickListsConnectionEdge',
              node: list('UGlja0xpc3Q6Mw==', 3, { id: 'VXNlcjp1LTE=', name: 'Лена' }, [{ id: 'T3JkZXI6Mw==', number: 1003, status: 'PICKING' }]),
            },
          ],
        },
        pickerProgress: [
          { __typename: 'PickerProgress', picker: { __typename: 'User', id: 'VXNlcjp1LTE=', name: 'Лена' }, lists: 2, unitsPicked: 17, unitsShort: 1, unitsTotal: 20 },
        ],
      },
    }),
    OrderStatusCounts: () => statusCounts({ CONFIRMED: 7, PICKING: 3 }),
    PickOrder: () => ({ data: { order: { __typename: 'Order', id: 'T3JkZXI6OQ==', number: 1009, status: 'CONFIRMED', version: 2 } } }),
    CreatePickList: () => ({
      data: {
        createPickList: {
          __typename: 'PickListPayload',
          pickList: { __typename: 'PickList', id: 'UGlja0xpc3Q6OQ==', number: 9, status: 'OPEN', progress: progress(5) },
          userErrors: [],
        },
      },
    }),
  });
}

describe('PickHomePage', () => {
  it('lists my lists first, then unassigned ones, and starts a new list from the most urgent orders', async () => {
    const fake = api();
    const { history } = renderApp({ fetch: fake.fetch, locale: 'en', path: '/pick' });
    await screen.findByTestId('pick-lists');
    expect(screen.getAllByTestId('pick-list').map((el) => el.dataset.listId)).toEqual(['UGlja0xpc3Q6Mw==', 'UGlja0xpc3Q6Mg==', 'UGlja0xpc3Q6MQ==']);
    expect(screen.getAllByTestId('pick-list')[0].dataset.mine).toBe('true');
    expect(screen.getAllByTestId('pick-take')).toHaveLength(1); // only the unassigned one
    expect(screen.getByTestId('pick-my-progress').textContent).toContain('Today you picked 17 of 20 units (2 lists).');
    expect(screen.getByTestId('pick-confirmed-count').textContent).toBe('7 confirmed orders waiting');

    fireEvent.click(screen.getByTestId('pick-batch-plus')); // 5 → 6
    fireEvent.click(screen.getByTestId('pick-start'));
    await waitFor(() => expect(history.get()).toBe(`/pick/${encodeURIComponent('UGlja0xpc3Q6OQ==')}`));
    expect(fake.requests.find((r) => r.operationName === 'CreatePickList')!.variables).toMatchObject({ batchSize: 6 });
    expect(localStorage.getItem('orderly.pickBatchSize')).toBe('6');
  });

  it('starts a list for the one order the order detail sent here', async () => {
    const fake = api();
    const { history } = renderApp({ fetch: fake.fetch, locale: 'ru', path: '/pick?order=T3JkZXI6OQ%3D%3D' });
    const start = await screen.findByTestId('pick-start-order');
    expect(start.textContent).toBe('Собрать заказ №1009');
    fireEvent.click(start);
    await waitFor(() => expect(history.get()).toBe(`/pick/${encodeURIComponent('UGlja0xpc3Q6OQ==')}`));
    expect(fake.requests.find((r) => r.operationName === 'CreatePickList')!.variables).toMatchObject({ orderIds: ['T3JkZXI6OQ=='] });
  });
});
