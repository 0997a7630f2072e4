import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { createMockFetch, MANAGER_PERMISSIONS, meResponse, userErrors, type RecordedRequest } from '../../test/graphqlMock';
import { renderApp } from '../../test/renderApp';
import { setOnline } from '../../offline/network';

const EXCEPTION = 'RGVsaXZlcnlFeGNlcHRpb246MQ==';
const ORDER = 'T3JkZXI6MTA0Mg==';
const path = `/problems/${encodeURIComponent(EXCEPTION)}`;
const money = (minorUnits: number) => ({ __typename: 'Money', minorUnits, currency: 'RUB' });
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

type Item = Record<string, unknown>;
const item = (id: string, kind: string, extra: Item = {}): Item => ({
  __typename: 'ExceptionEvidenceItem',
  id,
  kind,
  note: '',
  fileName: null,
  contentType: null,
  byteSize: null,
  createdAt: '2026-12-05T09:30:00.000Z',
  actor: 'user:u-2',
  addedBy: { __typename: 'ExceptionOwner', id: 'VXNlcjp1LTI=', name: 'Анна' },
  ...extra,
});

/** A LOST exception on order #1042 as the ExceptionDetail query answers it. */
function exceptionNode(state: { added: Item[]; owner: { id: string; name: string } | null; status?: string }) {
  return {
    __typename: 'DeliveryException',
    id: EXCEPTION,
    kind: 'LOST',
    status: state.status ?? 'OPEN',
    createdAt: '2026-12-05T08:00:00.000Z',
    deadlineAt: '2026-12-30T08:00:00.000Z',
    disputeDeadlineAt: null,
    deadlineState: 'OK',
    shipment: { __typename: 'Shipment', id: 'U2hpcG1lbnQ6MQ==', carrier: { __typename: 'Carrier', code: 'cdek', name: 'СДЭК' } },
    note: '',
    source: 'tracking',
    openedBy: 'system',
    resolution: null,
    resolvedAt: null,
    updatedAt: '2026-12-05T08:00:00.000Z',
    owner: state.owner && { __typename: 'ExceptionOwner', ...state.owner },
    reshipOrder: null,
    reshipCost: null,
    claims: [],
    evidence: { __typename: 'ExceptionEvidence', added: state.added, parcels: [] },
    order: {
      __typename: 'Order',
      id: ORDER,
      number: 1042,
      channel: 'ozon',
      externalId: '87215400-0001-1',
      status: 'EXCEPTION',
      version: 7,
      shippedAt: '2026-12-01T08:00:00.000Z',
      total: money(437000),
      shippingAddress: { __typename: 'Address', city: 'Москва', region: 'Москва' },
      lines: [],
      expectedDeliveryAt: null,
      daysSinceLastMovement: null,
      lastTrackingEvent: null,
      tracking: [],
    },
  };
}

/**
 * An API that keeps what was added and who owns the exception, like the real one. Multipart
 * uploads (FormData) are read back into their operation, the file at its variable.
 */
