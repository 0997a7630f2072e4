import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { createMockFetch, userErrors, type RecordedRequest } from '../../test/graphqlMock';
import { printer } from '../../test/floorFixtures';
import { renderApp } from '../../test/renderApp';

const MANIFEST = 'TWFuaWZlc3Q6MQ==';
const err = (code: string) => ({ __typename: 'UserError', code, field: ['parcelCode'], message: code });

/** Carriers, one open act for СДЭК; parcels: P1042-1 (СДЭК, labelled), P1043-1 (Ozon), P1044-1 (no label). */
function handoverApi() {
  const onAct: string[] = [];
  let status = 'OPEN';
  const manifest = () => ({
    __typename: 'Manifest',
    id: MANIFEST,
    number: 3,
    status,
    createdAt: '2025-12-05T08:00:00.000Z',
    closedAt: null,
    parcelCount: onAct.length,
    carrier: { __typename: 'Carrier', code: 'cdek', name: 'СДЭК' },
    parcels: onAct.map((code) => ({
      __typename: 'Parcel',
      id: `p-${code}`,
      code,
      status: 'LABELLED',
      order: { __typename: 'Order', id: 'T3JkZXI6MTA0Mg==', number: 1042, status: 'READY_TO_SHIP' },
    })),
  });
  const payload = (field: string, userErrors: unknown[] = [], extra: Record<string, unknown> = {}) => ({
    data: { [field]: { __typename: 'ManifestPayload', manifest: userErrors.length ? null : { ...manifest(), ...extra }, parcel: null, userErrors } },
  });
  const responders = {
    Handover: () => ({
      data: {
        open: { __typename: 'QueryManifestsConnection', edges: status === 'OPEN' ? [{ __typename: 'QueryManifestsConnectionEdge', node: manifest() }] : [] },
        closed: { __typename: 'QueryManifestsConnection', edges: status === 'CLOSED' ? [{ __typename: 'QueryManifestsConnectionEdge', node: manifest() }] : [] },
        carriers: [
          { __typename: 'Carrier', code: 'cdek', name: 'СДЭК' },
          { __typename: 'Carrier', code: 'ozon', name: 'Ozon Логистика' },
        ],
      },
    }),
    AddParcelToManifest: (r: RecordedRequest) => {
      const code = String(r.variables.parcelCode);
      if (code === 'P1043-1') return payload('addParcelToManifest', [err('WRONG_CARRIER')]);
      if (code === 'P1044-1') return payload('addParcelToManifest', [err('PARCEL_NOT_LABELLED')]);
      if (code !== 'P1042-1') return payload('addParcelToManifest', [err('NOT_FOUND')]);
      onAct.push(code);
      return payload('addParcelToManifest');
    },
    RemoveParcelFromManifest: (r: RecordedRequest) => {
      onAct.splice(onAct.indexOf(String(r.variables.parcelCode)), 1);
      return payload('removeParcelFromManifest');
    },
    CloseManifest: () => {
      status = 'CLOSED';
      return payload('closeManifest', [], {
        act: { __typename: 'Document', filename: 'act-3.pdf', contentType: 'application/pdf', encoding: 'BASE64', content: btoa('%PDF-1.7 act') },
      });
    },
    CreateManifest: (r: RecordedRequest) => payload('createManifest', [], { carrier: { __typename: 'Carrier', code: r.variables.carrierCode, name: 'x' } }),
  };
  return { responders, onAct, closeAct: () => (status = 'CLOSED') };
}

function scan(code: string) {
  const input = screen.getByTestId('handover-scan') as HTMLInputElement;
  input.value = code;
  fireEvent.keyDown(input, { key: 'Enter' });
}
const message = () => screen.getByTestId('scan-message');

