import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { createMockFetch, userErrors } from '../../test/graphqlMock';
import { renderApp } from '../../test/renderApp';
import { memoryOutboxStore } from '../../offline/outboxStore';

describe('SyncPage and the header status', () => {
  it('lists changes waiting in order, then conflicts from the replay as "needs attention" until dismissed', async () => {
    let online = false;
    const api = createMockFetch({
      PlaceHold: () => ({
        data: { placeHold: { __typename: 'OrderPayload', order: null, userErrors: userErrors({ code: 'INVALID_TRANSITION', message: 'Order is CANCELLED' }) } },
      }),
      AdjustStock: () => ({ data: { adjustStock: { __typename: 'InventoryPayload', inventoryLevel: null, userErrors: [] } } }),
    });
    const { outbox } = renderApp({ fetch: api.fetch, locale: 'en', path: '/sync', outboxStore: memoryOutboxStore(), isOnline: () => online });
    await screen.findByTestId('sync-page');
    await outbox.submit({
      op: 'placeHold',
      query: 'mutation PlaceHold($id: ID!) { placeHold(id: $id, reason: OTHER) { userErrors { code field message } } }',
      variables: { id: 'T3JkZXI6MQ==', expectedVersion: 2 },
      entity: { type: 'Order', id: 'T3JkZXI6MQ==', label: '#1042' },
    });
    await outbox.submit({
      op: 'adjustStock',
      query: 'mutation AdjustStock($input: AdjustStockInput!) { adjustStock(input: $input) { userErrors { code field message } } }',
      variables: { input: { code: 'TWS-PRO-53', delta: -1, reason: 'COUNT' } },
      entity: { type: 'Product', id: 'UHJvZHVjdDox', label: 'TWS-PRO-53' },
    });
    const pending = await screen.findAllByTestId('sync-pending-item');
    expect(pending.map((p) => p.textContent)).toEqual([expect.stringContaining('Place hold#1042'), expect.stringContaining('AdjustTWS-PRO-53')]);
    expect(screen.getByTestId('sync-pending-count').textContent).toContain('2');

    online = true;
    fireEvent.click(screen.getByTestId('sync-now'));
    const item = await screen.findByTestId('sync-attention-item');
    expect(item.dataset.op).toBe('placeHold');
    expect(within(item).getByTestId('sync-attention-error').textContent).toContain('Not possible in the order’s current status');
    expect(screen.getByTestId('sync-attention-count').textContent).toContain('1');
    await waitFor(() => expect(screen.queryByTestId('sync-pending-count')).toBeNull());
    expect(api.requests.map((r) => r.operationName)).toEqual(['PlaceHold', 'AdjustStock']);

    // (the list re-renders as the outbox changes: take the current node)
    fireEvent.click(within(screen.getByTestId('sync-attention-item')).getByTestId('sync-dismiss'));
    await waitFor(() => expect(screen.queryByTestId('sync-attention-item')).toBeNull());
    expect(screen.queryByTestId('sync-status')).toBeNull();
  });
});
