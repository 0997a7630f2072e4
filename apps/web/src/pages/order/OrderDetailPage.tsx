import { createSignal, Show } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import type { DocumentInput } from '@urql/core';
import { useI18n } from '../../i18n';
import { useViewer } from '../../auth/viewer';
import { QueryPage } from '../../components/QueryPage';
import { StateMessage } from '../../components/StateMessage';
import { createLiveRefetch } from '../../graphql/live';
import { isShown, OrderChangedSubscription } from '../../graphql/subscriptions';
import { createNow } from '../../lib/clock';
import { createOutboxAction, type Attempt } from '../../lib/outboxAction';
import { Timeline } from './Timeline';
import { OrderActions } from './OrderActions';
import { OrderHeader, Pending } from './OrderHeader';
import { OrderLines, Totals } from './OrderLines';
import { OrderOutcome, type OrderOp } from './OrderOutcome';
import { OrderSheet, type OrderSheetState } from './OrderSheet';
import { OrderTrackingCard } from './OrderTrackingCard';
import { OrderProblems } from './OrderProblems';
import { MarketplacePostingCard } from './MarketplacePostingCard';
import { DomesticParcelsCard } from './DomesticParcelsCard';
import { OrderNotifications } from './OrderNotifications';
import {
  CancelOrderLinesMutation,
  CancelOrderMutation,
  ConfirmOrderMutation,
  OrderDetailQuery,
  PlaceHoldMutation,
  ReleaseHoldMutation,
  withTracking,
} from './orderDetail.graphql';

const DOCUMENTS: Record<OrderOp, DocumentInput> = {
  confirmOrder: ConfirmOrderMutation,
  placeHold: PlaceHoldMutation,
  releaseHold: ReleaseHoldMutation,
  cancelOrder: CancelOrderMutation,
  cancelOrderLines: CancelOrderLinesMutation,
};

/**
 * Order detail (route /orders/:id): header, lines with current stock, totals, its delivery problems
 * (with who looks after each), its Ozon posting, its domestic (in-China) parcels, tracking, the
 * notices sent to the buyer, timeline, and the actions
 * the status allows. Every action sends the version on screen (expectedVersion) and an
 * idempotency key, through the outbox: offline it is queued and sent later.
 */
export default function OrderDetailPage() {
  const { t } = useI18n();
  const params = useParams<{ id: string }>();
  const viewer = useViewer();
  const now = createNow();
  const id = () => decodeURIComponent(params.id);
  // Tracking and problems only for those who may read them (variables left out when true: the route's preload asks the same).
  const variables = () => ({
    id: id(),
    ...(viewer.can('shipments:read') ? {} : { tracking: false }),
    ...(viewer.can('exceptions:read') ? {} : { problems: false }),
  });
  const [result, reexecute] = createQuery({ query: OrderDetailQuery, variables, requestPolicy: 'cache-and-network' });
  const order = () => result.data?.order;
  // Live: someone else (or another device) changed this order: show it as it is now (unless it is our own change, already on screen).
  createLiveRefetch(
    OrderChangedSubscription,
    () => ({ id: id() }),
    (message) => !isShown(message?.orderChanged.order, order()) && reexecute({ requestPolicy: 'network-only' }),
  );

  const action = createOutboxAction<Attempt<OrderOp>>((a) => ({ query: DOCUMENTS[a.op], entity: { type: 'Order', id: order()!.id, label: `#${order()!.number}` } }));
  const [sheet, setSheet] = createSignal<OrderSheetState>();
  const reload = () => {
    action.setAttempt(undefined);
    reexecute({ requestPolicy: 'network-only' });
  };
  // No refetch after an action: the payload's Order / InventoryLevel makes urql's cache refetch the page's query.
  const send = (next: Attempt<OrderOp>) => {
    if (!order() || action.busy()) return;
    setSheet(undefined);
    void action.send(next);
  };
  /** A new user action: the version on screen (a fresh idempotency key is added). */
  const act = (op: OrderOp, extra: Record<string, unknown> = {}) => {
    const current = order();
    if (current) send({ op, variables: { id: current.id, expectedVersion: current.version, ...extra } });
  };
  /** The same action again (after a failure): same variables, same key. */
  const retry = () => {
    const previous = action.attempt();
    if (previous) send({ op: previous.op, variables: previous.variables });
  };

  return (
    <section class="page order-detail" data-testid="order-detail">
      <A href="/" class="back-link" data-testid="back-to-queue">
        ← {t('detail.back')}
      </A>
      <QueryPage
        result={result}
        entity={order()}
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
            <OrderHeader order={order()} now={now()} />
            <Pending orderId={order().id} />
            <OrderActions
              order={order()}
              busy={action.busy()}
              can={viewer.can}
              onConfirm={() => act('confirmOrder')}
              onHold={() => setSheet({ kind: 'hold' })}
              onRelease={() => act('releaseHold')}
              onCancel={() => setSheet({ kind: 'cancel' })}
            />
            <Show when={action.attempt()}>
              {(a) => (
                <OrderOutcome
                  attempt={a()}
                  order={order()}
                  onReload={reload}
                  onRetry={retry}
                  onAcceptPrices={() => act('confirmOrder', { acceptPriceMismatches: true })}
                />
              )}
            </Show>
            <OrderLines order={order()} canCancel={viewer.can('orders:cancel')} onCancelLine={(line) => setSheet({ kind: 'line', line })} />
            <Totals order={order()} />
            <OrderProblems exceptions={order().exceptions ?? []} />
            <MarketplacePostingCard orderId={order().id} now={now()} />
            <Show when={withTracking(order())}>
              {(tracked) => (
                <>
                  <DomesticParcelsCard order={tracked()} now={now()} canEdit={viewer.can('shipping')} />
                  <OrderTrackingCard order={tracked()} now={now()} canRecord={viewer.can('shipping')} />
                </>
              )}
            </Show>
            <OrderNotifications notifications={order().notifications} events={order().timeline.edges.map((e) => e.node)} now={now()} />
            <Timeline events={order().timeline.edges.map((e) => e.node)} total={order().timeline.totalCount} now={now()} />
            <Show when={sheet()}>{(s) => <OrderSheet sheet={s()} order={order()} onClose={() => setSheet(undefined)} onAct={act} />}</Show>
          </>
        )}
      </QueryPage>
      <Show when={action.busy()}>
        <span class="visually-hidden" role="status">
          {t('action.sending')}
        </span>
      </Show>
    </section>
  );
}
