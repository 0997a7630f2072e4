import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { createMockFetch, MANAGER_PERMISSIONS, meResponse, userErrors, type RecordedRequest } from '../../test/graphqlMock';
import { renderApp } from '../../test/renderApp';
import { chosenPrinter, deviceChoice, reloadPrinterChoices } from '../../lib/printers';
import { printer } from '../../test/floorFixtures';

/** A fake printers API: a list the mutations change, as the server would. */
function printersApi(
  initial = [printer(), printer({ id: 'UHJpbnRlcjoy', name: 'Shelf labels', host: 'zebra-2.local', labelWidthMm: 58, labelHeightMm: 40, stations: [] })],
) {
  let list = [...initial];
  const payload = (name: string, body: Record<string, unknown>) => ({ data: { [name]: { __typename: `${name[0]!.toUpperCase()}${name.slice(1)}Payload`, ...body } } });
  return {
    list: () => list,
    responders: {
      Printers: () => ({ data: { printers: list } }),
      CreatePrinter: (r: RecordedRequest) => {
        const input = r.variables.input as Record<string, unknown>;
        if (String(input.host).includes('://')) {
          return payload('createPrinter', {
            printer: null,
            userErrors: userErrors({ code: 'INVALID_INPUT', field: ['input', 'host'], message: 'Give only the host name' }),
          });
        }
        const created = printer({ ...input, id: 'UHJpbnRlcjoz' });
        list = [...list.map((p) => ({ ...p, stations: p.stations.filter((s) => !(input.stations as string[]).includes(s)) })), created];
        return payload('createPrinter', { printer: created, userErrors: [] });
      },
      DeletePrinter: (r: RecordedRequest) => {
        list = list.filter((p) => p.id !== r.variables.id);
        return payload('deletePrinter', { deletedPrinterId: r.variables.id, userErrors: [] });
      },
      TestPrinter: (r: RecordedRequest) =>
        r.variables.printerId === 'UHJpbnRlcjox'
          ? payload('testPrinter', { bytesSent: 412, userErrors: [] })
          : payload('testPrinter', { bytesSent: null, userErrors: userErrors({ code: 'PRINTER_UNREACHABLE', field: ['printerId'], message: 'refused' }) }),
    },
  };
}

const manager = () => meResponse({ permissions: [...MANAGER_PERMISSIONS, 'printers:manage'] });
const sent = (api: { requests: RecordedRequest[] }, name: string) => api.requests.filter((r) => r.operationName === name);

