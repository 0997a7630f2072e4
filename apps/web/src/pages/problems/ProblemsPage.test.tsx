import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { createMockFetch, meResponse } from '../../test/graphqlMock';
import { renderApp } from '../../test/renderApp';
import { PROBLEMS_PAGE } from './problems.graphql';

const HOUR = 3600_000;
const at = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

/** An open exception as the ProblemRow fragment answers it. */
const problem = (n: number, owner: string | null = null) => ({
  __typename: 'DeliveryException',
  id: `RXhjOj${n}`,
  kind: n % 2 ? 'LOST' : 'DELAYED',
  status: 'OPEN',
  createdAt: at(-5),
  deadlineAt: at(24 + n),
  disputeDeadlineAt: null,
  deadlineState: 'OK',
  shipment: { __typename: 'Shipment', carrier: { __typename: 'Carrier', code: 'cdek', name: 'СДЭК' } },
  order: { __typename: 'Order', number: 2000 + n },
  owner: owner ? { __typename: 'ExceptionOwner', name: owner } : null,
});
const page = (from: number, count: number, hasNextPage: boolean) => ({
  data: {
    exceptions: {
      __typename: 'QueryExceptionsConnection',
      pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor: `cursor-${from + count - 1}` },
      edges: Array.from({ length: count }, (_, i) => ({ __typename: 'QueryExceptionsConnectionEdge', node: problem(from + i, i === 0 ? 'Мария' : null) })),
    },
  },
});
const pickups = {
  data: {
    uncollectedPickups: [
      {
        __typename: 'UncollectedPickup',
        trackingNumber: 'CDEK-000123',
        carrier: 'СДЭК',
        pickupPoint: 'ПВЗ Тверская 7',
        arrivedAt: at(-24 * 9),
        daysWaiting: 9,
        remindedAt: at(-24 * 6),
        order: { __typename: 'Order', id: 'T3JkZXI6OTk=', number: 1099, status: 'IN_TRANSIT' },
      },
    ],
  },
};
const manager = () => meResponse({ permissions: ['orders:read', 'shipments:read', 'exceptions:read', 'exceptions:manage'] });

describe('ProblemsPage', () => {
  it('pages through the open exceptions with "Show more" (one query per page, by cursor)', async () => {
    const api = createMockFetch({
      Me: manager,
      Problems: ({ variables }) => (variables.after === `cursor-${PROBLEMS_PAGE - 1}` ? page(PROBLEMS_PAGE, 3, false) : page(0, PROBLEMS_PAGE, true)),
      UncollectedPickups: () => pickups,
    });
    renderApp({ fetch: api.fetch, locale: 'en', path: '/problems' });
    await waitFor(() => expect(screen.getAllByTestId('problem-row')).toHaveLength(PROBLEMS_PAGE));
    const first = screen.getAllByTestId('problem-row')[0];
    expect(within(first).getByTestId('problem-order').textContent).toBe('#2000');
    expect(within(first).getByTestId('problem-owner').textContent).toBe('Looked after by Мария');
    expect(within(screen.getAllByTestId('problem-row')[1]).getByTestId('problem-owner').textContent).toBe('Nobody assigned');
    expect(screen.queryByTestId('problems-end')).toBeNull();

    fireEvent.click(screen.getByTestId('problems-more'));
    await waitFor(() => expect(screen.getAllByTestId('problem-row')).toHaveLength(PROBLEMS_PAGE + 3));
    expect(screen.getByTestId('problems-end').textContent).toBe('That’s every open problem.');
    expect(screen.queryByTestId('problems-more')).toBeNull();
    const requests = api.requests.filter((r) => r.operationName === 'Problems');
    expect(requests.map((r) => r.variables)).toEqual([{ first: PROBLEMS_PAGE }, { first: PROBLEMS_PAGE, after: `cursor-${PROBLEMS_PAGE - 1}` }]);
  });

  it('lists the parcels nobody collected from the pickup point under their own chip', async () => {
    const api = createMockFetch({ Me: manager, Problems: () => page(0, 2, false), UncollectedPickups: () => pickups });
    renderApp({ fetch: api.fetch, locale: 'en', path: '/problems' });
    const chip = await screen.findByText('Not collected');
    await waitFor(() => expect(chip.closest('button')!.querySelector('[data-testid="problems-view-count"]')?.textContent).toBe('1'));
    fireEvent.click(chip);
    const row = await screen.findByTestId('pickup-row');
    expect(row.getAttribute('href')).toBe('/orders/T3JkZXI6OTk%3D');
    expect(within(row).getByTestId('pickup-days').textContent).toBe('Waiting 9 days');
    expect(within(row).getByTestId('pickup-order').textContent).toBe('#1099');
    expect(within(row).getByTestId('pickup-tracking').textContent).toBe('CDEK-000123');
    expect(within(row).getByTestId('pickup-point').textContent).toBe('ПВЗ Тверская 7');
    expect(within(row).getByTestId('pickup-reminded').textContent).toMatch(/^buyer reminded 6 days ago$/);
    expect(api.requests.find((r) => r.operationName === 'UncollectedPickups')!.variables).toEqual({ first: 50 });
  });
});
