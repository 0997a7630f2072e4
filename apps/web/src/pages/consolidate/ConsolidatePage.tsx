import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { A } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import { useI18n } from '../../i18n';
import { PageHead } from '../../components/PageHead';
import { Guarded } from '../../components/Guarded';
import { OfflineBanner } from '../../components/OfflineBanner';
import { ScanInput, type ScanVerdict } from '../../components/ScanInput';
import { ScanMessage, type ScanNotice } from '../../components/ScanMessage';
import { StatusBadge } from '../../components/StatusBadge';
import { CutoffBadge } from '../../components/CutoffBadge';
import { DocumentPanel } from '../../components/DocumentPanel';
import { useViewer } from '../../auth/viewer';
import { useStationPrinter } from '../../lib/printers';
import { appliedPayload, createOutboxAction, type Attempt } from '../../lib/outboxAction';
import { DomesticOverdueQuery, PrintOzonLabelsMutation, ReceiveDomesticParcelMutation, type DomesticParcelRow, type ReceivePayload } from './consolidate.graphql';

type Received = NonNullable<ReceivePayload>;
type Printing = { state: 'sending' } | { state: 'sent'; name: string; count: number } | { state: 'failed' };

/**
 * The consolidation station (route /consolidate, 集运): cross-border parcels sent inside China arrive
 * here. Scan a domestic tracking number → the API finds its order and marks the parcel received
 * (through the outbox: a scan offline is kept and sent later) → the order's Ozon label goes to this
 * device's packing printer when it is a PDF printer, else opens as a PDF. Unknown parcels, parcels of
 * cancelled orders and ones scanned before are said plainly. Below: orders whose domestic parcel is late.
 */
