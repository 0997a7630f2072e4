import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import axe from 'axe-core';
import { createMockFetch, makeOrderDetail, meResponse, userErrors, type RecordedRequest } from '../../test/graphqlMock';
import { renderApp } from '../../test/renderApp';
import { memoryOutboxStore } from '../../offline/outboxStore';

const ID = 'T3JkZXI6ZGV0YWls';
const path = `/orders/${ID}`;
const DAY = 86_400_000;

type Parcel = { __typename: 'DomesticParcel'; id: string; carrier: string; trackingNumber: string; sentAt: string; receivedAt: string | null; overdue: boolean };
const parcel = (n: number, options: { received?: boolean; overdue?: boolean; daysAgo?: number } = {}): Parcel => ({
  __typename: 'DomesticParcel',
  id: `RG9tZXN0aWNQYXJjZWw6${n}`,
  carrier: 'sf',
  trackingNumber: `SF55500${n}`,
  sentAt: new Date(Date.now() - (options.daysAgo ?? 2) * DAY).toISOString(),
  receivedAt: options.received ? new Date(Date.now() - 3_600_000).toISOString() : null,
  overdue: options.overdue ?? false,
});

/** The order page's API: the order (with its tracking and domestic parcels) changes as the mutations succeed, like the real one. */
function domesticApi(initial: Parcel[], status: 'CONFIRMED' | 'SHIPPED' = 'CONFIRMED') {
  let parcels = initial;
  let version = 3;
  const order = () => ({
    ...makeOrderDetail({ status }),
    version,
    expectedDeliveryAt: null,
    daysSinceLastMovement: null,
    lastTrackingEvent: null,
    tracking: [],
    domesticParcels: parcels,
  });
  const payload = (field: string, body: Record<string, unknown>) => ({
    data: {
      [field]: {
        __typename: field === 'addDomesticTracking' ? 'DomesticTrackingPayload' : 'RemoveDomesticTrackingPayload',
        order: { __typename: 'Order', id: ID, version, domesticOverdue: parcels.some((p) => p.overdue), domesticParcels: parcels },
        userErrors: [],
        ...body,
      },
    },
  });
  const refused = (code: string, field: string[], message: string) => ({
    data: { addDomesticTracking: { __typename: 'DomesticTrackingPayload', created: null, order: null, userErrors: userErrors({ code, field, message }) } },
  });
  return createMockFetch({
    OrderDetail: () => ({ data: { order: order() } }),
    AddDomesticTracking: (r: RecordedRequest) => {
      const { carrier, trackingNumber } = r.variables as { carrier: string; trackingNumber: string };
      if (!carrier) return refused('INVALID_INPUT', ['carrier'], 'A carrier code is 1–32 letters, digits, "-" or "_" (e.g. sf, zto, yto)');
      if (trackingNumber === 'SF000TAKEN') return refused('DUPLICATE_TRACKING', ['trackingNumber'], 'SF SF000TAKEN is already recorded for order #1001');
      const number = trackingNumber.toUpperCase();
      const known = parcels.some((p) => p.trackingNumber === number);
      if (!known) {
        version += 1;
        parcels = [...parcels, { ...parcel(9, { daysAgo: 0 }), carrier, trackingNumber: number }];
      }
      return payload('addDomesticTracking', { created: !known });
    },
    RemoveDomesticTracking: (r: RecordedRequest) => {
      version += 1;
      parcels = parcels.filter((p) => p.id !== r.variables.id);
      return payload('removeDomesticTracking', { removedDomesticParcelId: r.variables.id });
    },
  });
}

function scan(code: string) {
  const input = screen.getByTestId('domestic-scan') as HTMLInputElement;
  input.value = code;
  fireEvent.keyDown(input, { key: 'Enter' });
}
const sent = (requests: RecordedRequest[], name: string) => requests.filter((r) => r.operationName === name);
/** The card, once the lazily loaded order page is there (slow on a busy machine). */
const findCard = () => screen.findByTestId('domestic-parcels', {}, { timeout: 15_000 });
/** A person scanning the same label again (a scanner's double send within 150 ms counts once). */
const later = () => new Promise((resolve) => setTimeout(resolve, 200));

