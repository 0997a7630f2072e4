import { For, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { useI18n } from '../../i18n';
import { StateMessage } from '../../components/StateMessage';
import { StatusBadge } from '../../components/StatusBadge';
import { UNCOLLECTED_LIMIT, type UncollectedPickup } from './problems.graphql';

/**
 * Parcels left at a pickup point past the uncollected limit (the buyer was reminded, nobody came):
 * the seller's to chase — call the buyer, or expect a return. Longest waiting first; each opens its order.
 */
export function UncollectedPickups(props: { pickups: readonly UncollectedPickup[]; now: Date }) {
  const { t, tn, dateTime, relativeTime } = useI18n();
  return (
    <Show
      when={props.pickups.length > 0}
      fallback={<StateMessage icon="✓" title={t('pickups.empty.title')} body={t('pickups.empty.body')} data-testid="pickups-empty" />}
    >
      <ul class="order-rows" data-testid="pickups-list">
        <For each={props.pickups}>
          {(pickup) => (
            <li class="order-rows__item">
              <Show
                when={pickup.order}
                fallback={
                  <div class="problem-row" data-testid="pickup-row" data-tracking={pickup.trackingNumber}>
                    <PickupBody pickup={pickup} />
                  </div>
                }
              >
                {(order) => (
                  <A
                    href={`/orders/${encodeURIComponent(order().id)}`}
                    class="problem-row"
                    data-testid="pickup-row"
                    data-tracking={pickup.trackingNumber}
                    data-order={order().id}
                  >
                    <PickupBody pickup={pickup} />
                  </A>
                )}
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={props.pickups.length >= UNCOLLECTED_LIMIT}>
        <p class="list-end">{t('pickups.limit', { count: UNCOLLECTED_LIMIT })}</p>
      </Show>
    </Show>
  );

  function PickupBody(p: { pickup: UncollectedPickup }) {
    return (
      <>
        <div class="order-row__head">
          <strong class="problem-row__kind" data-testid="pickup-days">
            {tn('pickups.waiting', p.pickup.daysWaiting)}
          </strong>
          <Show when={p.pickup.order}>
            {(order) => (
              <span class="order-number" data-testid="pickup-order">
                #{order().number}
              </span>
            )}
          </Show>
          <span class="order-row__spacer" />
          <Show when={p.pickup.order}>{(order) => <StatusBadge status={order().status} />}</Show>
        </div>
        <div class="order-row__meta">
          <span class="mono" data-testid="pickup-tracking">
            {p.pickup.trackingNumber}
          </span>
          <span>{p.pickup.carrier}</span>
          <Show when={p.pickup.pickupPoint}>{(point) => <span data-testid="pickup-point">{point()}</span>}</Show>
        </div>
        <div class="order-row__meta">
          <span>{t('pickups.arrived', { time: relativeTime(p.pickup.arrivedAt, props.now), date: dateTime(p.pickup.arrivedAt, props.now) })}</span>
          <span data-testid="pickup-reminded">
            {p.pickup.remindedAt ? t('pickups.reminded', { time: relativeTime(p.pickup.remindedAt, props.now) }) : t('pickups.notReminded')}
          </span>
        </div>
      </>
    );
  }
}
