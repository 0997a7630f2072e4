import { For } from 'solid-js';
import { useI18n } from '../../i18n';
import { ChannelBadge } from '../../components/ChannelBadge';
import { StatusBadge } from '../../components/StatusBadge';
import type { ExceptionOrder as Order } from './exception.graphql';

/** The order behind the exception: status, channel, when it left, where to, what was in it. */
export function ExceptionOrder(props: { order: Order; now: Date }) {
  const { t, money, dateTime } = useI18n();
  return (
    <section class="card" aria-labelledby="exception-order-title" data-testid="exception-order">
      <div class="detail-head__row">
        <h2 id="exception-order-title" class="card__title">
          {t('exception.orderTitle', { number: props.order.number })}
        </h2>
        <ChannelBadge channel={props.order.channel} />
        <span class="order-row__spacer" />
        <StatusBadge status={props.order.status} />
      </div>
      <dl class="facts">
        <div>
          <dt>{t('status.SHIPPED')}</dt>
          <dd>{props.order.shippedAt ? dateTime(props.order.shippedAt, props.now) : t('tracking.unknown')}</dd>
        </div>
        <div>
          <dt>{t('order.destination')}</dt>
          <dd>{[props.order.shippingAddress.city, props.order.shippingAddress.region].filter(Boolean).join(', ')}</dd>
        </div>
        <div>
          <dt>{t('order.total')}</dt>
          <dd>{money(props.order.total)}</dd>
        </div>
      </dl>
      <ul class="plain-list">
        <For each={props.order.lines}>
          {(line) => (
            <li data-testid="exception-line">
              <span class="mono">{line.sku}</span> — {line.name} × {line.quantity - line.quantityCancelled}
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
