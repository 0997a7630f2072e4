import { For, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { CarrierName } from '../../components/carrierName';
import type { OrderTracking, ParcelTracking } from './tracking.graphql';

/** A carrier's tracking status in the reader's language. */
export function useTrackingStatusLabel() {
  const { t } = useI18n();
  return (status: ParcelTracking['status']) => (status ? t(`trackingStatus.${status}`) : t('tracking.noEvents'));
}

/** Order-level summary: expected delivery, the last event, days since the parcels last moved. */
export function TrackingSummary(props: { order: OrderTracking; now: Date }) {
  const { t, tn, dateTime, relativeTime } = useI18n();
  const statusLabel = useTrackingStatusLabel();
  return (
    <dl class="facts" data-testid="tracking-summary">
      <div>
        <dt>{t('tracking.expected')}</dt>
        <dd data-testid="tracking-expected">{props.order.expectedDeliveryAt ? dateTime(props.order.expectedDeliveryAt, props.now) : t('tracking.unknown')}</dd>
      </div>
      <div>
        <dt>{t('tracking.lastEvent')}</dt>
        <dd data-testid="tracking-last-event">
          <Show when={props.order.lastTrackingEvent} fallback={t('tracking.noEvents')}>
            {(event) => (
              <>
                <strong>{statusLabel(event().status)}</strong> · {relativeTime(event().occurredAt, props.now)}
                {event().location ? ` · ${event().location}` : ''}
              </>
            )}
          </Show>
        </dd>
      </div>
      <Show when={props.order.daysSinceLastMovement !== null && props.order.daysSinceLastMovement !== undefined}>
        <div>
          <dt>{t('tracking.sinceMovement')}</dt>
          <dd data-testid="tracking-days-still">{tn('tracking.days', props.order.daysSinceLastMovement ?? 0)}</dd>
        </div>
      </Show>
    </dl>
  );
}

/** One parcel's tracking: number (a link to the carrier's page), carrier, status, estimate and events, newest first. */
export function ParcelTrackingCard(props: { tracking: ParcelTracking; now: Date }) {
  const { t, dateTime } = useI18n();
  const statusLabel = useTrackingStatusLabel();
  const newestFirst = () => [...props.tracking.events].reverse();
  return (
    <li class="parcel-track" data-testid="parcel-tracking" data-number={props.tracking.number} data-status={props.tracking.status ?? ''}>
      <div class="parcel-track__head">
        <strong>{props.tracking.parcel ? t('tracking.parcel', { n: props.tracking.parcel.sequence }) : t('tracking.parcelUnknown')}</strong>
        <Show when={props.tracking.url} fallback={<span class="mono">{props.tracking.number}</span>}>
          {(url) => (
            <a class="mono parcel-track__link" href={url()} target="_blank" rel="noopener noreferrer">
              {props.tracking.number}
            </a>
          )}
        </Show>
        <span class="muted">
          <CarrierName carrier={props.tracking.carrier} />
        </span>
      </div>
      <p class="parcel-track__status" data-testid="parcel-tracking-status">
        {statusLabel(props.tracking.status)}
        <Show when={props.tracking.expectedDeliveryAt}>{(at) => ` · ${t('tracking.expected')}: ${dateTime(at(), props.now)}`}</Show>
      </p>
      <Show when={props.tracking.events.length > 0}>
        <ol class="timeline">
          <For each={newestFirst()}>
            {(event) => (
              <li class="timeline__item" data-testid="tracking-event" data-status={event.status}>
                <div class="timeline__head">
                  <strong class="timeline__type">{statusLabel(event.status)}</strong>
                  <time class="timeline__time" datetime={event.occurredAt}>
                    {dateTime(event.occurredAt, props.now)}
                  </time>
                </div>
                <Show when={event.location || event.message}>
                  <div class="timeline__meta">{[event.location, event.message].filter(Boolean).join(' · ')}</div>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </li>
  );
}

/** The tracking card of an order (order detail, exception detail): summary, then each parcel. */
export function TrackingSection(props: { order: OrderTracking; tracking: readonly ParcelTracking[]; now: Date; onAddEvent?: () => void }) {
  const { t } = useI18n();
  return (
    <section class="card" aria-labelledby="tracking-title" data-testid="tracking">
      <h2 id="tracking-title" class="card__title">
        {t('tracking.title')}
      </h2>
      <TrackingSummary order={props.order} now={props.now} />
      <ul class="parcel-track-list">
        <For each={props.tracking}>{(tracking) => <ParcelTrackingCard tracking={tracking} now={props.now} />}</For>
      </ul>
      <Show when={props.onAddEvent}>
        {(onAdd) => (
          <button type="button" class="button button--wide" data-testid="tracking-add" onClick={() => onAdd()()}>
            {t('tracking.add')}
          </button>
        )}
      </Show>
    </section>
  );
}
