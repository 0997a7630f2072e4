import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { createMockFetch, userErrors, type RecordedRequest } from '../../test/graphqlMock';
import { printer } from '../../test/floorFixtures';
import { renderApp } from '../../test/renderApp';
import { recordOpenedTabs } from '../../test/openedTabs';
import { memoryOutboxStore } from '../../offline/outboxStore';

const ORDER = 'T3JkZXI6MTA0Mg==';
const LABEL = { __typename: 'Document', filename: 'ozon-label-1042-0001-1.pdf', contentType: 'application/pdf', encoding: 'BASE64', content: 'JVBERi0xLjQ=' };
const parcel = (n: number, received: boolean, overdue = false) => ({
  __typename: 'DomesticParcel',
  id: `RG9tZXN0aWNQYXJjZWw6${n}`,
  carrier: 'sf',
  trackingNumber: `SF55500${n}`,
  sentAt: new Date(Date.now() - 9 * 86_400_000).toISOString(),
  receivedAt: received ? new Date().toISOString() : null,
  overdue,
});

function received(options: { already?: boolean; label?: boolean } = {}) {
  return {
    data: {
      receiveDomesticParcel: {
        __typename: 'ReceiveDomesticParcelPayload',
        alreadyReceived: options.already ?? false,
        domesticParcel: parcel(1, true),
        order: { __typename: 'Order', id: ORDER, number: 1042, status: 'PACKED', version: 7, cutoffState: 'SOON', domesticParcels: [parcel(1, true), parcel(2, false)] },
        ozonPostings: [
          {
            __typename: 'MarketplacePosting',
            postingNumber: '1042-0001-1',
            labelError: options.label === false ? 'not ready' : null,
            label: options.label === false ? null : LABEL,
          },
        ],
        userErrors: [],
      },
    },
  };
}

const refused = (code: string, message = code, field = ['trackingNumber']) => ({
  data: {
    receiveDomesticParcel: {
      __typename: 'ReceiveDomesticParcelPayload',
      alreadyReceived: null,
      domesticParcel: null,
      order: null,
      ozonPostings: [],
      userErrors: userErrors({ code, field, message }),
    },
  },
});

const overdue = (nodes: unknown[] = []) => ({
  data: { domesticOverdueOrders: { __typename: 'OrderConnection', edges: nodes.map((node) => ({ __typename: 'OrderEdge', node })) } },
});

function scan(code: string) {
  const input = screen.getByTestId('consolidate-scan') as HTMLInputElement;
  input.value = code;
  fireEvent.keyDown(input, { key: 'Enter' });
}
const sent = (requests: RecordedRequest[], name: string) => requests.filter((r) => r.operationName === name);

