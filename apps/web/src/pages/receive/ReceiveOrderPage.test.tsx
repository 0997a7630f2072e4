import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { createMockFetch, userErrors, type RecordedRequest } from '../../test/graphqlMock';
import { renderApp } from '../../test/renderApp';
import { CABLE_LINE, LAMP_LINE, PO_ID, purchaseOrder, receiver } from './receiveFixtures';

const received = (status: string) => ({
  data: {
    receivePurchaseOrderItems: {
      __typename: 'ReceivePurchaseOrderItemsPayload',
      purchaseOrder: { __typename: 'PurchaseOrder', id: PO_ID, status, receivedQuantity: 9, lines: [] },
      receipt: { __typename: 'PurchaseReceipt', id: 'UHVyY2hhc2VSZWNlaXB0OnItMQ==' },
      userErrors: [],
    },
  },
});

function setup(options: { online?: () => boolean; receive?: (r: RecordedRequest) => unknown } = {}) {
  const api = createMockFetch({
    Me: receiver,
    ReceivePurchaseOrder: () => ({ data: { purchaseOrder: purchaseOrder() } }),
    ReceivePurchaseOrderItems: options.receive ?? (() => received('PARTIALLY_RECEIVED')),
  });
  renderApp({ fetch: api.fetch, path: `/receive/${encodeURIComponent(PO_ID)}`, isOnline: options.online });
  return api;
}

/** A keyboard-wedge scan: the code in the field, then Enter. */
async function scan(testid: string, code: string) {
  const input = (await screen.findByTestId(testid, {}, { timeout: 20_000 })) as HTMLInputElement;
  input.value = code;
  fireEvent.keyDown(input, { key: 'Enter' });
}
const line = (sku: string) => screen.getAllByTestId('receive-line').find((l) => l.dataset.sku === sku)!;
const mutations = (api: { requests: RecordedRequest[] }) => api.requests.filter((r) => r.operationName === 'ReceivePurchaseOrderItems');

