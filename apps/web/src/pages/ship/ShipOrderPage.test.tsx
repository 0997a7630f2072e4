import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { createMockFetch, type RecordedRequest } from '../../test/graphqlMock';
import { renderApp } from '../../test/renderApp';

const ORDER = 'T3JkZXI6MTA0Mg==';
const carrier = { __typename: 'Carrier', code: 'cdek', name: 'СДЭК' };

function shipApi(answer?: (r: RecordedRequest) => unknown) {
  let status = 'READY_TO_SHIP';
  const parcel = (n: number) => ({
    __typename: 'Parcel',
    id: `UGFyY2VsOj${n}`,
    code: `P1042-${n}`,
    sequence: n,
    status: 'HANDED_OVER',
    weightGrams: 400,
    carrier,
    trackingNumbers: [],
  });
  return createMockFetch({
    ShipOrder: () => ({
      data: {
        order: { __typename: 'Order', id: ORDER, number: 1042, channel: 'manual', externalId: null, status, version: 9, parcels: [parcel(1), parcel(2)], shipments: [] },
      },
    }),
    ShipOrderNow: (r) => {
      const custom = answer?.(r);
      if (custom) return custom;
      status = 'SHIPPED';
      const numbers = (r.variables.parcels as { trackingNumbers: string[] }[]).flatMap((p) => p.trackingNumbers);
      return {
        data: {
          shipOrder: {
            __typename: 'ShipOrderPayload',
            order: { __typename: 'Order', id: ORDER, status, version: 10 },
            shipment: {
              __typename: 'Shipment',
              id: 'U2hpcG1lbnQ6MQ==',
              carrier,
              trackingNumbers: numbers.map((number) => ({ __typename: 'TrackingNumber', number, url: `https://www.cdek.ru/ru/tracking?order_id=${number}` })),
            },
            userErrors: [],
          },
        },
      };
    },
  });
}

function enter(parcel: HTMLElement, value: string) {
  const input = within(parcel).getByTestId('tracking-input') as HTMLInputElement;
  input.value = value;
  fireEvent.keyDown(input, { key: 'Enter' });
}

describe('ShipOrderPage', () => {
  it('takes tracking numbers per parcel (several allowed), ships with the order version, shows the tracking links', async () => {
    const api = shipApi();
    renderApp({ fetch: api.fetch, locale: 'en', path: `/ship/${encodeURIComponent(ORDER)}` });
    const [first, second] = await screen.findAllByTestId('ship-parcel');
    const submit = screen.getByTestId('ship-submit') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    enter(first, 'CDEK-1001');
    enter(first, 'CDEK-1001'); // the same number twice: refused
    expect(within(first).getAllByTestId('tracking-number')).toHaveLength(1);
    enter(first, 'CDEK-1002');
    enter(second, 'x'); // too short
    expect(submit.disabled).toBe(true);
    enter(second, 'CDEK-2001');
    expect(submit.disabled).toBe(false);
    fireEvent.click(submit);
    const links = await screen.findByTestId('tracking-links');
    const request = api.requests.find((r) => r.operationName === 'ShipOrderNow')!;
    expect(request.variables).toMatchObject({
      orderId: ORDER,
      expectedVersion: 9,
      parcels: [
        { parcelId: 'UGFyY2VsOj1', trackingNumbers: ['CDEK-1001', 'CDEK-1002'] },
        { parcelId: 'UGFyY2VsOj2', trackingNumbers: ['CDEK-2001'] },
      ],
    });
    expect(
      within(links)
        .getAllByTestId('tracking-link')
        .map((a) => a.getAttribute('href')),
    ).toEqual([
      'https://www.cdek.ru/ru/tracking?order_id=CDEK-1001',
      'https://www.cdek.ru/ru/tracking?order_id=CDEK-1002',
      'https://www.cdek.ru/ru/tracking?order_id=CDEK-2001',
    ]);
  });

  it('shows a refusal in the reader’s language (a tracking number already used)', async () => {
    const api = shipApi(() => ({
      data: {
        shipOrder: {
          __typename: 'ShipOrderPayload',
          order: null,
          shipment: null,
          userErrors: [{ __typename: 'UserError', code: 'DUPLICATE_TRACKING', field: ['parcels'], message: 'used' }],
        },
      },
    }));
    renderApp({ fetch: api.fetch, locale: 'zh-CN', path: `/ship/${encodeURIComponent(ORDER)}` });
    const parcels = await screen.findAllByTestId('ship-parcel');
    parcels.forEach((p, i) => enter(p, `CDEK-${i}000`));
    fireEvent.click(screen.getByTestId('ship-submit'));
    await waitFor(() => expect(screen.getByTestId('user-error').dataset.code).toBe('DUPLICATE_TRACKING'));
    expect(screen.getByTestId('user-error').textContent).toContain('运单号');
    expect(screen.queryByTestId('tracking-links')).toBeNull();
  });
});
