import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { createMockFetch, meResponse } from '../../test/graphqlMock';
import { renderApp } from '../../test/renderApp';
import { purchaseOrder, purchaseOrderRow, PO_ID, receiver } from './receiveFixtures';

const open = (nodes: unknown[]) => ({
  data: { purchaseOrders: { __typename: 'PurchaseOrderConnection', edges: nodes.map((node) => ({ __typename: 'PurchaseOrderEdge', node })) } },
});

function scan(code: string) {
  const input = screen.getByTestId('receive-po-scan') as HTMLInputElement;
  input.value = code;
  fireEvent.keyDown(input, { key: 'Enter' });
}

describe('ReceivePage: the Receive station', () => {
  it('lists the purchase orders waiting and opens one by its scanned number (looked up when not listed)', async () => {
    const api = createMockFetch({
      Me: receiver,
      OpenPurchaseOrders: () => open([purchaseOrderRow({ id: 'UHVyY2hhc2VPcmRlcjpwby0y', number: 'PO-000041', status: 'PARTIALLY_RECEIVED', receivedQuantity: 4 })]),
      PurchaseOrderByNumber: () => ({ data: { purchaseOrderByNumber: purchaseOrderRow() } }),
      ReceivePurchaseOrder: () => ({ data: { purchaseOrder: purchaseOrder() } }),
    });
    const { history } = renderApp({ fetch: api.fetch, path: '/receive' });
    const row = await screen.findByTestId('po-row', {}, { timeout: 20_000 });
    expect(row.dataset).toMatchObject({ number: 'PO-000041', status: 'PARTIALLY_RECEIVED' });
    expect(row.textContent).toContain('Yiwu Trading');
    expect(row.textContent).toContain('Partly received');
    expect(row.querySelector('[data-testid="progress"]')!.getAttribute('data-value')).toBe('4');

    scan('PO-000042');
    await screen.findByTestId('receive-order-page', {}, { timeout: 20_000 });
    await waitFor(() => expect(history.get()).toBe(`/receive/${encodeURIComponent(PO_ID)}`));
    expect(api.requests.find((r) => r.operationName === 'PurchaseOrderByNumber')!.variables).toEqual({ number: 'PO-000042' });
  });

  it('says so when the scanned purchase order does not exist or has nothing to receive', async () => {
    let answer: unknown = null;
    const api = createMockFetch({
      Me: receiver,
      OpenPurchaseOrders: () => open([]),
      PurchaseOrderByNumber: () => ({ data: { purchaseOrderByNumber: answer } }),
    });
    renderApp({ fetch: api.fetch, path: '/receive' });
    await screen.findByTestId('po-empty', {}, { timeout: 20_000 });
    scan('PO-000099');
    await waitFor(() => expect(screen.getByTestId('receive-notice').textContent).toContain('No purchase order “PO-000099”.'));
    answer = purchaseOrderRow({ status: 'CANCELLED' });
    scan('PO-000042');
    await waitFor(() => expect(screen.getByTestId('receive-notice').textContent).toContain('PO-000042 is “Cancelled”: nothing to receive.'));
    expect(screen.getByTestId('receive-notice').dataset.code).toBe('CANCELLED');
  });

  it('is closed to roles that do not receive (support reads purchase orders as stock, but does not count goods in)', async () => {
    const api = createMockFetch({
      Me: () => meResponse({ roles: ['SUPPORT'], permissions: ['orders:read', 'inventory:read', 'products:read', 'orders:write'] }),
      OpenPurchaseOrders: () => open([]),
    });
    renderApp({ fetch: api.fetch, path: '/receive' });
    await screen.findByTestId('receive-forbidden', {}, { timeout: 20_000 });
  });
});
