import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { createMockFetch, makeOrder, statusCounts } from '../../test/graphqlMock';
import { renderApp } from '../../test/renderApp';

const HOUR = 3600_000;

function todayApi() {
  return createMockFetch({
    Today: ({ variables }) => {
      const hours = (new Date(String(variables.dueBefore)).getTime() - new Date(String(variables.now)).getTime()) / HOUR;
      const due = [
        makeOrder({ number: 7, status: 'PICKING', lateRisk: true, shipBy: new Date(Date.now() - HOUR).toISOString() }),
        makeOrder({ number: 8, status: 'NEW', lateRisk: true, shipBy: new Date(Date.now() + 2 * HOUR).toISOString() }),
        makeOrder({ number: 9, status: 'CONFIRMED', lateRisk: false, shipBy: new Date(Date.now() + 7 * HOUR).toISOString() }),
      ].filter((o) => new Date(o.shipBy!).getTime() < Date.now() + hours * HOUR);
      return {
        data: {
          ...statusCounts({ NEW: 11, CONFIRMED: 8, PICKING: 4, SHIPPED: 4, COMPLETED: 3, CANCELLED: 3 }).data,
          overdue: { __typename: 'QueryOrdersConnection', totalCount: 1 },
          dueSoon: { __typename: 'QueryOrdersConnection', totalCount: due.length, edges: due.map((node) => ({ __typename: 'QueryOrdersConnectionEdge', node })) },
        },
      };
    },
  });
}

describe('TodayPage', () => {
  it('shows open work, overdue and due-soon counts with links into the filtered queue', async () => {
    const api = todayApi();
    renderApp({ fetch: api.fetch, locale: 'en', path: '/today' });
    const tiles = await screen.findByTestId('today-tiles');
    expect(within(tiles).getByTestId('today-open').textContent).toBe('23Open orders');
    expect(within(tiles).getByTestId('today-open').getAttribute('href')).toBe('/');
    expect(within(tiles).getByTestId('today-overdue').textContent).toBe('1Overdue');
    expect(within(tiles).getByTestId('today-overdue').getAttribute('href')).toBe('/?due=0');
    expect(within(tiles).getByTestId('today-due').textContent).toBe('3Due within 8 hours');
    expect(within(tiles).getByTestId('today-due').getAttribute('href')).toBe('/?due=8');

    const statuses = screen.getAllByTestId('today-status');
    expect(statuses.map((s) => [s.dataset.status, s.getAttribute('href')])).toContainEqual(['PICKING', '/?status=PICKING']);
    expect(screen.getByTestId('today-at-risk').textContent).toContain('2 orders at risk of being late');
    expect(
      within(screen.getByTestId('today-due-list'))
        .getAllByTestId('order-number')
        .map((n) => n.textContent),
    ).toEqual(['#7', '#8', '#9']);
    expect(screen.getByTestId('nav-today').className).toContain('is-active');

    const request = api.requests.find((r) => r.operationName === 'Today')!;
    expect(request.variables.open).toEqual(['NEW', 'CONFIRMED', 'ON_HOLD', 'PICKING', 'PICKED', 'PACKED', 'READY_TO_SHIP']);
  });

  it('changes the due-soon window', async () => {
    const api = todayApi();
    renderApp({ fetch: api.fetch, locale: 'ru', path: '/today' });
    await screen.findByTestId('today-tiles');
    fireEvent.click(screen.getAllByTestId('today-window').find((b) => b.dataset.hours === '4')!);
    await waitFor(() => expect(screen.getByTestId('today-due').textContent).toBe('2Срок в ближайшие 4 часа'));
    expect(localStorage.getItem('orderly.today.window')).toBe('4');
  });
});
