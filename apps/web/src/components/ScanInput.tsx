import { createSignal, lazy, onCleanup, onMount, Show, Suspense } from 'solid-js';
import { useI18n } from '../i18n';
import { repeatFeedback, scanFeedback, type ScanFeedback } from '../lib/feedback';
import { useScanHandler } from '../lib/scanner';
import { Spinner } from './StateMessage';
import { Sheet } from './Sheet';

// The camera (and zxing-wasm inside it) is only loaded when the camera button is pressed.
const CameraScanner = lazy(() => import('./camera/CameraScanner'));

export type ScanSource = 'keyboard' | 'camera';

/** What a scan handler says: right / wrong scan (feedback), or nothing (no feedback). */
export type ScanVerdict = ScanFeedback | void;

export interface ScanInputProps {
  label: string;
  placeholder?: string;
  /** A complete code: Enter, a scanner burst, or the camera. */
  onScan: (code: string, source: ScanSource) => ScanVerdict | Promise<ScanVerdict>;
  /** Every keystroke (live search). */
  onInput?: (value: string) => void;
  value?: string;
  /** Clear the field after a scan (stock lookup) or keep it (search). Default: clear. */
  clearOnScan?: boolean;
  /**
   * This is the page's scan field: keys a scanner types while nothing is focused land here, and a
   * scanner burst typed while another control has focus (a quantity, the weight) comes here too
   * (lib/scanner.ts).
   */
  captureKeys?: boolean;
  /** Take focus on mount (scan-first screens; on phones this opens the keyboard). Default: captureKeys. */
  autoFocus?: boolean;
  /**
   * Same code again within this many ms is a scanner's double send: counted once (default 150).
   * Scanning one unit after the other is normal and always counts.
   */
  repeatWindowMs?: number;
  /** A double send was dropped (the page says so; the field flashes and ticks anyway). */
  onRepeat?: (code: string) => void;
  /** Keep the field in view above the tab bar while the page scrolls (scan-first screens). */
  dock?: boolean;
  inputMode?: 'text' | 'numeric' | 'search';
  'data-testid'?: string;
}

/** Hardware scanners type a whole code in well under 50 ms per character, people don't. */
const SCANNER_KEY_INTERVAL_MS = 35;
/** A scanner burst without Enter counts as complete after this pause. */
const BURST_IDLE_MS = 120;
const MIN_BURST_LENGTH = 4;
/** A scanner sending the same code twice reads it again within this time; a person cannot. */
export const REPEAT_WINDOW_MS = 150;

/**
 * The scan field: one big input that keyboard-wedge scanners type into (ending with Enter), plus a
 * camera button. Gives clear feedback — green/red flash, beep, vibration — for right and wrong scans,
 * drops a scanner's double send (the same code within 150 ms, said so) but counts every real scan of
 * the same code, and keeps focus for the next scan.
 */
