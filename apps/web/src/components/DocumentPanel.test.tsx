// Printing a label from the pack screen to this device's network printer (Settings → Printers),
// and the PDF fallback when the printer does not answer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { createMockFetch, userErrors, type RecordedRequest } from '../test/graphqlMock';
import { ORDER_ID, openParcel, packApi, printer } from '../test/floorFixtures';
import { renderApp } from '../test/renderApp';
import { reloadPrinterChoices } from '../lib/printers';
import { recordOpenedTabs } from '../test/openedTabs';

const path = `/pack/${encodeURIComponent(ORDER_ID)}`;
const sent = (api: { requests: RecordedRequest[] }, name: string) => api.requests.filter((r) => r.operationName === name);
const packPrinter = printer();

/** The pack screen's fake API with a printer that takes jobs (or, `reachable: false`, does not answer). */
function api(options: { reachable: boolean }) {
  const fake = packApi({ status: 'PACKED', parcels: [openParcel({ 'TWS-PRO-53': 2, 'CASE-IP15-BLK': 1 }, { status: 'PACKED', weightGrams: 800 })] });
  const printLabel = fake.responders.PrintLabel;
  return createMockFetch({
    ...fake.responders,
    Printers: () => ({ data: { printers: [packPrinter] } }),
    PrintLabel: (request: RecordedRequest) => {
      if (request.variables.printerId && !options.reachable) {
        return {
          data: {
            printLabel: {
              __typename: 'LabelPayload',
              label: null,
              parcel: null,
              order: null,
              printer: null,
              userErrors: userErrors({ code: 'PRINTER_UNREACHABLE', field: ['printerId'], message: 'Printer "Pack table 1" could not be reached' }),
            },
          },
        };
      }
      const format = request.variables.printerId ? 'ZPL' : request.variables.format;
      const answer = printLabel({ ...request, variables: { ...request.variables, format } }) as { data: { printLabel: Record<string, unknown> } };
      answer.data.printLabel.printer = request.variables.printerId ? { __typename: 'Printer', id: packPrinter.id, name: packPrinter.name } : null;
      return answer;
    },
  });
}

describe('printing labels to the network printer', () => {
  let opened: string[];
  beforeEach(() => {
    opened = recordOpenedTabs();
  });
  afterEach(() => {
    localStorage.clear();
    reloadPrinterChoices();
  });

  it("sends the label to the packing station's printer and says so, opening no tab", async () => {
    const mock = api({ reachable: true });
    renderApp({ fetch: mock.fetch, locale: 'en', path });
    await waitFor(() => expect(sent(mock, 'Printers')).toHaveLength(1));
    // The button says where the label goes.
    await waitFor(() => expect(screen.getByTestId('label-print').textContent).toBe('Print label (Pack table 1)'));
    fireEvent.click(screen.getByTestId('label-print'));
    const doc = await screen.findByTestId('label-document');
    expect(sent(mock, 'PrintLabel')[0]!.variables).toMatchObject({ parcelId: 'UGFyY2VsOjE=', carrierCode: 'ozon', printerId: 'UHJpbnRlcjox' });
    expect(within(doc).getByTestId('document-sent').textContent).toContain('Sent to the printer Pack table 1');
    // Nothing left to do with the file on this device.
    expect(within(doc).queryByTestId('document-download')).toBeNull();
    expect(opened).toEqual([]);
    expect(screen.queryByTestId('print-fallback')).toBeNull();
  });

  it('a printer that does not answer: the reason, and the PDF as the fallback', async () => {
    const mock = api({ reachable: false });
    renderApp({ fetch: mock.fetch, locale: 'ru', path });
    await waitFor(() => expect(sent(mock, 'Printers')).toHaveLength(1));
    fireEvent.click(await screen.findByTestId('label-print'));
    const fallback = await screen.findByTestId('print-fallback');
    expect(fallback.textContent).toContain('Принтер не ответил');
    expect(screen.getByTestId('pack-outcome').textContent).toContain('Не удалось связаться с принтером.');
    expect(screen.queryByTestId('label-document')).toBeNull();

    fireEvent.click(within(fallback).getByTestId('print-open-pdf'));
    const doc = await screen.findByTestId('label-document');
    expect(sent(mock, 'PrintLabel')).toHaveLength(2);
    expect(sent(mock, 'PrintLabel')[1]!.variables).toMatchObject({ parcelId: 'UGFyY2VsOjE=', format: 'PDF', carrierCode: 'ozon', printerId: null });
    expect(doc.dataset.contentType).toBe('application/pdf');
    expect(opened).toEqual([doc.dataset.url]);
    expect(screen.queryByTestId('print-fallback')).toBeNull();
  });

  it('a device set to "no printer" prints the PDF as before', async () => {
    localStorage.setItem('orderly.printer.PACK', 'none');
    reloadPrinterChoices();
    const mock = api({ reachable: true });
    renderApp({ fetch: mock.fetch, locale: 'en', path });
    await waitFor(() => expect(sent(mock, 'Printers')).toHaveLength(1));
    fireEvent.click(await screen.findByTestId('label-print'));
    const doc = await screen.findByTestId('label-document');
    expect(sent(mock, 'PrintLabel')[0]!.variables).toMatchObject({ format: 'PDF', printerId: null });
    expect(within(doc).queryByTestId('document-sent')).toBeNull();
    expect(opened).toEqual([doc.dataset.url]);
  });
});
