import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@solidjs/testing-library';
import { createMockFetch, meResponse } from '../../test/graphqlMock';
import { renderApp } from '../../test/renderApp';

const counts = () => ({ data: { orderStatusCounts: [{ __typename: 'OrderStatusCount', status: 'CONFIRMED', count: 2 }] } });
const tiles = () =>
  screen
    .getAllByRole('link')
    .map((a) => a.dataset.testid)
    .filter((id) => id?.startsWith('floor-'));

describe('FloorPage: one tile per station the user may work at', () => {
  it('shows a picker the Pick and Receive stations (receiving against purchase orders is floor work)', async () => {
    const api = createMockFetch({
      Me: () => meResponse({ roles: ['PICKER'], permissions: ['orders:read', 'inventory:read', 'products:read', 'picking', 'receiving'] }),
      OrderStatusCounts: counts,
    });
    renderApp({ fetch: api.fetch, path: '/floor' });
    // Until `me` answers every tile shows: wait for the picker's own.
    await waitFor(() => expect(tiles()).toEqual(['floor-pick', 'floor-receive']), { timeout: 20_000 });
  });

  it('shows no Receive tile to a role that does not receive', async () => {
    const api = createMockFetch({
      Me: () => meResponse({ roles: ['SUPPORT'], permissions: ['orders:read', 'inventory:read', 'products:read', 'orders:write'] }),
      OrderStatusCounts: counts,
    });
    renderApp({ fetch: api.fetch, path: '/floor' });
    // No station at all for this role: the page says so (once `me` answered).
    await screen.findByText(/./, { selector: '[data-testid="floor-page"] .hint' }, { timeout: 20_000 });
    expect(screen.queryByTestId('floor-receive')).toBeNull();
  });
});