function exceptionApi(options: { added?: Item[]; owner?: { id: string; name: string } | null; answer?: (r: RecordedRequest) => unknown } = {}) {
  const state = { added: options.added ?? [], owner: options.owner ?? null };
  const uploads: { variables: Record<string, unknown>; file: File | null }[] = [];
  const mock = createMockFetch({
    Me: () => meResponse({ permissions: [...MANAGER_PERMISSIONS, 'exceptions:read', 'exceptions:manage'] }),
    ExceptionDetail: () => ({ data: { node: exceptionNode(state) } }),
    ExceptionEvidenceFile: (r) => ({
      data: {
        exceptionEvidenceFile:
          r.variables.id === 'photo-1'
            ? { __typename: 'Document', filename: 'box.png', contentType: 'image/png', content: btoa('png-bytes') }
            : r.variables.id === 'doc-1'
              ? { __typename: 'Document', filename: 'cdek-reply.pdf', contentType: 'application/pdf', content: btoa('%PDF-1.4') }
              : null,
      },
    }),
    ExceptionAssignees: () => ({
      data: {
        exceptionAssignees: [
          { __typename: 'ExceptionOwner', id: 'VXNlcjp1LTI=', name: 'Анна' },
          { __typename: 'ExceptionOwner', id: 'VXNlcjp1LTM=', name: 'Иван' },
        ],
      },
    }),
    AssignException: (r) => {
      const answered = options.answer?.(r);
      if (answered) return answered;
      state.owner = r.variables.userId ? { id: String(r.variables.userId), name: r.variables.userId === 'VXNlcjp1LTM=' ? 'Иван' : 'Анна' } : null;
      return {
        data: {
          assignException: {
            __typename: 'ExceptionPayload',
            exception: { __typename: 'DeliveryException', id: EXCEPTION, owner: state.owner && { __typename: 'ExceptionOwner', ...state.owner } },
            userErrors: [],
          },
        },
      };
    },
    AddExceptionEvidence: (r) => {
      const answered = options.answer?.(r);
      if (answered) return answered;
      const input = r.variables.input as Record<string, unknown>;
      const added = item(`added-${state.added.length + 1}`, String(input.kind), { note: input.note ?? '', createdAt: '2026-12-05T10:00:00.000Z' });
      state.added = [...state.added, added];
      return {
        data: {
          addExceptionEvidence: {
            __typename: 'AddExceptionEvidencePayload',
            evidence: added,
            exception: { __typename: 'DeliveryException', id: EXCEPTION, evidence: { __typename: 'ExceptionEvidence', added: state.added } },
            userErrors: [],
          },
        },
      };
    },
  });
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (init?.body instanceof FormData) {
      const operations = JSON.parse(String(init.body.get('operations')));
      const map = JSON.parse(String(init.body.get('map'))) as Record<string, string[]>;
      const file = (init.body.get(Object.keys(map)[0] ?? '') as File | null) ?? null;
      uploads.push({ variables: operations.variables, file });
      return mock.fetch(input, { ...init, body: JSON.stringify(operations) });
    }
    return mock.fetch(input, init);
  }) as typeof globalThis.fetch;
  const sent = (operationName: string) => mock.requests.filter((r) => r.operationName === operationName);
  return { fetch, requests: mock.requests, uploads, sent, state };
}

