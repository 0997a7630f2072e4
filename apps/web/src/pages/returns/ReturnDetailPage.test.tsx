import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { createMockFetch, meResponse, userErrors } from '../../test/graphqlMock';
import { renderApp } from '../../test/renderApp';

const RETURN = 'UmV0dXJuOnItMQ==';
const LINE = 'UmV0dXJuTGluZTpsLTE=';
const RECEIVER = ['orders:read', 'inventory:read', 'products:read', 'packing', 'returns:read', 'returns:receive'];
const money = (minorUnits: number) => ({ __typename: 'Money', minorUnits, currency: 'RUB' });

/** A received return of two units of one line, as the ReturnDetail query answers it. */
function received(inspected = 0) {
  return {
    __typename: 'Return',
    id: RETURN,
    number: 7,
    status: 'RECEIVED',
    reason: 'DEFECTIVE',
    requestedOutcome: 'REFUND',
    createdAt: new Date().toISOString(),
    returnTrackingNumber: null,
    channel: 'ozon',
    externalId: null,
    outcome: null,
    buyerComment: '***',
    note: '',
    declineReason: null,
    overrideReason: null,
    returnCarrier: null,
    updatedAt: new Date().toISOString(),
    receivedAt: new Date().toISOString(),
    refund: null,
    refunds: [],
    exchangeDifference: null,
    exchangeDifferenceDue: null,
    photos: [],
    order: { __typename: 'Order', id: 'T3JkZXI6NDE=', number: 41, status: 'RETURN_REQUESTED', version: 9, total: money(278_000) },
    exchangeOrder: null,
    lines: [
      {
        __typename: 'ReturnLine',
        id: LINE,
        position: 1,
        sku: 'PB-10000',
        name: 'Power bank',
        quantity: 2,
        quantityInspected: inspected,
        reason: 'DEFECTIVE',
        reasonNote: '',
        unitPrice: money(139_000),
        orderLine: { __typename: 'OrderLine', id: 'T3JkZXJMaW5lOm9sLTE=', product: { __typename: 'Product', id: 'UHJvZHVjdDpwLTE=', barcodes: ['4601234567890'] } },
        inspections: [],
      },
    ],
  };
}

function setup(options: { online?: () => boolean; inspect?: () => unknown } = {}) {
  const api = createMockFetch({
    Me: () => meResponse({ roles: ['PACKER'], permissions: RECEIVER }),
    ReturnDetail: () => ({ data: { node: received() } }),
    InspectReturn: options.inspect ?? (() => ({ data: { inspectReturn: { __typename: 'ReturnPayload', return: received(1), userErrors: [] } } })),
  });
  renderApp({ fetch: api.fetch, locale: 'en', path: `/returns/${encodeURIComponent(RETURN)}`, isOnline: options.online });
  return api;
}

const line = () => screen.getByTestId('return-line');
/** A keyboard-wedge scan of a unit: the code in the field, then Enter. */
async function scanUnit(code: string) {
  const input = (await screen.findByTestId('unit-scan', {}, { timeout: 20_000 })) as HTMLInputElement;
  input.value = code;
  fireEvent.keyDown(input, { key: 'Enter' });
}
const choose = (condition: string) => fireEvent.click(line().querySelector(`[data-testid="unit-condition"][value="${condition}"]`)!);

describe('ReturnDetailPage: checking units', () => {
  it('shows a refused bin at the bin field and keeps the unit as the worker left it', async () => {
    const api = setup({
      inspect: () => ({
        data: {
          inspectReturn: {
            __typename: 'ReturnPayload',
            return: null,
            userErrors: userErrors({ code: 'UNKNOWN_LOCATION', field: ['items', '0', 'locationCode'], message: 'No bin "Z-1" in this warehouse' }),
          },
        },
      }),
    });
    await scanUnit('4601234567890');
    await screen.findByTestId('unit-form');
    choose('RESELLABLE');
    const bin = (await screen.findByTestId('unit-bin')) as HTMLInputElement;
    fireEvent.input(bin, { target: { value: 'Z-1' } });
    fireEvent.submit(screen.getByTestId('unit-form'));
    const error = await screen.findByTestId('field-error');
    expect(error.dataset.field).toBe('locationCode');
    expect(error.textContent).toContain('Unknown bin.');
    expect((screen.getByTestId('unit-bin') as HTMLInputElement).value).toBe('Z-1');
    expect(screen.getByTestId('unit-bin').getAttribute('aria-invalid')).toBe('true');
    const sent = api.requests.find((r) => r.operationName === 'InspectReturn')!;
    expect(sent.variables).toMatchObject({ returnId: RETURN, items: [{ returnLineId: LINE, condition: 'RESELLABLE', locationCode: 'Z-1', quantity: 1 }] });
    expect(typeof sent.variables.idempotencyKey).toBe('string');
  });

  it('offline, a checked unit waits in the outbox and counts as checked: the next unit waits for its scan', async () => {
    const api = setup({ online: () => false });
    await scanUnit('PB-10000');
    await screen.findByTestId('unit-form');
    choose('DAMAGED');
    fireEvent.input(screen.getByTestId('unit-note'), { target: { value: 'cracked' } });
    fireEvent.click(screen.getByTestId('unit-save'));
    await screen.findByTestId('return-queued');
    await waitFor(() => expect(line().dataset.left).toBe('1'));
    expect(screen.getByTestId('return-line-checked').textContent).toBe('1 of 2 checked');
    // The second unit waits for its scan; then a fresh form: nothing chosen yet.
    expect(screen.queryByTestId('unit-form')).toBeNull();
    // (by its barcode: the same code twice within 150 ms is the scanner's double send, counted once)
    await scanUnit('4601234567890');
    await screen.findByTestId('unit-form');
    expect(screen.queryByTestId('unit-note')).toBeNull();
    expect((screen.getByTestId('unit-save') as HTMLButtonElement).disabled).toBe(true);
    expect(api.requests.some((r) => r.operationName === 'InspectReturn')).toBe(false);
  });

  it('a unit of no line, or one more than the line holds, is refused in red and opens nothing', async () => {
    setup({ online: () => false });
    await scanUnit('9999999999999');
    const notice = await screen.findByTestId('unit-scan-notice');
    expect(notice.dataset).toMatchObject({ kind: 'error', code: 'NOT_IN_RETURN' });
    expect(notice.textContent).toContain('“9999999999999” is not in this return.');
    expect(screen.getByTestId('unit-scan').closest('.scan')!.getAttribute('data-scan-state')).toBe('error');
    expect(screen.queryByTestId('unit-form')).toBeNull();
    // Both units checked (one missing from the parcel, one damaged): a third scan is an extra unit.
    fireEvent.click(screen.getByTestId('unit-missing'));
    await waitFor(() => expect(line().dataset.left).toBe('1'));
    await scanUnit('PB-10000');
    choose('DAMAGED');
    fireEvent.click(screen.getByTestId('unit-save'));
    await waitFor(() => expect(line().dataset.left).toBe('0'));
    await scanUnit('4601234567890');
    await waitFor(() => expect(screen.getByTestId('unit-scan-notice').dataset.code).toBe('EXTRA_UNIT'));
    expect(screen.getByTestId('unit-scan-notice').textContent).toContain('All 2 units of PB-10000 are checked already');
  });
});