describe('ConsolidatePage', () => {
  let opened: string[];
  beforeEach(() => {
    opened = recordOpenedTabs();
    localStorage.clear();
  });

  it('scans a domestic parcel in: names the order, the parcels still on their way, and opens Ozon’s label (no printer)', async () => {
    const api = createMockFetch({
      ReceiveDomesticParcel: () => received(),
      DomesticOverdue: () =>
        overdue([
          { __typename: 'Order', id: 'T3JkZXI6OQ==', number: 1009, status: 'CONFIRMED', shipBy: new Date().toISOString(), domesticParcels: [parcel(3, false, true)] },
        ]),
    });
    renderApp({ fetch: api.fetch, locale: 'en', path: '/consolidate' });
    expect((await screen.findAllByTestId('overdue-order', {}, { timeout: 5000 })).map((el) => el.dataset.orderNumber)).toEqual(['1009']);
    scan(' sf555001 ');
    const notice = await screen.findByTestId('consolidate-notice');
    expect(notice.dataset.kind).toBe('ok');
    expect(notice.textContent).toContain('Received: order #1042');
    expect(notice.textContent).toContain('1 of 2 domestic parcels here');
    expect(screen.getByTestId('scan-message-next').textContent).toBe('Wait for the other parcels before the order leaves.');
    expect(sent(api.requests, 'ReceiveDomesticParcel')[0]!.variables).toMatchObject({ trackingNumber: 'sf555001', carrier: null });
    expect(typeof sent(api.requests, 'ReceiveDomesticParcel')[0]!.variables.idempotencyKey).toBe('string');

    const card = screen.getByTestId('consolidate-order');
    expect(card.dataset.orderNumber).toBe('1042');
    expect(screen.getAllByTestId('domestic-parcel').map((el) => el.dataset.received)).toEqual(['true', 'false']);
    expect(card.querySelector('[data-testid="cutoff-badge"]')?.getAttribute('data-state')).toBe('SOON');
    const label = await screen.findByTestId('consolidate-label');
    expect(label.dataset.filename).toBe('ozon-label-1042-0001-1.pdf');
    expect(opened).toEqual(['blob:label-1']);
    expect(sent(api.requests, 'PrintOzonLabels')).toEqual([]);
  });

  it('sends the label to this device’s PDF printer; a printer that does not answer leaves the PDF to open', async () => {
    let reachable = true;
    const office = printer({ id: 'UHJpbnRlcjo5', name: 'Consolidation A6', language: 'PDF', stations: ['PACK'] });
    const api = createMockFetch({
      Printers: () => ({ data: { printers: [office] } }),
      ReceiveDomesticParcel: () => received({ already: !reachable }),
      DomesticOverdue: () => overdue(),
      PrintOzonLabels: () => ({
        data: {
          printOzonLabels: {
            __typename: 'PrintOzonLabelsPayload',
            labelCount: reachable ? 1 : null,
            printer: reachable ? { __typename: 'Printer', id: office.id, name: office.name } : null,
            userErrors: reachable ? [] : userErrors({ code: 'PRINTER_UNREACHABLE', field: ['printerId'] }),
          },
        },
      }),
    });
    renderApp({ fetch: api.fetch, locale: 'en', path: '/consolidate' });
    // The station's printer is known (the page names it) before the first scan.
    expect((await screen.findByTestId('consolidate-printer', {}, { timeout: 5000 })).textContent).toBe('Ozon labels print on Consolidation A6');
    scan('SF555001');
    expect((await screen.findByTestId('consolidate-sent')).textContent).toBe('1 Ozon label sent to Consolidation A6');
    expect(sent(api.requests, 'PrintOzonLabels')[0]!.variables).toEqual({ orderId: ORDER, printerId: office.id });
    expect(screen.queryByTestId('consolidate-label')).toBeNull();
    expect(opened).toEqual([]);

    reachable = false;
    scan('sf555001'); // the same parcel again (typed differently: a scanner's double send within 150 ms counts once)
    await screen.findByTestId('consolidate-print-failed');
    expect(screen.getByTestId('consolidate-notice').textContent).toContain('Already received: order #1042');
    expect(screen.getByTestId('consolidate-notice').dataset.kind).toBe('info');
    expect((await screen.findByTestId('consolidate-label')).dataset.filename).toBe('ozon-label-1042-0001-1.pdf');
  });

  it('says plainly when a parcel is unknown, its order was cancelled, two carriers share the number, or the label is not ready', async () => {
    let answer: unknown = refused('UNKNOWN_TRACKING_NUMBER');
    const api = createMockFetch({ ReceiveDomesticParcel: () => answer, DomesticOverdue: () => overdue() });
    renderApp({ fetch: api.fetch, locale: 'en', path: '/consolidate' });
    await screen.findByTestId('consolidate-overdue-none');

    scan('NOPE0001');
    await waitFor(() => expect(screen.getByTestId('consolidate-notice').dataset.code).toBe('UNKNOWN_TRACKING_NUMBER'));
    expect(screen.getByTestId('consolidate-notice').textContent).toContain('Unknown parcel “NOPE0001”: no order has this tracking number.');

    answer = refused('ORDER_CANCELLED', 'This parcel belongs to order #1009, which was cancelled: set it aside, do not ship it');
    scan('SFCANCEL01');
    await waitFor(() => expect(screen.getByTestId('consolidate-notice').dataset.code).toBe('ORDER_CANCELLED'));
    expect(screen.getByTestId('consolidate-notice').textContent).toContain('This parcel’s order was cancelled: set it aside, do not ship it.');
    expect(screen.getByTestId('consolidate-notice').textContent).toContain('#1009');

    answer = refused('INVALID_INPUT', 'SHARED0001 is recorded at YTO and ZTO: choose the carrier', ['carrier']);
    expect(screen.queryByTestId('consolidate-carrier')).toBeNull();
    scan('SHARED0001');
    const carrier = (await screen.findByTestId('consolidate-carrier')) as HTMLInputElement;
    expect(screen.getByTestId('consolidate-notice').textContent).toContain('Two carriers use this number');
    fireEvent.input(carrier, { target: { value: 'zto' } });
    answer = received({ label: false });
    scan('shared0001');
    expect((await screen.findByTestId('consolidate-label-missing')).textContent).toContain('Ozon label for 1042-0001-1 is not ready yet');
    expect(sent(api.requests, 'ReceiveDomesticParcel').at(-1)!.variables).toMatchObject({ trackingNumber: 'shared0001', carrier: 'zto' });
    expect(screen.queryByTestId('consolidate-carrier')).toBeNull();
  });

  it('keeps a scan made offline in the outbox and says so, in Chinese', async () => {
    const api = createMockFetch({ ReceiveDomesticParcel: () => received(), DomesticOverdue: () => overdue() });
    const store = memoryOutboxStore();
    const { outbox } = renderApp({ fetch: api.fetch, locale: 'zh-CN', path: '/consolidate', outboxStore: store, isOnline: () => false });
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('集运');
    scan('SF555001');
    await waitFor(() => expect(screen.getByTestId('consolidate-notice').textContent).toContain('已保存在本设备'));
    expect(sent(api.requests, 'ReceiveDomesticParcel')).toEqual([]);
    expect(outbox.items().map((i) => [i.op, i.variables.trackingNumber])).toEqual([['receiveDomesticParcel', 'SF555001']]);
  });
});
