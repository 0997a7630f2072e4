import { createMemo, createSignal, onCleanup, onMount, Show } from 'solid-js';
import { useI18n } from '../i18n';
import { copyText, documentUrl, downloadUrl, isPdf, openInNewTab, type PrintableDocument } from '../lib/documents';

/**
 * A label, packing slip or hand-over act to print. PDF: opened as a blob: URL in a new tab (the
 * browser's viewer prints it; a link when pop-ups are blocked) and downloadable. ZPL (thermal
 * printers): download the .zpl, or copy it for a printer app ("send to printer").
 * `sentTo`: the server already sent it to this network printer; the panel says so and opens nothing.
 */
export function DocumentPanel(props: { title: string; document: PrintableDocument; autoOpen?: boolean; sentTo?: string | null; 'data-testid'?: string }) {
  const { t } = useI18n();
  // Follows the document shown (a non-keyed <Show>/<Match> parent swaps it in place); each URL is revoked a minute after it is replaced.
  const url = createMemo(() => {
    const href = documentUrl(props.document);
    onCleanup(() => setTimeout(() => URL.revokeObjectURL(href), 60_000));
    return href;
  });
  const [copied, setCopied] = createSignal<boolean>();
  const pdf = createMemo(() => isPdf(props.document));
  onMount(() => {
    if (pdf() && props.autoOpen && !props.sentTo) openInNewTab(url());
  });
  return (
    <div
      class="notice notice--success document-panel"
      role="status"
      data-testid={props['data-testid'] ?? 'document-panel'}
      data-content-type={props.document.contentType}
      data-filename={props.document.filename}
      data-url={url()}
    >
      <p>
        <strong>✓ {props.title}</strong> <span class="mono small">{props.document.filename}</span>
      </p>
      <Show when={props.sentTo}>
        {(name) => (
          <p data-testid="document-sent">
            <strong>{t('print.sentTo', { name: name() })}</strong>
          </p>
        )}
      </Show>
      {/* Sent to a network printer: nothing left to do with the file here. */}
      <Show when={!props.sentTo}>
        <div class="button-row">
          <Show when={pdf()}>
            <a class="button button--primary" href={url()} target="_blank" rel="noopener" data-testid="document-open">
              {t('doc.openPrint')}
            </a>
          </Show>
          <button type="button" class="button" data-testid="document-download" onClick={() => downloadUrl(url(), props.document.filename)}>
            {pdf() ? t('doc.download') : t('doc.downloadZpl')}
          </button>
          <Show when={!pdf()}>
            <button type="button" class="button button--primary" data-testid="document-copy" onClick={async () => setCopied(await copyText(props.document.content))}>
              {t('doc.copyForPrinter')}
            </button>
          </Show>
        </div>
        <Show when={copied() !== undefined}>
          <p class="small" data-testid="document-copied" data-ok={String(copied())}>
            {copied() ? t('doc.copied') : t('doc.copyFailed')}
          </p>
        </Show>
        <Show when={!pdf()}>
          <details class="document-panel__source">
            <summary>{t('doc.showZpl')}</summary>
            <textarea class="field__control mono" readonly rows={6} data-testid="document-text" value={props.document.content} />
          </details>
        </Show>
      </Show>
    </div>
  );
}

/**
 * The network printer did not take the job (PRINTER_UNREACHABLE): say so and offer the PDF, which
 * the screen prints the old way (a new tab). Shown under the refusal.
 */
export function PrintFallback(props: { onOpenPdf: () => void; busy?: boolean }) {
  const { t } = useI18n();
  return (
    <div class="notice notice--warning print-fallback" role="alert" data-testid="print-fallback">
      <p>{t('print.unreachable')}</p>
      <button type="button" class="button button--primary" disabled={props.busy} data-testid="print-open-pdf" onClick={() => props.onOpenPdf()}>
        {t('print.openPdf')}
      </button>
    </div>
  );
}
