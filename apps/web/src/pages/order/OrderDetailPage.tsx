import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import type { DocumentInput } from '@urql/core';
import { useI18n, type TextKey } from '../../i18n';
import { ChannelBadge } from '../../components/ChannelBadge';
import { QueryPage } from '../../components/QueryPage';
import { Spinner, StateMessage } from '../../components/StateMessage';
import { StatusBadge } from '../../components/StatusBadge';
import { UserErrorList } from '../../components/UserErrors';
import { CANCELLABLE_STATUSES, HOLDABLE_STATUSES, isOverdue, type CancelReason, type HoldReason, type UserError } from '../../graphql/types';
import { createNow } from '../../lib/clock';
import { newIdempotencyKey } from '../../offline/ids';
import { useOutbox, type SubmitOutcome } from '../../offline/outbox';
import { opLabel } from '../../components/opLabel';
import { useViewer, type Permission } from '../../auth/viewer';
import { createLiveRefetch } from '../../graphql/live';
import { isShown, OrderChangedSubscription } from '../../graphql/subscriptions';
import { CancelLineSheet, CancelSheet, HoldSheet } from './ActionSheets';
import { Timeline } from './Timeline';
import {
  CancelOrderLinesMutation,
  CancelOrderMutation,
  ConfirmOrderMutation,
  OrderDetailQuery,
  PlaceHoldMutation,
  ReleaseHoldMutation,
  type ConfirmPayload,
  type OrderDetail,
  type OrderDetailLine,
} from './orderDetail.graphql';

type Op = 'confirmOrder' | 'placeHold' | 'releaseHold' | 'cancelOrder' | 'cancelOrderLines';

const DOCUMENTS: Record<Op, DocumentInput> = {
  confirmOrder: ConfirmOrderMutation,
  placeHold: PlaceHoldMutation,
  releaseHold: ReleaseHoldMutation,
  cancelOrder: CancelOrderMutation,
  cancelOrderLines: CancelOrderLinesMutation,
};

const DONE_KEYS: Record<Op, TextKey> = {
  confirmOrder: 'detail.done.confirmOrder',
  placeHold: 'detail.done.placeHold',
  releaseHold: 'detail.done.releaseHold',
  cancelOrder: 'detail.done.cancelOrder',
  cancelOrderLines: 'detail.done.cancelOrderLines',
};

/** One user action: its variables (with the idempotency key) are kept so a retry sends the same. */
interface Attempt {
  op: Op;
  variables: Record<string, unknown>;
  outcome?: SubmitOutcome;
}

/**
 * Order detail (route /orders/:id): header, lines with current stock, totals, timeline, and the
 * actions the status allows. Every action sends the version on screen (expectedVersion) and an
 * idempotency key, through the outbox: offline it is queued and sent later.
 */