export default function ConsolidatePage() {
  const { t, tn, number, relativeTime } = useI18n();
  const client = useClient();
  const viewer = useViewer();
  const canPrint = () => viewer.can('documents:print');
  const printer = useStationPrinter('PACK', canPrint);
  const pdfPrinter = () => (printer()?.language === 'PDF' ? printer() : null);
  const [notice, setNotice] = createSignal<ScanNotice>();
  const [carrier, setCarrier] = createSignal('');
  const [askCarrier, setAskCarrier] = createSignal(false);
  const [result, setResult] = createSignal<Received>();
  const [printing, setPrinting] = createSignal<Printing>();
  const [overdue, reexecuteOverdue] = createQuery({
    query: DomesticOverdueQuery,
    requestPolicy: 'cache-and-network',
    pause: () => !viewer.canAll('shipping', 'shipments:read'),
  });
  const refreshOverdue = () => reexecuteOverdue({ requestPolicy: 'network-only' });

  const action = createOutboxAction<Attempt<'receiveDomesticParcel'> & { code: string }>((a) => ({
    query: ReceiveDomesticParcelMutation,
    meta: { trackingNumber: a.code },
  }));

  const printLabels = async (received: Received) => {
    const target = pdfPrinter();
    if (!target || !received.order || !(received.ozonPostings ?? []).some((p) => p.label)) return;
    setPrinting({ state: 'sending' });
    const answer = await client.mutation(PrintOzonLabelsMutation, { orderId: received.order.id, printerId: target.id }).toPromise();
    const printed = answer.data?.printOzonLabels;
    setPrinting(
      printed && !printed.userErrors.length ? { state: 'sent', name: printed.printer?.name ?? target.name, count: printed.labelCount ?? 1 } : { state: 'failed' },
    );
  };

  const onScan = async (raw: string): Promise<ScanVerdict> => {
    const code = raw.trim();
    setResult(undefined);
    setPrinting(undefined);
    const outcome = await action.send({ op: 'receiveDomesticParcel', code, variables: { trackingNumber: code, carrier: carrier().trim() || null } });
    if (outcome.kind === 'queued') {
      setNotice({ kind: 'info', text: t('consolidate.queued'), detail: code });
      return 'ok';
    }
    if (outcome.kind === 'failed') {
      setNotice({ kind: 'error', text: t('consolidate.failed'), detail: code });
      return 'error';
    }
    const refused = outcome.userErrors[0];
    if (refused) {
      const text =
        refused.code === 'UNKNOWN_TRACKING_NUMBER'
          ? t('consolidate.unknown', { code })
          : refused.code === 'ORDER_CANCELLED'
            ? t('consolidate.cancelled')
            : refused.field?.includes('carrier')
              ? t('consolidate.chooseCarrier')
              : refused.message;
      if (refused.field?.includes('carrier')) setAskCarrier(true);
      setNotice({ kind: 'error', text, code: refused.code, detail: refused.code === 'ORDER_CANCELLED' ? refused.message : code });
      return 'error';
    }
    const received = appliedPayload<Received>(outcome);
    if (!received?.order) return 'error';
    setCarrier('');
    setAskCarrier(false);
    // Going to the printer: say so before the labels show (no PDF tab opens meanwhile).
    if (pdfPrinter() && (received.ozonPostings ?? []).some((p) => p.label)) setPrinting({ state: 'sending' });
    setResult(received);
    const parcels = received.order.domesticParcels ?? [];
    const here = parcels.filter((p) => p.receivedAt).length;
    setNotice({
      kind: received.alreadyReceived ? 'info' : 'ok',
      text: t(received.alreadyReceived ? 'consolidate.already' : 'consolidate.received', { number: received.order.number }),
      detail: tn('consolidate.parcelsHere', parcels.length, { here: number(here) }),
      next: here < parcels.length ? t('consolidate.waitForRest') : undefined,
    });
    refreshOverdue();
    void printLabels(received);
    return received.alreadyReceived ? undefined : 'ok';
  };

  return (
    <section class="page consolidate" data-testid="consolidate-page">
      <PageHead title={t('consolidate.title')} subtitle={t('consolidate.subtitle')} floorLink />
      <Guarded permission="shipping" data-testid="consolidate-forbidden">
        <ScanInput label={t('consolidate.scan')} placeholder={t('consolidate.scanPlaceholder')} captureKeys dock onScan={onScan} data-testid="consolidate-scan" />
        <Show when={askCarrier()}>
          <label class="field">
            <span class="field__label">{t('consolidate.carrier')}</span>
            <input
              class="field__control consolidate-carrier"
              value={carrier()}
              onInput={(e) => setCarrier(e.currentTarget.value)}
              autocomplete="off"
              data-testid="consolidate-carrier"
            />
          </label>
        </Show>
        <ScanMessage notice={notice()} data-testid="consolidate-notice" />
        <Show when={pdfPrinter()}>
          {(p) => (
            <p class="muted small" data-testid="consolidate-printer">
              {t('consolidate.printsOn', { name: p().name })}
            </p>
          )}
        </Show>

        <Show when={result()?.order}>
          {(order) => (
            <article class="card consolidate-order" data-testid="consolidate-order" data-order-number={order().number}>
              <p class="floor-card__row">
                <span class="consolidate-order__number">#{order().number}</span>
                <StatusBadge status={order().status} />
                <CutoffBadge state={order().cutoffState} />
              </p>
              <h3 class="section-title">{t('consolidate.parcels')}</h3>
              <ParcelList parcels={order().domesticParcels ?? []} />
              <LabelArea received={result()!} printing={printing()} canPrint={canPrint()} />
              <A href={`/orders/${encodeURIComponent(order().id)}`} class="button button--wide" data-testid="consolidate-open-order">
                {t('consolidate.openOrder', { number: order().number })}
              </A>
            </article>
          )}
        </Show>

        <h2 class="section-title">
          {t('consolidate.overdueTitle')} <span class="muted">· {overdue.data?.domesticOverdueOrders.edges.length ?? '…'}</span>
        </h2>
        <OfflineBanner result={overdue} onRetry={refreshOverdue} />
        <Switch>
          <Match when={(overdue.data?.domesticOverdueOrders.edges.length ?? 0) > 0}>
            <ul class="floor-list" data-testid="consolidate-overdue">
              <For each={overdue.data!.domesticOverdueOrders.edges}>
                {({ node }) => (
                  <li>
                    <A
                      href={`/orders/${encodeURIComponent(node.id)}`}
                      class="floor-card floor-card__main floor-card--late"
                      data-testid="overdue-order"
                      data-order-number={node.number}
                    >
                      <span class="floor-card__row">
                        <span class="floor-card__title">#{node.number}</span>
                        <StatusBadge status={node.status} />
                      </span>
                      <For each={(node.domesticParcels ?? []).filter((p) => p.overdue)}>
                        {(p) => (
                          <span class="muted small">
                            {p.carrier.toUpperCase()} <span class="mono">{p.trackingNumber}</span> · {t('consolidate.sentAgo', { time: relativeTime(p.sentAt) })}
                          </span>
                        )}
                      </For>
                    </A>
                  </li>
                )}
              </For>
            </ul>
          </Match>
          <Match when={overdue.data}>
            <p class="muted" data-testid="consolidate-overdue-none">
              {t('consolidate.overdueNone')}
            </p>
          </Match>
        </Switch>
      </Guarded>
    </section>
  );
}

