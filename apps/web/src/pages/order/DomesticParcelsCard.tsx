import { createSignal, For, Show } from 'solid-js';
import { useI18n } from '../../i18n';
import { FormField } from '../../components/FormField';
import { FormErrors } from '../../components/FieldErrors';
import { Outcome } from '../../components/Outcome';
import { ScanInput, type ScanVerdict } from '../../components/ScanInput';
import { createFormAction } from '../../lib/formAction';
import { isOpenStatus } from '../../graphql/types';
import { AddDomesticTrackingMutation, RemoveDomesticTrackingMutation } from './domesticParcels.graphql';
import type { OrderWithTracking } from './orderDetail.graphql';

type Op = 'addDomesticTracking' | 'removeDomesticTracking';

const CARRIERS = ['sf', 'zto', 'yto', 'sto', 'yd', 'jd', 'ems', 'best', 'jt'];

/**
 * Cross-border: the order's domestic (in-China) parcels — sent when, received at the consolidation
 * warehouse or late — and, for staff who ship, recording one (scan or type the number; the carrier
 * stays for the next scan) or removing one recorded by mistake. Both through the outbox: offline they
 * are sent later; refusals show next to the field they are about.
 */
export function DomesticParcelsCard(props: { order: OrderWithTracking; now: Date; canEdit: boolean }) {
  const { t, relativeTime, dateTime } = useI18n();
  const action = createFormAction<Op>((a) => ({
    query: a.op === 'addDomesticTracking' ? AddDomesticTrackingMutation : RemoveDomesticTrackingMutation,
    entity: { type: 'Order', id: props.order.id, label: `#${props.order.number}` },
  }));
  const [carrier, setCarrier] = createSignal('');
  const parcels = () => props.order.domesticParcels ?? [];
  // The API takes new numbers only while the order has not left (its open statuses).
  const canAdd = () => props.canEdit && isOpenStatus(props.order.status);
  const outcome = () => action.attempt()?.outcome;
  const created = () => {
    const o = outcome();
    return o?.kind === 'done' ? ((o.payload as { created?: boolean | null } | null)?.created ?? null) : null;
  };

  const add = async (raw: string): Promise<ScanVerdict> => {
    const done = await action.submit('addDomesticTracking', { orderId: props.order.id, carrier: carrier().trim(), trackingNumber: raw.trim() });
    return done && outcome()?.kind !== 'failed' ? 'ok' : 'error';
  };
  const remove = (id: string) => void action.submit('removeDomesticTracking', { id });

  return (
    <Show when={props.order.domesticParcels && (parcels().length > 0 || canAdd())}>
      <section class="card" aria-labelledby="domestic-title" data-testid="domestic-parcels">
        <h2 id="domestic-title" class="card__title">
          {t('domestic.title')}
        </h2>
        <Show when={parcels().length > 0} fallback={<p class="muted small">{t('domestic.none')}</p>}>
          <ul class="consolidate-parcels">
            <For each={parcels()}>
              {(p) => (
                <li data-testid="domestic-parcel" data-number={p.trackingNumber} data-received={String(!!p.receivedAt)} data-overdue={String(p.overdue)}>
                  <span>
                    {p.carrier.toUpperCase()} <span class="mono">{p.trackingNumber}</span>{' '}
                    <span class="small muted">
                      <time datetime={p.sentAt} title={dateTime(p.sentAt, props.now)}>
                        {t('consolidate.sentAgo', { time: relativeTime(p.sentAt, props.now) })}
                      </time>
                    </span>
                  </span>
                  <Show
                    when={p.receivedAt}
                    fallback={
                      <span>
                        <Show when={p.overdue} fallback={<strong>{t('consolidate.waiting')}</strong>}>
                          <span class="late-risk" data-testid="domestic-parcel-late">
                            {t('order.domesticOverdue')}
                          </span>
                        </Show>
                        <Show when={props.canEdit}>
                          {' '}
                          <button
                            type="button"
                            class="button button--danger-outline"
                            aria-label={t('domestic.removeNumber', { number: p.trackingNumber })}
                            disabled={action.busy()}
                            data-testid="domestic-remove"
                            onClick={() => remove(p.id)}
                          >
                            {t('domestic.remove')}
                          </button>
                        </Show>
                      </span>
                    }
                  >
                    {(at) => <strong>✓ {t('domestic.received', { time: relativeTime(at(), props.now) })}</strong>}
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Show when={canAdd()}>
          <FormField
            id={`domestic-carrier-${props.order.id}`}
            label={t('domestic.carrier')}
            hint={t('domestic.carrierHint')}
            errors={action.errors()}
            name="carrier"
            controlClass="mono"
          >
            {(control) => (
              <input
                {...control}
                list="domestic-carriers"
                value={carrier()}
                maxlength={32}
                autocomplete="off"
                autocapitalize="off"
                spellcheck={false}
                data-testid="domestic-carrier"
                onInput={(e) => setCarrier(e.currentTarget.value)}
              />
            )}
          </FormField>
          <datalist id="domestic-carriers">
            <For each={CARRIERS}>{(c) => <option value={c} />}</For>
          </datalist>
          <ScanInput label={t('domestic.scan')} onScan={add} data-testid="domestic-scan" />
        </Show>
        <FormErrors errors={action.errors()} fields={['carrier']} />
        <Show when={outcome() && action.errors().length === 0}>
          <Outcome
            outcome={outcome()}
            done={action.attempt()?.op === 'removeDomesticTracking' ? t('domestic.removed') : created() === false ? t('domestic.already') : t('domestic.added')}
            onRetry={action.retry}
            data-testid="domestic-outcome"
            part="domestic"
            retryTestId="domestic-retry"
          />
        </Show>
      </section>
    </Show>
  );
}
