import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { useI18n } from '../../i18n';
import { FloorOrderHead } from '../../components/FloorOrderHead';
import { Outcome } from '../../components/Outcome';
import { DetailPage, type DetailShell } from '../../components/DetailPage';
import { ScanMessage, type ScanNotice } from '../../components/ScanMessage';
import { scanFeedback } from '../../lib/feedback';
import { StateMessage } from '../../components/StateMessage';
import { createLiveRefetch } from '../../graphql/live';
import { isShown, OrderChangedSubscription } from '../../graphql/subscriptions';
import { appliedPayload, createOutboxAction, type Attempt } from '../../lib/outboxAction';
import { ParcelTracking, TrackingLinks } from './ShipParts';
import { ShipOrderMutation, ShipOrderQuery, type ShipOrderPayload, type ShipParcel } from './ship.graphql';
import { useCarrierName } from '../../components/carrierName';

const SHIPPED_STATUSES = ['SHIPPED', 'IN_TRANSIT', 'DELIVERED', 'COMPLETED', 'EXCEPTION', 'RETURN_REQUESTED', 'RETURNED'];
const MAX_NUMBERS = 10;

const SHELL: DetailShell = { class: 'page ship', testId: 'ship-page', part: 'ship', permission: 'shipping', back: '/ship' };

/**
 * Ship one order (route /ship/:orderId): scan or type the carrier's tracking number(s) for each
 * parcel (several allowed), ship (through the outbox, with the order's version), then the tracking
 * links.
 */
export default function ShipOrderPage() {
  const { t } = useI18n();
  const carrierName = useCarrierName();
  const params = useParams<{ orderId: string }>();
  const orderId = () => decodeURIComponent(params.orderId);
  const [result, reexecute] = createQuery({ query: ShipOrderQuery, variables: () => ({ id: orderId() }), requestPolicy: 'cache-and-network' });
  const reload = () => reexecute({ requestPolicy: 'network-only' });
  createLiveRefetch(
    OrderChangedSubscription,
    () => ({ id: orderId() }),
    (message) => !isShown(message?.orderChanged.order, result.data?.order) && reload(),
  );

  const [numbers, setNumbers] = createSignal<Record<string, string[]>>({});
  /** The answer to the last tracking number scanned / typed, in the fixed feedback area. */
  const [notice, setNotice] = createSignal<ScanNotice>();
  const action = createOutboxAction<Attempt<'shipOrder'>>(() => ({ query: ShipOrderMutation, entity: { type: 'Order', id: order()!.id, label: `#${order()!.number}` } }));

  const order = () => result.data?.order ?? null;
  const numbersOf = (parcel: ShipParcel) => numbers()[parcel.id] ?? [];
  const complete = () => (order()?.parcels ?? []).length > 0 && (order()?.parcels ?? []).every((p) => numbersOf(p).length > 0);
  const add = (parcel: ShipParcel, raw: string): boolean => {
    const value = raw.trim();
    if (value.length < 3 || value.length > 64 || numbersOf(parcel).includes(value) || numbersOf(parcel).length >= MAX_NUMBERS) {
      if (value) {
        setNotice({ kind: 'error', text: t('ship.trackingInvalid'), detail: value, code: 'INVALID_INPUT' });
        scanFeedback('error');
      }
      return false;
    }
    setNumbers((all) => ({ ...all, [parcel.id]: [...(all[parcel.id] ?? []), value] }));
    setNotice({ kind: 'ok', text: t('ship.trackingAdded', { number: value, parcel: parcel.code }) });
    scanFeedback('ok');
    return true;
  };
  const remove = (parcel: ShipParcel, value: string) => setNumbers((all) => ({ ...all, [parcel.id]: (all[parcel.id] ?? []).filter((n) => n !== value) }));

  const ship = () => {
    const data = order();
    if (!data) return;
    const parcels = (data.parcels ?? []).map((p) => ({ parcelId: p.id, trackingNumbers: numbersOf(p) }));
    void action.send({ op: 'shipOrder', variables: { orderId: data.id, expectedVersion: data.version, parcels } });
  };
  const shipped = () => appliedPayload<ShipOrderPayload>(action.attempt()?.outcome);

  return (
    <DetailPage
      shell={SHELL}
      backLabel={t('ship.title')}
      query={{ result, entity: order, refetch: reload }}
      errorTitle={t('detail.error')}
      notFoundTitle={t('detail.notFound')}
    >
      {(data) => (
        <>
          <FloorOrderHead order={data()} part="ship" />
          <ScanMessage notice={notice()} />
          <Show when={shipped()}>
            {(payload) => (
              <TrackingLinks title={t('ship.shipped')} carrier={carrierName(payload().shipment?.carrier)} links={payload().shipment?.trackingNumbers ?? []} />
            )}
          </Show>
          <Switch>
            <Match when={shipped()}>{null}</Match>
            <Match when={SHIPPED_STATUSES.includes(data().status)}>
              <For each={data().shipments}>{(s) => <TrackingLinks title={t('ship.alreadyShipped')} carrier={carrierName(s.carrier)} links={s.trackingNumbers} />}</For>
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
              <Show when={action.attempt()}>
                {(a) => <Outcome outcome={a().outcome} done={t('ship.shipped')} onRetry={action.retry} onReload={reload} data-testid="ship-outcome" />}
              </Show>
              <button
                type="button"
                class="button button--primary button--wide button--tall"
                data-testid="ship-submit"
                disabled={!complete() || action.busy()}
                onClick={ship}
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
    </DetailPage>
  );
}
