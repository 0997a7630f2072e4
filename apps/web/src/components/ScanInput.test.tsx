import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { createI18n, I18nProvider } from '../i18n';
import { ScanInput, type ScanVerdict } from './ScanInput';

function setup(onScan: (code: string) => ScanVerdict | Promise<ScanVerdict>, props: { clearOnScan?: boolean; captureKeys?: boolean } = {}) {
  const vibrate = vi.fn(() => true);
  Object.defineProperty(navigator, 'vibrate', { value: vibrate, configurable: true });
  render(() => (
    <I18nProvider i18n={createI18n('en', { persist: false })}>
      <button type="button">elsewhere</button>
      <ScanInput label="Scan" onScan={onScan} {...props} data-testid="scan" />
    </I18nProvider>
  ));
  const input = screen.getByTestId('scan') as HTMLInputElement;
  return { input, vibrate, root: input.closest('.scan') as HTMLElement };
}

/** A hardware scanner: the characters arrive in one burst, optionally followed by Enter. */
function wedge(input: HTMLInputElement, code: string, enter = true) {
  input.focus();
  for (const ch of code) {
    fireEvent.keyDown(input, { key: ch });
    input.value += ch;
    fireEvent.input(input);
  }
  if (enter) fireEvent.keyDown(input, { key: 'Enter' });
}

describe('ScanInput', () => {
  it('submits a scan that ends with Enter, clears the field and gives right-scan feedback', async () => {
    const onScan = vi.fn(() => 'ok' as const);
    const { input, vibrate, root } = setup(onScan);
    wedge(input, '4607000010013');
    expect(onScan).toHaveBeenCalledWith('4607000010013', 'keyboard');
    await waitFor(() => expect(root.dataset.scanState).toBe('ok'));
    expect(root.className).toContain('scan--ok');
    expect(screen.getByTestId('scan-feedback').textContent).toBe('Scan OK');
    expect(vibrate).toHaveBeenCalledWith(60);
    expect(input.value).toBe('');
    expect(document.activeElement).toBe(input);
  });

  it('shows a wrong scan in red with a different vibration', async () => {
    const { input, vibrate, root } = setup(async () => 'error' as const);
    wedge(input, 'NOPE-123');
    await waitFor(() => expect(root.dataset.scanState).toBe('error'));
    expect(root.className).toContain('scan--error');
    expect(screen.getByTestId('scan-feedback').textContent).toBe('Not found');
    expect(vibrate).toHaveBeenCalledWith([120, 80, 120]);
  });

  it('ignores the same code read twice within a second, but not a different one', async () => {
    const onScan = vi.fn((_code: string) => 'ok' as const);
    const { input } = setup(onScan);
    wedge(input, 'A-01-1-1');
    await waitFor(() => expect(onScan).toHaveBeenCalledTimes(1));
    wedge(input, 'A-01-1-1');
    wedge(input, 'A-01-1-2');
    await waitFor(() => expect(onScan).toHaveBeenCalledTimes(2));
    expect(onScan.mock.calls.map((c) => c[0])).toEqual(['A-01-1-1', 'A-01-1-2']);
  });

  it('completes a scanner burst without Enter after a short pause (debounce), not a person typing', async () => {
    const onScan = vi.fn(() => 'ok' as const);
    const { input } = setup(onScan);
    wedge(input, 'TWS-PRO-53', false);
    expect(onScan).not.toHaveBeenCalled();
    await waitFor(() => expect(onScan).toHaveBeenCalledWith('TWS-PRO-53', 'keyboard'));
    expect(onScan).toHaveBeenCalledTimes(1);

    // A person: keys far apart in time → waits for Enter.
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    try {
      input.value = '';
      for (const ch of '1042') {
        fireEvent.keyDown(input, { key: ch });
        input.value += ch;
        fireEvent.input(input);
        vi.advanceTimersByTime(250);
      }
      vi.advanceTimersByTime(1000);
      expect(onScan).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the text for a search field (clearOnScan false) and selects it for the next scan', async () => {
    const onScan = vi.fn(() => undefined);
    const { input } = setup(onScan, { clearOnScan: false });
    wedge(input, '#1042');
    await waitFor(() => expect(onScan).toHaveBeenCalledWith('#1042', 'keyboard'));
    expect(input.value).toBe('#1042');
  });

  it('takes focus and catches scanner keys typed while nothing is focused (captureKeys)', () => {
    const { input } = setup(() => 'ok', { captureKeys: true });
    expect(document.activeElement).toBe(input);
    (document.activeElement as HTMLElement).blur();
    expect(document.activeElement).not.toBe(input);
    fireEvent.keyDown(document.body, { key: '4' });
    expect(document.activeElement).toBe(input);
  });

  it('opens the camera sheet only on request (the decoder is lazy-loaded)', async () => {
    setup(() => 'ok');
    expect(screen.queryByTestId('camera-sheet')).toBeNull();
    fireEvent.click(screen.getByTestId('scan-camera'));
    expect(await screen.findByTestId('camera-sheet')).toBeTruthy();
    // jsdom has no camera: the scanner says so instead of failing.
    await waitFor(() => expect(screen.getByTestId('camera-scanner').dataset.state).toBe('unavailable'));
    expect(screen.getByTestId('camera-scanner').textContent).toContain('No camera available');
    fireEvent.keyDown(document, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('camera-sheet')).toBeNull());
  });
});
