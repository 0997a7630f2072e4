import { Show } from 'solid-js';

export interface ScanNotice {
  kind: 'ok' | 'error' | 'info';
  text: string;
  /** An error code (userError) for tests and support. */
  code?: string;
  detail?: string;
}

/** The answer to the last scan, in words, right under the scan field (green / red / neutral). */
export function ScanMessage(props: { notice: ScanNotice | undefined; 'data-testid'?: string }) {
  return (
    <Show when={props.notice}>
      {(notice) => (
        <div
          class={`scan-message scan-message--${notice().kind}`}
          role={notice().kind === 'error' ? 'alert' : 'status'}
          data-testid={props['data-testid'] ?? 'scan-message'}
          data-kind={notice().kind}
          data-code={notice().code}
        >
          <span aria-hidden="true">{notice().kind === 'ok' ? '✓' : notice().kind === 'error' ? '✕' : 'ℹ'}</span>
          <span class="scan-message__text">
            {notice().text}
            <Show when={notice().detail}>
              <span class="scan-message__detail"> {notice().detail}</span>
            </Show>
          </span>
        </div>
      )}
    </Show>
  );
}