function chooseFile(testid: string, file: File) {
  const input = screen.getByTestId(testid) as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

describe('ExceptionDetailPage: evidence and owner', () => {
  beforeEach(() => {
    URL.createObjectURL = vi.fn(() => 'blob:evidence');
    URL.revokeObjectURL = vi.fn();
    window.open = vi.fn(() => ({}) as Window) as typeof window.open;
  });
  afterEach(() => setOnline(true));

  it('lists what staff added — photo, document, note — with who and when; a PDF opens in the viewer', async () => {
    const api = exceptionApi({
      owner: { id: 'VXNlcjp1LTI=', name: 'Анна' },
      added: [
        item('photo-1', 'PHOTO', { fileName: 'box.png', contentType: 'image/png', byteSize: 2048, note: 'Угол коробки смят' }),
        item('doc-1', 'DOCUMENT', { fileName: 'cdek-reply.pdf', contentType: 'application/pdf', byteSize: 9000, addedBy: null, actor: 'apikey:k-1' }),
        item('note-1', 'NOTE', { note: 'Звонил в пункт выдачи: посылки нет.' }),
      ],
    });
    renderApp({ fetch: api.fetch, locale: 'ru', path });
    const list = await screen.findByTestId('evidence-added', {}, { timeout: 15_000 });
    const items = within(list).getAllByTestId('evidence-item');
    expect(items.map((i) => i.dataset.kind)).toEqual(['PHOTO', 'DOCUMENT', 'NOTE']);
    expect(items[0].textContent).toContain('Угол коробки смят');
    expect(within(items[0]).getByTestId('evidence-item-by').textContent).toContain('Анна');
    expect(within(items[1]).getByTestId('evidence-item-by').textContent).toContain('Интеграция');
    expect(items[2].textContent).toContain('Звонил в пункт выдачи');
    const photo = (await within(items[0]).findByTestId('evidence-item-photo')) as HTMLImageElement;
    expect(photo.src).toBe(`data:image/png;base64,${btoa('png-bytes')}`);
    expect(photo.alt).toBe('Фото от Анна');
    // The exception query stays light: files are read one by one.
    expect(api.sent('ExceptionEvidenceFile').map((r) => r.variables.id)).toEqual(['photo-1']);

    fireEvent.click(within(items[1]).getByRole('button', { name: 'Открыть cdek-reply.pdf' }));
    await waitFor(() => expect(window.open).toHaveBeenCalledWith('blob:evidence', '_blank'));
    expect(api.sent('ExceptionEvidenceFile').map((r) => r.variables.id)).toEqual(['photo-1', 'doc-1']);
    expect((vi.mocked(URL.createObjectURL).mock.calls[0][0] as Blob).type).toBe('application/pdf');
    expect(screen.getByTestId('exception-header').textContent).toContain('Анна');
  });

  it('takes a photo with the camera and a note, uploads it as a multipart request, and shows it added', async () => {
    const api = exceptionApi();
    renderApp({ fetch: api.fetch, locale: 'en', path });
    fireEvent.click(await screen.findByRole('button', { name: 'Add evidence' }, { timeout: 15_000 }));
    const sheet = await screen.findByRole('dialog', { name: 'Add evidence' });
    expect(sheet.dataset.testid).toBe('evidence-sheet');
    const camera = within(sheet).getByLabelText('Take a photo') as HTMLInputElement;
    expect([camera.type, camera.accept, camera.getAttribute('capture')]).toEqual(['file', 'image/*', 'environment']);

    chooseFile('evidence-camera', new File([PNG], 'IMG_0042.png', { type: 'image/png' }));
    expect((await within(sheet).findByTestId('evidence-chosen')).dataset.kind).toBe('PHOTO');
    fireEvent.input(within(sheet).getByLabelText('Note (optional)'), { target: { value: 'Box crushed on one corner' } });
    fireEvent.click(within(sheet).getByRole('button', { name: 'Add to the evidence' }));

    await waitFor(() => expect(screen.getByTestId('evidence-added-notice').textContent).toBe('Evidence added.'));
    expect(screen.queryByTestId('evidence-sheet')).toBeNull();
    expect(api.uploads).toHaveLength(1);
    expect(api.uploads[0].variables).toMatchObject({ input: { exceptionId: EXCEPTION, kind: 'PHOTO', note: 'Box crushed on one corner', file: null } });
    expect(api.uploads[0].variables.idempotencyKey).toEqual(expect.any(String));
    expect(api.uploads[0].file?.name).toBe('IMG_0042.png');
    // The screen reads the exception again: the new photo is in the list.
    await waitFor(() => expect(screen.getAllByTestId('evidence-item').map((i) => i.dataset.kind)).toEqual(['PHOTO']));
  });

  it('a note alone is a NOTE; nothing chosen or written is refused here; a wrong or huge file is never sent', async () => {
    const api = exceptionApi();
    renderApp({ fetch: api.fetch, locale: 'en', path });
    fireEvent.click(await screen.findByTestId('exception-add-evidence'));
    const sheet = await screen.findByTestId('evidence-sheet');
    fireEvent.click(within(sheet).getByTestId('evidence-sheet-submit'));
    expect((await within(sheet).findByTestId('evidence-problem')).dataset.problem).toBe('empty');

    chooseFile('evidence-file', new File(['plain text'], 'notes.txt', { type: 'text/plain' }));
    await waitFor(() => expect(within(sheet).getByTestId('evidence-problem').textContent).toBe('Only photos (JPEG, PNG, WebP) and PDF documents can be added.'));
    chooseFile('evidence-file', new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'scan.pdf', { type: 'application/pdf' }));
    await waitFor(() => expect(within(sheet).getByTestId('evidence-problem').textContent).toBe('The file is larger than 10 MB.'));
    expect(within(sheet).queryByTestId('evidence-chosen')).toBeNull();
    chooseFile('evidence-file', new File(['%PDF-1.4'], 'reply.pdf', { type: 'application/pdf' }));
    expect((await within(sheet).findByTestId('evidence-chosen')).dataset.kind).toBe('DOCUMENT');
    fireEvent.click(within(sheet).getByTestId('evidence-remove-file'));
    expect(within(sheet).queryByTestId('evidence-chosen')).toBeNull();
    expect(api.uploads).toEqual([]);
    expect(api.sent('AddExceptionEvidence')).toEqual([]);

    fireEvent.input(within(sheet).getByTestId('evidence-note'), { target: { value: 'Called the depot' } });
    fireEvent.click(within(sheet).getByTestId('evidence-sheet-submit'));
    await screen.findByTestId('evidence-added-notice');
    // No file: a plain JSON request.
    expect(api.uploads).toEqual([]);
    expect(api.sent('AddExceptionEvidence')[0].variables.input).toEqual({ exceptionId: EXCEPTION, kind: 'NOTE', file: null, note: 'Called the depot' });
  });

  it("shows the API's refusal at the file and keeps the sheet open", async () => {
    const api = exceptionApi({
      answer: (r) =>
        r.operationName === 'AddExceptionEvidence'
          ? {
              data: {
                addExceptionEvidence: {
                  __typename: 'AddExceptionEvidencePayload',
                  evidence: null,
                  exception: null,
                  userErrors: userErrors({ code: 'INVALID_FILE', field: ['input', 'file'], message: 'A photo must be a JPEG, PNG or WebP image' }),
                },
              },
            }
          : undefined,
    });
    renderApp({ fetch: api.fetch, locale: 'en', path });
    fireEvent.click(await screen.findByTestId('exception-add-evidence'));
    const sheet = await screen.findByTestId('evidence-sheet');
    chooseFile('evidence-camera', new File([PNG], 'x.png', { type: 'image/png' }));
    await within(sheet).findByTestId('evidence-chosen');
    fireEvent.click(within(sheet).getByTestId('evidence-sheet-submit'));
    const error = await within(sheet).findByTestId('field-error');
    expect(error.dataset.field).toBe('file');
    expect(screen.getByTestId('evidence-sheet')).toBeTruthy();
    expect(screen.queryByTestId('evidence-added-notice')).toBeNull();
  });

  it('offline: says uploads need the network and sends nothing; a dropped connection is retried with the same key', async () => {
    let drop = true;
    const api = exceptionApi({
      answer: (r) => {
        if (r.operationName !== 'AddExceptionEvidence' || !drop) return undefined;
        drop = false;
        throw new TypeError('Failed to fetch');
      },
    });
    renderApp({ fetch: api.fetch, locale: 'ru', path });
    fireEvent.click(await screen.findByRole('button', { name: 'Добавить доказательство' }));
    const sheet = await screen.findByTestId('evidence-sheet');
    setOnline(false);
    const offline = await within(sheet).findByTestId('evidence-offline');
    expect(offline.textContent).toContain('Нет сети');
    chooseFile('evidence-camera', new File([PNG], 'x.png', { type: 'image/png' }));
    await within(sheet).findByTestId('evidence-chosen');
    const submit = within(sheet).getByTestId('evidence-sheet-submit') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    fireEvent.submit(submit.closest('form')!);
    expect(api.sent('AddExceptionEvidence')).toEqual([]);

    setOnline(true);
    await waitFor(() => expect(within(sheet).queryByTestId('evidence-offline')).toBeNull());
    fireEvent.click(submit);
    const lost = await within(sheet).findByTestId('evidence-upload-failed');
    expect(lost.dataset.state).toBe('lost');
    expect(lost.textContent).toContain('Связь пропала');
    fireEvent.click(submit);
    await screen.findByTestId('evidence-added-notice');
    const keys = api.uploads.map((u) => u.variables.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it('assigns an owner from the staff who can act on problems; the header shows them', async () => {
    const api = exceptionApi();
    renderApp({ fetch: api.fetch, locale: 'en', path });
    await screen.findByTestId('exception-header');
    expect(screen.getByTestId('exception-header').textContent).not.toContain('Иван');
    fireEvent.click(screen.getByRole('button', { name: 'Assign owner' }));
    const sheet = await screen.findByRole('dialog', { name: 'Who looks after it' });
    const group = await within(sheet).findByRole('radiogroup', { name: 'Who looks after it' });
    expect(
      within(group)
        .getAllByRole('radio')
        .map((r) => r.closest('label')!.textContent),
    ).toEqual(['Nobody', 'Анна', 'Иван']);
    expect((within(group).getByRole('radio', { name: 'Nobody' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(group).getByRole('radio', { name: 'Иван' }));
    fireEvent.click(within(sheet).getByRole('button', { name: 'Assign' }));

    await waitFor(() => expect(screen.getByTestId('exception-outcome').textContent).toContain('Owner changed.'));
    expect(api.sent('AssignException').map((r) => [r.variables.exceptionId, r.variables.userId])).toEqual([[EXCEPTION, 'VXNlcjp1LTM=']]);
    await waitFor(() => expect(screen.getByTestId('exception-header').textContent).toContain('Иван'));

    // Again: the current owner is chosen; "Nobody" gives it back.
    fireEvent.click(screen.getByTestId('exception-assign'));
    const again = await screen.findByTestId('assign-sheet');
    await waitFor(() => expect((within(again).getByRole('radio', { name: 'Иван' }) as HTMLInputElement).checked).toBe(true));
    fireEvent.click(within(again).getByRole('radio', { name: 'Nobody' }));
    fireEvent.click(within(again).getByTestId('assign-sheet-submit'));
    await waitFor(() => expect(api.sent('AssignException').map((r) => r.variables.userId)).toEqual(['VXNlcjp1LTM=', null]));
  });
});