describe('HandoverPage', () => {
  beforeEach(() => {
    URL.createObjectURL = vi.fn(() => 'blob:act');
    URL.revokeObjectURL = vi.fn();
    window.open = vi.fn(() => ({}) as Window) as typeof window.open;
  });

  it('scans parcels onto the act: wrong carrier and unlabelled refused in words, closes after the driver signed', async () => {
    const fake = handoverApi();
    const api = createMockFetch(fake.responders);
    renderApp({ fetch: api.fetch, locale: 'ru', path: `/handover/${encodeURIComponent(MANIFEST)}` });
    const act = await screen.findByTestId('manifest');
    expect(act.dataset.carrier).toBe('cdek');

    scan('P1043-1');
    await waitFor(() => expect(message().dataset.code).toBe('WRONG_CARRIER'));
    expect(message().textContent).toContain('Не тот перевозчик');
    expect(screen.getByTestId('handover-scan').closest('.scan')!.getAttribute('data-scan-state')).toBe('error');
    scan('P1044-1');
    await waitFor(() => expect(message().dataset.code).toBe('PARCEL_NOT_LABELLED'));

    scan('P1042-1');
    await waitFor(() => expect(message().dataset.kind).toBe('ok'));
    await waitFor(() => expect(screen.getAllByTestId('manifest-parcel').map((p) => p.dataset.code)).toEqual(['P1042-1']));
    expect(api.requests.filter((r) => r.operationName === 'AddParcelToManifest').map((r) => r.variables.parcelCode)).toEqual(['P1043-1', 'P1044-1', 'P1042-1']);
    // Scanned again: nothing sent, it is already there.
    scan('P1043-1');
    await waitFor(() => expect(message().dataset.code).toBe('WRONG_CARRIER'));
    scan('P1042-1');
    await waitFor(() => expect(message().dataset.kind).toBe('info'));
    expect(api.requests.filter((r) => r.operationName === 'AddParcelToManifest')).toHaveLength(4);

    fireEvent.click(screen.getByTestId('manifest-close'));
    const sheet = await screen.findByTestId('close-manifest-sheet');
    expect(sheet.textContent).toContain('Акт №3, СДЭК');
    fireEvent.click(within(sheet).getByTestId('manifest-close-confirm'));
    const doc = await screen.findByTestId('act-document');
    expect(doc.dataset.filename).toBe('act-3.pdf');
    expect(window.open).toHaveBeenCalledWith('blob:act', '_blank');
    expect(screen.getByTestId('handover-to-ship').getAttribute('href')).toBe(`/ship/${encodeURIComponent('T3JkZXI6MTA0Mg==')}`);
  });

  it("prints a closed act again on the hand-over station's PDF printer; a printer that does not answer offers the PDF", async () => {
    const office = printer({ id: 'UHJpbnRlcjo3', name: 'Dock A4', language: 'PDF', labelWidthMm: 210, labelHeightMm: 297, stations: ['SHIP'] });
    let reachable = true;
    const fake = handoverApi();
    fake.closeAct();
    const api = createMockFetch({
      ...fake.responders,
      Printers: () => ({ data: { printers: [office] } }),
      PrintManifestAct: () => ({
        data: {
          printManifestAct: {
            __typename: 'PrintJobPayload',
            bytesSent: reachable ? 4096 : null,
            userErrors: reachable ? [] : userErrors({ code: 'PRINTER_UNREACHABLE', field: ['printerId'], message: 'Printer "Dock A4" could not be reached' }),
          },
        },
      }),
      ManifestAct: () => ({
        data: {
          manifest: {
            __typename: 'Manifest',
            id: MANIFEST,
            number: 3,
            act: { __typename: 'Document', filename: 'act-3.pdf', contentType: 'application/pdf', encoding: 'BASE64', content: btoa('%PDF') },
          },
        },
      }),
    });
    renderApp({ fetch: api.fetch, locale: 'en', path: '/handover' });
    await screen.findByTestId('closed-manifest');
    await waitFor(() => expect(api.requests.some((r) => r.operationName === 'Printers')).toBe(true));
    fireEvent.click(screen.getByTestId('closed-manifest-print'));
    expect((await screen.findByTestId('act-sent')).textContent).toBe('Sent to the printer Dock A4');
    expect(api.requests.find((r) => r.operationName === 'PrintManifestAct')!.variables).toEqual({ manifestId: MANIFEST, printerId: office.id });
    expect(api.requests.filter((r) => r.operationName === 'ManifestAct')).toEqual([]);

    reachable = false;
    fireEvent.click(screen.getByTestId('closed-manifest-print'));
    fireEvent.click(await screen.findByTestId('print-open-pdf'));
    expect((await screen.findByTestId('act-reprint')).dataset.filename).toBe('act-3.pdf');
    expect(api.requests.filter((r) => r.operationName === 'ManifestAct')).toHaveLength(1);
  });

  it('creates an act for the chosen carrier', async () => {
    const fake = handoverApi();
    const api = createMockFetch(fake.responders);
    const { history } = renderApp({ fetch: api.fetch, locale: 'en', path: '/handover' });
    const select = (await screen.findByTestId('handover-carrier')) as HTMLSelectElement;
    expect(screen.getAllByTestId('open-manifest')).toHaveLength(1);
    fireEvent.change(select, { target: { value: 'ozon' } });
    fireEvent.click(screen.getByTestId('handover-create'));
    await waitFor(() => expect(history.get()).toBe(`/handover/${encodeURIComponent(MANIFEST)}`));
    expect(api.requests.find((r) => r.operationName === 'CreateManifest')!.variables).toMatchObject({ carrierCode: 'ozon' });
  });
});
