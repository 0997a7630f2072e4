import { createSignal, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { Outcome } from '../../components/Outcome';
import { createFormAction } from '../../lib/formAction';
import { TrackingSection } from './TrackingSection';
import { TrackingEventSheet, type TrackingEventInput } from './TrackingEventSheet';
import { RecordTrackingEventMutation } from './tracking.graphql';
import type { OrderWithTracking } from './orderDetail.graphql';

/**
 * The order's tracking, and — for staff who may update shipments — entering an event read on the
 * carrier's site (recordTrackingEvents, through the outbox like every action).
 */
export function OrderTrackingCard(props: { order: OrderWithTracking; now: Date; canRecord: boolean }) {
  const { t } = useI18n();
  // The per-event refusals (results[i].userErrors) come back with the outcome (the outbox finds them in the payload).
  const action = createFormAction<'recordTrackingEvents'>(() => ({
    query: RecordTrackingEventMutation,
    entity: { type: 'Order', id: props.order.id, label: `#${props.order.number}` },
  }));
  const [open, setOpen] = createSignal(false);
  const tracking = () => props.order.tracking ?? [];
  const submit = async (event: TrackingEventInput) => {
    if (await action.submit('recordTrackingEvents', { events: [event] })) setOpen(false);
  };
  return (
    <Show when={tracking().length > 0}>
      <TrackingSection
        order={props.order}
        tracking={tracking()}
        now={props.now}
        onAddEvent={
          props.canRecord
            ? () => {
                action.clearErrors();
                setOpen(true);
              }
            : undefined
        }
      />
      <Show when={!open() && action.attempt()}>
        {(attempt) => (
          <Outcome
            outcome={attempt().outcome}
            done={t('tracking.done')}
            onRetry={action.retry}
            data-testid="tracking-outcome"
            part="tracking"
            retryTestId="tracking-retry"
          />
        )}
      </Show>
      <Show when={open()}>
        <TrackingEventSheet
          numbers={tracking().map((n) => n.number)}
          errors={action.errors()}
          busy={action.busy()}
          onClose={() => setOpen(false)}
          onSubmit={(event) => void submit(event)}
        />
      </Show>
    </Show>
  );
}
