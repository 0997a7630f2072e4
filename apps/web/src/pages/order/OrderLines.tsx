import { For, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { CANCELLABLE_STATUSES } from '../../graphql/types';
import type { OrderDetail, OrderDetailLine } from './orderDetail.graphql';

/** The lines with their current stock per warehouse (short in red while NEW); cancel units of one. */
export function OrderLines(props: { order: OrderDetail; canCancel: boolean; onCancelLine: (line: OrderDetailLine) => void }) {
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
                <For each={line.product?.inventory ?? []}>
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

/** Subtotal, shipping, discount, total. */
export function Totals(props: { order: OrderDetail }) {
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
