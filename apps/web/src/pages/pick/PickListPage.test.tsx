import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { createMockFetch } from '../../test/graphqlMock';
import { PICK_LIST_ID, pickApi } from '../../test/floorFixtures';
import { renderApp } from '../../test/renderApp';

const path = `/pick/${encodeURIComponent(PICK_LIST_ID)}`;

/** A keyboard-wedge scan: the code in the field, then Enter. */
function scan(code: string, testid = 'pick-scan') {
  const input = screen.getByTestId(testid) as HTMLInputElement;
  input.value = code;
  fireEvent.keyDown(input, { key: 'Enter' });
}

const scanState = () => screen.getByTestId('pick-scan').closest('.scan')!.getAttribute('data-scan-state');
const taskState = (sku: string) => screen.getAllByTestId('pick-task').find((el) => el.textContent!.includes(sku))!;
const sent = (api: { requests: { operationName?: string; variables: Record<string, unknown> }[] }, name: string) => api.requests.filter((r) => r.operationName === name);

describe('PickListPage', () => {
  it('walks the route: bin, item (×2 with the stepper), refuses wrong items and over-picks on the spot, completes', async () => {
    const fake = pickApi();
    const api = createMockFetch(fake.responders);
    renderApp({ fetch: api.fetch, locale: 'en', path });

    expect((await screen.findByTestId('pick-next-bin')).textContent).toBe('A-01-1-1');
    expect(screen.getByTestId('pick-title').textContent).toBe('List #7');
    expect(screen.getByTestId('pick-current-count').textContent).toBe('0 / 2');
    expect(screen.getByTestId('pick-progress').textContent).toContain('0 / 3 units');
    expect((screen.getByTestId('pick-complete') as HTMLButtonElement).disabled).toBe(true);

    // The bin label: confirmed, big tick.
    scan('A-01-1-1');
    await waitFor(() => expect(screen.getByTestId('scan-message').dataset.kind).toBe('ok'));
    expect(screen.getByTestId('pick-next-bin').textContent).toContain('✓');

    // Two units at once: the stepper, then the barcode. Counted at once (before the API answers).
    fireEvent.click(screen.getByTestId('pick-quantity-plus'));
    expect((screen.getByTestId('pick-quantity') as HTMLInputElement).value).toBe('2');
    scan('4607000010010');
    await waitFor(() => expect(taskState('TWS-PRO-53').dataset.state).toBe('done'));
    await waitFor(() => expect(sent(api, 'ScanPick')).toHaveLength(1));
    expect(sent(api, 'ScanPick')[0].variables).toMatchObject({ pickListId: PICK_LIST_ID, code: '4607000010010', locationCode: 'A-01-1-1', quantity: 2 });
    expect(String(sent(api, 'ScanPick')[0].variables.idempotencyKey)).toMatch(/^[0-9a-f-]{36}$/);
    // The next task comes up: its bin is the next bin; the stepper is back at 1.
    await waitFor(() => expect(screen.getByTestId('pick-next-bin').textContent).toBe('B-02-1-1'));
    expect((screen.getByTestId('pick-quantity') as HTMLInputElement).value).toBe('1');

    // Not on the list: red, low beep, the reason — nothing is sent.
    scan('0000000000000');
    await waitFor(() => expect(scanState()).toBe('error'));
    expect(screen.getByTestId('scan-message').dataset.code).toBe('WRONG_ITEM');
    expect(screen.getByTestId('scan-message').textContent).toContain('Wrong item: not on this order.');
    // Already picked in full: refused too.
    scan('TWS-PRO-53');
    await waitFor(() => expect(screen.getByTestId('scan-message').dataset.code).toBe('OVER_PICK'));
    expect(sent(api, 'ScanPick')).toHaveLength(1);

    // The last item, by SKU, without scanning its bin: the task's bin is sent along.
    scan('CASE-IP15-BLK');
    await waitFor(() => expect(taskState('CASE-IP15-BLK').dataset.state).toBe('done'));
    await waitFor(() => expect(sent(api, 'ScanPick')).toHaveLength(2));
    expect(sent(api, 'ScanPick')[1].variables).toMatchObject({ code: 'CASE-IP15-BLK', locationCode: 'B-02-1-1', quantity: 1 });
    // Each scan is its own action: its own idempotency key.
    expect(new Set(sent(api, 'ScanPick').map((r) => r.variables.idempotencyKey)).size).toBe(2);
    await screen.findByTestId('pick-all-done');
    expect(screen.getByTestId('pick-progress').dataset.value).toBe('3');

    fireEvent.click(screen.getByTestId('pick-complete'));
    const done = await screen.findByTestId('pick-completed');
    expect(within(done).getByTestId('pick-completed-order').dataset.status).toBe('PICKED');
    expect(within(done).getByTestId('pick-to-pack').getAttribute('href')).toBe(`/pack/${encodeURIComponent('T3JkZXI6MTA0Mg==')}`);
    expect(fake.state()).toEqual({ status: 'COMPLETED', orderStatus: 'PICKED' });
  });

  it('keeps scans offline as pending (counted at once), sends them in order later; a refused one needs attention', async () => {
    let online = false;
    // The second scan is refused when it finally arrives (someone else took the last unit meanwhile).
    const fake = pickApi({ refuseScan: (_r, n) => (n === 2 ? 'OVER_PICK' : undefined) });
    const api = createMockFetch(fake.responders);
    const { outbox } = renderApp({ fetch: api.fetch, locale: 'ru', path, isOnline: () => online });
    // The list was loaded while still online (the page had it when the network dropped).
    await screen.findByTestId('pick-next-bin');

    fireEvent.click(screen.getByTestId('pick-quantity-plus'));
    scan('4607000010010');
    await waitFor(() => expect(taskState('TWS-PRO-53').dataset.state).toBe('done'));
    scan('4607000010027');
    await waitFor(() => expect(taskState('CASE-IP15-BLK').dataset.state).toBe('done'));
    // Both saved on the device, shown as pending, nothing sent yet.
    await waitFor(() => expect(screen.getByTestId('pick-pending').textContent).toContain('2 скана ждут синхронизации'));
    expect(taskState('TWS-PRO-53').dataset.pending).toBe('2');
    expect(screen.getByTestId('pick-progress').dataset.value).toBe('3');
    expect(screen.getByTestId('sync-pending-count').textContent).toContain('2');
    expect(sent(api, 'ScanPick')).toHaveLength(0);
    expect(outbox.items().map((i) => [i.op, i.meta?.quantity])).toEqual([
      ['scanPick', 2],
      ['scanPick', 1],
    ]);

    online = true;
    await outbox.flush();
    expect(sent(api, 'ScanPick').map((r) => r.variables.code)).toEqual(['4607000010010', '4607000010027']);
    // The refused one: "needs attention" (nobody waited for it), and the page says so.
    await waitFor(() => expect(outbox.attentionCount()).toBe(1));
    expect(outbox.items()[0]).toMatchObject({ op: 'scanPick', status: 'conflict', userErrors: [{ code: 'OVER_PICK' }] });
    await waitFor(() => expect(screen.getByTestId('scan-message').dataset.code).toBe('OVER_PICK'));
    expect(screen.getByTestId('scan-message').textContent).toContain('Скан, отправленный позже, отклонён');
    // The list is what the API says again: the case is still to pick.
    await waitFor(() => expect(taskState('CASE-IP15-BLK').dataset.state).toBe('open'));
    expect(screen.getByTestId('sync-attention-count').textContent).toContain('1');
  });

  it('shows the API’s refusal of a scan sent right away (red, translated), without a "needs attention" entry', async () => {
    const fake = pickApi({ refuseScan: () => 'INVALID_TRANSITION' });
    const api = createMockFetch(fake.responders);
    const { outbox } = renderApp({ fetch: api.fetch, locale: 'zh-CN', path });
    await screen.findByTestId('pick-next-bin');
    scan('4607000010027');
    await waitFor(() => expect(screen.getByTestId('scan-message').dataset.code).toBe('INVALID_TRANSITION'));
    expect(screen.getByTestId('scan-message').dataset.kind).toBe('error');
    expect(outbox.items()).toEqual([]);
    await waitFor(() => expect(taskState('CASE-IP15-BLK').dataset.state).toBe('open'));
  });

  it('reports a missing item: the sheet offers another bin or a hold, with a note', async () => {
    const fake = pickApi();
    const api = createMockFetch(fake.responders);
    renderApp({ fetch: api.fetch, locale: 'en', path });
    await screen.findByTestId('pick-next-bin');
    fireEvent.click(screen.getByTestId('pick-short'));
    const sheet = await screen.findByTestId('short-sheet');
    expect(sheet.textContent).toContain('2 missing at bin A-01-1-1.');
    const [otherBin, hold] = within(sheet).getAllByTestId('short-resolution') as HTMLInputElement[];
    expect(otherBin.checked).toBe(true);
    fireEvent.click(hold);
    fireEvent.input(within(sheet).getByTestId('short-note'), { target: { value: 'полка пустая' } });
    fireEvent.click(within(sheet).getByTestId('short-submit'));
    await waitFor(() => expect(screen.getByTestId('short-outcome').dataset.kind).toBe('done'));
    expect(screen.getByTestId('short-outcome').textContent).toContain('the order is on hold');
    expect(sent(api, 'ShortPick')[0].variables).toMatchObject({ pickListId: PICK_LIST_ID, taskId: fake.tasks[0].id, resolution: 'HOLD', note: 'полка пустая' });
    // The order is on hold now: its tasks are no longer walked.
    await waitFor(() => expect(taskState('TWS-PRO-53').dataset.state).not.toBe('open'));
  });

  it('hides pick mode from users who may not pick', async () => {
    const { meResponse } = await import('../../test/graphqlMock');
    const api = createMockFetch({
      ...pickApi().responders,
      Me: () => meResponse({ roles: ['PACKER'], permissions: ['orders:read', 'packing', 'shipping', 'documents:print'] }),
    });
    renderApp({ fetch: api.fetch, locale: 'en', path });
    await screen.findByTestId('pick-forbidden');
    expect(screen.queryByTestId('pick-scan')).toBeNull();
  });
});