export default function OrderDetailPage() {
  const { t } = useI18n();
  const params = useParams<{ id: string }>();
  const outbox = useOutbox();
  const now = createNow();
  const [result, reexecute] = createQuery({
    query: OrderDetailQuery,
    variables: () => ({ id: decodeURIComponent(params.id) }),
    requestPolicy: 'cache-and-network',
  });
  const reload = () => {
    setAttempt(undefined);
    reexecute({ requestPolicy: 'network-only' });
  };
  // Live: someone else (or another device) changed this order: show it as it is now.
  createLiveRefetch(OrderChangedSubscription, () => ({ id: decodeURIComponent(params.id) }), (message) => {
    if (isShown(message?.orderChanged.order, result.data?.order)) return; // our own change, already on screen
    reexecute({ requestPolicy: 'network-only' });
  });
  const viewer = useViewer();

  const [attempt, setAttempt] = createSignal<Attempt>();
  const [busy, setBusy] = createSignal(false);
  const [sheet, setSheet] = createSignal<{ kind: 'hold' } | { kind: 'cancel' } | { kind: 'line'; line: OrderDetailLine }>();

  const send = async (next: Attempt) => {
    const order = result.data?.order;
    if (!order || busy()) return;
    setBusy(true);
    setSheet(undefined);
    setAttempt(next);
    const outcome = await outbox.submit({
      op: next.op,
      query: DOCUMENTS[next.op],
      variables: next.variables,
      entity: { type: 'Order', id: order.id, label: `#${order.number}` },
    });
    setAttempt({ ...next, outcome });
    setBusy(false);
    // No refetch here: the payload's Order / InventoryLevel makes urql's cache refetch the page's query.
  };

  /** A new user action: the version on screen and a fresh idempotency key. */
  const act = (op: Op, extra: Record<string, unknown> = {}) => {
    const order = result.data?.order;
    if (!order) return;
    void send({ op, variables: { id: order.id, expectedVersion: order.version, ...extra, idempotencyKey: newIdempotencyKey() } });
  };
  /** The same action again (after a failure): same variables, same key. */
  const retry = () => {
    const previous = attempt();
    if (previous) void send({ op: previous.op, variables: previous.variables });
  };

  return (
    <section class="page order-detail" data-testid="order-detail">
      <A href="/" class="back-link" data-testid="back-to-queue">
        ← {t('detail.back')}
      </A>
      <QueryPage
        result={result}
        entity={result.data?.order}
        onRetry={reload}
        errorTitle={t('detail.error')}
        errorTestId="order-error"
        retryTestId="order-retry"
        loadingTestId="order-loading"
        notFound={
          <StateMessage icon="?" title={t('detail.notFound')} data-testid="order-not-found">
            <A href="/" class="button button--primary">
              {t('notFound.back')}
            </A>
          </StateMessage>
        }
      >
        {(order) => (
          <>
            <Header order={order()} now={now()} />
            <Pending orderId={order().id} />
            <Actions
              order={order()}
              busy={busy()}
              can={viewer.can}
              onConfirm={() => act('confirmOrder')}
              onHold={() => setSheet({ kind: 'hold' })}
              onRelease={() => act('releaseHold')}
              onCancel={() => setSheet({ kind: 'cancel' })}
            />
            <Show when={attempt()}>
              {(a) => (
                <Outcome
                  attempt={a()}
                  order={order()}
                  onReload={reload}
                  onRetry={retry}
                  onAcceptPrices={() => act('confirmOrder', { acceptPriceMismatches: true })}
                />
              )}
            </Show>
            <Lines order={order()} canCancel={viewer.can('orders:cancel')} onCancelLine={(line) => setSheet({ kind: 'line', line })} />
            <Totals order={order()} />
            <Timeline events={order().timeline.edges.map((e) => e.node)} total={order().timeline.totalCount} now={now()} />
            <Show when={sheet()}>
              {(s) => (
                <Switch>
                  <Match when={s().kind === 'hold'}>
                    <HoldSheet
                      onClose={() => setSheet(undefined)}
                      onSubmit={(reason: HoldReason, note) => act('placeHold', { reason, note: note || null })}
                    />
                  </Match>
                  <Match when={s().kind === 'cancel'}>
                    <CancelSheet
                      orderLabel={`#${order().number}`}
                      onClose={() => setSheet(undefined)}
                      onSubmit={(reason: CancelReason, note) => act('cancelOrder', { reason, note: note || null })}
                    />
                  </Match>
                  <Match when={s().kind === 'line' && (s() as { line: OrderDetailLine }).line}>
                    {(line) => (
                      <CancelLineSheet
                        line={line()}
                        onClose={() => setSheet(undefined)}
                        onSubmit={(quantity, reason, note) =>
                          act('cancelOrderLines', { lines: [{ lineId: line().id, quantity }], reason, note: note || null })
                        }
                      />
                    )}
                  </Match>
                </Switch>
              )}
            </Show>
          </>
        )}
      </QueryPage>
      <Show when={busy()}>
        <span class="visually-hidden" role="status">
          {t('action.sending')}
        </span>
      </Show>
    </section>
  );
}

