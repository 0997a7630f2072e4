import { Show } from 'solid-js';
import { A } from '@solidjs/router';
import { useI18n, type TextKey } from '../../i18n';
import type { Permission } from '../../auth/viewer';
import { CANCELLABLE_STATUSES, HOLDABLE_STATUSES } from '../../graphql/types';
import type { OrderDetail } from './orderDetail.graphql';

/** What can be done with the order now: the floor station its status calls for, confirm, hold / release, cancel. */
export function OrderActions(props: {
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
  /** Whether this user has anything to do with the order now (else: why not, in words). */
  const anyAction = () => {
    const s = status();
    return (
      ((s === 'CONFIRMED' || s === 'PICKING') && props.can('picking')) ||
      ((s === 'PICKED' || s === 'PACKED') && props.can('packing')) ||
      (s === 'READY_TO_SHIP' && props.can('shipping')) ||
      ((s === 'NEW' || s === 'ON_HOLD' || HOLDABLE_STATUSES.includes(s)) && props.can('orders:write')) ||
      (CANCELLABLE_STATUSES.includes(s) && props.can('orders:cancel'))
    );
  };
  const waiting = (): TextKey => {
    const s = status();
    if (s === 'NEW' || s === 'ON_HOLD' || s === 'CONFIRMED' || s === 'PICKING' || s === 'READY_TO_SHIP') return `detail.noActions.${s}`;
    if (s === 'PICKED' || s === 'PACKED') return 'detail.noActions.PACKING';
    return 'detail.noActions.DONE';
  };
  return (
    <div class="action-bar" data-testid="order-actions">
      <Show when={!anyAction()}>
        <p class="notice action-bar__none" data-testid="order-no-actions" data-status={status()}>
          {t(waiting())}
        </p>
      </Show>
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
