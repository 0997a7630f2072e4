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

  it('says why a pick scan replayed later was refused, for which order, and what to do with the units', async () => {
    let online = false;
    const api = createMockFetch({
      ScanPick: () => ({
        data: {
          scanPick: {
            __typename: 'PickListPayload',
            pickList: null,
            task: null,
            userErrors: userErrors({ code: 'ALREADY_PICKED', field: ['code'], message: 'TWS-PRO-53 for order #1042 was already picked at bin B-01-1-3' }),
          },
        },
      }),
    });
    const { outbox } = renderApp({ fetch: api.fetch, locale: 'en', path: '/sync', outboxStore: memoryOutboxStore(), isOnline: () => online });
    await screen.findByTestId('sync-page');
    await outbox.submit({
      op: 'scanPick',
      query: 'mutation ScanPick($pickListId: ID!, $code: String!) { scanPick(pickListId: $pickListId, code: $code) { userErrors { code field message } } }',
      variables: { pickListId: 'UGlja0xpc3Q6Mw==', code: '4607000010044', locationCode: 'B-01-1-3', quantity: 2 },
      entity: { type: 'PickList', id: 'UGlja0xpc3Q6Mw==', label: '#3' },
      meta: { pickListId: 'UGlja0xpc3Q6Mw==', taskId: 't1', quantity: 2, sku: 'TWS-PRO-53', orderId: 'T3JkZXI6MTA0Mg==', orderNumber: 1042, bin: 'B-01-1-3' },
    });
    online = true;
    fireEvent.click(screen.getByTestId('sync-now'));
    const item = await screen.findByTestId('sync-attention-item');
    // A list number is not an order number: "List #3", and the order it was for.
    expect(item.textContent).toContain('List #3');
    expect(within(item).getByTestId('sync-attention-order').textContent).toBe('Order #1042');
    expect(within(item).getByTestId('sync-attention-order').querySelector('a')!.getAttribute('href')).toBe('/orders/T3JkZXI6MTA0Mg%3D%3D');
    const reason = within(item).getByTestId('sync-attention-reason').textContent!;
    expect(reason).toContain('TWS-PRO-53 was already picked');
    expect(reason).not.toContain('Wrong item');
    expect(within(item).getByTestId('sync-attention-next').textContent).toBe('Next: Put 2 × TWS-PRO-53 back in bin B-01-1-3.');
    expect(within(item).getByTestId('sync-attention-server').textContent).toContain('was already picked at bin B-01-1-3');
    expect(within(item).getByTestId('sync-dismiss').textContent).toBe('Done');
  });

  it('tells the pick refusals apart by their code, not by the words of the message', async () => {
    let online = false;
    const refusals: Record<string, { field: string[]; message: string }> = {
      '4607000010044': { field: ['code'], message: 'TWS-PRO-53 is not on this pick list (or already picked)' },
      '4607000010051': { field: ['locationCode'], message: 'CASE-9 is not expected at bin C-02-1-1' },
    };
    const api = createMockFetch({
      ScanPick: (request) => ({
        data: {
          scanPick: {
            __typename: 'PickListPayload',
            pickList: null,
            task: null,
            userErrors: userErrors({ code: 'WRONG_ITEM', ...refusals[String(request.variables.code)]! }),
          },
        },
      }),
    });
    const { outbox } = renderApp({ fetch: api.fetch, locale: 'en', path: '/sync', outboxStore: memoryOutboxStore(), isOnline: () => online });
    await screen.findByTestId('sync-page');
    for (const [code, sku, bin] of [
      ['4607000010044', 'TWS-PRO-53', 'B-01-1-3'],
      ['4607000010051', 'CASE-9', 'C-02-1-1'],
    ]) {
      await outbox.submit({
        op: 'scanPick',
        query: 'mutation ScanPick($pickListId: ID!, $code: String!) { scanPick(pickListId: $pickListId, code: $code) { userErrors { code field message } } }',
        variables: { pickListId: 'UGlja0xpc3Q6Mw==', code, locationCode: bin, quantity: 1 },
        entity: { type: 'PickList', id: 'UGlja0xpc3Q6Mw==', label: '#3' },
        meta: { pickListId: 'UGlja0xpc3Q6Mw==', taskId: code, quantity: 1, sku, orderNumber: 1042, bin },
      });
    }
    online = true;
    fireEvent.click(screen.getByTestId('sync-now'));
    await waitFor(() => expect(screen.getAllByTestId('sync-attention-item')).toHaveLength(2));
    const reasons = screen.getAllByTestId('sync-attention-reason').map((r) => r.textContent);
    expect(reasons).toEqual(['TWS-PRO-53 is no longer on this list: its order was cancelled or changed.', 'CASE-9 is no longer expected at bin C-02-1-1.']);
  });
});
