import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { createMockFetch, userErrors } from '../../test/graphqlMock';
import { ORDER_ID, openParcel, packApi, printer } from '../../test/floorFixtures';
import { renderApp } from '../../test/renderApp';
import { reloadSettings } from '../../lib/settings';
import { recordOpenedTabs } from '../../test/openedTabs';

const path = `/pack/${encodeURIComponent(ORDER_ID)}`;

function scan(code: string) {
  const input = screen.getByTestId('pack-scan') as HTMLInputElement;
  input.value = code;
  fireEvent.keyDown(input, { key: 'Enter' });
}
const line = (sku: string) => screen.getAllByTestId('pack-line').find((el) => el.dataset.sku === sku)!;
const sent = (api: { requests: { operationName?: string; variables: Record<string, unknown> }[] }, name: string) => api.requests.filter((r) => r.operationName === name);

describe('PackOrderPage', () => {
  let opened: string[];
  beforeEach(() => {
    opened = recordOpenedTabs();
  });
  afterEach(() => {
    localStorage.clear();
    reloadSettings();
  });

  it('scans items into the parcel (counted at once), refuses wrong items and over-packing, unpacks', async () => {
    const fake = packApi();
    const api = createMockFetch(fake.responders);
    renderApp({ fetch: api.fetch, locale: 'en', path });
    await screen.findByTestId('pack-lines');
    expect(screen.getByTestId('pack-order-number').textContent).toBe('#1042');
    expect(line('TWS-PRO-53').textContent).toContain('0 / 2');
    expect(screen.getByTestId('pack-current-parcel').textContent).toBe('The first scan opens a parcel.');

    // Two at once with the stepper: the first scan opens the parcel (no parcel id yet).
    fireEvent.click(screen.getByTestId('pack-quantity-plus'));
    scan('4607000010010');
    await waitFor(() => expect(line('TWS-PRO-53').dataset.packed).toBe('2'));
    await waitFor(() => expect(sent(api, 'ScanPack')).toHaveLength(1));
    expect(sent(api, 'ScanPack')[0].variables).toMatchObject({ orderId: ORDER_ID, parcelId: null, code: '4607000010010', quantity: 2 });
    const parcel = await screen.findByTestId('parcel');
    expect(parcel.dataset.code).toBe('P1042-1');
    await waitFor(() => expect(screen.getByTestId('pack-current-parcel').textContent).toBe('Scans go into parcel P1042-1.'));

    // Not on the order / more than picked: red, nothing sent.
    scan('0000000000000');
    await waitFor(() => expect(screen.getByTestId('scan-message').dataset.code).toBe('WRONG_ITEM'));
    scan('TWS-PRO-53');
    await waitFor(() => expect(screen.getByTestId('scan-message').dataset.code).toBe('OVER_PACK'));
    expect(screen.getByTestId('scan-message').textContent).toContain('0 left to pack');
    expect(sent(api, 'ScanPack')).toHaveLength(1);

    // The next scan names the open parcel.
    scan('CASE-IP15-BLK');
    await waitFor(() => expect(sent(api, 'ScanPack')).toHaveLength(2));
    expect(sent(api, 'ScanPack')[1].variables).toMatchObject({ parcelId: 'UGFyY2VsOjE=', code: 'CASE-IP15-BLK', quantity: 1 });
    await waitFor(() => expect(within(screen.getByTestId('parcel')).getAllByTestId('parcel-item')).toHaveLength(2));

    // Take one back out.
    const tws = within(screen.getByTestId('parcel'))
      .getAllByTestId('parcel-item')
      .find((el) => el.dataset.sku === 'TWS-PRO-53')!;
    fireEvent.click(within(tws).getByTestId('parcel-unpack'));
    await waitFor(() => expect(sent(api, 'UnpackItem')).toHaveLength(1));
    expect(sent(api, 'UnpackItem')[0].variables).toMatchObject({ parcelId: 'UGFyY2VsOjE=', code: 'TWS-PRO-53', quantity: 1 });
    await waitFor(() => expect(line('TWS-PRO-53').dataset.packed).toBe('1'));
  });

  it('closes the parcel with the weight in kg and the box’s dimensions, then prints the PDF label', async () => {
    const fake = packApi({ parcels: [openParcel({ 'TWS-PRO-53': 2, 'CASE-IP15-BLK': 1 })] });
    const api = createMockFetch(fake.responders);
    renderApp({ fetch: api.fetch, locale: 'ru', path });
    const parcel = await screen.findByTestId('parcel');
    expect((within(parcel).getByTestId('parcel-close') as HTMLButtonElement).disabled).toBe(false);

    // Box M: its size goes with the parcel.
    fireEvent.click(screen.getAllByTestId('box-preset').find((b) => b.dataset.code === 'M')!);
    // An empty weight is not accepted.
    fireEvent.click(within(parcel).getByTestId('parcel-close'));
    await screen.findByTestId('parcel-weight-invalid');
    expect(sent(api, 'CloseParcel')).toHaveLength(0);
    // Kilograms with a decimal comma, as on a Russian keypad.
    fireEvent.click(within(parcel).getByTestId('weight-unit-kg'));
    fireEvent.input(within(parcel).getByTestId('parcel-weight'), { target: { value: '1,25' } });
    expect(within(parcel).getByTestId('parcel-weight-grams').textContent).toMatch(/1\s250/);
    fireEvent.click(within(parcel).getByTestId('parcel-close'));
    await waitFor(() => expect(sent(api, 'CloseParcel')).toHaveLength(1));
    expect(sent(api, 'CloseParcel')[0].variables).toMatchObject({ parcelId: 'UGFyY2VsOjE=', weightGrams: 1250, lengthMm: 300, widthMm: 200, heightMm: 150 });
    expect(localStorage.getItem('orderly.weightUnit')).toBe('kg');
    await waitFor(() => expect(screen.getByTestId('pack-header').dataset.status).toBe('PACKED'));

    // The label: PDF by default, carrier from the sales channel (ozon).
    const print = await screen.findByTestId('label-print');
    expect((screen.getByTestId('label-carrier') as HTMLSelectElement).value).toBe('ozon');
    fireEvent.click(print);
    const doc = await screen.findByTestId('label-document');
    expect(sent(api, 'PrintLabel')[0].variables).toMatchObject({ parcelId: 'UGFyY2VsOjE=', format: 'PDF', carrierCode: 'ozon' });
    expect(doc.dataset.contentType).toBe('application/pdf');
    // Opened as a blob: URL in a new tab (the browser prints it); a link stays for blocked pop-ups.
    const blob = (URL.createObjectURL as ReturnType<typeof vi.fn>).mock.calls[0][0] as Blob;
    expect(blob.type).toBe('application/pdf');
    expect(await blob.text()).toBe('%PDF-1.7 fake label');
    expect(opened).toEqual([doc.dataset.url]);
    expect(within(doc).getByTestId('document-open').getAttribute('href')).toBe(doc.dataset.url);
    expect(localStorage.getItem('orderly.labelCarrier.ozon')).toBe('ozon');
    await waitFor(() => expect(screen.getByTestId('pack-header').dataset.status).toBe('READY_TO_SHIP'));
    expect(screen.getByTestId('pack-to-ship').getAttribute('href')).toBe(`/ship/${encodeURIComponent(ORDER_ID)}`);
  });

  it('prints ZPL when Settings say so: download the .zpl or copy it for the printer; packing slip in the chosen language', async () => {
    localStorage.setItem('orderly.labelFormat', 'ZPL');
    localStorage.setItem('orderly.packingSlipLocale', 'zh_CN');
    reloadSettings();
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    Object.defineProperty(window, 'isSecureContext', { value: true, configurable: true });
    const fake = packApi({ status: 'PACKED', parcels: [openParcel({ 'TWS-PRO-53': 2, 'CASE-IP15-BLK': 1 }, { status: 'PACKED', weightGrams: 800 })] });
    const api = createMockFetch(fake.responders);
    renderApp({ fetch: api.fetch, locale: 'zh-CN', path });
    fireEvent.click(await screen.findByTestId('label-print'));
    const doc = await screen.findByTestId('label-document');
    expect(sent(api, 'PrintLabel')[0].variables.format).toBe('ZPL');
    expect(doc.dataset.filename).toBe('P1042-1.zpl');
    expect(opened).toEqual([]); // nothing to open: ZPL goes to the thermal printer
    fireEvent.click(within(doc).getByTestId('document-copy'));
    await waitFor(() => expect(within(doc).getByTestId('document-copied').dataset.ok).toBe('true'));
    expect(writeText).toHaveBeenCalledWith('^XA^FO50,50^BCN,100^FDP1042-1^FS^XZ');
    expect(within(doc).getByTestId('document-download').textContent).toBe('下载 .zpl');

    fireEvent.click(screen.getByTestId('pack-slip'));
    const slip = await screen.findByTestId('slip-document');
    expect(sent(api, 'PackingSlip')[0].variables).toEqual({ orderId: ORDER_ID, locale: 'zh_CN' });
    expect(slip.dataset.filename).toBe('slip-1042-zh_CN.pdf');
  });

  it('sends the packing slip to the PDF printer of this packing table; a printer that does not answer offers the PDF', async () => {
    const office = printer({ id: 'UHJpbnRlcjo5', name: 'Office A4', language: 'PDF', labelWidthMm: 210, labelHeightMm: 297, stations: ['PACK'] });
    let reachable = true;
    const fake = packApi({ status: 'PACKED', parcels: [openParcel({ 'TWS-PRO-53': 2 }, { status: 'PACKED', weightGrams: 800 })] });
    const api = createMockFetch({
      ...fake.responders,
      Printers: () => ({ data: { printers: [office] } }),
      PrintPackingSlip: () => ({
        data: {
          printPackingSlip: {
            __typename: 'PrintJobPayload',
            bytesSent: reachable ? 5120 : null,
            userErrors: reachable ? [] : userErrors({ code: 'PRINTER_UNREACHABLE', field: ['printerId'], message: 'Printer "Office A4" could not be reached' }),
          },
        },
      }),
    });
    renderApp({ fetch: api.fetch, locale: 'en', path });
    await screen.findByTestId('pack-lines');
    // The packing table's printer is known (the label button names it) before the slip is asked for.
    await waitFor(() => expect(screen.getByTestId('label-print').textContent).toContain('Office A4'));
    fireEvent.click(screen.getByTestId('pack-slip'));
    expect((await screen.findByTestId('slip-sent')).textContent).toBe('Sent to the printer Office A4');
    expect(sent(api, 'PrintPackingSlip')[0]!.variables).toMatchObject({ orderId: ORDER_ID, printerId: office.id });
    expect(sent(api, 'PackingSlip')).toEqual([]);
    expect(opened).toEqual([]);

    reachable = false;
    fireEvent.click(screen.getByTestId('pack-slip'));
    fireEvent.click(await screen.findByTestId('print-open-pdf'));
    expect((await screen.findByTestId('slip-document')).dataset.filename).toMatch(/^slip-1042/);
    expect(sent(api, 'PackingSlip')).toHaveLength(1);
  });

  it('queues packing offline: scans count at once and are sent in order with their own keys', async () => {
    let online = true;
    const fake = packApi({ parcels: [openParcel({})] });
    const api = createMockFetch(fake.responders);
    const { outbox } = renderApp({ fetch: api.fetch, locale: 'en', path, isOnline: () => online });
    await screen.findByTestId('parcel');
    online = false;
    scan('4607000010010');
    await waitFor(() => expect(line('TWS-PRO-53').dataset.packed).toBe('1'));
    scan('4607000010027');
    await waitFor(() => expect(line('CASE-IP15-BLK').dataset.packed).toBe('1'));
    await waitFor(() => expect(outbox.pendingCount()).toBe(2));
    expect(line('TWS-PRO-53').textContent).toContain('⇅');
    expect(sent(api, 'ScanPack')).toHaveLength(0);
    online = true;
    await outbox.flush();
    expect(sent(api, 'ScanPack').map((r) => r.variables.code)).toEqual(['4607000010010', '4607000010027']);
    expect(new Set(sent(api, 'ScanPack').map((r) => r.variables.idempotencyKey)).size).toBe(2);
    expect(outbox.items()).toEqual([]);
    await waitFor(() => expect(within(screen.getByTestId('parcel')).getAllByTestId('parcel-item')).toHaveLength(2));
  });

  it('an Ozon order that needs marking: a DataMatrix scanned into the item field is the code of a unit, until every unit has one', async () => {
    const fake = packApi();
    const codes: string[] = [];
    const GS = '\u001d';
    const dataMatrix = (serial: string) => `0104607000010010${'21'}${serial}${GS}91EE06${GS}92${'A'.repeat(44)}`;
    const posting = () => ({
      __typename: 'MarketplacePosting',
      postingNumber: '87215400-0001-1',
      requirementsMet: codes.length === 2,
      exemplarStatus: null,
      requirementStates: [
        {
          __typename: 'MarketplaceRequirementState',
          code: 'MARKING_CODES',
          enforced: true,
          met: codes.length === 2,
          items: [{ __typename: 'MarketplaceRequirementItem', sku: 'TWS-PRO-53', required: 2, done: codes.length, missing: 2 - codes.length, rejected: 0, value: null }],
        },
      ],
      markingCodes: codes.map((code) => ({ __typename: 'MarkingCode', code, sku: 'TWS-PRO-53', ozonStatus: null, ozonErrors: [] })),
    });
    const api = createMockFetch({
      ...fake.responders,
      PackOrder: () => {
        const answer = fake.responders.PackOrder() as { data: { order: Record<string, unknown> } };
        answer.data.order.marketplacePosting = posting();
        return answer;
      },
      ScanMarkingCode: (request) => {
        codes.push(String(request.variables.code).replaceAll(GS, '').split('91EE06')[0]!);
        return {
          data: {
            scanMarkingCode: { __typename: 'OrderRequirementsPayload', order: { __typename: 'Order', id: ORDER_ID, status: 'PICKED', version: 5 }, userErrors: [] },
          },
        };
      },
    });
    renderApp({ fetch: api.fetch, locale: 'en', path });
    await screen.findByTestId('marking-codes');
    const units = () => screen.getAllByTestId('marking-unit').map((u) => u.dataset.state);
    expect(units()).toEqual(['waiting', 'waiting']);

    // Scanned into the pack station's one scan field: sent as a marking code, not as an item.
    scan(dataMatrix('ABCDEFGHIJKL1'));
    await waitFor(() => expect(sent(api, 'ScanMarkingCode')).toHaveLength(1));
    expect(sent(api, 'ScanMarkingCode')[0].variables).toMatchObject({ orderId: ORDER_ID, code: dataMatrix('ABCDEFGHIJKL1'), sku: null });
    expect(sent(api, 'ScanPack')).toHaveLength(0);
    await waitFor(() => expect(units()).toEqual(['scanned', 'waiting']));

    // The card's own field takes the next unit; then nothing is missing.
    const field = screen.getByTestId('marking-scan') as HTMLInputElement;
    field.value = dataMatrix('ABCDEFGHIJKL2');
    fireEvent.keyDown(field, { key: 'Enter' });
    await waitFor(() => expect(units()).toEqual(['scanned', 'scanned']));
    await screen.findByTestId('marking-all-met');
  });
});
