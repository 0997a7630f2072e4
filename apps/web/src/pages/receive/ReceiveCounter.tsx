import { createSignal, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { Outcome } from '../../components/Outcome';
import { ScanInput } from '../../components/ScanInput';
import { ScanMessage } from '../../components/ScanMessage';
import { Stepper } from '../../components/Stepper';
import { createOutboxAction, type Attempt } from '../../lib/outboxAction';
import type { SubmitOutcome } from '../../offline/outbox';
import { PutAway } from './PutAway';
import { OverReceiptAsk, ReceiveLines } from './ReceiveLines';
import { isReceivable, ReceivePurchaseOrderItemsMutation, type PurchaseOrderStatus, type ReceivePurchaseOrder } from './receive.graphql';
import { useReceiveCount } from './useReceiveCount';

type ReceiveAttempt = Attempt<'receivePurchaseOrderItems'>;

/**
 * Counting one delivery in: scan items (the units per scan for cartons), then put away — scan the
 * bin and send the receipt through the outbox with its idempotency key (queued when offline,
 * replayed later with the same key, so it never counts twice). What is not received stays open;
 * a PO with nothing more expected shows so (the last receipt's outcome stays in view).
 */
export function ReceiveCounter(props: { po: ReceivePurchaseOrder; onReceived: () => void }) {
  const { t } = useI18n();
  const count = useReceiveCount(() => props.po);
  const [step, setStep] = createSignal<'count' | 'putAway'>('count');
  const [bin, setBin] = createSignal('');
  const action = createOutboxAction<ReceiveAttempt>(() => ({
    query: ReceivePurchaseOrderItemsMutation,
    entity: { type: 'PurchaseOrder', id: props.po.id, label: props.po.number },
    meta: { purchaseOrderId: props.po.id },
  }));

  /** Sent or saved for later: the count starts afresh. Refused: the count stays for a fix. */
  const finish = (outcome: SubmitOutcome) => {
    if (outcome.kind === 'queued' || (outcome.kind === 'done' && outcome.userErrors.length === 0)) {
      count.clear();
      setBin('');
      setStep('count');
    }
    if (outcome.kind === 'done' && outcome.userErrors.length === 0) props.onReceived();
  };
  const submit = async () => finish(await action.send({ op: 'receivePurchaseOrderItems', variables: count.variables(bin()) }));
  const retry = async () => {
    const last = action.attempt();
    if (last) finish(await action.send(last));
  };
  const doneText = (outcome: SubmitOutcome | undefined) => {
    const status = (outcome?.kind === 'done' ? (outcome.payload?.purchaseOrder as { status?: PurchaseOrderStatus } | null)?.status : undefined) ?? props.po.status;
    return t('receive.done', { status: t(`receive.status.${status}`) });
  };

  return (
    <>
      <Show when={action.attempt()}>
        {(a) => <Outcome outcome={a().outcome} done={doneText(a().outcome)} onRetry={() => void retry()} data-testid="receive-outcome" part="receive" />}
      </Show>
      <Show
        when={isReceivable(props.po.status)}
        fallback={
          <p class="notice" data-testid="receive-closed">
            {t('receive.closed')}
          </p>
        }
      >
        <Show
          when={step() === 'putAway'}
          fallback={
            <>
              <OverReceiptAsk count={count} />
              {/* At the top: the next step after scanning, never under the scan feedback or the tab bar. */}
              <button
                type="button"
                class="button button--primary button--wide button--tall"
                data-testid="receive-to-put-away"
                disabled={count.totalCounted() + count.unexpectedCount() === 0 || action.busy()}
                onClick={() => setStep('putAway')}
              >
                {t('receive.putAway')}
              </button>
              <Stepper label={t('receive.perScan')} value={count.perScan()} onChange={count.setPerScan} min={1} max={10_000} data-testid="receive-per-scan" />
              <ScanInput
                label={t('receive.scanItem')}
                placeholder={t('receive.scanItemPlaceholder')}
                captureKeys
                dock
                onScan={count.onScan}
                data-testid="receive-item-scan"
              />
              <ReceiveLines lines={props.po.lines} count={count} />
              <Show when={count.totalCounted() + count.unexpectedCount() === 0}>
                <p class="hint">{t('receive.nothingCounted')}</p>
              </Show>
            </>
          }
        >
          <PutAway count={count} bin={bin()} onBin={setBin} busy={action.busy()} onSubmit={() => void submit()} onBack={() => setStep('count')} />
        </Show>
      </Show>
      <ScanMessage notice={count.notice()} data-testid="receive-notice" />
    </>
  );
}
