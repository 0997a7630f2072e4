import { createEffect, createSignal, For, Match, on, Show, Switch, type Accessor } from 'solid-js';
import { A, useNavigate } from '@solidjs/router';
import { createQuery, useClient } from '@urql/solid';
import { useI18n } from '../../i18n';
import { OfflineBanner } from '../../components/OfflineBanner';
import { ScanInput, type ScanVerdict } from '../../components/ScanInput';
import { ScanMessage, type ScanNotice } from '../../components/ScanMessage';
import { Spinner, StateMessage } from '../../components/StateMessage';
import { StatusBadge } from '../../components/StatusBadge';
import { useShipByText } from '../../components/shipBy';
import { CutoffBadge } from '../../components/CutoffBadge';
import { isOverdue, type OrderStatus } from '../../graphql/types';
import { createLiveRefetch } from '../../graphql/live';
import { OrderQueueChangedSubscription } from '../../graphql/subscriptions';
import { FindOrderQuery, FloorOrdersQuery } from './pack.graphql';

export interface FloorSection {
  title: string;
  status: OrderStatus[];
  testid: string;
}

/**
 * A station's queue (packing, shipping): scan an order number, posting number or parcel label to
 * open it, or tap one of the orders waiting here (most urgent first).
 */
export function FloorQueue(props: {
  scanLabel: string;
  sections: FloorSection[];
  /** Where an order opens, e.g. /pack/<id>. */
  href: (orderId: string) => string;
  /** Statuses a scanned order may be in here (others are refused with a reason). */
  accepts: OrderStatus[];
  'data-testid': string;
}) {
  const { t } = useI18n();
  const client = useClient();
  const navigate = useNavigate();
  const [notice, setNotice] = createSignal<ScanNotice>();
  const statusLabel = (status: string) => t(`status.${status as OrderStatus}`);
  // One live stream for the whole screen: every section refetches when the queue changed.
  const [tick, setTick] = createSignal(0);
  createLiveRefetch(
    OrderQueueChangedSubscription,
    () => ({}),
    () => setTick((n) => n + 1),
    500,
  );

  const onScan = async (code: string): Promise<ScanVerdict> => {
    const answer = await client.query(FindOrderQuery, { code }, { requestPolicy: 'network-only', persist: false }).toPromise();
    if (!answer.data) {
      setNotice({ kind: 'error', text: t('queue.error.network') });
      return 'error';
    }
    const order = answer.data.parcelByCode?.order ?? (answer.data.orders.totalCount === 1 ? answer.data.orders.edges[0]?.node : undefined);
    if (!order) {
      setNotice({ kind: 'error', text: t('floor.orderNotFound', { code }), code: 'NOT_FOUND' });
      return 'error';
    }
    if (!props.accepts.includes(order.status)) {
      setNotice({ kind: 'error', text: t('floor.orderWrongStatus', { number: order.number, status: statusLabel(order.status) }), code: 'INVALID_TRANSITION' });
      return 'error';
    }
    navigate(props.href(order.id));
    return 'ok';
  };

  return (
    <div data-testid={props['data-testid']}>
      <ScanInput label={props.scanLabel} placeholder={t('floor.scanOrderPlaceholder')} captureKeys onScan={onScan} data-testid="floor-scan" />
      <ScanMessage notice={notice()} />
      <For each={props.sections}>{(section) => <Section section={section} href={props.href} tick={tick} />}</For>
    </div>
  );
}

function Section(props: { section: FloorSection; href: (orderId: string) => string; tick: Accessor<number> }) {
  const { t, tn } = useI18n();
  const shipByText = useShipByText();
  // eslint-disable-next-line solid/reactivity -- a section's status is fixed for its lifetime.
  const [result, reexecute] = createQuery({ query: FloorOrdersQuery, variables: { status: props.section.status }, requestPolicy: 'cache-and-network' });
  createEffect(
    on(
      () => props.tick(),
      () => reexecute({ requestPolicy: 'network-only' }),
      { defer: true },
    ),
  );
  const now = new Date();
  const orders = () => result.data?.orders.edges.map((e) => e.node) ?? [];
  return (
    <section aria-label={props.section.title}>
      <h2 class="section-title">
        {props.section.title} <span class="muted">· {result.data?.orders.totalCount ?? '…'}</span>
      </h2>
      <OfflineBanner result={result} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
      <Switch>
        <Match when={orders().length > 0}>
          <ul class="floor-list" data-testid={props.section.testid}>
            <For each={orders()}>
              {(order) => (
                <li>
                  <A
                    href={props.href(order.id)}
                    class="floor-card floor-card__main"
                    classList={{ 'floor-card--late': isOverdue(order, now) }}
                    data-testid="floor-order"
                    data-order-id={order.id}
                    data-order-number={order.number}
                  >
                    <span class="floor-card__row">
                      <span class="floor-card__title">#{order.number}</span>
                      <StatusBadge status={order.status} />
                      <CutoffBadge state={order.cutoffState} />
                    </span>
                    <span class="muted small">
                      {tn('order.items', order.itemCount)} · {shipByText(order.shipBy, now, isOverdue(order, now)).label}{' '}
                      {shipByText(order.shipBy, now, isOverdue(order, now)).time}
                      <Show when={order.externalId}>
                        {' '}
                        · <span class="mono">{order.externalId}</span>
                      </Show>
                    </span>
                  </A>
                </li>
              )}
            </For>
          </ul>
        </Match>
        <Match when={result.data}>
          <p class="muted">{t('floor.nothingWaiting')}</p>
        </Match>
        <Match when={result.error}>
          <StateMessage tone="error" icon="!" title={t('queue.error.title')} body={t('queue.error.network')} />
        </Match>
        <Match when={true}>
          <Spinner label={t('app.loading')} />
        </Match>
      </Switch>
    </section>
  );
}
