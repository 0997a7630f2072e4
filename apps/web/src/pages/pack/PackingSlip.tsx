import { createSignal, Match, Show, Switch } from 'solid-js';
import { useClient } from '@urql/solid';
import { useI18n } from '../../i18n';
import { DocumentPanel } from '../../components/DocumentPanel';
import type { PrintableDocument } from '../../lib/documents';
import { packingSlipLocale } from '../../lib/settings';
import { PackingSlipQuery } from './pack.graphql';

type Slip = { document?: PrintableDocument; error?: boolean; loading?: boolean };

/** The order's packing slip, fetched on demand (never saved for offline use) in the slip language of Settings. */
export function createPackingSlip(orderId: () => string | undefined) {
  const client = useClient();
  const [slip, setSlip] = createSignal<Slip>();
  const load = async () => {
    const id = orderId();
    if (!id) return;
    setSlip({ loading: true });
    const answer = await client.query(PackingSlipQuery, { orderId: id, locale: packingSlipLocale() }, { requestPolicy: 'network-only', persist: false }).toPromise();
    setSlip(answer.data?.packingSlip ? { document: answer.data.packingSlip } : { error: true });
  };
  return { slip, load };
}

/** The fetched slip (opened at once), or why it failed. */
export function SlipPanel(props: { slip: Slip | undefined }) {
  const { t } = useI18n();
  return (
    <Show when={props.slip}>
      {(s) => (
        <Switch>
          <Match when={s().document}>{(doc) => <DocumentPanel title={t('pack.packingSlip')} document={doc()} autoOpen data-testid="slip-document" />}</Match>
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
