import { Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { ScanInput, type ScanVerdict } from '../../components/ScanInput';
import type { ReceiveCount } from './useReceiveCount';

/**
 * Put-away: what goes on the shelf now, the bin scanned (the scan fills it; scanning another
 * replaces it) and the one button that sends the receipt.
 */
export function PutAway(props: { count: ReceiveCount; bin: string; onBin: (bin: string) => void; busy: boolean; onSubmit: () => void; onBack: () => void }) {
  const { t, tn } = useI18n();
  const onScan = (code: string): ScanVerdict => {
    props.onBin(code);
    props.count.setNotice({ kind: 'ok', text: t('receive.bin', { bin: code }) });
    return 'ok';
  };
  return (
    <section class="card" aria-labelledby="receive-put-away-title" data-testid="receive-put-away">
      <h2 id="receive-put-away-title" class="card__title">
        {t('receive.putAway')}
      </h2>
      <p data-testid="receive-summary">{tn('receive.toPutAway', props.count.totalCounted())}</p>
      <Show when={props.count.unexpectedCount() > 0}>
        <p class="muted">{tn('receive.unexpectedCount', props.count.unexpectedCount())}</p>
      </Show>
      <Show when={props.bin}>
        <p class="mono" data-testid="receive-bin">
          {t('receive.bin', { bin: props.bin })}
        </p>
      </Show>
      <div class="form">
        <button
          type="button"
          class="button button--primary button--wide button--tall"
          data-testid="receive-submit"
          disabled={!props.bin || props.busy}
          onClick={() => props.onSubmit()}
        >
          {props.bin ? t('receive.submit', { bin: props.bin }) : t('receive.binFirst')}
        </button>
        <button type="button" class="button button--wide" data-testid="receive-back-to-count" onClick={() => props.onBack()}>
          {t('receive.backToCount')}
        </button>
      </div>
      <ScanInput label={t('receive.scanBin')} placeholder={t('receive.scanBinPlaceholder')} captureKeys dock onScan={onScan} data-testid="receive-bin-scan" />
    </section>
  );
}
