import { For, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { ChannelBadge } from '../../components/ChannelBadge';
import { StatusBadge } from '../../components/StatusBadge';
import { opLabel } from '../../components/opLabel';
import { useShipByText } from '../../components/shipBy';
import { isOverdue } from '../../graphql/types';
import { CutoffBadge } from '../../components/CutoffBadge';
import { useOutbox } from '../../offline/outbox';
import type { OrderDetail } from './orderDetail.graphql';

/** The order's number, channel, status and facts (ship-by, destination, version, hold / cancel reason). */
export function OrderHeader(props: { order: OrderDetail; now: Date }) {
  const { t, dateTime } = useI18n();
  const shipByText = useShipByText();
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
          <dt>{shipByText(props.order.shipBy, props.now, overdue()).label}</dt>
          <dd data-testid="order-ship-by">
            <strong>{shipByText(props.order.shipBy, props.now, overdue()).time}</strong> · {dateTime(props.order.shipBy, props.now)}
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
      <CutoffBadge state={props.order.cutoffState} hint />
      <Show when={props.order.domesticOverdue}>
        <span class="late-risk" data-testid="domestic-overdue">
          <span aria-hidden="true">⇲</span>
          {t('order.domesticOverdue')}
        </span>
      </Show>
    </header>
  );
}

/** Actions on this order still waiting in the outbox (offline). */
export function Pending(props: { orderId: string }) {
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
