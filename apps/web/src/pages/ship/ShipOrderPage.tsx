import { createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { useI18n } from '../../i18n';
import { Outcome } from '../../components/Outcome';
import { QueryPage } from '../../components/QueryPage';
import { StateMessage } from '../../components/StateMessage';
import { StatusBadge } from '../../components/StatusBadge';
import { createLiveRefetch } from '../../graphql/live';
import { isShown, OrderChangedSubscription } from '../../graphql/subscriptions';
import { newIdempotencyKey } from '../../offline/ids';
import { useOutbox, type SubmitOutcome } from '../../offline/outbox';
import { ShipOrderMutation, ShipOrderQuery, type ShipOrderPayload, type ShipParcel, type TrackingLink } from './ship.graphql';

const SHIPPED_STATUSES = ['SHIPPED', 'IN_TRANSIT', 'DELIVERED', 'COMPLETED', 'EXCEPTION', 'RETURN_REQUESTED', 'RETURNED'];
const MAX_NUMBERS = 10;

/**
 * Ship one order (route /ship/:orderId): scan or type the carrier's tracking number(s) for each
 * parcel (several allowed), ship (through the outbox, with the order's version), then the tracking
 * links.
 */
export default function ShipOrderPage() {
  const { t } = useI18n();
  const params = useParams<{ orderId: string }>();
  const orderId = () => decodeURIComponent(params.orderId);
  const outbox = useOutbox();
  const [result, reexecute] = createQuery({ query: ShipOrderQuery, variables: () => ({ id: orderId() }), requestPolicy: 'cache-and-network' });
  const reload = () => reexecute({ requestPolicy: 'network-only' });
  createLiveRefetch(OrderChangedSubscription, () => ({ id: orderId() }), (message) => !isShown(message?.orderChanged.order, result.data?.order) && reload());

  const [numbers, setNumbers] = createSignal<Record<string, string[]>>({});
  const [attempt, setAttempt] = createSignal<{ variables: Record<string, unknown>; outcome?: SubmitOutcome }>();
  let waitingKey: string | undefined;
  onCleanup(() => waitingKey && outbox.detach(waitingKey));

  const order = () => result.data?.order ?? null;
  const numbersOf = (parcel: ShipParcel) => numbers()[parcel.id] ?? [];
  const complete = () => (order()?.parcels ?? []).length > 0 && order()!.parcels.every((p) => numbersOf(p).length > 0);
  const add = (parcel: ShipParcel, raw: string): boolean => {
    const value = raw.trim();
    if (value.length < 3 || value.length > 64 || numbersOf(parcel).includes(value) || numbersOf(parcel).length >= MAX_NUMBERS) return false;
    setNumbers((all) => ({ ...all, [parcel.id]: [...(all[parcel.id] ?? []), value] }));
    return true;
  };
  const remove = (parcel: ShipParcel, value: string) => setNumbers((all) => ({ ...all, [parcel.id]: (all[parcel.id] ?? []).filter((n) => n !== value) }));

  const ship = async (again?: Record<string, unknown>) => {
    const data = order();
    if (!data) return;
    const variables = again ?? {
      orderId: data.id,
      expectedVersion: data.version,
      parcels: data.parcels.map((p) => ({ parcelId: p.id, trackingNumbers: numbersOf(p) })),
      idempotencyKey: newIdempotencyKey(),
    };
    setAttempt({ variables });
    waitingKey = String(variables.idempotencyKey);
    const outcome = await outbox.submit({ op: 'shipOrder', query: ShipOrderMutation, variables, entity: { type: 'Order', id: data.id, label: `#${data.number}` } });
    waitingKey = undefined;
    setAttempt({ variables, outcome });
  };
  const shipped = () => {
    const outcome = attempt()?.outcome;
    return outcome?.kind === 'done' && outcome.userErrors.length === 0 ? (outcome.payload as ShipOrderPayload | null) : null;
  };

  return (
    <section class="page ship" data-testid="ship-page">
      <A href="/ship" class="back-link">
        ← {t('ship.title')}
      </A>
      <QueryPage
        permission="shipping"
        forbiddenTestId="ship-forbidden"
        result={result}
        entity={order()}
        onRetry={reload}
        errorTitle={t('detail.error')}
        notFound={<StateMessage icon="?" title={t('detail.notFound')} data-testid="ship-not-found" />}
      >
        {(data) => (
          <>
            <header class="card pack-head" data-testid="ship-header" data-status={data().status}>
              <div class="detail-head__row">
                <h1 class="order-number order-number--big">#{data().number}</h1>
                <span class="order-row__spacer" />
                <StatusBadge status={data().status} data-testid="ship-order-status" />
              </div>
              <Show when={data().externalId}>
                <p class="muted small mono">{data().externalId}</p>
              </Show>
            </header>
            <Show when={shipped()}>
              {(payload) => <TrackingLinks title={t('ship.shipped')} carrier={payload().shipment?.carrier.name ?? ''} links={payload().shipment?.trackingNumbers ?? []} />}
            </Show>
            <Switch>
              <Match when={shipped()}>{null}</Match>
              <Match when={SHIPPED_STATUSES.includes(data().status)}>
                <For each={data().shipments}>{(s) => <TrackingLinks title={t('ship.alreadyShipped')} carrier={s.carrier.name} links={s.trackingNumbers} />}</For>
              </Match>
              <Match when={data().status === 'READY_TO_SHIP'}>
                <For each={data().parcels}>
                  {(parcel, index) => (
                    <ParcelTracking
                      parcel={parcel}
                      numbers={numbersOf(parcel)}
                      autoFocus={index() === 0}
                      onAdd={(value) => add(parcel, value)}
                      onRemove={(value) => remove(parcel, value)}
                    />
                  )}
                </For>
                <Show when={attempt()}>
                  {(a) => <Outcome outcome={a().outcome} done={t('ship.shipped')} onRetry={() => void ship(a().variables)} onReload={reload} data-testid="ship-outcome" />}
                </Show>
                <button
                  type="button"
                  class="button button--primary button--wide button--tall"
                  data-testid="ship-submit"
                  disabled={!complete() || (!!attempt() && !attempt()!.outcome)}
                  onClick={() => void ship()}
                >
                  {t('ship.submit')}
                </button>
              </Match>
              <Match when={true}>
                <StateMessage icon="!" title={t('ship.notReady', { status: t(`status.${data().status}`) })} data-testid="ship-not-ready">
                  <Show when={['PICKED', 'PACKED'].includes(data().status)}>
                    <A href={`/pack/${encodeURIComponent(data().id)}`} class="button button--primary">
                      {t('floor.pack')}
                    </A>
                  </Show>
                </StateMessage>
              </Match>
            </Switch>
            <A href={`/orders/${encodeURIComponent(data().id)}`} class="button button--wide ship__detail">
              {t('ship.orderDetail')}
            </A>
          </>
        )}
      </QueryPage>
    </section>
  );
}

function ParcelTracking(props: { parcel: ShipParcel; numbers: string[]; autoFocus: boolean; onAdd: (value: string) => boolean; onRemove: (value: string) => void }) {
  const { t, number } = useI18n();
  let input: HTMLInputElement | undefined;
  const [invalid, setInvalid] = createSignal(false);
  const submit = () => {
    if (!input) return;
    const ok = props.onAdd(input.value);
    setInvalid(!ok && input.value.trim() !== '');
    if (ok) input.value = '';
    input.focus();
  };
  return (
    <article class="card" data-testid="ship-parcel" data-code={props.parcel.code}>
      <div class="parcel__head">
        <h2 class="card__title mono">{props.parcel.code}</h2>
        <span class="small muted">
          {props.parcel.carrier?.name ?? ''}
          {props.parcel.weightGrams ? ` · ${number(props.parcel.weightGrams)} ${t('pack.grams')}` : ''}
        </span>
      </div>
      <label class="field">
        <span class="field__label">{t('ship.trackingNumber')}</span>
        <span class="tracking-entry">
          <input
            ref={(el) => {
              input = el;
              if (props.autoFocus) queueMicrotask(() => el.focus({ preventScroll: true }));
            }}
            class="field__control mono"
            classList={{ 'field__control--invalid': invalid() }}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            enterkeyhint="done"
            placeholder={t('ship.trackingPlaceholder')}
            data-testid="tracking-input"
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                submit();
              }
            }}
          />
          <button type="button" class="button" data-testid="tracking-add" onClick={submit}>
            {t('ship.add')}
          </button>
        </span>
      </label>
      <Show when={invalid()}>
        <p class="field__error" role="alert">
          {t('ship.trackingInvalid')}
        </p>
      </Show>
      <ul class="chips-list" data-testid="tracking-numbers">
        <For each={props.numbers}>
          {(value) => (
            <li class="tracking-chip" data-testid="tracking-number">
              <span class="mono">{value}</span>
              <button type="button" class="button button--ghost button--small" aria-label={t('ship.removeNumber', { number: value })} onClick={() => props.onRemove(value)}>
                ✕
              </button>
            </li>
          )}
        </For>
      </ul>
    </article>
  );
}

function TrackingLinks(props: { title: string; carrier: string; links: TrackingLink[] }) {
  return (
    <div class="notice notice--success" role="status" data-testid="tracking-links">
      <p>
        ✓ {props.title} · {props.carrier}
      </p>
      <ul class="notice__list">
        <For each={props.links}>
          {(link) => (
            <li>
              <Show when={link.url} fallback={<span class="mono">{link.number}</span>}>
                {(url) => (
                  <a href={url()} target="_blank" rel="noopener" class="mono" data-testid="tracking-link">
                    {link.number}
                  </a>
                )}
              </Show>
            </li>
          )}
        </For>
      </ul>
    </div>
  );
}


