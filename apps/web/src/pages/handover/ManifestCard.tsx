import { createSignal, For, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { useI18n } from '../../i18n';
import { useViewer } from '../../auth/viewer';
import { DocumentPanel } from '../../components/DocumentPanel';
import { ScanInput, type ScanVerdict } from '../../components/ScanInput';
import { ScanMessage, type ScanNotice } from '../../components/ScanMessage';
import { Sheet } from '../../components/Sheet';
import type { OutboxItem } from '../../offline/outboxStore';
import type { ManifestNode } from './handover.graphql';
import type { ClosedAct } from './useHandover';
import { CarrierName, useCarrierName } from '../../components/carrierName';

/**
 * One open act: scan parcels onto it (those waiting to sync shown apart), remove one, and close it
 * once the driver has signed (asked first).
 */
export function ManifestCard(props: {
  manifest: ManifestNode;
  pending: OutboxItem[];
  notice: ScanNotice | undefined;
  onScan: (code: string) => Promise<ScanVerdict>;
  onRemove: (parcelCode: string) => void;
  onClose: () => void;
}) {
  const { t, tn, number } = useI18n();
  const [confirming, setConfirming] = createSignal(false);
  const carrierName = useCarrierName();
  return (
    <article class="card manifest" data-testid="manifest" data-manifest-id={props.manifest.id} data-carrier={props.manifest.carrier.code}>
      <div class="parcel__head">
        <h2 class="card__title">{t('handover.actNumber', { number: props.manifest.number })}</h2>
        <span class="badge tone-ready">
          <CarrierName carrier={props.manifest.carrier} />
        </span>
      </div>
      <ScanInput label={t('handover.scanLabel')} placeholder={t('handover.scanPlaceholder')} captureKeys onScan={props.onScan} data-testid="handover-scan" />
      <ScanMessage notice={props.notice} />
      <p class="manifest__count" data-testid="manifest-count">
        {tn('handover.parcels', props.manifest.parcels.length)}
      </p>
      <ul class="manifest__parcels" data-testid="manifest-parcels">
        <For each={props.manifest.parcels}>
          {(parcel) => (
            <li class="manifest__parcel" data-testid="manifest-parcel" data-code={parcel.code}>
              <span class="mono manifest__code">{parcel.code}</span>
              <span class="muted small">{parcel.order ? `#${parcel.order.number}` : ''}</span>
              <button type="button" class="button button--small button--danger-outline" data-testid="manifest-remove" onClick={() => props.onRemove(parcel.code)}>
                {t('handover.remove')}
              </button>
            </li>
          )}
        </For>
        <For each={props.pending}>
          {(item) => (
            <li class="manifest__parcel manifest__parcel--pending" data-testid="manifest-parcel-pending">
              <span class="mono manifest__code">{String(item.variables.parcelCode)}</span>
              <span class="muted small">⇅ {t('handover.waitingToSync')}</span>
            </li>
          )}
        </For>
      </ul>
      <button
        type="button"
        class="button button--primary button--wide button--tall"
        data-testid="manifest-close"
        disabled={props.manifest.parcels.length === 0}
        onClick={() => setConfirming(true)}
      >
        {t('handover.close')}
      </button>
      <A href="/handover" class="button button--wide manifest__back">
        {t('handover.allActs')}
      </A>
      <Show when={confirming()}>
        <Sheet title={t('handover.close')} closeLabel={t('action.close')} onClose={() => setConfirming(false)} data-testid="close-manifest-sheet">
          <div class="form">
            <p class="confirm__text">
              {t('handover.confirmText', { number: props.manifest.number, carrier: carrierName(props.manifest.carrier), count: number(props.manifest.parcels.length) })}
            </p>
            <button
              type="button"
              class="button button--primary button--wide button--tall"
              data-testid="manifest-close-confirm"
              onClick={() => {
                setConfirming(false);
                props.onClose();
              }}
            >
              ✍ {t('handover.driverSigned')}
            </button>
            <button type="button" class="button button--wide" onClick={() => setConfirming(false)}>
              {t('action.back')}
            </button>
          </div>
        </Sheet>
      </Show>
    </article>
  );
}

/** The act just closed: its PDF (opened at once) and the way on to shipping its orders. */
export function ClosedActPanel(props: { closed: ClosedAct }) {
  const { t } = useI18n();
  const viewer = useViewer();
  return (
    <div data-testid="handover-closed">
      <DocumentPanel title={t('handover.actReady', { number: props.closed.number })} document={props.closed.act} autoOpen data-testid="act-document" />
      <Show when={viewer.can('shipping')}>
        <ul class="floor-links">
          <For each={props.closed.orders}>
            {(order) => (
              <li class="floor-links__item">
                <span class="floor-links__order">#{order.number}</span>
                <A href={`/ship/${encodeURIComponent(order.id)}`} class="button button--primary button--small" data-testid="handover-to-ship">
                  {t('floor.ship')}
                </A>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}