describe('Order detail → domestic parcels (cross-border)', () => {
  it('lists the domestic parcels (received, on the way, late) — axe-clean', async () => {
    const api = domesticApi([parcel(1, { received: true, daysAgo: 9 }), parcel(2, { overdue: true, daysAgo: 9 }), parcel(3)]);
    renderApp({ fetch: api.fetch, locale: 'en', path });
    const card = await findCard();
    const rows = within(card).getAllByTestId('domestic-parcel');
    expect(rows.map((r) => [r.dataset.number, r.dataset.received, r.dataset.overdue])).toEqual([
      ['SF555001', 'true', 'false'],
      ['SF555002', 'false', 'true'],
      ['SF555003', 'false', 'false'],
    ]);
    expect(rows[0]!.textContent).toContain('received 1 hour ago');
    expect(within(rows[1]!).getByTestId('domestic-parcel-late').textContent).toBe('Domestic parcel late');
    expect(rows[2]!.textContent).toContain('waiting');
    // A received parcel stays on record: only the others can be removed.
    expect(within(rows[0]!).queryByTestId('domestic-remove')).toBeNull();
    expect(within(rows[2]!).getByTestId('domestic-remove').getAttribute('aria-label')).toBe('Remove SF555003');

    const results = await axe.run(card, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  it('adds a scanned number with its carrier, shows typed refusals, and removes one recorded by mistake, in Russian', async () => {
    const api = domesticApi([parcel(1)]);
    renderApp({ fetch: api.fetch, locale: 'ru', path });
    const card = await findCard();

    // No carrier: the API refuses it, the carrier field says so.
    scan('sf123456789');
    const carrierError = await within(card).findByTestId('field-error');
    expect(carrierError.dataset.field).toBe('carrier');
    expect(within(card).getByTestId('domestic-carrier').getAttribute('aria-invalid')).toBe('true');
    expect(within(card).getByTestId('domestic-carrier').getAttribute('aria-describedby')).toContain(carrierError.id);

    fireEvent.input(within(card).getByTestId('domestic-carrier'), { target: { value: 'zto' } });
    await later();
    scan('sf123456789');
    await waitFor(() =>
      expect(
        within(card)
          .getAllByTestId('domestic-parcel')
          .map((r) => r.dataset.number),
      ).toEqual(['SF555001', 'SF123456789']),
    );
    expect(within(card).getByTestId('domestic-done').textContent).toContain('Трек-номер по Китаю сохранён.');
    expect(within(card).getByTestId('domestic-carrier').getAttribute('aria-invalid')).toBe('false');
    const added = sent(api.requests, 'AddDomesticTracking').at(-1)!;
    expect(added.variables).toMatchObject({ orderId: ID, carrier: 'zto', trackingNumber: 'sf123456789' });
    expect(typeof added.variables.idempotencyKey).toBe('string');

    // The same number again: nothing changes, and the page says it is already there.
    await later();
    scan('sf123456789');
    await waitFor(() => expect(within(card).getByTestId('domestic-done').textContent).toContain('Уже записан для этого заказа.'));

    // A number another order has: the API's refusal, in the floor's language.
    scan('SF000TAKEN');
    const refusal = await within(card).findByTestId('form-errors');
    expect(within(refusal).getByTestId('user-error').dataset.code).toBe('DUPLICATE_TRACKING');

    fireEvent.click(within(card).getAllByTestId('domestic-remove')[0]!);
    await waitFor(() =>
      expect(
        within(card)
          .getAllByTestId('domestic-parcel')
          .map((r) => r.dataset.number),
      ).toEqual(['SF123456789']),
    );
    expect(sent(api.requests, 'RemoveDomesticTracking').at(-1)!.variables).toMatchObject({ id: parcel(1).id });
    expect(within(card).getByTestId('domestic-done').textContent).toContain('Трек-номер по Китаю удалён.');
  });

  it('keeps a number scanned offline in the outbox and says so, in Chinese', async () => {
    const api = domesticApi([]);
    const { outbox } = renderApp({ fetch: api.fetch, locale: 'zh-CN', path, outboxStore: memoryOutboxStore(), isOnline: () => false });
    const card = await findCard();
    expect(card.textContent).toContain('尚未记录国内快递单号。');
    fireEvent.input(within(card).getByTestId('domestic-carrier'), { target: { value: 'sf' } });
    scan('SF777000111');
    await within(card).findByTestId('domestic-queued');
    expect(sent(api.requests, 'AddDomesticTracking')).toEqual([]);
    expect(outbox.items().map((i) => [i.op, i.variables.trackingNumber, i.entity?.label])).toEqual([['addDomesticTracking', 'SF777000111', '#1042']]);
  });

  it('is read only for those who may not ship, and absent for an order without parcels that has left', async () => {
    const reader = createMockFetch({
      Me: () => meResponse({ roles: ['VIEWER'], permissions: ['orders:read', 'shipments:read'] }),
      OrderDetail: () => ({
        data: {
          order: {
            ...makeOrderDetail({ status: 'CONFIRMED' }),
            expectedDeliveryAt: null,
            daysSinceLastMovement: null,
            lastTrackingEvent: null,
            tracking: [],
            domesticParcels: [parcel(1)],
          },
        },
      }),
    });
    const first = renderApp({ fetch: reader.fetch, locale: 'en', path });
    const card = await findCard();
    expect(within(card).queryByTestId('domestic-scan')).toBeNull();
    expect(within(card).queryByTestId('domestic-remove')).toBeNull();
    first.unmount();

    const shipped = domesticApi([], 'SHIPPED');
    renderApp({ fetch: shipped.fetch, locale: 'en', path });
    await screen.findByTestId('order-header', {}, { timeout: 15_000 });
    expect(screen.queryByTestId('domestic-parcels')).toBeNull();
  });
});