function Header(props: { order: OrderDetail; now: Date }) {
  const { t, dateTime, relativeTime } = useI18n();
  const overdue = () => isOverdue(props.order, props.now);
  return (
    <header class="card detail-head" data-testid="order-header" data-status={props.order.status} data-version={props.order.version}>
      <div class="detail-head__row">
        <h1 class="order-number order-number--big" data-testid="order-number">
          #{props.order.number}
        </h1>
        <ChannelBadge channel={props.order.channel} />
        <span class="order-row__spacer" />
        <StatusBadge status={props.order.status} data-testid="order-status" />
      </div>
      <dl class="facts">
        <Show when={props.order.externalId}>
          <div>
            <dt>{t('detail.externalId')}</dt>
            <dd class="mono" data-testid="order-external-id">
              {props.order.externalId}
            </dd>
          </div>
        </Show>
        <div classList={{ 'facts--danger': overdue() }}>
          <dt>{overdue() ? t('order.overdue') : t('order.shipBy')}</dt>
          <dd data-testid="order-ship-by">
            <strong>{relativeTime(props.order.shipBy, props.now)}</strong> · {dateTime(props.order.shipBy, props.now)}
          </dd>
        </div>
        <div>
          <dt>{t('order.destination')}</dt>
          <dd>
            {props.order.shippingAddress.city}
            {props.order.shippingAddress.region && props.order.shippingAddress.region !== props.order.shippingAddress.city
              ? `, ${props.order.shippingAddress.region}`
              : ''}
          </dd>
        </div>
        <div>
          <dt>{t('detail.version')}</dt>
          <dd data-testid="order-version">v{props.order.version}</dd>
        </div>
        <Show when={props.order.status === 'ON_HOLD' && props.order.holdReason}>
          {(reason) => (
            <div>
              <dt>{t('detail.holdReason')}</dt>
              <dd data-testid="order-hold-reason">
                {t(`holdReason.${reason()}`)}
                {props.order.holdNote ? ` — ${props.order.holdNote}` : ''}
              </dd>
            </div>
          )}
        </Show>
        <Show when={props.order.status === 'CANCELLED' && props.order.cancelReason}>
          {(reason) => (
            <div>
              <dt>{t('detail.cancelReason')}</dt>
              <dd>
                {t(`cancelReason.${reason()}`)}
                {props.order.cancelNote ? ` — ${props.order.cancelNote}` : ''}
              </dd>
            </div>
          )}
        </Show>
      </dl>
      <Show when={props.order.lateRisk}>
        <span class="late-risk" data-testid="late-risk">
          <span aria-hidden="true">⚠</span>
          {t('order.lateRisk')}
        </span>
      </Show>
    </header>
  );
}

/** Actions on this order still waiting in the outbox (offline). */
function Pending(props: { orderId: string }) {
  const { t, tn } = useI18n();
  const outbox = useOutbox();
  const pending = () => outbox.pendingFor(props.orderId);
  return (
    <Show when={pending().length > 0}>
      <div class="notice notice--pending" role="status" data-testid="order-pending">
        <strong>{tn('detail.pendingSync', pending().length)}</strong>
        <ul class="notice__list">
          <For each={pending()}>{(item) => <li>{opLabel(t, item.op)}</li>}</For>
        </ul>
      </div>
    </Show>
  );
}