describe('ReceiveOrderPage: counting a delivery in and putting it away', () => {
  beforeEach(() => localStorage.clear());

  it('counts each scan on its line (barcode, SKU, supplier SKU; cartons with units per scan), notes codes not on the PO, and sends one receipt into the scanned bin', async () => {
    const api = setup();
    // Alternate codes: the same code twice within 150 ms is a scanner's double send.
    await scan('receive-item-scan', '4601234567890');
    await scan('receive-item-scan', 'LAMP-1');
    await scan('receive-item-scan', 'S-LAMP-1');
    await waitFor(() => expect(line('LAMP-1').dataset.counted).toBe('3'));
    expect(screen.getByTestId('receive-notice').textContent).toContain('LAMP-1: 3 counted');
    expect(line('LAMP-1').querySelector('[data-testid="receive-line-facts"]')!.textContent).toBe('Ordered 10 · received 2 · expected 8');
    fireEvent.input(screen.getByTestId('receive-per-scan'), { target: { value: '2' } });
    await scan('receive-item-scan', '4609876543210');
    await waitFor(() => expect(line('CABLE-1').dataset.counted).toBe('2'));
    // Not on the PO: noted as unexpected, in red, with what to do with it.
    await scan('receive-item-scan', 'MYSTERY-BOX');
    const notice = await screen.findByTestId('receive-notice');
    await waitFor(() => expect(notice.dataset).toMatchObject({ kind: 'error', code: 'UNEXPECTED_ITEM' }));
    expect(notice.textContent).toContain('“MYSTERY-BOX” is not on this purchase order');
    expect(screen.getByTestId('receive-unexpected-item').dataset).toMatchObject({ code: 'MYSTERY-BOX', quantity: '2' });
    // A mistaken scan taken back.
    fireEvent.click(line('LAMP-1').querySelector('[data-testid="receive-take-one"]')!);
    await waitFor(() => expect(line('LAMP-1').dataset.counted).toBe('2'));

    fireEvent.click(screen.getByTestId('receive-to-put-away'));
    expect(screen.getByTestId('receive-summary').textContent).toBe('4 units to put away');
    expect((screen.getByTestId('receive-submit') as HTMLButtonElement).disabled).toBe(true);
    await scan('receive-bin-scan', 'A-01-1');
    await waitFor(() => expect(screen.getByTestId('receive-submit').textContent).toBe('Receive into A-01-1'));
    fireEvent.click(screen.getByTestId('receive-submit'));
    await screen.findByTestId('receive-done', {}, { timeout: 20_000 });
    expect(screen.getByTestId('receive-done').textContent).toContain('The purchase order is now “Partly received”.');
    const [sent] = mutations(api);
    expect(sent.variables).toMatchObject({
      purchaseOrderId: PO_ID,
      locationCode: 'A-01-1',
      items: [
        { lineId: LAMP_LINE, quantity: 2 },
        { lineId: CABLE_LINE, quantity: 2 },
      ],
      unexpectedItems: [{ code: 'MYSTERY-BOX', quantity: 2 }],
      allowOverReceipt: false,
    });
    expect(String(sent.variables.idempotencyKey).length).toBeGreaterThanOrEqual(8);
    // The next delivery starts from zero (and the PO is read again).
    await waitFor(() => expect(line('LAMP-1').dataset.counted).toBe('0'));
    expect(api.requests.filter((r) => r.operationName === 'ReceivePurchaseOrder').length).toBeGreaterThan(1);
  });

  it('asks before counting more than a line still expects; confirmed, the receipt allows the over-receipt', async () => {
    const api = setup();
    fireEvent.input(await screen.findByTestId('receive-per-scan', {}, { timeout: 20_000 }), { target: { value: '3' } });
    await scan('receive-item-scan', 'CABLE-1');
    await waitFor(() => expect(line('CABLE-1').dataset.counted).toBe('3'));
    await scan('receive-item-scan', '4609876543210');
    const ask = await screen.findByTestId('receive-over-ask');
    expect(ask.textContent).toContain('only 0 of CABLE-1 still expected');
    fireEvent.click(screen.getByTestId('receive-over-cancel'));
    expect(line('CABLE-1').dataset.counted).toBe('3');
    await scan('receive-item-scan', 'CABLE-1');
    fireEvent.click(await screen.findByTestId('receive-over-confirm'));
    await waitFor(() => expect(line('CABLE-1').dataset.counted).toBe('6'));
    expect(line('CABLE-1').querySelector('[data-testid="receive-line-over"]')).not.toBeNull();

    fireEvent.click(screen.getByTestId('receive-to-put-away'));
    await scan('receive-bin-scan', 'A-01-1');
    fireEvent.click(await screen.findByTestId('receive-submit'));
    await screen.findByTestId('receive-done', {}, { timeout: 20_000 });
    expect(mutations(api)[0].variables).toMatchObject({ items: [{ lineId: CABLE_LINE, quantity: 6 }], allowOverReceipt: true });
  });

  it('keeps the count and shows the refusal when the API refuses the bin', async () => {
    setup({
      receive: () => ({
        data: {
          receivePurchaseOrderItems: {
            __typename: 'ReceivePurchaseOrderItemsPayload',
            purchaseOrder: null,
            receipt: null,
            userErrors: userErrors({ code: 'LOCATION_NOT_FOUND', field: ['input', 'locationCode'] }),
          },
        },
      }),
    });
    await scan('receive-item-scan', 'LAMP-1');
    await waitFor(() => expect(line('LAMP-1').dataset.counted).toBe('1'));
    fireEvent.click(screen.getByTestId('receive-to-put-away'));
    await scan('receive-bin-scan', 'Z-9');
    fireEvent.click(await screen.findByTestId('receive-submit'));
    const error = await screen.findByTestId('user-error', {}, { timeout: 20_000 });
    expect(error.dataset.code).toBe('LOCATION_NOT_FOUND');
    expect(error.textContent).toContain('No such bin in this warehouse.');
    expect(screen.getByTestId('receive-put-away')).toBeTruthy();
    expect(screen.getByTestId('receive-summary').textContent).toBe('1 unit to put away');
  });

  it('offline, the receipt waits in the outbox with its key and its units count as received; an unsent count is kept on the device', async () => {
    const api = setup({ online: () => false });
    await scan('receive-item-scan', 'LAMP-1');
    await scan('receive-item-scan', '4601234567890');
    await waitFor(() => expect(line('LAMP-1').dataset.counted).toBe('2'));
    // Counted but not sent: kept on the device.
    expect(JSON.parse(localStorage.getItem(`orderly.receive.${PO_ID}`)!).counts).toEqual({ [LAMP_LINE]: 2 });
    fireEvent.click(screen.getByTestId('receive-to-put-away'));
    await scan('receive-bin-scan', 'A-01-1');
    fireEvent.click(await screen.findByTestId('receive-submit'));
    await screen.findByTestId('receive-queued', {}, { timeout: 20_000 });
    await waitFor(() => expect(line('LAMP-1').dataset).toMatchObject({ counted: '0', left: '6' }));
    expect(line('LAMP-1').textContent).toContain('2 units waiting to be sent');
    expect(localStorage.getItem(`orderly.receive.${PO_ID}`)).toBeNull();
    expect(mutations(api)).toEqual([]);
  });
});