export function ScanInput(props: ScanInputProps) {
  const { t } = useI18n();
  let input: HTMLInputElement | undefined;
  const [flash, setFlash] = createSignal<ScanFeedback | 'busy' | 'repeat' | undefined>();
  const [camera, setCamera] = createSignal(false);
  let last: { code: string; at: number } | undefined;
  let keyTimes: number[] = [];
  let burstTimer: ReturnType<typeof setTimeout> | undefined;
  let flashTimer: ReturnType<typeof setTimeout> | undefined;

  const showFlash = (kind: ScanFeedback | 'repeat') => {
    setFlash(kind);
    clearTimeout(flashTimer);
    flashTimer = setTimeout(() => setFlash(undefined), 1500);
  };

  const submit = async (raw: string, source: ScanSource) => {
    clearTimeout(burstTimer);
    keyTimes = [];
    const code = raw.trim();
    if (!code) return;
    if (props.clearOnScan !== false && input) input.value = '';
    const now = Date.now();
    // The scanner sent the same label twice (or the trigger bounced): once is enough — and said so.
    if (last && last.code === code && now - last.at < (props.repeatWindowMs ?? REPEAT_WINDOW_MS)) {
      last = { code, at: now };
      showFlash('repeat');
      repeatFeedback();
      props.onRepeat?.(code);
      return;
    }
    last = { code, at: now };
    setFlash('busy');
    let verdict: ScanVerdict;
    try {
      verdict = await props.onScan(code, source);
    } catch {
      verdict = 'error';
    }
    if (verdict) {
      showFlash(verdict);
      scanFeedback(verdict);
    } else setFlash(undefined);
    if (props.clearOnScan === false) input?.select();
    if (input && document.activeElement !== input && !camera()) input.focus({ preventScroll: true });
  };

  /** The keys typed so far came in a scanner's burst. */
  const isBurst = (value: string) => {
    if (value.length < MIN_BURST_LENGTH || keyTimes.length < MIN_BURST_LENGTH) return false;
    const recent = keyTimes.slice(-value.length);
    const span = recent[recent.length - 1] - recent[0];
    return span / Math.max(1, recent.length - 1) <= SCANNER_KEY_INTERVAL_MS;
  };

  const onKeyDown = (event: KeyboardEvent & { currentTarget: HTMLInputElement }) => {
    // Enter, or Tab at the end of a scanner burst (scanners set up with a Tab suffix).
    if (event.key === 'Enter' || (event.key === 'Tab' && !event.shiftKey && isBurst(event.currentTarget.value))) {
      event.preventDefault();
      void submit(event.currentTarget.value, 'keyboard');
      return;
    }
    if (event.key.length === 1) keyTimes.push(Date.now());
  };

  const onInput = (event: InputEvent & { currentTarget: HTMLInputElement }) => {
    const value = event.currentTarget.value;
    props.onInput?.(value);
    // Debounce scanner bursts that do not end with Enter.
    clearTimeout(burstTimer);
    if (isBurst(value)) burstTimer = setTimeout(() => void submit(value, 'keyboard'), BURST_IDLE_MS);
  };

  // A scanner burst typed into another control (the quantity, the weight) is this field's scan.
  // eslint-disable-next-line solid/reactivity -- whether this is the page's scan field is fixed for its lifetime.
  if (props.captureKeys) useScanHandler((code) => void submit(code, 'keyboard'));

  // Type-ahead: a scanner "types" while nothing is focused (the user tapped elsewhere): catch it.
  const onDocumentKey = (event: KeyboardEvent) => {
    if (!props.captureKeys || !input || camera() || event.ctrlKey || event.metaKey || event.altKey) return;
    const active = document.activeElement as HTMLElement | null;
    if (active && (active === input || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName) || active.isContentEditable)) return;
    if (document.querySelector('[aria-modal="true"]')) return;
    if (event.key.length === 1) input.focus({ preventScroll: true });
  };

  onMount(() => {
    if (props.autoFocus ?? props.captureKeys) input?.focus({ preventScroll: true });
    if (props.captureKeys) document.addEventListener('keydown', onDocumentKey, true);
  });
  onCleanup(() => {
    document.removeEventListener('keydown', onDocumentKey, true);
    clearTimeout(burstTimer);
    clearTimeout(flashTimer);
  });

  return (
    <div
      class="scan"
      classList={{
        'scan--ok': flash() === 'ok',
        'scan--error': flash() === 'error',
        'scan--busy': flash() === 'busy',
        'scan--repeat': flash() === 'repeat',
        'scan--dock': !!props.dock,
      }}
      data-scan-state={flash() ?? 'idle'}
    >
      <label class="scan__label">
        <span class="visually-hidden">{props.label}</span>
        <svg class="scan__icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
          <path fill="currentColor" d="M3 5h2v14H3zm3 0h1v14H6zm2 0h3v14H8zm4 0h1v14h-1zm3 0h2v14h-2zm3 0h1v14h-1zm2 0h1v14h-1z" />
        </svg>
        <input
          ref={input}
          class="scan__input"
          type="search"
          inputMode={props.inputMode ?? 'search'}
          enterkeyhint="search"
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          placeholder={props.placeholder ?? props.label}
          value={props.value ?? ''}
          data-testid={props['data-testid'] ?? 'scan-input'}
          data-scan-field
          onKeyDown={onKeyDown}
          onInput={onInput}
        />
      </label>
      <button
        type="button"
        class="button button--icon scan__camera"
        data-testid="scan-camera"
        aria-label={t('scan.camera')}
        title={t('scan.camera')}
        onClick={() => setCamera(true)}
      >
        <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
          <path fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" d="M4 8h3l2-3h6l2 3h3v11H4z M12 17a4 4 0 1 0 0-8 4 4 0 0 0 0 8z" />
        </svg>
      </button>
      <Show when={flash() === 'ok' || flash() === 'error' || flash() === 'repeat'}>
        <span class="visually-hidden" role="status" data-testid="scan-feedback" data-result={flash()}>
          {flash() === 'ok' ? t('scan.ok') : flash() === 'repeat' ? t('scan.repeat') : t('scan.error')}
        </span>
      </Show>
      <Show when={camera()}>
        <Sheet title={t('scan.camera')} closeLabel={t('action.close')} onClose={() => setCamera(false)} data-testid="camera-sheet">
          <Suspense fallback={<Spinner label={t('scan.cameraStarting')} />}>
            <CameraScanner
              onDetected={(code) => {
                setCamera(false);
                void submit(code, 'camera');
              }}
            />
          </Suspense>
        </Sheet>
      </Show>
    </div>
  );
}