describe('Settings → Printers', () => {
  afterEach(() => {
    localStorage.clear();
    reloadPrinterChoices();
  });

  it('managers add a printer (the refused address is marked), test-print and remove printers', async () => {
    const fake = printersApi();
    const api = createMockFetch({ Me: manager, ...fake.responders });
    renderApp({ fetch: api.fetch, locale: 'en', path: '/settings' });
    const section = await screen.findByTestId('settings-printers');
    await waitFor(() => expect(within(section).getAllByTestId('printer-row')).toHaveLength(2));
    const row = (name: string) =>
      within(section)
        .getAllByTestId('printer-row')
        .find((r) => r.dataset.name === name)!;
    expect(row('Pack table 1').textContent).toContain('192.168.1.50:9100');
    expect(row('Pack table 1').textContent).toContain('Station default: Packing');
    expect(row('Shelf labels').textContent).toContain('Too small for shipping labels');

    // Add: an address with a scheme is refused, and the host field is marked.
    fireEvent.click(within(section).getByTestId('printer-add'));
    const form = within(section).getByTestId('printer-form');
    fireEvent.input(within(form).getByTestId('printer-name'), { target: { value: 'Hand-over' } });
    fireEvent.input(within(form).getByTestId('printer-host'), { target: { value: 'http://10.0.0.7' } });
    fireEvent.click(
      within(form)
        .getAllByTestId('printer-station')
        .find((c) => (c as HTMLInputElement).value === 'SHIP')!,
    );
    fireEvent.click(within(form).getByTestId('printer-save'));
    await within(form).findByTestId('printer-errors');
    expect(within(form).getByTestId('printer-host').getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByTestId('printer-name').getAttribute('aria-invalid')).toBe('false');

    fireEvent.input(within(form).getByTestId('printer-host'), { target: { value: '10.0.0.7' } });
    fireEvent.change(within(form).getByTestId('printer-dpi'), { target: { value: '300' } });
    fireEvent.click(within(form).getByTestId('printer-save'));
    await within(section).findByTestId('printers-notice');
    const created = sent(api, 'CreatePrinter').at(-1)!;
    expect(created.variables.input).toEqual({
      name: 'Hand-over',
      host: '10.0.0.7',
      port: 9100,
      language: 'ZPL',
      labelWidthMm: 100,
      labelHeightMm: 150,
      dpi: 300,
      active: true,
      stations: ['SHIP'],
    });
    expect(created.variables.idempotencyKey).toEqual(expect.any(String));
    await waitFor(() => expect(within(section).getAllByTestId('printer-row')).toHaveLength(3));

    // Test print: sent, or the reason it was not.
    fireEvent.click(within(row('Pack table 1')).getByTestId('printer-test'));
    expect((await within(row('Pack table 1')).findByTestId('printer-test-result')).textContent).toBe('✓ Test label sent to Pack table 1.');
    fireEvent.click(within(row('Shelf labels')).getByTestId('printer-test'));
    const refused = await within(row('Shelf labels')).findByTestId('printer-test-errors');
    expect(refused.textContent).toContain('The printer could not be reached.');

    // Remove, after confirming.
    fireEvent.click(within(row('Shelf labels')).getByTestId('printer-remove'));
    fireEvent.click(within(row('Shelf labels')).getByTestId('printer-remove-yes'));
    await waitFor(() => expect(within(section).getAllByTestId('printer-row')).toHaveLength(2));
    expect(sent(api, 'DeletePrinter')[0].variables.id).toBe('UHJpbnRlcjoy');
  });

  it('each device chooses its printer per station, defaulting to the station default; packers cannot manage printers', async () => {
    const fake = printersApi();
    const api = createMockFetch({
      Me: () => meResponse({ roles: ['PACKER'], permissions: ['orders:read', 'packing', 'shipping', 'documents:print'] }),
      ...fake.responders,
    });
    renderApp({ fetch: api.fetch, locale: 'ru', path: '/settings' });
    const section = await screen.findByTestId('settings-printers');
    await waitFor(() => expect(within(section).getAllByTestId('printer-row')).toHaveLength(2));
    expect(within(section).queryByTestId('printer-add')).toBeNull();
    expect(within(section).queryByTestId('printer-edit')).toBeNull();
    expect(within(section).getAllByTestId('printer-test')).toHaveLength(2);

    const pack = within(section).getByTestId('device-printer-PACK') as HTMLSelectElement;
    // Nothing chosen on this device: the station's default.
    expect(pack.value).toBe('');
    expect(pack.selectedOptions[0]!.textContent).toBe('По умолчанию для участка: Pack table 1');
    expect(chosenPrinter(fake.list(), 'PACK')?.name).toBe('Pack table 1');
    expect(chosenPrinter(fake.list(), 'SHIP')).toBeNull();

    fireEvent.change(pack, { target: { value: 'UHJpbnRlcjoy' } });
    expect(localStorage.getItem('orderly.printer.PACK')).toBe('UHJpbnRlcjoy');
    expect(chosenPrinter(fake.list(), 'PACK')?.name).toBe('Shelf labels');
    fireEvent.change(pack, { target: { value: 'none' } });
    expect(chosenPrinter(fake.list(), 'PACK')).toBeNull();
    fireEvent.change(pack, { target: { value: '' } });
    expect(deviceChoice('PACK')).toBeUndefined();
    expect(localStorage.getItem('orderly.printer.PACK')).toBeNull();
    // A remembered printer that was removed or switched off falls back to the station default.
    localStorage.setItem('orderly.printer.PACK', 'UHJpbnRlcjo5');
    reloadPrinterChoices();
    expect(chosenPrinter(fake.list(), 'PACK')?.name).toBe('Pack table 1');
  });

  it('is not shown to users who print nothing', async () => {
    const api = createMockFetch({ Me: () => meResponse({ roles: ['PICKER'], permissions: ['orders:read', 'picking'] }) });
    renderApp({ fetch: api.fetch, locale: 'en', path: '/settings' });
    await screen.findByTestId('settings-user-name');
    expect(screen.queryByTestId('settings-printers')).toBeNull();
    expect(sent(api, 'Printers')).toHaveLength(0);
  });
});
