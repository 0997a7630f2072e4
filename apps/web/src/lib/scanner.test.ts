import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWedgeDetector, type WedgeDetector } from './scanner';

/**
 * A keyboard as the browser drives it: keydown first (capture listeners see it before the field),
 * then — unless a listener prevented it — the character lands in the focused field and `input`
 * fires; Enter in a form submits it, Tab moves the focus.
 */
function press(key: string, afterMs: number) {
  vi.advanceTimersByTime(afterMs);
  const target = (document.activeElement ?? document.body) as HTMLElement;
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
  const allowed = target.dispatchEvent(event);
  if (!allowed) return;
  if (key.length === 1 && (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) {
    target.value += key;
    target.dispatchEvent(new Event('input', { bubbles: true }));
  } else if (key === 'Enter') {
    (target.closest('form') as HTMLFormElement | null)?.requestSubmit();
  } else if (key === 'Tab') {
    (document.querySelector('[data-testid="after"]') as HTMLElement).focus();
  }
}

/** A scanner: the characters `gap` ms apart, then the suffix. */
function scanner(code: string, gap = 8, suffix: string | null = 'Enter') {
  for (const ch of code) press(ch, gap);
  if (suffix) press(suffix, gap);
}

/** A person: keys far apart. */
function person(text: string) {
  for (const ch of text) press(ch, 180);
}

describe('keyboard-wedge detector (lib/scanner.ts)', () => {
  let detector: WedgeDetector;
  let detach: () => void;
  let scans: string[];
  let submitted: number;
  let quantity: HTMLInputElement;
  let weight: HTMLInputElement;
  let note: HTMLInputElement;
  let scanField: HTMLInputElement;
  let inputs: string[];

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    document.body.innerHTML = `
      <form data-testid="form">
        <input data-testid="quantity" type="number" inputmode="numeric" value="1" />
        <input data-testid="weight" type="text" inputmode="decimal" value="" />
        <input data-testid="note" type="text" value="" />
        <button data-testid="plus" type="button">+</button>
      </form>
      <input data-testid="scan" data-scan-field type="search" />
      <button data-testid="after" type="button">after</button>`;
    const q = (id: string) => document.querySelector(`[data-testid="${id}"]`) as HTMLInputElement;
    quantity = q('quantity');
    weight = q('weight');
    note = q('note');
    scanField = q('scan');
    submitted = 0;
    inputs = [];
    q('form').addEventListener('submit', (e) => {
      e.preventDefault();
      submitted += 1;
    });
    quantity.addEventListener('input', () => inputs.push(quantity.value));
    scans = [];
    detector = createWedgeDetector({ minLength: 4, maxGapMs: 50 });
    detach = detector.attach(document);
  });
  afterEach(() => {
    detach();
    vi.useRealTimers();
    document.body.innerHTML = '';
  });

  const handle = () => detector.register((code) => scans.push(code));

  it('sends a burst typed into the "units per scan" field to the page, and the field keeps its value', () => {
    handle();
    quantity.focus();
    scanner('4607000010044');
    expect(scans).toEqual(['4607000010044']);
    expect(quantity.value).toBe('1');
    // Only the first key ever reached the field; the page was told it is back at 1.
    expect(inputs).toEqual(['14', '1']);
    expect(submitted).toBe(0);
  });

  it('keeps a barcode out of the weight, and Enter does not submit the parcel form', () => {
    handle();
    weight.value = '450';
    weight.focus();
    scanner('4607000010044');
    expect(weight.value).toBe('450');
    expect(scans).toEqual(['4607000010044']);
    expect(submitted).toBe(0);
  });

  it('takes a scanner with a Tab suffix: the focus stays, the code goes to the page', () => {
    handle();
    quantity.focus();
    scanner('B-01-1-3', 10, 'Tab');
    expect(scans).toEqual(['B-01-1-3']);
    expect(document.activeElement).toBe(quantity);
    expect(quantity.value).toBe('1');
  });

  it('a burst ending without Enter or Tab is a scan too (after a short pause)', () => {
    handle();
    quantity.focus();
    scanner('TWS-PRO-53', 8, null);
    expect(scans).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(scans).toEqual(['TWS-PRO-53']);
    expect(quantity.value).toBe('1');
  });

  it('routes a burst typed while a button has focus (Enter would have clicked it)', () => {
    handle();
    const plus = document.querySelector('[data-testid="plus"]') as HTMLButtonElement;
    let clicks = 0;
    plus.addEventListener('keydown', (e) => e.key === 'Enter' && (clicks += 1));
    plus.focus();
    scanner('A-01-1-1');
    expect(scans).toEqual(['A-01-1-1']);
    expect(clicks).toBe(0);
  });

  it('leaves a person alone: typed quantities, a fast double digit, Enter to submit', () => {
    handle();
    quantity.value = '';
    quantity.focus();
    person('12');
    press('Enter', 180);
    expect(quantity.value).toBe('12');
    expect(submitted).toBe(1);
    // Two keys 30 ms apart: the second is held back while it could be a scanner, then put back.
    quantity.value = '';
    press('2', 400);
    press('5', 30);
    expect(quantity.value).toBe('2');
    vi.advanceTimersByTime(200);
    expect(quantity.value).toBe('25');
    press('Enter', 200);
    expect(submitted).toBe(2);
    expect(scans).toEqual([]);
  });

  it('ignores a key held down (auto-repeat), and leaves free text alone without a page to scan for', () => {
    handle();
    quantity.value = '';
    quantity.focus();
    for (let i = 0; i < 6; i++) {
      vi.advanceTimersByTime(30);
      const event = new KeyboardEvent('keydown', { key: '0', repeat: i > 0, bubbles: true, cancelable: true });
      if (quantity.dispatchEvent(event)) quantity.value += '0';
    }
    vi.advanceTimersByTime(200);
    expect(scans).toEqual([]);
    expect(quantity.value).toBe('000000');
  });

  it('without a page handler only a numeric field refuses the burst; a text field keeps what was typed', () => {
    note.focus();
    scanner('PASTE-1234', 5, null);
    vi.advanceTimersByTime(200);
    expect(note.value).toBe('PASTE-1234');
    quantity.focus();
    scanner('4607000010044');
    expect(quantity.value).toBe('1');
    expect(submitted).toBe(0);
    expect(scans).toEqual([]);
  });

  it('leaves the scan field to itself, and sends nothing to the page while a dialog is open', () => {
    handle();
    scanField.focus();
    scanner('4607000010044');
    expect(scans).toEqual([]);
    expect(scanField.value).toBe('4607000010044');

    const dialog = document.createElement('div');
    dialog.setAttribute('aria-modal', 'true');
    document.body.append(dialog);
    quantity.focus();
    scanner('4607000010044');
    expect(scans).toEqual([]);
    expect(quantity.value).toBe('1');
  });

  it('the handler registered last gets the scan; removing it gives it back to the one before', () => {
    const first: string[] = [];
    const second: string[] = [];
    detector.register((c) => first.push(c));
    const remove = detector.register((c) => second.push(c));
    quantity.focus();
    scanner('CODE-1');
    remove();
    scanner('CODE-2', 8);
    expect(second).toEqual(['CODE-1']);
    expect(first).toEqual(['CODE-2']);
  });
});
