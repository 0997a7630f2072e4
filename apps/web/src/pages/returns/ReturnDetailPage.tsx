import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { useI18n } from '../../i18n';
import { useViewer } from '../../auth/viewer';
import { useOutbox } from '../../offline/outbox';
import { Outcome } from '../../components/Outcome';
import { createNodeQuery, DetailPage, type DetailShell } from '../../components/DetailPage';
import { StatusBadge } from '../../components/StatusBadge';
import { createLiveRefetch } from '../../graphql/live';
import { OrderChangedSubscription } from '../../graphql/subscriptions';
import { ReturnStatusBadge } from './ReturnList';
import { ReturnLines, UnitScan, type ScannedUnit, type UnitCheck } from './ReturnInspection';
import { CancelSheet, CloseSheet, DeclineSheet, RefundSheet } from './ReturnSheets';
import { useReturnActions, type ReturnSheet } from './useReturnActions';
import { ReturnDetailQuery, type ReturnDetail } from './returns.graphql';

/** Before the parcel is received a manager may still cancel the return. */
const CANCELLABLE = ['REQUESTED', 'APPROVED', 'IN_TRANSIT'];
/** Nothing came back: no refund to record. */
const UNREFUNDABLE = ['DECLINED', 'CANCELLED'];

const SHELL: DetailShell = {
  class: 'page return-detail',
  testId: 'return-detail',
  part: 'return',
  permission: 'returns:read',
  back: '/returns',
  backTestId: 'back-to-returns',
};

/**
 * One return (route /returns/:id): what comes back and why, then the step its status asks for —
 * a manager approves or declines a request; the floor marks the parcel received and checks each
 * unit (resellable ones back into a scanned bin, damaged or missing ones recorded); a manager
 * closes it with a refund or an exchange. Every step goes through the outbox.
 */
