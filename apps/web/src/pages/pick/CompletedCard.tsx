import { For, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { useI18n } from '../../i18n';
import { StatusBadge } from '../../components/StatusBadge';
import type { PickListDetail } from './pick.graphql';
import type { CompletedOrder } from './usePickActions';

/** The list's orders (each once). */
export function uniqueOrders(list: PickListDetail) {
  const seen = new Map<string, CompletedOrder>();
  for (const task of list.tasks) if (task.order) seen.set(task.order.id, task.order);
  return [...seen.values()];
}

/** The list is complete: its orders, with "pack now" for the picked ones. */
export function CompletedCard(props: { orders: CompletedOrder[]; canPack: boolean }) {
  const { t } = useI18n();
  return (
    <article class="card pick-done" data-testid="pick-completed">
      <p class="pick-done__text">✓ {t('pick.completed')}</p>
      <ul class="floor-links">
        <For each={props.orders}>
          {(order) => (
            <li class="floor-links__item" data-testid="pick-completed-order" data-status={order.status}>
              <A href={`/orders/${encodeURIComponent(order.id)}`} class="floor-links__order">
                #{order.number}
              </A>
              <StatusBadge status={order.status} />
              <Show when={props.canPack && order.status === 'PICKED'}>
                <A href={`/pack/${encodeURIComponent(order.id)}`} class="button button--primary button--small" data-testid="pick-to-pack">
                  {t('pick.packNow')}
                </A>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <A href="/pick" class="button button--wide">
        {t('pick.lists')}
      </A>
    </article>
  );
}
