import { onCleanup } from 'solid-js';

/**
 * Keyboard-wedge scanners "type" a code: a burst of keystrokes (typically < 50 ms apart) ending in
 * Enter or Tab. Whatever control has focus — the units-per-scan stepper, the parcel weight, a
 * select, a button — such a burst must reach the page's scan handler, not that control. This
 * detector listens on the document in the capture phase (before any control sees the keys):
 * - numeric fields (type=number, inputmode numeric/decimal, data-scan-guard) refuse a burst: from
 *   its second key on the characters are kept out, and the field gets its previous value back;
 * - other fields get their previous value back too; Enter/Tab ending the burst never submits a
 *   form, clicks a button or moves the focus;
 * - the code goes to the handler registered last (useScanHandler), unless a dialog is open.
 * Fields that are scan targets themselves (data-scan-field: the scan input, a tracking-number
 * field) are left alone: they handle their own Enter. A person typing (keys further apart, or held
 * down: auto-repeat) is left alone too; keys held back from a numeric field while it looked like a
 * burst are put back when it turns out not to be one.
 */
export interface WedgeOptions {
  /** Fewest characters a scan has (shorter bursts are people typing fast). */
  minLength?: number;
  /** Longest gap between two keys of one burst. */
  maxGapMs?: number;
  /** Clock (tests: fake timers fake Date). */
  now?: () => number;
}

export type ScanHandler = (code: string) => void;

const MODIFIERS = new Set(['Shift', 'CapsLock', 'Alt', 'AltGraph', 'Control', 'Meta', 'Dead', 'Unidentified']);

/** Fields a barcode must never land in: quantities, weights, dimensions. */
export function isGuardedField(el: Element | null): el is HTMLInputElement {
  if (!(el instanceof HTMLInputElement)) return false;
  if (el.closest('[data-scan-field]')) return false;
  const mode = (el.getAttribute('inputmode') ?? '').toLowerCase();
  return el.type === 'number' || mode === 'numeric' || mode === 'decimal' || el.hasAttribute('data-scan-guard');
}

function isScanField(el: Element | null): boolean {
  return !!el?.closest?.('[data-scan-field]');
}

type Editable = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

function editable(el: Element | null): Editable | undefined {
  if (el instanceof HTMLInputElement && !['checkbox', 'radio', 'file', 'button', 'submit', 'reset', 'image'].includes(el.type)) return el;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return el;
  return undefined;
}

function setValue(el: Editable, value: string) {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  if (el instanceof HTMLSelectElement) el.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Puts characters back where the caret is (type=number has no caret API: appended). */
function insert(el: HTMLInputElement, text: string) {
  try {
    const start = el.selectionStart ?? el.value.length;
    const end = el.selectionEnd ?? start;
    el.setRangeText(text, start, end, 'end');
  } catch {
    el.value += text;
  }
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

export interface WedgeDetector {
  /** Starts listening on this document (capture phase); returns the function that stops it. */
  attach(target?: Document): () => void;
  /** Registers the handler scans go to (the last one registered wins); returns its removal. */
  register(handler: ScanHandler): () => void;
  /** For tests: the keydown listener itself. */
  onKeyDown(event: KeyboardEvent): void;
}

export function createWedgeDetector(options: WedgeOptions = {}): WedgeDetector {
  const minLength = options.minLength ?? 4;
  const maxGap = options.maxGapMs ?? 50;
  const now = options.now ?? (() => Date.now());
  const handlers: ScanHandler[] = [];

  let chars: string[] = [];
  let lastAt = 0;
  let field: Editable | undefined;
  let snapshot: string | undefined;
  /** Characters kept out of a guarded field while the keys looked like a burst. */
  let held = '';
  let idle: ReturnType<typeof setTimeout> | undefined;

  const reset = () => {
    clearTimeout(idle);
    idle = undefined;
    chars = [];
    field = undefined;
    snapshot = undefined;
    held = '';
  };

  /** Not a scan after all (a person typing): what was held back goes into the field. */
  const release = () => {
    if (held && field instanceof HTMLInputElement && field.isConnected) insert(field, held);
    reset();
  };

  const dialogOpen = () => !!document.querySelector('[aria-modal="true"]');

  const handler = () => (dialogOpen() ? undefined : handlers.at(-1));
  const freeText = () => !!field && !isGuardedField(field) && !(field instanceof HTMLSelectElement);

  /**
   * A complete scan: the field gets its value back and the code goes to the page. Without a page
   * to take it (none registered, or a dialog is open) only a numeric field refuses it; text typed
   * into a free-text field stays.
   */
  const complete = (event?: KeyboardEvent) => {
    const code = chars.join('');
    const to = handler();
    const refuse = !!to || isGuardedField(field ?? null);
    if (refuse) {
      event?.preventDefault();
      event?.stopImmediatePropagation();
      if (field && snapshot !== undefined && field.isConnected && field.value !== snapshot) setValue(field, snapshot);
    }
    reset();
    to?.(code);
  };

  /** A burst that ended without Enter/Tab: still a scan when it was long and fast enough (not in free text). */
  const armIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(() => (chars.length >= minLength && !freeText() ? complete() : release()), maxGap * 2);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.isComposing || MODIFIERS.has(event.key)) return;
    const target = (event.target instanceof Element ? event.target : null) ?? document.activeElement;
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || isScanField(target)) {
      release();
      return;
    }
    const at = now();
    const fast = chars.length > 0 && at - lastAt <= maxGap;
    if (event.key === 'Enter' || event.key === 'Tab') {
      if (fast && chars.length >= minLength) complete(event);
      else release();
      return;
    }
    if (event.key.length !== 1) {
      release();
      return;
    }
    if (!fast) {
      // A new burst (or a person's key): it lands as usual; remember what the field held before it.
      release();
      const el = editable(target);
      field = el;
      snapshot = el?.value;
    } else if (isGuardedField(field ?? null)) {
      // The second fast key: a barcode is coming, keep it out of the number.
      event.preventDefault();
      held += event.key;
    }
    chars.push(event.key);
    lastAt = at;
    armIdle();
  };

  return {
    onKeyDown,
    attach(target = document) {
      target.addEventListener('keydown', onKeyDown, true);
      return () => {
        target.removeEventListener('keydown', onKeyDown, true);
        reset();
      };
    },
    register(handler) {
      handlers.push(handler);
      return () => {
        const index = handlers.lastIndexOf(handler);
        if (index >= 0) handlers.splice(index, 1);
      };
    },
  };
}

let shared: WedgeDetector | undefined;

/** The app's one detector (listening from the first registration on). */
export function wedgeDetector(): WedgeDetector {
  if (!shared) {
    shared = createWedgeDetector();
    if (typeof document !== 'undefined') shared.attach(document);
  }
  return shared;
}

/** The page's scan handler: scanner bursts typed while another control has focus come here. */
export function useScanHandler(handler: ScanHandler): void {
  onCleanup(wedgeDetector().register(handler));
}
