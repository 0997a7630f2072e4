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
    await screen.findByTestId('unit-form', {}, { timeout: 20_000 });
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

  it('offline, a checked unit waits in the outbox and counts as checked: the form moves on to the next unit', async () => {
    const api = setup({ online: () => false });
    await screen.findByTestId('unit-form', {}, { timeout: 20_000 });
    choose('DAMAGED');
    fireEvent.input(screen.getByTestId('unit-note'), { target: { value: 'cracked' } });
    fireEvent.click(screen.getByTestId('unit-save'));
    await screen.findByTestId('return-queued');
    await waitFor(() => expect(line().dataset.left).toBe('1'));
    expect(screen.getByTestId('return-line-checked').textContent).toBe('1 of 2 checked');
    // A fresh form for the second unit: nothing chosen yet.
    expect(screen.queryByTestId('unit-note')).toBeNull();
    expect((screen.getByTestId('unit-save') as HTMLButtonElement).disabled).toBe(true);
    expect(api.requests.some((r) => r.operationName === 'InspectReturn')).toBe(false);
  });
});
