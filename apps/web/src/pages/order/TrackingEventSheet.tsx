import { createSignal, For } from 'solid-js';
import { useI18n } from '../../i18n';
import { Sheet } from '../../components/Sheet';
import { FieldError, FormErrors, errorsFor } from '../../components/FieldErrors';
import type { UserError } from '../../graphql/types';
import { TRACKING_EVENT_STATUSES, type TrackingEventStatus } from './tracking.graphql';

const FIELDS = ['trackingNumber', 'status', 'occurredAt', 'location', 'message'] as const;

/** `<input type="datetime-local">` value of a moment, in the device's time zone. */
const localInputValue = (date: Date) => new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

export interface TrackingEventInput {
  trackingNumber: string;
  status: TrackingEventStatus;
  occurredAt: string;
  location: string | null;
  message: string | null;
}

/**
 * Enter a tracking event read on the carrier's site: which parcel (tracking number), what happened,
 * when (now by default), where and the carrier's words. Refusals are shown next to their input.
 */
export function TrackingEventSheet(props: {
  numbers: readonly string[];
  errors: readonly UserError[];
  busy: boolean;
  onClose: () => void;
  onSubmit: (event: TrackingEventInput) => void;
}) {
  const { t } = useI18n();
  // eslint-disable-next-line solid/reactivity -- the first parcel only pre-fills the field.
  const [number, setNumber] = createSignal(props.numbers[0] ?? '');
  const [status, setStatus] = createSignal<TrackingEventStatus>('IN_TRANSIT');
  const [occurredAt, setOccurredAt] = createSignal(localInputValue(new Date()));
  const [location, setLocation] = createSignal('');
  const [message, setMessage] = createSignal('');
  const invalid = (name: string) => errorsFor(props.errors, name).length > 0;
  const describedBy = (name: string) => (invalid(name) ? `tracking-${name}-error` : undefined);
  return (
    <Sheet title={t('tracking.add')} closeLabel={t('action.close')} onClose={props.onClose} data-testid="tracking-sheet">
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          props.onSubmit({
            trackingNumber: number(),
            status: status(),
            occurredAt: new Date(occurredAt()).toISOString(),
            location: location().trim() || null,
            message: message().trim() || null,
          });
        }}
      >
        <label class="field">
          <span class="field__label">{t('tracking.number')}</span>
          <select
            class="field__control"
            data-testid="tracking-number"
            value={number()}
            aria-invalid={invalid('trackingNumber')}
            aria-describedby={describedBy('trackingNumber')}
            onChange={(e) => setNumber(e.currentTarget.value)}
          >
            <For each={props.numbers}>{(n) => <option value={n}>{n}</option>}</For>
          </select>
          <FieldError errors={props.errors} name="trackingNumber" id="tracking-trackingNumber-error" />
        </label>
        <label class="field">
          <span class="field__label">{t('tracking.status')}</span>
          <select class="field__control" data-testid="tracking-status" value={status()} onChange={(e) => setStatus(e.currentTarget.value as TrackingEventStatus)}>
            <For each={TRACKING_EVENT_STATUSES}>{(s) => <option value={s}>{t(`trackingStatus.${s}`)}</option>}</For>
          </select>
          <FieldError errors={props.errors} name="status" id="tracking-status-error" />
        </label>
        <label class="field">
          <span class="field__label">{t('tracking.occurredAt')}</span>
          <input
            class="field__control"
            type="datetime-local"
            required
            data-testid="tracking-occurred-at"
            value={occurredAt()}
            aria-invalid={invalid('occurredAt')}
            aria-describedby={describedBy('occurredAt')}
            onInput={(e) => setOccurredAt(e.currentTarget.value)}
          />
          <FieldError errors={props.errors} name="occurredAt" id="tracking-occurredAt-error" />
        </label>
        <label class="field">
          <span class="field__label">{t('tracking.location')}</span>
          <input class="field__control" data-testid="tracking-location" value={location()} onInput={(e) => setLocation(e.currentTarget.value)} />
          <FieldError errors={props.errors} name="location" id="tracking-location-error" />
        </label>
        <label class="field">
          <span class="field__label">{t('tracking.message')}</span>
          <textarea class="field__control" rows="2" data-testid="tracking-message" value={message()} onInput={(e) => setMessage(e.currentTarget.value)} />
          <FieldError errors={props.errors} name="message" id="tracking-message-error" />
        </label>
        <FormErrors errors={props.errors} fields={FIELDS} />
        <button type="submit" class="button button--primary button--wide" data-testid="tracking-submit" disabled={props.busy}>
          {t('tracking.submit')}
        </button>
      </form>
    </Sheet>
  );
}