export default function ReturnDetailPage() {
  const { t, money, relativeTime } = useI18n();
  const params = useParams<{ id: string }>();
  const viewer = useViewer();
  const outbox = useOutbox();
  const id = () => decodeURIComponent(params.id);
  const { result, entity: ret, refetch } = createNodeQuery<ReturnDetail>(ReturnDetailQuery, id, 'status');
  createLiveRefetch(
    OrderChangedSubscription,
    () => (ret()?.order ? { id: ret()!.order!.id } : null),
    () => refetch(),
  );
  const actions = useReturnActions(() => ret() ?? undefined, refetch);
  const [lastBin, setLastBin] = createSignal('');
  const [checkedLine, setCheckedLine] = createSignal<string>();
  const [scanned, setScanned] = createSignal<ScannedUnit>();

  // Checks saved on the handheld (offline) count as done; the one on its way now does not (it may be refused).
  const inFlight = () => (actions.action.busy() ? actions.action.attempt()?.variables.idempotencyKey : undefined);
  const pending = (lineId: string) => {
    const order = ret()?.order;
    if (!order) return 0;
    return outbox
      .pendingFor(order.id)
      .filter((item) => item.op === 'inspectReturn' && item.key !== inFlight())
      .flatMap((item) => item.variables.items as UnitCheck[])
      .filter((item) => item.returnLineId === lineId).length;
  };
  const check = (unit: UnitCheck) => {
    setCheckedLine(unit.returnLineId);
    if (unit.locationCode) setLastBin(unit.locationCode);
    void actions.submit('inspectReturn', { items: [{ ...unit, quantity: 1 }] });
  };
  const canInspect = () => ret()?.status === 'RECEIVED' && viewer.can('returns:receive');
  const done = (lineId: string) => (ret()?.lines.find((line) => line.id === lineId)?.quantityInspected ?? 0) + pending(lineId);
  const attempt = () => (actions.sheet() ? undefined : actions.action.attempt());

  return (
    <DetailPage
      shell={SHELL}
      backLabel={t('returns.back')}
      query={{ result, entity: ret, refetch }}
      errorTitle={t('returns.detailError')}
      notFoundTitle={t('returns.notFound')}
    >
      {(r) => (
        <>
          <header class="card detail-head" data-testid="return-header" data-status={r().status}>
            <div class="detail-head__row">
              <h1 class="order-number order-number--big">R-{r().number}</h1>
              <ReturnStatusBadge status={r().status} />
            </div>
            <dl class="facts">
              <Show when={r().order}>
                {(order) => (
                  <div>
                    <dt>{t('returns.fact.order')}</dt>
                    <dd>
                      <A href={`/orders/${encodeURIComponent(order().id)}`} class="inline-link" data-testid="return-order-link">
                        #{order().number}
                      </A>{' '}
                      <StatusBadge status={order().status} />
                    </dd>
                  </div>
                )}
              </Show>
              <div>
                <dt>{t('returns.fact.reason')}</dt>
                <dd>{t(`returnReason.${r().reason}`)}</dd>
              </div>
              <div>
                <dt>{t('returns.fact.wants')}</dt>
                <dd>{t(`returnOutcome.${r().requestedOutcome}`)}</dd>
              </div>
              <Show when={r().returnTrackingNumber}>
                {(tracking) => (
                  <div>
                    <dt>{t('returns.fact.tracking')}</dt>
                    <dd class="mono">
                      {r().returnCarrier ? `${r().returnCarrier} ` : ''}
                      {tracking()}
                    </dd>
                  </div>
                )}
              </Show>
              <Show when={r().buyerComment}>
                <div>
                  <dt>{t('returns.fact.comment')}</dt>
                  <dd>{r().buyerComment}</dd>
                </div>
              </Show>
              <Show when={r().overrideReason}>
                <div>
                  <dt>{t('returns.fact.override')}</dt>
                  <dd>{r().overrideReason}</dd>
                </div>
              </Show>
              <Show when={r().declineReason}>
                <div>
                  <dt>{t('returns.fact.declined')}</dt>
                  <dd data-testid="return-decline-reason">{r().declineReason}</dd>
                </div>
              </Show>
              <Show when={r().refund}>
                {(refund) => (
                  <div>
                    <dt>{t('returns.fact.refund')}</dt>
                    <dd data-testid="return-refund">{money(refund())}</dd>
                    <For each={r().refunds}>
                      {(row) => (
                        <dd class="muted small" data-testid="return-refund-row" data-method={row.method}>
                          {t('returns.refundRow', { amount: money(row.amount), method: t(`refundMethod.${row.method}`), time: relativeTime(row.createdAt) })}
                          {row.reference ? ` · ${row.reference}` : ''}
                        </dd>
                      )}
                    </For>
                  </div>
                )}
              </Show>
              <Show when={r().exchangeDifference}>
                {(difference) => (
                  <div>
                    <dt>{t('returns.fact.difference')}</dt>
                    <dd data-testid="return-difference">
                      {money({ ...difference(), minorUnits: Math.abs(difference().minorUnits) })}
                      <Show when={r().exchangeDifferenceDue}>{(due) => <> · {t(`returns.due.${due()}`)}</>}</Show>
                    </dd>
                  </div>
                )}
              </Show>
              <Show when={r().exchangeOrder}>
                {(exchange) => (
                  <div>
                    <dt>{t('returns.fact.exchange')}</dt>
                    <dd>
                      <A href={`/orders/${encodeURIComponent(exchange().id)}`} class="inline-link" data-testid="return-exchange-link">
                        #{exchange().number}
                      </A>
                    </dd>
                  </div>
                )}
              </Show>
            </dl>
          </header>

          <ReturnActions ret={r()} busy={actions.action.busy()} onOp={(op) => void actions.submit(op)} onSheet={actions.open} />

          <Show when={attempt()}>
            {(a) => (
              <Outcome
                outcome={a().outcome}
                done={t(`returns.done.${a().op}`)}
                onRetry={actions.action.retry}
                onReload={refetch}
                data-testid="return-outcome"
                data-op={a().op}
                part="return"
                retryTestId="return-retry"
                // A check's refusals show at its unit's form.
                custom={a().op === 'inspectReturn' && a().outcome?.kind === 'done' && actions.action.errors().length > 0}
              />
            )}
          </Show>

          <Show when={canInspect()}>
            <UnitScan ret={r()} done={done} onScanned={setScanned} />
          </Show>

          <ReturnLines
            ret={r()}
            scanned={scanned()}
            canPhoto={(r().status === 'RECEIVED' || r().status === 'INSPECTED') && viewer.can('returns:receive')}
            onPhotoAdded={refetch}
            pending={pending}
            canInspect={canInspect()}
            errors={actions.action.attempt()?.op === 'inspectReturn' ? actions.action.errors() : []}
            errorLine={checkedLine()}
            busy={actions.action.busy()}
            lastBin={lastBin()}
            onCheck={check}
          />

          <Switch>
            <Match when={actions.sheet() === 'decline'}>
              <DeclineSheet
                errors={actions.action.errors()}
                busy={actions.action.busy()}
                onClose={actions.close}
                onSubmit={(reason) => void actions.submit('declineReturn', { reason })}
              />
            </Match>
            <Match when={actions.sheet() === 'cancel'}>
              <CancelSheet
                errors={actions.action.errors()}
                busy={actions.action.busy()}
                onClose={actions.close}
                onSubmit={(reason) => void actions.submit('cancelReturn', { reason })}
              />
            </Match>
            <Match when={actions.sheet() === 'refund'}>
              <RefundSheet
                ret={r()}
                errors={actions.action.errors()}
                busy={actions.action.busy()}
                onClose={actions.close}
                onSubmit={(variables) => void actions.submit('recordRefund', variables)}
              />
            </Match>
            <Match when={actions.sheet() === 'close'}>
              <CloseSheet
                ret={r()}
                errors={actions.action.errors()}
                busy={actions.action.busy()}
                onClose={actions.close}
                onSubmit={(variables) => void actions.submit('closeReturn', variables)}
              />
            </Match>
          </Switch>
        </>
      )}
    </DetailPage>
  );
}

