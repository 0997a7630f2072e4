import { createUniqueId, onCleanup, onMount, type JSX } from 'solid-js';
import { Portal } from 'solid-js/web';

/**
 * A modal bottom sheet (thumb reach on phones): backdrop tap or Escape closes it, focus moves in.
 * Used for hold / cancel forms, confirmations and the camera.
 */
export function Sheet(props: { title: string; onClose: () => void; children: JSX.Element; 'data-testid'?: string; closeLabel: string }) {
  const titleId = createUniqueId();
  let panel: HTMLDivElement | undefined;
  const previous = typeof document !== 'undefined' ? (document.activeElement as HTMLElement | null) : null;
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') props.onClose();
  };
  onMount(() => {
    document.addEventListener('keydown', onKey);
    const first = panel?.querySelector<HTMLElement>('select, input, textarea, button:not(.sheet__close)');
    (first ?? panel)?.focus();
  });
  onCleanup(() => {
    document.removeEventListener('keydown', onKey);
    previous?.focus?.();
  });
  return (
    <Portal>
      <div class="sheet-backdrop" onClick={() => props.onClose()}>
        <div
          ref={panel}
          class="sheet"
          role="dialog"
          aria-modal="true"
          aria-labelledby={titleId}
          tabindex="-1"
          data-testid={props['data-testid']}
          onClick={(event) => event.stopPropagation()}
        >
          <div class="sheet__head">
            <h2 id={titleId} class="sheet__title">
              {props.title}
            </h2>
            <button type="button" class="button button--ghost button--icon sheet__close" aria-label={props.closeLabel} onClick={() => props.onClose()}>
              ✕
            </button>
          </div>
          {props.children}
        </div>
      </div>
    </Portal>
  );
}
