import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { createI18n, I18nProvider } from '../i18n';
import { ScanInput, type ScanVerdict } from './ScanInput';

function setup(
  onScan: (code: string) => ScanVerdict | Promise<ScanVerdict>,
  props: { clearOnScan?: boolean; captureKeys?: boolean; onRepeat?: (code: string) => void } = {},
) {
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
    expect(screen.getByTestId('scan-feedback').textContent).toBe('Scan not accepted');
    expect(vibrate).toHaveBeenCalledWith([120, 80, 120]);
  });

  it('counts the same code scanned again and again (one unit per scan), drops only a scanner double send (≤ 150 ms), and says so', async () => {
    const onScan = vi.fn((_code: string) => 'ok' as const);
    const onRepeat = vi.fn();
    const { input, root } = setup(onScan, { onRepeat });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      // Three scans of the same label 0.3 s apart: three units.
      for (let n = 0; n < 3; n++) {
        wedge(input, 'TWS-PRO-53');
        vi.advanceTimersByTime(300);
      }
      expect(onScan).toHaveBeenCalledTimes(3);
      // The scanner sends the label twice at once: the second is dropped, with feedback.
      wedge(input, '4607000010013');
      vi.advanceTimersByTime(40);
      wedge(input, '4607000010013');
      expect(onScan).toHaveBeenCalledTimes(4);
      expect(onRepeat).toHaveBeenCalledWith('4607000010013');
      expect(root.dataset.scanState).toBe('repeat');
      expect(screen.getByTestId('scan-feedback').textContent).toBe('Same code sent twice by the scanner: counted once');
      // A different code right after is not a repeat.
      wedge(input, 'A-01-1-2');
      expect(onScan.mock.calls.map((c) => c[0])).toEqual(['TWS-PRO-53', 'TWS-PRO-53', 'TWS-PRO-53', '4607000010013', 'A-01-1-2']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('is the page’s scan handler: a scanner burst typed into a quantity field comes here, the quantity stays', async () => {
    const onScan = vi.fn((_code: string) => 'ok' as const);
    render(() => (
      <I18nProvider i18n={createI18n('en', { persist: false })}>
        <input data-testid="qty" type="number" inputmode="numeric" value="1" />
        <ScanInput label="Scan" onScan={onScan} captureKeys data-testid="page-scan" />
      </I18nProvider>
    ));
    const qty = screen.getByTestId('qty') as HTMLInputElement;
    qty.focus();
    // As a browser does it: keydown (capture listeners first), then the character lands unless prevented.
    for (const ch of '4607000010044') {
      if (fireEvent.keyDown(qty, { key: ch })) {
        qty.value += ch;
        fireEvent.input(qty);
      }
    }
    fireEvent.keyDown(qty, { key: 'Enter' });
    expect(onScan).toHaveBeenCalledWith('4607000010044', 'keyboard');
    expect(qty.value).toBe('1');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('page-scan')));
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