function ParcelList(props: { parcels: readonly DomesticParcelRow[] }) {
  const { t } = useI18n();
  return (
    <ul class="consolidate-parcels" data-testid="consolidate-parcels">
      <For each={props.parcels}>
        {(p) => (
          <li data-testid="domestic-parcel" data-received={String(!!p.receivedAt)}>
            <span>
              {p.carrier.toUpperCase()} <span class="mono">{p.trackingNumber}</span>
            </span>
            <strong>{p.receivedAt ? '✓' : t('consolidate.waiting')}</strong>
          </li>
        )}
      </For>
    </ul>
  );
}

/** Ozon's labels for the order's boxes: sent to the printer, or each opened as a PDF (the first at once). */
function LabelArea(props: { received: Received; printing: Printing | undefined; canPrint: boolean }) {
  const { t, tn } = useI18n();
  const postings = () => props.received.ozonPostings ?? [];
  const showPdf = () => !props.printing || props.printing.state === 'failed';
  return (
    <Show when={props.canPrint}>
      <Show
        when={postings().length > 0}
        fallback={
          <p class="notice" data-testid="consolidate-not-ozon">
            {t('consolidate.notOzon')}
          </p>
        }
      >
        <Switch>
          <Match when={props.printing?.state === 'sending'}>
            <p class="notice notice--pending">{t('consolidate.printing')}</p>
          </Match>
          <Match when={props.printing?.state === 'sent' && props.printing}>
            {(sent) => (
              <p class="notice notice--success" data-testid="consolidate-sent">
                {tn('consolidate.sentTo', (sent() as { count: number }).count, { name: (sent() as { name: string }).name })}
              </p>
            )}
          </Match>
          <Match when={props.printing?.state === 'failed'}>
            <p class="notice notice--warning" data-testid="consolidate-print-failed">
              {t('consolidate.printFailed')}
            </p>
          </Match>
        </Switch>
        <For each={postings()}>
          {(posting, index) => (
            <Show
              when={posting.label}
              fallback={
                <p class="notice notice--warning" data-testid="consolidate-label-missing">
                  {t('consolidate.labelNotReady', { posting: posting.postingNumber })}
                  <Show when={posting.labelError}>{(error) => <span class="small muted"> ({error()})</span>}</Show>
                </p>
              }
            >
              {(label) => (
                <Show when={showPdf()}>
                  <DocumentPanel
                    title={t('consolidate.labelReady', { posting: posting.postingNumber })}
                    document={label()}
                    autoOpen={index() === 0}
                    data-testid="consolidate-label"
                  />
                </Show>
              )}
            </Show>
          )}
        </For>
      </Show>
    </Show>
  );
}
