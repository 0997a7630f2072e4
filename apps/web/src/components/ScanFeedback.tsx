import { createEffect, createSignal, onCleanup, Show } from 'solid-js';
import { Portal } from 'solid-js/web';
import { useI18n } from '../i18n';
import type { ScanNotice } from './ScanMessage';

/** A right scan's note fades after this long (it would cover the page); a wrong one stays. */
const OK_VISIBLE_MS = 5000;

/** Where the feedback lives: inside the main landmark (position: fixed takes it to the bottom). */
const mountPoint = () => (typeof document === 'undefined' ? undefined : (document.getElementById('main') ?? document.body));

/**
 * The answer to the last scan in a fixed area just above the tab bar (and above a docked scan
 * field), so it is seen on the smallest handheld (360×640) without scrolling, wherever the page is
 * scrolled to: green / red / neutral, the reason, the detail and the next step. Errors are
 * announced at once (role=alert), the rest politely (role=status). A wrong scan stays until the next
 * scan or until the worker closes it (✕), a right one fades after a few seconds; the page keeps room
 * for it at its bottom (styles.css).
 */
export function ScanFeedback(props: { notice: ScanNotice | undefined; 'data-testid'?: string }) {
  const { t } = useI18n();
  const [closed, setClosed] = createSignal<ScanNotice>();
  const shown = () => (props.notice && props.notice !== closed() ? props.notice : undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(() => {
    const notice = props.notice;
    clearTimeout(timer);
    if (notice && notice.kind !== 'error') timer = setTimeout(() => setClosed(notice), OK_VISIBLE_MS);
  });
  onCleanup(() => clearTimeout(timer));
  return (
    <Portal mount={mountPoint()}>
      <div class="scan-feedback" data-testid="scan-feedback-area">
        <Show when={shown()}>
          {(notice) => (
            <div
              class={`scan-message scan-message--${notice().kind}`}
              role={notice().kind === 'error' ? 'alert' : 'status'}
              aria-live={notice().kind === 'error' ? 'assertive' : 'polite'}
              aria-atomic="true"
              data-testid={props['data-testid'] ?? 'scan-message'}
              data-kind={notice().kind}
              data-code={notice().code}
            >
              <span class="scan-message__icon" aria-hidden="true">
                {notice().kind === 'ok' ? '✓' : notice().kind === 'error' ? '✕' : 'ℹ'}
              </span>
              <span class="scan-message__text">
                {notice().text}
                <Show when={notice().detail}>
                  <span class="scan-message__detail"> {notice().detail}</span>
                </Show>
                <Show when={notice().next}>
                  <span class="scan-message__next" data-testid="scan-message-next">
                    {notice().next}
                  </span>
                </Show>
              </span>
              <button
                type="button"
                class="button button--ghost scan-message__close"
                aria-label={t('action.close')}
                title={t('action.close')}
                data-testid="scan-message-close"
                onClick={() => setClosed(notice())}
              >
                ✕
              </button>
            </div>
          )}
        </Show>
      </div>
    </Portal>
  );
}