/** The step the return's status asks for, for those who may take it. */
function ReturnActions(props: { ret: ReturnDetail; busy: boolean; onOp: (op: 'approveReturn' | 'receiveReturn') => void; onSheet: (sheet: ReturnSheet) => void }) {
  const { t } = useI18n();
  const viewer = useViewer();
  const status = () => props.ret.status;
  const manage = () => viewer.can('returns:manage');
  const receive = () => viewer.can('returns:receive');
  const expected = () => status() === 'APPROVED' || status() === 'IN_TRANSIT';
  const ended = () => status() === 'CLOSED' || status() === 'DECLINED' || status() === 'CANCELLED';
  return (
    <section class="card" aria-labelledby="return-actions-title" data-testid="return-actions">
      <h2 id="return-actions-title" class="card__title">
        {t('returns.actions')}
      </h2>
      <Switch>
        <Match when={status() === 'REQUESTED' && manage()}>
          <div class="button-grid">
            <button
              type="button"
              class="button button--primary button--tall"
              data-testid="return-approve"
              disabled={props.busy}
              onClick={() => props.onOp('approveReturn')}
            >
              {t('returns.approve')}
            </button>
            <button
              type="button"
              class="button button--danger-outline button--tall"
              data-testid="return-decline"
              disabled={props.busy}
              onClick={() => props.onSheet('decline')}
            >
              {t('returns.decline')}
            </button>
          </div>
        </Match>
        <Match when={status() === 'REQUESTED'}>
          <p class="notice notice--warning" data-testid="return-not-approved">
            {t('returns.notApproved')}
          </p>
        </Match>
        <Match when={expected() && receive()}>
          <p class="hint">{t('returns.receiveHint')}</p>
          <button
            type="button"
            class="button button--primary button--wide button--tall"
            data-testid="return-receive"
            disabled={props.busy}
            onClick={() => props.onOp('receiveReturn')}
          >
            {t('returns.receive')}
          </button>
        </Match>
        <Match when={status() === 'RECEIVED'}>
          <p class="hint">{t('returns.done.receiveReturn')}</p>
        </Match>
        <Match when={status() === 'INSPECTED' && manage()}>
          <button
            type="button"
            class="button button--primary button--wide button--tall"
            data-testid="return-close"
            disabled={props.busy}
            onClick={() => props.onSheet('close')}
          >
            {t('returns.close')}
          </button>
        </Match>
        <Match when={status() === 'INSPECTED'}>
          <p class="notice notice--success" data-testid="return-all-checked">
            {t('returns.allChecked')}
          </p>
        </Match>
        <Match when={ended()}>
          <p class="muted" data-testid="return-ended">
            {t('returns.ended', { status: t(`returnStatus.${status()}`) })}
          </p>
        </Match>
      </Switch>
      <Show when={manage() && !UNREFUNDABLE.includes(status())}>
        <button type="button" class="button button--wide" data-testid="return-record-refund" disabled={props.busy} onClick={() => props.onSheet('refund')}>
          {t('returns.recordRefund')}
        </button>
      </Show>
      <Show when={manage() && CANCELLABLE.includes(status())}>
        <button type="button" class="button button--ghost button--wide" data-testid="return-cancel" disabled={props.busy} onClick={() => props.onSheet('cancel')}>
          {t('returns.cancel')}
        </button>
      </Show>
    </section>
  );
}
