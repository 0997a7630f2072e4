import { describe, expect, it, vi } from 'vitest';
import { createSignal } from 'solid-js';
import { fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { createI18n, I18nProvider } from '../../i18n';
import { MarkingCodes, type MarkingResult } from './MarkingCodes';
import type { PackRequirements } from './pack.graphql';

const GS = '\u001d';
const code = (serial: string) => `010460700001001021${serial}${GS}91EE06${GS}92${'A'.repeat(44)}`;

/** A posting wanting 2 marked units of OZ-A and a customs declaration for OZ-B; the "API" fills the slots as codes come. */
function setup(locale: 'en' | 'zh-CN' = 'en') {
  const [posting, setPosting] = createSignal<PackRequirements>({
    postingNumber: '87215400-0001-1',
    requirementsMet: false,
    exemplarStatus: null,
    requirementStates: [
      { code: 'MARKING_CODES', enforced: true, met: false, items: [{ sku: 'OZ-A', required: 2, done: 0, missing: 2, rejected: 0, value: null }] },
      { code: 'CUSTOMS_DECLARATION', enforced: true, met: false, items: [{ sku: 'OZ-B', required: 1, done: 0, missing: 1, rejected: 0, value: null }] },
    ],
    markingCodes: [],
  });
  const used = new Set<string>();
  const onScan = vi.fn(async (raw: string): Promise<MarkingResult> => {
    const identity = raw.replaceAll(GS, '').split('91EE06')[0]!;
    if (!raw.includes('91EE06')) return { kind: 'refused', code: 'INVALID_MARKING_CODE', message: 'Only part of the code was read' };
    if (used.has(identity)) return { kind: 'refused', code: 'DUPLICATE_MARKING_CODE', message: 'already scanned' };
    used.add(identity);
    setPosting((p) => {
      const item = p.requirementStates[0]!.items[0]!;
      const done = item.done + 1;
      return {
        ...p,
        requirementStates: [{ ...p.requirementStates[0]!, met: done === 2, items: [{ ...item, done, missing: 2 - done }] }, p.requirementStates[1]!],
        markingCodes: [...p.markingCodes, { code: identity, sku: 'OZ-A', ozonStatus: null, ozonErrors: [] }],
      };
    });
    return { kind: 'ok' };
  });
  const onDetails = vi.fn(async (): Promise<MarkingResult> => ({ kind: 'ok' }));
  render(() => (
    <I18nProvider i18n={createI18n(locale, { persist: false })}>
      <MarkingCodes
        posting={posting()}
        lines={[
          { sku: 'OZ-A', name: 'Кроссовки / 运动鞋' },
          { sku: 'OZ-B', name: 'Сумка / 包' },
        ]}
        editable
        onScan={onScan}
        onRemove={() => Promise.resolve({ kind: 'ok' as const })}
        onDetails={onDetails}
      />
    </I18nProvider>
  ));
  return { onScan, onDetails };
}

function scan(value: string) {
  const input = screen.getByTestId('marking-scan') as HTMLInputElement;
  input.value = value;
  fireEvent.keyDown(input, { key: 'Enter' });
}
const units = () => screen.getAllByTestId('marking-unit').map((u) => u.dataset.state);

describe('MarkingCodes', () => {
  it('fills one slot per unit as codes are scanned, says what a refused scan means, and lists what is still missing', async () => {
    const { onScan, onDetails } = setup();
    await screen.findByTestId('marking-codes');
    expect(units()).toEqual(['waiting', 'waiting']);
    expect(screen.getAllByTestId('marking-missing-item').map((li) => li.textContent)).toEqual([
      'OZ-A: scan 2 more marking code(s)',
      'OZ-B: give the customs declaration number, or tick "no declaration"',
    ]);

    // A partial read: refused with the reason, no slot filled.
    scan(`010460700001001021ABCDEFGHIJKL1`);
    await waitFor(() => expect(screen.getByTestId('marking-message').dataset.code).toBe('INVALID_MARKING_CODE'));
    expect(screen.getByTestId('marking-message').textContent).toContain('scan the whole DataMatrix');
    expect(units()).toEqual(['waiting', 'waiting']);

    // Unit 1, then the same unit again as a scanner without GS sends it (a duplicate), then unit 2.
    scan(code('ABCDEFGHIJKL1'));
    await waitFor(() => expect(units()).toEqual(['scanned', 'waiting']));
    expect(screen.getByTestId('marking-product').textContent).toContain('1 / 2');
    scan(code('ABCDEFGHIJKL1').replaceAll(GS, ''));
    await waitFor(() => expect(screen.getByTestId('marking-message').dataset.code).toBe('DUPLICATE_MARKING_CODE'));
    expect(units()).toEqual(['scanned', 'waiting']);
    scan(code('ABCDEFGHIJKL2'));
    await waitFor(() => expect(units()).toEqual(['scanned', 'scanned']));
    expect(onScan.mock.calls.map((c) => (c as unknown[])[1])).toEqual([null, null, null, null]);
    // All units coded: the scan field goes away; only the declaration is missing now.
    expect(screen.queryByTestId('marking-scan')).toBeNull();
    expect(screen.getAllByTestId('marking-missing-item').map((li) => li.dataset.code)).toEqual(['CUSTOMS_DECLARATION']);
    expect(within(screen.getAllByTestId('marking-unit')[1]!).getByText(/ABCDEFGHIJKL2/)).toBeTruthy();

    // The declaration: "none" sends is-absent, not a number.
    const form = screen.getByTestId('marking-gtd');
    fireEvent.click(within(form).getByTestId('marking-no-gtd'));
    fireEvent.click(within(form).getByTestId('marking-detail-save'));
    await waitFor(() => expect(onDetails).toHaveBeenCalledWith('OZ-B', { noCustomsDeclaration: true }));
  });

  it('speaks the floor’s language', async () => {
    setup('zh-CN');
    expect((await screen.findAllByTestId('marking-missing-item')).map((li) => li.textContent)).toEqual([
      'OZ-A：还需扫描 2 个标识码',
      'OZ-B：请填写报关单号，或勾选“无报关单”',
    ]);
  });
});
