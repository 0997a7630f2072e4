import { Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { useTrackingStatusLabel } from '../order/TrackingSection';
import type { OrderTracking } from '../order/tracking.graphql';

/** A shipped order's tracking in its queue row: the last carrier event (and how long ago), the expected delivery. */
export function TransitLine(props: { tracking: OrderTracking; now: Date }) {
  const { t, tn, relativeTime, dateTime } = useI18n();
  const statusLabel = useTrackingStatusLabel();
  return (
    <div class="order-row__transit" data-testid="order-transit">
      <span data-testid="order-last-event">
        <Show when={props.tracking.lastTrackingEvent} fallback={t('tracking.noEvents')}>
          {(event) => (
            <>
              <strong>{statusLabel(event().status)}</strong> · {relativeTime(event().occurredAt, props.now)}
            </>
          )}
        </Show>
        <Show when={props.tracking.daysSinceLastMovement}>{(days) => ` · ${t('tracking.sinceMovement')}: ${tn('tracking.days', days())}`}</Show>
      </span>
      <Show when={props.tracking.expectedDeliveryAt}>
        {(at) => (
          <span data-testid="order-expected-delivery">
            {t('tracking.expected')}: {dateTime(at(), props.now)}
          </span>
        )}
      </Show>
    </div>
  );
}