function Actions(props: {
  order: OrderDetail;
  busy: boolean;
  can: (permission: Permission) => boolean;
  onConfirm: () => void;
  onHold: () => void;
  onRelease: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const status = () => props.order.status;
  const id = () => encodeURIComponent(props.order.id);
  return (
    <div class="action-bar" data-testid="order-actions">
      <Show when={status() === 'CONFIRMED' && props.can('picking')}>
        <A href={`/pick?order=${id()}`} class="button button--primary" data-testid="action-pick">
          {t('floor.pick')}
        </A>
      </Show>
      <Show when={status() === 'PICKING' && props.can('picking')}>
        <A href={`/pick?order=${id()}`} class="button button--primary" data-testid="action-pick">
          {t('detail.continuePicking')}
        </A>
      </Show>
      <Show when={(status() === 'PICKED' || status() === 'PACKED') && props.can('packing')}>
        <A href={`/pack/${id()}`} class="button button--primary" data-testid="action-pack">
          {t('floor.pack')}
        </A>
      </Show>
      <Show when={status() === 'READY_TO_SHIP' && props.can('shipping')}>
        <A href={`/ship/${id()}`} class="button button--primary" data-testid="action-ship">
          {t('floor.ship')}
        </A>
        <A href="/handover" class="button" data-testid="action-handover">
          {t('floor.handover')}
        </A>
      </Show>
      <Show when={status() === 'NEW' && props.can('orders:write')}>
        <button type="button" class="button button--primary" data-testid="action-confirm" disabled={props.busy} onClick={() => props.onConfirm()}>
          {t('action.confirm')}
        </button>
      </Show>
      <Show when={status() === 'ON_HOLD' && props.can('orders:write')}>
        <button type="button" class="button button--primary" data-testid="action-release-hold" disabled={props.busy} onClick={() => props.onRelease()}>
          {t('action.releaseHold')}
        </button>
      </Show>
      <Show when={HOLDABLE_STATUSES.includes(status()) && props.can('orders:write')}>
        <button type="button" class="button" data-testid="action-place-hold" disabled={props.busy} onClick={() => props.onHold()}>
          {t('action.placeHold')}
        </button>
      </Show>
      <Show when={CANCELLABLE_STATUSES.includes(status()) && props.can('orders:cancel')}>
        <button type="button" class="button button--danger-outline" data-testid="action-cancel" disabled={props.busy} onClick={() => props.onCancel()}>
          {t('action.cancelOrder')}
        </button>
      </Show>
    </div>
  );
}

function Outcome(props: { attempt: Attempt; order: OrderDetail; onReload: () => void; onRetry: () => void; onAcceptPrices: () => void }) {
  const { t, money } = useI18n();
  const outcome = () => props.attempt.outcome;
  const payload = () => (outcome()?.kind === 'done' ? ((outcome() as { payload: unknown }).payload as ConfirmPayload | null) : null);
  const userErrors = (): UserError[] => (outcome()?.kind === 'done' ? (outcome() as { userErrors: UserError[] }).userErrors : []);
  const shortages = () => payload()?.shortages ?? [];
  const priceErrors = () => userErrors().filter((e) => e.code === 'PRICE_MISMATCH');
  /** PRICE_MISMATCH errors point at lines by index: ["lines", "0", "unitPrice"]. */
  const mismatchedLines = () =>
    priceErrors()
      .map((e) => props.order.lines.find((l) => l.position === Number(e.field?.[1]) + 1))
      .filter((l): l is OrderDetailLine => !!l);
  return (
    <div class="outcome" data-testid="action-outcome" data-op={props.attempt.op} data-kind={outcome()?.kind ?? 'sending'}>
      <Switch>
        <Match when={!outcome()}>
          <div class="notice">
            <Spinner label={t('action.sending')} />
          </div>
        </Match>
        <Match when={outcome()?.kind === 'queued'}>
          <div class="notice notice--pending" role="status" data-testid="action-queued">
            {t('detail.queued')}
          </div>
        </Match>
        <Match when={outcome()?.kind === 'failed'}>
          <div class="notice notice--error" role="alert" data-testid="action-failed">
            <p>{(outcome() as { code?: string }).code === 'FORBIDDEN' ? t('error.forbidden') : t('detail.failed')}</p>
            <button type="button" class="button button--primary" data-testid="action-retry" onClick={() => props.onRetry()}>
              {t('queue.error.retry')}
            </button>
          </div>
        </Match>
        <Match when={priceErrors().length > 0}>
          <div class="notice notice--warning" role="alert" data-testid="price-mismatch">
            <p>
              <strong>{t('userError.PRICE_MISMATCH')}</strong>
            </p>
            <table class="mini-table">
              <thead>
                <tr>
                  <th>{t('detail.sku')}</th>
                  <th>{t('detail.orderedPrice')}</th>
                  <th>{t('detail.catalogPrice')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={mismatchedLines()}>
                  {(line) => (
                    <tr data-testid="price-mismatch-line">
                      <td class="mono">{line.sku}</td>
                      <td>{money(line.unitPrice)}</td>
                      <td>{money(line.product.price)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
            <button type="button" class="button button--primary button--wide" data-testid="accept-prices" onClick={() => props.onAcceptPrices()}>
              {t('action.acceptPrices')}
            </button>
          </div>
          <UserErrorList errors={userErrors().filter((e) => e.code !== 'PRICE_MISMATCH')} onReload={props.onReload} />
        </Match>
        <Match when={userErrors().length > 0}>
          <UserErrorList errors={userErrors()} onReload={props.onReload} />
        </Match>
        <Match when={shortages().length > 0}>
          <div class="notice notice--warning" role="alert" data-testid="shortages">
            <p>
              <strong>{t('detail.shortageTitle')}</strong>
            </p>
            <p>{t('detail.shortageBody')}</p>
            <ul class="notice__list">
              <For each={shortages()}>
                {(s) => (
                  <li data-testid="shortage-line">
                    <span class="mono">{s.line.sku}</span> — {t('detail.shortageLine', { requested: s.requested, available: s.available })}
                  </li>
                )}
              </For>
            </ul>
          </div>
        </Match>
        <Match when={outcome()?.kind === 'done'}>
          <div class="notice notice--success" role="status" data-testid="action-done">
            ✓ {t(DONE_KEYS[props.attempt.op])}
          </div>
        </Match>
      </Switch>
    </div>
  );
}

function Lines(props: { order: OrderDetail; canCancel: boolean; onCancelLine: (line: OrderDetailLine) => void }) {
  const { t, tn, number, money } = useI18n();
  const cancellable = () => props.canCancel && CANCELLABLE_STATUSES.includes(props.order.status);
  return (
    <section class="card" aria-labelledby="lines-title">
      <h2 id="lines-title" class="card__title">
        {t('detail.lines')} <span class="muted">· {tn('order.items', props.order.itemCount)}</span>
      </h2>
      <ul class="lines" data-testid="order-lines">
        <For each={props.order.lines}>
          {(line) => {
            const remaining = () => line.quantity - line.quantityCancelled;
            return (
              <li class="line" data-testid="order-line" data-line-id={line.id} data-sku={line.sku}>
                <div class="line__head">
                  <span class="mono line__sku" data-testid="line-sku">
                    {line.sku}
                  </span>
                  <span class="line__qty" data-testid="line-quantity">
                    × {number(remaining())}
                  </span>
                </div>
                <div class="line__name">{line.name}</div>
                <Show when={line.quantityCancelled > 0}>
                  <div class="line__cancelled" data-testid="line-cancelled">
                    {t('detail.cancelledUnits', { count: number(line.quantityCancelled), total: number(line.quantity) })}
                  </div>
                </Show>
                <div class="line__price">
                  {money(line.unitPrice)} · <strong>{money(line.total)}</strong>
                </div>
                <For each={line.product.inventory}>
                  {(level) => (
                    <div class="line__stock" classList={{ 'line__stock--short': level.available < remaining() && props.order.status === 'NEW' }} data-testid="line-stock">
                      <span class="mono">{level.warehouse.code}</span>
                      <span>
                        {t('stock.available')}: <strong data-testid="line-available">{number(level.available)}</strong>
                      </span>
                      <span>
                        {t('stock.onHand')}: {number(level.onHand)}
                      </span>
                      <span>
                        {t('stock.reserved')}: {number(level.reserved)}
                      </span>
                    </div>
                  )}
                </For>
                <Show when={cancellable() && remaining() > 0}>
                  <button type="button" class="button button--small button--danger-outline" data-testid="line-cancel" onClick={() => props.onCancelLine(line)}>
                    {t('action.cancelLine')}
                  </button>
                </Show>
              </li>
            );
          }}
        </For>
      </ul>
    </section>
  );
}

function Totals(props: { order: OrderDetail }) {
  const { t, money } = useI18n();
  return (
    <section class="card" aria-labelledby="totals-title">
      <h2 id="totals-title" class="card__title">
        {t('detail.totals')}
      </h2>
      <dl class="totals" data-testid="order-totals">
        <div>
          <dt>{t('detail.subtotal')}</dt>
          <dd>{money(props.order.subtotal)}</dd>
        </div>
        <div>
          <dt>{t('detail.shipping')}</dt>
          <dd>{money(props.order.shipping)}</dd>
        </div>
        <Show when={props.order.discount.minorUnits !== 0}>
          <div>
            <dt>{t('detail.discount')}</dt>
            <dd>−{money(props.order.discount)}</dd>
          </div>
        </Show>
        <div class="totals__total">
          <dt>{t('order.total')}</dt>
          <dd data-testid="order-total">{money(props.order.total)}</dd>
        </div>
      </dl>
    </section>
  );
}
