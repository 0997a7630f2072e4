import { createSignal, Match, Show, Switch } from 'solid-js';
import { useClient } from '@urql/solid';
import { useI18n } from '../../i18n';
import { DocumentPanel, PrintFallback } from '../../components/DocumentPanel';
import type { PrintableDocument } from '../../lib/documents';
import type { Printer } from '../../lib/printers';
import { packingSlipLocale } from '../../lib/settings';
import { PackingSlipQuery, PrintPackingSlipMutation } from './pack.graphql';

type Slip = { document?: PrintableDocument; error?: boolean; loading?: boolean; sentTo?: string; notPrinted?: boolean };

/**
 * The order's packing slip in the slip language of Settings: sent to this device's packing printer
 * (`printer`: lib/printers.ts) when that is a PDF printer, else — or when the printer does not take it —
 * fetched on demand as a PDF (never saved for offline use) and opened.
 */
export function createPackingSlip(orderId: () => string | undefined, printer: () => Pick<Printer, 'id' | 'name' | 'language'> | null) {
  const client = useClient();
  const [slip, setSlip] = createSignal<Slip>();
  const openPdf = async () => {
    const id = orderId();
    if (!id) return;
    setSlip({ loading: true });
    const answer = await client.query(PackingSlipQuery, { orderId: id, locale: packingSlipLocale() }, { requestPolicy: 'network-only', persist: false }).toPromise();
    setSlip(answer.data?.packingSlip ? { document: answer.data.packingSlip } : { error: true });
  };
  const load = async () => {
    const id = orderId();
    const target = printer();
    if (!id || target?.language !== 'PDF') return openPdf();
    setSlip({ loading: true });
    const answer = await client.mutation(PrintPackingSlipMutation, { orderId: id, printerId: target.id, locale: packingSlipLocale() }).toPromise();
    const printed = answer.data?.printPackingSlip;
    setSlip(printed && !printed.userErrors.length ? { sentTo: target.name } : { notPrinted: true });
  };
  return { slip, load, openPdf };
}

/** The slip sent to the printer, the fetched PDF (opened at once), or why it failed (with the PDF to open instead). */
export function SlipPanel(props: { slip: Slip | undefined; onOpenPdf: () => void }) {
  const { t } = useI18n();
  return (
    <Show when={props.slip}>
      {(s) => (
        <Switch>
          <Match when={s().document}>{(doc) => <DocumentPanel title={t('pack.packingSlip')} document={doc()} autoOpen data-testid="slip-document" />}</Match>
          <Match when={s().sentTo}>
            {(name) => (
              <p class="notice" role="status" data-testid="slip-sent">
                {t('print.sentTo', { name: name() })}
              </p>
            )}
          </Match>
          <Match when={s().notPrinted}>
            <PrintFallback onOpenPdf={props.onOpenPdf} />
          </Match>
          <Match when={s().error}>
            <p class="notice notice--error" role="alert">
              {t('pack.slipFailed')}
            </p>
          </Match>
        </Switch>
      )}
    </Show>
  );
}
