import { Show, type Accessor } from 'solid-js';
import { A } from '@solidjs/router';
import { useI18n } from '../../i18n';
import { isOverdue } from '../../graphql/types';
import { ChannelBadge } from '../../components/ChannelBadge';
import { StatusBadge } from '../../components/StatusBadge';
import { useShipByText } from '../../components/shipBy';
import type { OrderQueueNode } from './orderQueue.graphql';
import type { OrderTracking } from '../order/tracking.graphql';
import { TransitLine } from './TransitLine';
import { CutoffBadge } from '../../components/CutoffBadge';

/**
 * One order in the queue: number, channel, status / ship-by + late risk / items, city, total; in
 * the "on the way" view (the order comes with its tracking) the last event and expected delivery.
 */
export function OrderRow(props: { order: OrderQueueNode | (OrderQueueNode & OrderTracking); now: Accessor<Date> }) {
  const { t, tn, money, dateTime } = useI18n();
  const shipByText = useShipByText();
  const order = () => props.order;
  // Only unshipped orders can be overdue: a delivered order's old deadline is history, not a problem.
  const overdue = () => isOverdue(order(), props.now());
  return (
    <li class="order-rows__item">
      <A
        href={`/orders/${encodeURIComponent(order().id)}`}
        class="order-row"
        classList={{ 'order-row--late': order().lateRisk, 'order-row--overdue': overdue() }}
        data-testid="order-row"
        data-order-id={order().id}
        data-order-number={order().number}
        data-status={order().status}
        data-late-risk={order().lateRisk ? 'true' : 'false'}
        data-overdue={overdue() ? 'true' : 'false'}
      >
        <div class="order-row__head">
          <span class="order-number" data-testid="order-number">
            #{order().number}
          </span>
          <ChannelBadge channel={order().channel} />
          <span class="order-row__spacer" />
          <StatusBadge status={order().status} data-testid="order-status" />
        </div>
        <div class="order-row__ship">
          <Show
            when={order().shipBy}
            fallback={
              <span class="ship-by ship-by--none" data-testid="order-ship-by">
                {t('order.shipBy.none')}
              </span>
            }
          >
            {(shipBy) => (
              <span class="ship-by" data-testid="order-ship-by">
                <span class="ship-by__label">{shipByText(shipBy(), props.now(), overdue()).label}</span>{' '}
                <time datetime={shipBy()}>
                  <strong data-testid="order-ship-by-relative">{shipByText(shipBy(), props.now(), overdue()).time}</strong>
                  <span class="ship-by__abs"> · {dateTime(shipBy(), props.now())}</span>
                </time>
              </span>
            )}
          </Show>
          <Show when={order().lateRisk}>
            <span class="late-risk" data-testid="late-risk">
              <span aria-hidden="true">⚠</span>
              {t('order.lateRisk')}
            </span>
          </Show>
          <CutoffBadge state={order().cutoffState} />
        </div>
        <Show when={'lastTrackingEvent' in order() && (order() as OrderTracking)}>{(tracking) => <TransitLine tracking={tracking()} now={props.now()} />}</Show>
        <div class="order-row__meta">
          <span data-testid="order-item-count">{tn('order.items', order().itemCount)}</span>
          <span class="order-city" data-testid="order-city" title={t('order.destination')}>
            {order().shippingAddress.city}
          </span>
          <span class="order-total" data-testid="order-total" title={t('order.total')}>
            {money(order().total)}
          </span>
        </div>
      </A>
    </li>
  );
}
